/**
 * The business calendar: when the helpdesk is open, and how SOP time standards ("30 Menit",
 * "1 Hari") are counted in working time.
 *
 * Owns: the calendar config shape and its defaults (Perpres 21/2023 office hours: Mon–Thu
 * 07:30–16:00, Fri 07:30–16:30, weekends closed, Asia/Jakarta), the validation of that config,
 * and all working-time arithmetic. Pure: no I/O, no clock of its own; every instant is an
 * argument. Wall clocks come from zone-clock.ts, so any IANA zone works, DST included.
 *
 * Public surface:
 *   createCalendar(config?: CalendarConfigInput): Calendar   throws RangeError listing every issue
 *   calendarConfigIssues(config: CalendarConfig): string[]   `path: message` per issue, [] if valid
 *   workingDayMinutes(config: CalendarConfig): number       the length of a usual working day
 *   defaultCalendarConfig: CalendarConfig
 *   Calendar: isWorkingTime, nextOpening, addWorkingMinutes, addWorkingDays,
 *             workingMinutesBetween, localDate
 *
 * Conventions: a day's working interval is half-open, [start, end): at 16:00 on a Monday the
 * office is closed. A local time skipped by a DST jump is read as the instant the clocks jump
 * to (02:30 on a spring-forward night is 03:30); a repeated local time is its first occurrence.
 */

import { isKnownZone, wallMs } from './zone-clock';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Opening hours of one weekday, local wall-clock 'HH:MM' (end may be '24:00'). */
export interface OpeningHours {
  start: string;
  end: string;
}

export interface CalendarConfig {
  /** IANA time zone, e.g. 'Asia/Jakarta' (WIB, UTC+7). */
  timezone: string;
  /** null: closed all day. */
  workingHours: Record<Weekday, OpeningHours | null>;
  /** Local dates 'YYYY-MM-DD' on which the office is closed. */
  holidays: string[];
}

/** What config may give: anything left out falls back to `defaultCalendarConfig`, per weekday. */
export interface CalendarConfigInput {
  timezone?: string;
  workingHours?: Partial<Record<Weekday, OpeningHours | null>>;
  holidays?: string[];
}

export interface Calendar {
  readonly config: CalendarConfig;
  /** True when t falls inside a working interval. */
  isWorkingTime(t: Date): boolean;
  /** The first working instant at or after t: t itself when the office is open. */
  nextOpening(t: Date): Date;
  /** t plus n working minutes (n >= 0). A start outside working hours begins at the next opening. */
  addWorkingMinutes(t: Date, n: number): Date;
  /**
   * t plus n working days (integer n >= 0): the same local clock time n working days later,
   * counted from nextOpening(t), clamped into that day's opening hours
   * (Friday 16:20 + 1 day = Monday 16:00, since Monday closes at 16:00).
   */
  addWorkingDays(t: Date, n: number): Date;
  /** Working minutes (fractional) between a and b; negative when b is before a. */
  workingMinutesBetween(a: Date, b: Date): number;
  /** The local calendar date of t, 'YYYY-MM-DD'. */
  localDate(t: Date): string;
}

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far nextOpening looks ahead before deciding the calendar has no working time (a bug). */
const MAX_SCAN_DAYS = 3_660;

export const defaultCalendarConfig: CalendarConfig = deepFreeze({
  timezone: 'Asia/Jakarta',
  workingHours: {
    mon: { start: '07:30', end: '16:00' },
    tue: { start: '07:30', end: '16:00' },
    wed: { start: '07:30', end: '16:00' },
    thu: { start: '07:30', end: '16:00' },
    fri: { start: '07:30', end: '16:30' },
    sat: null,
    sun: null,
  },
  holidays: [],
});

