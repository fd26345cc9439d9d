/**
 * The holiday calendar's coverage, for the places that tell a person: the daemon's start, the
 * `digest` and `tick` commands. The rule itself (which years a day needs) is the workflow's
 * (src/workflow/calendar-coverage.ts); this names the folder as the operator's config resolves it.
 *
 * Public surface:
 *   holidaysDirOf(cfg): string                         calendar.holidaysDir, resolved against the config file
 *   calendarWarningsFor(cfg, calendar, now): string[]  one line per year missing on the local day of `now`
 */

import path from 'node:path';
import type { Config } from '../config/load';
import { calendarWarnings, coveredYears, type Calendar } from '../workflow';

export function holidaysDirOf(cfg: Config): string {
  return path.resolve(path.dirname(cfg.source), cfg.calendar.holidaysDir);
}

export function calendarWarningsFor(cfg: Config, calendar: Calendar, now: Date): string[] {
  return calendarWarnings(coveredYears(cfg.holidays, cfg.calendar.extraHolidays), calendar.localDate(now), holidaysDirOf(cfg));
}
