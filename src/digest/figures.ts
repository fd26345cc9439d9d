/**
 * The daily SLA digest's figures, read from the store as at an injected instant `now`.
 *
 * Owns the definitions (each one checked by tests/digest against its own SQL):
 *   - the digest's day: the local date of `now` in the business calendar;
 *   - the period ("yesterday"): from local midnight of the previous WORKING day to local
 *     midnight of the digest's day, so that a Monday digest covers Friday and the weekend and
 *     the first digest after a holiday block covers the whole block;
 *   - open cases: cases with a running clock (solved cases wait for #tutup but run no clock),
 *     counted by the running clock's step and owner;
 *   - remaining / overdue: working minutes between now and the clock's due time;
 *   - breached: every running clock past due now, and every clock that stopped late in the
 *     period; worst first (most working minutes late);
 *   - due soon: running clocks, not yet past due, that fall due within the next two working
 *     hours (120 working minutes from now);
 *   - waiting on reporters: cases in awaiting_reporter, aged from their step-1c clock's start;
 *     at LKPP: cases escalated and not yet solved (at_lkpp, lkpp_requested, lkpp_checking,
 *     lkpp_handling), aged from the start of their latest step-5 clock;
 *   - the period's activity: cases opened, solved by the LPSE (step 3 reached), solved by LKPP
 *     (step 10 reached), escalated (step 4 reached), closed (by outcome);
 *   - compliance over the 30 days before the digest's day (to `now`): per SOP step, the clocks
 *     decided in the window — stopped in it, or still running and already past a due time
 *     in it — met = stopped on or before the due time; median working minutes taken over the
 *     stopped ones. Pooled by whose time it is: the LPSE's own steps that it can miss (every
 *     LPSE step but the instant ones: 2, 4, 7), the reporter's (1c), LKPP's (5, 8, 9), and the
 *     instant steps apart (INSTANT_STEPS: done by the system the moment a mail arrives, met by
 *     construction), so that no pooled figure hides one party's time behind another's;
 *   - the calendar: the years of the compliance window and the digest's day that have no
 *     holiday file, and from 1 November the coming year when it has none (calendar-coverage).
 * All lists are complete and sorted; summarising for the reader is renderDigest's job.
 *
 * Public surface:
 *   buildDigest(db, now, calendar, sop, covered?): DigestFigures   covered: the years the holiday
 *                                   files cover (coveredYears); default: the calendar's own dates
 *   INSTANT_STEPS, stepKind(sop, step): StepKind
 *   localMidnight(calendar, date): Date, isWorkingDay(calendar, date): boolean,
 *   previousWorkingDay(calendar, date): string, addDays(date, n): string
 *   types DigestFigures, ClockLine, AgeLine, StepCount, Compliance, CompliancePool, StepKind
 */

import { sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import {
  STEP_IDS,
  comingYearMissing,
  coveredYears,
  uncoveredYearsBetween,
  workingDayMinutes,
  type Calendar,
  type CaseState,
  type Owner,
  type Sop,
  type StepId,
} from '../workflow';

export interface ClockLine {
  ref: string;
  state: CaseState;
  step: StepId;
  owner: Owner;
  reporter: string;
  committeeName: string | null;
  assignee: string | null;
  startedAt: Date;
  dueAt: Date;
  /** null while the clock runs. */
  stoppedAt: Date | null;
  /** Working minutes from now (or the stop) to the due time; negative when overdue. */
  remainingMinutes: number;
  /** Working minutes past due (0 when not overdue). */
  overdueMinutes: number;
}

export interface AgeLine {
  ref: string;
  state: CaseState;
  reporter: string;
  committeeName: string | null;
  since: Date;
  /** Whole calendar days since `since`. */
  ageDays: number;
  ageWorkingMinutes: number;
  /** The running clock's due time and whether it is past. */
  dueAt: Date;
  overdue: boolean;
}

export interface StepCount {
  step: StepId;
  owner: Owner;
  count: number;
  overdue: number;
}

/** Whose time a step's clock measures, for pooling: its owner's, or nobody's (instant). */
export type StepKind = Owner | 'instant';

/**
 * The steps the system does in the moment a mail arrives or a command is read (decide() starts
 * and stops their clocks at once): the check and the request of step 1, the solved notices of
 * steps 3, 10 and 11, and LKPP's request (6, recorded when it arrives). Always met, "< 1 menit":
 * they say that the step happened, not how fast anyone was.
 */
export const INSTANT_STEPS: readonly StepId[] = Object.freeze(['1a', '1b', '3', '6', '10', '11'] as StepId[]);

export function stepKind(sop: Sop, step: StepId): StepKind {
  return INSTANT_STEPS.includes(step) ? 'instant' : (sop.find((s) => s.step === step)?.owner ?? 'lpse');
}

export interface CompliancePool {
  /** The SOP steps of this kind, in SOP order (whether or not any was decided). */
  steps: StepId[];
  total: number;
  met: number;
  /** 0..100, rounded down; null when total is 0. */
  percent: number | null;
}

export interface Compliance {
  step: StepId;
  owner: Owner;
  kind: StepKind;
  total: number;
  met: number;
  /** 0..100, rounded down; null when total is 0. */
  percent: number | null;
  /** Median working minutes taken by the stopped clocks; null when none stopped. */
  medianMinutes: number | null;
}

export interface DigestFigures {
  /** The digest's day, local 'YYYY-MM-DD'. */
  date: string;
  now: Date;
  timezone: string;
  workingDay: boolean;
  period: { from: Date; to: Date; firstDay: string; lastDay: string };
  open: { total: number; byOwner: Record<Owner, number>; byStep: StepCount[]; clocks: ClockLine[] };
  breached: { total: number; running: number; stopped: number; byOwner: Record<Owner, number>; clocks: ClockLine[] };
  dueSoon: { until: Date; clocks: ClockLine[] };
  waitingReporter: AgeLine[];
  atLkpp: AgeLine[];
  activity: { opened: number; solved: number; solvedByLkpp: number; escalated: number; closed: number; closedNoResponse: number };
  compliance: { from: Date; to: Date; days: number; steps: Compliance[]; byKind: Record<StepKind, CompliancePool> };
  /** The working minutes of a usual working day, for telling spans in working days. */
  workingDayMinutes: number;
  /** Years without a holiday file: among the days the digest covers, and the coming year from 1 November. */
  calendar: { missingYears: number[]; comingYear: number | null };
}

const DAY_MS = 86_400_000;
const DUE_SOON_MINUTES = 120;
const COMPLIANCE_DAYS = 30;
const AT_LKPP: readonly CaseState[] = ['at_lkpp', 'lkpp_requested', 'lkpp_checking', 'lkpp_handling'];

// ---- calendar dates -----------------------------------------------------------------------

/** 'YYYY-MM-DD' plus n days. */
export function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError(`not a date: ${date}`);
  return new Date(t + n * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of a local date in the calendar's time zone (DST-safe: searched, not assumed). */
export function localMidnight(calendar: Calendar, date: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(guess)) throw new RangeError(`not a date: ${date}`);
  // Every zone is within ±15 h of UTC: the local day starts in [guess - 15 h, guess + 15 h].
  let lo = guess - 15 * 3_600_000;
  let hi = guess + 15 * 3_600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (calendar.localDate(new Date(mid)) >= date) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

export function isWorkingDay(calendar: Calendar, date: string): boolean {
  return calendar.localDate(calendar.nextOpening(localMidnight(calendar, date))) === date;
}

export function previousWorkingDay(calendar: Calendar, date: string): string {
  for (let i = 1; i <= 366; i++) {
    const d = addDays(date, -i);
    if (isWorkingDay(calendar, d)) return d;
  }
  throw new Error(`no working day in the year before ${date}`);
}

// ---- the figures --------------------------------------------------------------------------

interface ClockRow {
  ref: string;
  state: string;
  reporter: string;
  committeeName: string | null;
  assignee: string | null;
  step: string;
  owner: string;
  startedAt: number;
  dueAt: number;
  stoppedAt: number | null;
}

const CLOCK_COLUMNS = sql`c.ref as ref, c.state as state, c.reporter as reporter, c.committee_name as committeeName,
  c.assignee as assignee, k.step as step, k.owner as owner, k.started_at as startedAt, k.due_at as dueAt, k.stopped_at as stoppedAt`;

function clockLine(r: ClockRow, now: Date, calendar: Calendar): ClockLine {
  const dueAt = new Date(r.dueAt);
  const end = r.stoppedAt === null ? now : new Date(r.stoppedAt);
  const late = end.getTime() > dueAt.getTime();
  const overdueMinutes = late ? calendar.workingMinutesBetween(dueAt, end) : 0;
  return {
    ref: r.ref,
    state: r.state as CaseState,
    step: r.step as StepId,
    owner: r.owner as Owner,
    reporter: r.reporter,
    committeeName: r.committeeName,
    assignee: r.assignee,
    startedAt: new Date(r.startedAt),
    dueAt,
    stoppedAt: r.stoppedAt === null ? null : end,
    remainingMinutes: late ? 0 - overdueMinutes : calendar.workingMinutesBetween(end, dueAt),
    overdueMinutes,
  };
}

/** Most urgent first: the most overdue, then the least time left; ties by due time and ref. */
function byUrgency(a: ClockLine, b: ClockLine): number {
  return a.remainingMinutes - b.remainingMinutes || a.dueAt.getTime() - b.dueAt.getTime() || a.ref.localeCompare(b.ref);
}

const stepOrder = (s: string) => (STEP_IDS as readonly string[]).indexOf(s);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? (v[mid] ?? 0) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}

const owners = (): Record<Owner, number> => ({ lpse: 0, reporter: 0, lkpp: 0 });

export function buildDigest(db: Db, now: Date, calendar: Calendar, sop: Sop, covered: ReadonlySet<number> = coveredYears(calendar.config.holidays)): DigestFigures {
  const date = calendar.localDate(now);
  const firstDay = previousWorkingDay(calendar, date);
  const period = { from: localMidnight(calendar, firstDay), to: localMidnight(calendar, date), firstDay, lastDay: addDays(date, -1) };
  const t = now.getTime();
  const ownerOf = (step: string): Owner => sop.find((s) => s.step === step)?.owner ?? 'lpse';

  // Open cases: one running clock each, as they stood at `now` (a digest for a past date counts
  // neither cases opened since nor clocks that were still running then as stopped).
  const running = db
    .all<ClockRow>(
      // Two arms, so that each reads the clocks_running_idx (stopped_at) index, never all clocks.
      sql`select ${CLOCK_COLUMNS} from clocks k join cases c on c.id = k.case_id where k.stopped_at is null and k.started_at <= ${t}
          union all
          select ${CLOCK_COLUMNS} from clocks k join cases c on c.id = k.case_id where k.stopped_at > ${t} and k.started_at <= ${t}`,
    )
    .map((r) => clockLine({ ...r, stoppedAt: null }, now, calendar))
    .sort(byUrgency);
  const byStep = new Map<StepId, StepCount>();
  const openByOwner = owners();
  for (const k of running) {
    const s = byStep.get(k.step) ?? { step: k.step, owner: ownerOf(k.step), count: 0, overdue: 0 };
    s.count++;
    if (k.dueAt.getTime() < t) s.overdue++;
    byStep.set(k.step, s);
    openByOwner[k.owner]++;
  }

  // Breaches: running past due now, and stopped late in the period.
  const stoppedLate = db
    .all<ClockRow>(
      sql`select ${CLOCK_COLUMNS} from clocks k join cases c on c.id = k.case_id
          where k.stopped_at >= ${period.from.getTime()} and k.stopped_at < ${period.to.getTime()} and k.stopped_at > k.due_at`,
    )
    .map((r) => clockLine(r, now, calendar));
  const runningLate = running.filter((k) => k.dueAt.getTime() < t);
  const breachedClocks = [...runningLate, ...stoppedLate].sort(
    (a, b) => b.overdueMinutes - a.overdueMinutes || a.dueAt.getTime() - b.dueAt.getTime() || a.ref.localeCompare(b.ref),
  );
  const breachedByOwner = owners();
  for (const k of breachedClocks) breachedByOwner[k.owner]++;

  const until = calendar.addWorkingMinutes(now, DUE_SOON_MINUTES);
  const dueSoon = running
    .filter((k) => k.dueAt.getTime() >= t && k.dueAt.getTime() <= until.getTime())
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.ref.localeCompare(b.ref));

  const ageLine = (k: ClockLine, since: Date): AgeLine => ({
    ref: k.ref,
    state: k.state,
    reporter: k.reporter,
    committeeName: k.committeeName,
    since,
    ageDays: Math.max(0, Math.floor((t - since.getTime()) / DAY_MS)),
    ageWorkingMinutes: Math.max(0, calendar.workingMinutesBetween(since, now)),
    dueAt: k.dueAt,
    overdue: k.dueAt.getTime() < t,
  });
  const oldestFirst = (a: AgeLine, b: AgeLine) => a.since.getTime() - b.since.getTime() || a.ref.localeCompare(b.ref);
  const waitingReporter = running
    .filter((k) => k.state === 'awaiting_reporter')
    .map((k) => ageLine(k, k.startedAt))
    .sort(oldestFirst);
  const escalatedAt = new Map(
    db
      .all<{ ref: string; at: number }>(
        sql`select c.ref as ref, max(k.started_at) as at from clocks k join cases c on c.id = k.case_id where k.step = '5' group by c.ref`,
      )
      .map((r) => [r.ref, r.at]),
  );
  const atLkpp = running
    .filter((k) => AT_LKPP.includes(k.state))
    .map((k) => ageLine(k, new Date(escalatedAt.get(k.ref) ?? k.startedAt.getTime())))
    .sort(oldestFirst);

  const [from, to] = [period.from.getTime(), period.to.getTime()];
  const countCases = (q: ReturnType<typeof sql>) => db.get<{ n: number }>(q)?.n ?? 0;
  const reached = (step: StepId) =>
    countCases(sql`select count(distinct case_id) as n from clocks where step = ${step} and started_at >= ${from} and started_at < ${to}`);
  const activity = {
    opened: countCases(sql`select count(*) as n from cases where opened_at >= ${from} and opened_at < ${to}`),
    solved: reached('3'),
    solvedByLkpp: reached('10'),
    escalated: reached('4'),
    closed: countCases(sql`select count(*) as n from cases where state = 'closed' and closed_at >= ${from} and closed_at < ${to}`),
    closedNoResponse: countCases(
      sql`select count(*) as n from cases where state = 'closed' and outcome = 'no_response' and closed_at >= ${from} and closed_at < ${to}`,
    ),
  };

  // Compliance: clocks decided in the 30 days before the digest's day, up to now.
  const cFrom = localMidnight(calendar, addDays(date, -COMPLIANCE_DAYS));
  const decided = db.all<{ step: string; owner: string; startedAt: number; dueAt: number; stoppedAt: number | null }>(
    sql`select step, owner, started_at as startedAt, due_at as dueAt, stopped_at as stoppedAt from clocks
        where (stopped_at >= ${cFrom.getTime()} and stopped_at < ${t})
           or (stopped_at is null and due_at >= ${cFrom.getTime()} and due_at < ${t})`,
  );
  const perStep = new Map<string, { owner: Owner; total: number; met: number; taken: number[] }>();
  for (const k of decided) {
    const s = perStep.get(k.step) ?? { owner: k.owner as Owner, total: 0, met: 0, taken: [] };
    s.total++;
    if (k.stoppedAt !== null) {
      if (k.stoppedAt <= k.dueAt) s.met++;
      s.taken.push(calendar.workingMinutesBetween(new Date(k.startedAt), new Date(k.stoppedAt)));
    }
    perStep.set(k.step, s);
  }
  const steps: Compliance[] = [...perStep.entries()]
    .sort(([a], [b]) => stepOrder(a) - stepOrder(b))
    .map(([step, s]) => ({
      step: step as StepId,
      owner: s.owner,
      kind: stepKind(sop, step as StepId),
      total: s.total,
      met: s.met,
      percent: s.total === 0 ? null : Math.floor((s.met * 100) / s.total),
      medianMinutes: median(s.taken),
    }));
  const pool = (kind: StepKind): CompliancePool => {
    const of = steps.filter((s) => s.kind === kind);
    const total = of.reduce((n, s) => n + s.total, 0);
    const met = of.reduce((n, s) => n + s.met, 0);
    return { steps: sop.map((s) => s.step).filter((id) => stepKind(sop, id) === kind), total, met, percent: total === 0 ? null : Math.floor((met * 100) / total) };
  };
  const cFromDate = addDays(date, -COMPLIANCE_DAYS);

  return {
    date,
    now,
    timezone: calendar.config.timezone,
    workingDay: isWorkingDay(calendar, date),
    period,
    open: {
      total: running.length,
      byOwner: openByOwner,
      byStep: [...byStep.values()].sort((a, b) => stepOrder(a.step) - stepOrder(b.step)),
      clocks: running,
    },
    breached: { total: breachedClocks.length, running: runningLate.length, stopped: stoppedLate.length, byOwner: breachedByOwner, clocks: breachedClocks },
    dueSoon: { until, clocks: dueSoon },
    waitingReporter,
    atLkpp,
    activity,
    compliance: {
      from: cFrom,
      to: now,
      days: COMPLIANCE_DAYS,
      steps,
      byKind: { lpse: pool('lpse'), reporter: pool('reporter'), lkpp: pool('lkpp'), instant: pool('instant') },
    },
    workingDayMinutes: workingDayMinutes(calendar.config),
    calendar: { missingYears: uncoveredYearsBetween(covered, cFromDate, date), comingYear: comingYearMissing(covered, date) },
  };
}