/** Every problem with a calendar config, as `path: message`; empty when it is valid. */
export function calendarConfigIssues(config: CalendarConfig): string[] {
  const issues: string[] = [];
  if (typeof config.timezone !== 'string' || config.timezone === '') {
    issues.push('timezone: must be an IANA time zone name, e.g. Asia/Jakarta');
  } else {
    if (!isKnownZone(config.timezone)) issues.push(`timezone: unknown time zone '${config.timezone}'`);
  }
  const hours: Record<string, unknown> = config.workingHours ?? {};
  for (const key of Object.keys(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      issues.push(`workingHours.${key}: not a weekday (use ${WEEKDAYS.join(', ')})`);
    }
  }
  let open = 0;
  for (const day of WEEKDAYS) {
    const h = hours[day];
    if (h === null || h === undefined) continue;
    const { start, end } = h as Partial<OpeningHours>;
    const s = parseClock(start, false);
    const e = parseClock(end, true);
    if (s === null) issues.push(`workingHours.${day}.start: expected 'HH:MM', got ${JSON.stringify(start)}`);
    if (e === null) issues.push(`workingHours.${day}.end: expected 'HH:MM', got ${JSON.stringify(end)}`);
    if (s !== null && e !== null) {
      if (s >= e) issues.push(`workingHours.${day}: start ${String(start)} is not before end ${String(end)}`);
      else open++;
    }
  }
  if (open === 0 && issues.length === 0) issues.push('workingHours: no weekday has working hours');
  if (!Array.isArray(config.holidays)) {
    issues.push('holidays: must be a list of YYYY-MM-DD dates');
  } else {
    config.holidays.forEach((d, i) => {
      if (parseDate(d) === null) issues.push(`holidays[${i}]: expected a date 'YYYY-MM-DD', got ${JSON.stringify(d)}`);
    });
  }
  return issues;
}

/**
 * The working minutes of a usual working day: the length most weekdays have (ties: the
 * shorter), 510 (8 h 30) for the default Mon–Thu 07:30–16:00. For telling a span as a person
 * counts it ('3 hari kerja 2 jam'); arithmetic on due times uses the real day of each date.
 */
export function workingDayMinutes(config: CalendarConfig): number {
  const count = new Map<number, number>();
  for (const day of WEEKDAYS) {
    const h = config.workingHours[day];
    const start = h ? parseClock(h.start, false) : null;
    const end = h ? parseClock(h.end, true) : null;
    if (start !== null && end !== null && end > start) count.set(end - start, (count.get(end - start) ?? 0) + 1);
  }
  const [best] = [...count.entries()].sort(([a, n], [b, m]) => m - n || a - b);
  if (best === undefined) throw new Error('workingDayMinutes: the calendar has no working day (bug: its config was validated)');
  return best[0];
}

/** Builds a calendar; throws a RangeError naming every config issue. */
export function createCalendar(input: CalendarConfigInput = {}): Calendar {
  const workingHours = { ...defaultCalendarConfig.workingHours };
  for (const [day, h] of Object.entries(input.workingHours ?? {})) {
    if (h !== undefined) (workingHours as Record<string, OpeningHours | null>)[day] = h && { start: h.start, end: h.end };
  }
  const config: CalendarConfig = deepFreeze({
    timezone: input.timezone ?? defaultCalendarConfig.timezone,
    workingHours,
    holidays: [...(input.holidays ?? defaultCalendarConfig.holidays)],
  });
  const issues = calendarConfigIssues(config);
  if (issues.length > 0) throw new RangeError(`invalid calendar config:\n  ${issues.join('\n  ')}`);
  return new ZonedCalendar(config);
}

/** A working interval in UTC milliseconds, [open, close). */
interface Interval {
  open: number;
  close: number;
}

/**
 * Days are numbered as local dates: day n is the local date whose midnight, read as if it were
 * UTC, is n * DAY_MS. Wall-clock times are handled the same way ("wall ms").
 */
class ZonedCalendar implements Calendar {
  private readonly hours: ReadonlyMap<Weekday, { start: number; end: number }>;
  private readonly holidays: ReadonlySet<number>;
  private readonly intervals = new Map<number, Interval | null>();

  constructor(readonly config: CalendarConfig) {
    const hours = new Map<Weekday, { start: number; end: number }>();
    for (const day of WEEKDAYS) {
      const h = config.workingHours[day];
      const start = h ? parseClock(h.start, false) : null;
      const end = h ? parseClock(h.end, true) : null;
      if (start !== null && end !== null) hours.set(day, { start, end });
    }
    this.hours = hours;
    this.holidays = new Set(config.holidays.map((d) => parseDate(d) ?? Number.NaN));
  }

  isWorkingTime(t: Date): boolean {
    const ms = t.getTime();
    const iv = this.interval(this.localDay(ms));
    return iv !== null && ms >= iv.open && ms < iv.close;
  }

  nextOpening(t: Date): Date {
    return new Date(this.nextOpeningMs(t.getTime()));
  }

