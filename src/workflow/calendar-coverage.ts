/**
 * Which years the holiday calendar knows, and which it must know by a given day: a year with no
 * holiday file counts every national holiday and cuti bersama as a working day (false breaches,
 * alerts on holidays, wrong digests), so a missing year is said aloud before it starts.
 *
 * Owns the rule: a day needs its own year's calendar; from 1 November it needs the coming year's
 * too (the SKB 3 Menteri for the next year is usually signed in September–November, and staff
 * need the file before 1 January). Pure: dates are local 'YYYY-MM-DD' strings, no clock.
 *
 * Public surface:
 *   coveredYears(holidays, extraHolidays?): Set<number>   years some holiday file lists a date in
 *   missingCalendarYears(covered, date): number[]        years `date` needs and the calendar lacks
 *   uncoveredYearsBetween(covered, from, to): number[]   years of days from..to the calendar lacks
 *   comingYearMissing(covered, date): number | null      the coming year, when it is due and lacking
 *   calendarWarnings(covered, date, holidaysDir): string[]   one line per missing year, for logs/CLI
 */

/** The month (1-12) from which the coming year's calendar is needed. */
const COMING_YEAR_FROM_MONTH = 11;

const yearOf = (date: string): number => Number(date.slice(0, 4));

/**
 * The years the holiday files cover. `extraHolidays` (single dates added in config) are left
 * out: one local holiday in a year does not make that year's national calendar known.
 */
export function coveredYears(holidays: readonly string[], extraHolidays: readonly string[] = []): Set<number> {
  const extra = new Set(extraHolidays);
  return new Set(holidays.filter((d) => !extra.has(d)).map(yearOf));
}

/** The years a day needs: its own, and from 1 November the coming one. */
function yearsNeeded(date: string): number[] {
  const year = yearOf(date);
  const month = Number(date.slice(5, 7));
  return month >= COMING_YEAR_FROM_MONTH ? [year, year + 1] : [year];
}

export function missingCalendarYears(covered: ReadonlySet<number>, date: string): number[] {
  return yearsNeeded(date).filter((y) => !covered.has(y));
}

/** The coming year when `date` is on or after 1 November and that year has no calendar; else null. */
export function comingYearMissing(covered: ReadonlySet<number>, date: string): number | null {
  const coming = yearOf(date) + 1;
  return yearsNeeded(date).includes(coming) && !covered.has(coming) ? coming : null;
}

/** The years of the days from `from` to `to` (inclusive) that have no calendar. */
export function uncoveredYearsBetween(covered: ReadonlySet<number>, from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = yearOf(from); y <= yearOf(to); y++) if (!covered.has(y)) years.push(y);
  return years;
}

/** What the daemon logs at start and `digest`/`tick` print: one line per missing year. */
export function calendarWarnings(covered: ReadonlySet<number>, date: string, holidaysDir: string): string[] {
  const year = yearOf(date);
  return missingCalendarYears(covered, date).map((y) =>
    y === year
      ? `calendar: no holiday file for ${y} in ${holidaysDir}: national holidays and cuti bersama of ${y} are counted as working days now; add ${y}.yaml from the SKB 3 Menteri`
      : `calendar: no holiday file for ${y} in ${holidaysDir}: from 1 January ${y} national holidays and cuti bersama would count as working days; add ${y}.yaml from the SKB 3 Menteri`,
  );
}
