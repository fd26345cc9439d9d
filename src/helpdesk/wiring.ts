// Turns the validated config into the workflow's pure inputs: the SOP's time standards and the
// business calendar; and into what the case archive reads.
import type { ArchiveDeps } from '../archive/archive';
import type { Config } from '../config/load';
import type { Db } from '../store/db';
import { createCalendar, sopWith, type Calendar, type Duration, type Sop, type StepId } from '../workflow';

/** `30m` → 30 working minutes, `2h` → 120, `1d` → one working day (the schema guarantees the shape). */
export function durationOf(text: string): Duration {
  const n = Number(text.slice(0, -1));
  const unit = text.slice(-1);
  return unit === 'd' ? { days: n } : { minutes: unit === 'h' ? n * 60 : n };
}

export function sopFromConfig(cfg: Config): Sop {
  const overrides: Partial<Record<StepId, Duration>> = {};
  for (const [step, text] of Object.entries(cfg.sop.standards)) overrides[step as StepId] = durationOf(text);
  return sopWith(overrides);
}

export function calendarFromConfig(cfg: Config): Calendar {
  return createCalendar({
    timezone: cfg.calendar.timezone,
    workingHours: cfg.calendar.workingHours,
    holidays: [...cfg.holidays],
  });
}

/** The case archive's inputs, with the SOP and calendar the caller already built from `cfg`. */
export function archiveDepsFrom(cfg: Config, db: Db, sop: Sop, calendar: Calendar): ArchiveDeps {
  return {
    db,
    filesDir: cfg.paths.files,
    sop,
    calendar,
    lang: cfg.language,
    helpdesk: { name: cfg.mailbox.name, address: cfg.mailbox.address },
    tagPrefix: cfg.cases.tagPrefix,
    staff: cfg.staff,
  };
}