  addWorkingMinutes(t: Date, n: number): Date {
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`addWorkingMinutes: n must be >= 0, got ${n}`);
    let cur = this.nextOpeningMs(t.getTime());
    let left = n * MINUTE_MS;
    for (;;) {
      const iv = this.intervalContaining(cur);
      const available = iv.close - cur;
      if (left <= available) return new Date(cur + left);
      left -= available;
      cur = this.nextOpeningMs(iv.close);
    }
  }

  addWorkingDays(t: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be an integer >= 0, got ${n}`);
    const start = this.nextOpeningMs(t.getTime());
    if (n === 0) return new Date(start);
    let day = this.localDay(start);
    const clock = this.wall(start) - day * DAY_MS;
    for (let i = 0; i < n; i++) day = this.nextWorkingDay(day);
    const iv = this.interval(day);
    if (iv === null) throw new Error('addWorkingDays: landed on a closed day (bug)');
    const target = this.toInstant(day * DAY_MS + clock);
    return new Date(Math.min(Math.max(target, iv.open), iv.close));
  }

  workingMinutesBetween(a: Date, b: Date): number {
    const from = a.getTime();
    const to = b.getTime();
    if (to < from) return -this.workingMinutesBetween(b, a);
    let total = 0;
    const last = this.localDay(to);
    // The day before: an interval ending at '24:00' belongs to it but reaches into `from`'s day.
    for (let day = this.localDay(from) - 1; day <= last; day++) {
      const iv = this.interval(day);
      if (iv !== null) total += Math.max(0, Math.min(to, iv.close) - Math.max(from, iv.open));
    }
    return total / MINUTE_MS;
  }

  localDate(t: Date): string {
    return new Date(this.localDay(t.getTime()) * DAY_MS).toISOString().slice(0, 10);
  }

  // --- internals ---------------------------------------------------------------------------

  private nextOpeningMs(ms: number): number {
    const today = this.localDay(ms);
    for (let day = today - 1; day <= today + MAX_SCAN_DAYS; day++) {
      const iv = this.interval(day);
      if (iv !== null && ms < iv.close) return Math.max(ms, iv.open);
    }
    throw new Error(`calendar has no working time within ${MAX_SCAN_DAYS} days of ${new Date(ms).toISOString()}`);
  }

  /** The working interval that contains ms (ms must be working time). */
  private intervalContaining(ms: number): Interval {
    const today = this.localDay(ms);
    for (const day of [today, today - 1]) {
      const iv = this.interval(day);
      if (iv !== null && ms >= iv.open && ms < iv.close) return iv;
    }
    throw new Error(`not working time: ${new Date(ms).toISOString()} (bug)`);
  }

  private nextWorkingDay(day: number): number {
    for (let d = day + 1; d <= day + MAX_SCAN_DAYS; d++) if (this.interval(d) !== null) return d;
    throw new Error(`calendar has no working day within ${MAX_SCAN_DAYS} days (bug)`);
  }

  private interval(day: number): Interval | null {
    const cached = this.intervals.get(day);
    if (cached !== undefined) return cached;
    let iv: Interval | null = null;
    const weekday = WEEKDAYS[(((day + 4) % 7) + 7) % 7] ?? 'sun'; // day 0 (1970-01-01) was a Thursday
    const h = this.hours.get(weekday);
    if (h !== undefined && !this.holidays.has(day)) {
      const open = this.toInstant(day * DAY_MS + h.start * MINUTE_MS);
      const close = this.toInstant(day * DAY_MS + h.end * MINUTE_MS);
      if (close > open) iv = { open, close };
    }
    if (this.intervals.size > 10_000) this.intervals.clear();
    this.intervals.set(day, iv);
    return iv;
  }

  private localDay(ms: number): number {
    return Math.floor(this.wall(ms) / DAY_MS);
  }

  /** The local wall-clock time of instant ms, as wall ms. */
  private wall(ms: number): number {
    return wallMs(ms, this.config.timezone);
  }

  private offset(ms: number): number {
    return this.wall(ms) - ms;
  }

  /** The instant at which the local wall clock shows localMs (see the DST convention above). */
  private toInstant(localMs: number): number {
    const before = this.offset(localMs - DAY_MS);
    const after = this.offset(localMs + DAY_MS);
    const candidates = [localMs - before, localMs - after];
    const valid = candidates.filter((t) => this.wall(t) === localMs);
    if (valid.length > 0) return Math.min(...valid);
    return Math.max(...candidates); // skipped by a spring-forward jump: the instant the clocks jump to
  }
}

/** Minutes since local midnight of 'HH:MM', or null; '24:00' only when allowed (an end). */
function parseClock(s: unknown, allow24: boolean): number | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0 && allow24) return 24 * 60;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** Day number of a 'YYYY-MM-DD' date, or null when it is not a real date. */
function parseDate(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== s) return null;
  return ms / DAY_MS;
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
