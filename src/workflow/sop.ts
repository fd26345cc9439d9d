/**
 * SOP-LPSE.BTG-003 ("Penanganan Permasalahan Karena Error Aplikasi") as data: read this file
 * beside docs/sop.md (the SOP's table, in Indonesian and English, row by row to these tables).
 *
 * Owns three tables and nothing else:
 *   1. STEPS: every SOP step, who does it, and its time standard ("Mutu Baku: Waktu").
 *   2. STATES: every case state, the SOP step it stands for, whose clock runs in it, and which
 *      states may follow. decide() refuses (throws, as a bug) any move the table does not list.
 *   3. COMMANDS: every tag command, who may send it, and in which states it applies. #kasus
 *      (attach) and #kasus-baru (new_case) work on mail that has no case yet; they are listed
 *      so that a case's mail using them is refused with a reason instead of being unknown.
 *
 * Public surface:
 *   type StepId, Owner, Duration, SopStep, Sop, CaseState, StateRow, CommandName, Role, CommandRule
 *   defaultSop: Sop                        the SOP's own standards
 *   sopWith(overrides, base?): Sop         standards from config; throws RangeError on bad values
 *   sopStep(sop, id): SopStep
 *   dueAt(sop, calendar, step, start): Date   when a clock of `step` started at `start` falls due
 *   STATES, stateRow(state), COMMANDS, commandsAllowed(state, role)
 *
 * Reading of the SOP (see its README): "1 Hari" is one working day of the business calendar,
 * minutes are working minutes; step 1's three rows are '1a' (check), '1b' (ask for what is
 * missing) and '1c' (the reporter sends it). Step 6 is LKPP asking: it is recorded as done the
 * moment the request arrives, and the clock then runs on the LPSE for step 7.
 */

import type { Calendar } from './calendar';

export type StepId = '1a' | '1b' | '1c' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '10' | '11';
export type Owner = 'lpse' | 'reporter' | 'lkpp';
/** A time standard: working minutes or working days of the business calendar. */
export type Duration = { readonly minutes: number; readonly days?: never } | { readonly days: number; readonly minutes?: never };

export interface SopStep {
  readonly step: StepId;
  readonly owner: Owner;
  readonly what: string;
  readonly standard: Duration;
}

/** The SOP table, in SOP order. */
export type Sop = readonly SopStep[];

// ---- 1. The steps (SOP table "Mutu Baku: Waktu") ------------------------------------------

export const defaultSop: Sop = freezeSop([
  { step: '1a', owner: 'lpse', what: 'receive the report, study it, check the supporting data', standard: { minutes: 30 } },
  { step: '1b', owner: 'lpse', what: 'ask the reporter for exactly what is missing', standard: { minutes: 30 } },
  { step: '1c', owner: 'reporter', what: 'reporter sends the missing data', standard: { days: 1 } },
  { step: '2', owner: 'lpse', what: 'handle the problem (solve it or escalate)', standard: { minutes: 30 } },
  { step: '3', owner: 'lpse', what: 'tell the reporter it is solved', standard: { minutes: 30 } },
  { step: '4', owner: 'lpse', what: 'prepare the escalation to LKPP', standard: { minutes: 30 } },
  { step: '5', owner: 'lkpp', what: 'LKPP receives the escalation and checks data and server access', standard: { minutes: 15 } },
  { step: '6', owner: 'lkpp', what: 'LKPP asks for missing data or server access', standard: { days: 1 } },
  { step: '7', owner: 'lpse', what: 'send LKPP the data or open server access', standard: { days: 1 } },
  { step: '8', owner: 'lkpp', what: 'LKPP checks what was sent', standard: { days: 1 } },
  { step: '9', owner: 'lkpp', what: 'LKPP handles the problem and reports when solved', standard: { days: 1 } },
  { step: '10', owner: 'lpse', what: "receive LKPP's notice and tell the reporter", standard: { minutes: 5 } },
  { step: '11', owner: 'reporter', what: 'reporter receives the notice that it is solved', standard: { minutes: 5 } },
]);

export const STEP_IDS: readonly StepId[] = defaultSop.map((s) => s.step);

/** The SOP with some standards replaced (from config). Throws a RangeError naming every bad value. */
export function sopWith(overrides: Partial<Record<StepId, Duration>>, base: Sop = defaultSop): Sop {
  const issues: string[] = [];
  for (const [step, d] of Object.entries(overrides)) {
    if (!(STEP_IDS as readonly string[]).includes(step)) issues.push(`${step}: not an SOP step (${STEP_IDS.join(', ')})`);
    else if (d !== undefined) {
      const problem = durationIssue(d);
      if (problem) issues.push(`${step}: ${problem}`);
    }
  }
  if (issues.length > 0) throw new RangeError(`invalid SOP time standards:\n  ${issues.join('\n  ')}`);
  return freezeSop(base.map((s) => {
    const d = overrides[s.step];
    return d === undefined ? s : { ...s, standard: 'days' in d && d.days !== undefined ? { days: d.days } : { minutes: d.minutes ?? 0 } };
  }));
}

export function sopStep(sop: Sop, id: StepId): SopStep {
  const s = sop.find((x) => x.step === id);
  if (!s) throw new Error(`SOP has no step ${id} (bug)`);
  return s;
}

/** When a clock for `step` started at `start` falls due, in the calendar's working time. */
export function dueAt(sop: Sop, calendar: Calendar, step: StepId, start: Date): Date {
  const { standard } = sopStep(sop, step);
  return standard.days !== undefined
    ? calendar.addWorkingDays(start, standard.days)
    : calendar.addWorkingMinutes(start, standard.minutes);
}

// ---- 2. The states ------------------------------------------------------------------------

export type CaseState =
  | 'checking'
  | 'awaiting_reporter'
  | 'in_progress'
  | 'solved'
  | 'escalating'
  | 'at_lkpp'
  | 'lkpp_requested'
  | 'lkpp_checking'
  | 'lkpp_handling'
  | 'lkpp_solved'
  | 'closed';

export interface StateRow {
  readonly state: CaseState;
  /** The SOP step(s) this state stands for. */
  readonly steps: readonly StepId[];
  /** The step whose clock runs while the case is in this state (null: no clock runs). */
  readonly clock: StepId | null;
  /** Who owns that clock. */
  readonly owner: Owner | null;
  readonly next: readonly CaseState[];
  readonly what: string;
}

/*
 * At most one clock runs at a time. Entering a state stops the running clock and starts the
 * state's own; steps the bot does in the same moment (1a, 1b, 3, 6, 10, 11, and 5 when LKPP
 * answers before the escalation was seen sent) get a clock that starts and stops at once, so the
 * archive lists every step. When LKPP reports a solve straight from its check (5 or 8), the
 * check ends when its standard ran out (or at the solve, if sooner) and step 9 runs from there.
 */
export const STATES: readonly StateRow[] = Object.freeze([
  { state: 'checking', steps: ['1a'], clock: '1a', owner: 'lpse', next: ['awaiting_reporter', 'in_progress', 'closed'], what: 'report received, data being checked' },
  { state: 'awaiting_reporter', steps: ['1b', '1c'], clock: '1c', owner: 'reporter', next: ['in_progress', 'closed'], what: 'asked the reporter for missing data; the reporter owes it' },
  { state: 'in_progress', steps: ['2'], clock: '2', owner: 'lpse', next: ['awaiting_reporter', 'solved', 'escalating', 'closed'], what: 'LPSE handles the problem' },
  { state: 'solved', steps: ['3'], clock: null, owner: null, next: ['closed', 'in_progress'], what: 'solved by LPSE, reporter told' },
  { state: 'escalating', steps: ['4'], clock: '4', owner: 'lpse', next: ['at_lkpp', 'solved', 'closed'], what: 'escalation being prepared (draft mode: waits for staff to send it)' },
  { state: 'at_lkpp', steps: ['5'], clock: '5', owner: 'lkpp', next: ['lkpp_requested', 'lkpp_handling', 'lkpp_solved', 'closed'], what: 'escalation sent; LKPP receives and checks it' },
  { state: 'lkpp_requested', steps: ['6', '7'], clock: '7', owner: 'lpse', next: ['lkpp_checking', 'closed'], what: 'LKPP asked for data or access; LPSE owes it' },
  { state: 'lkpp_checking', steps: ['8'], clock: '8', owner: 'lkpp', next: ['lkpp_requested', 'lkpp_handling', 'lkpp_solved', 'closed'], what: 'data sent; LKPP checks it' },
  { state: 'lkpp_handling', steps: ['9'], clock: '9', owner: 'lkpp', next: ['lkpp_requested', 'lkpp_solved', 'closed'], what: 'LKPP handles the problem' },
  { state: 'lkpp_solved', steps: ['10', '11'], clock: null, owner: null, next: ['closed', 'in_progress'], what: 'solved by LKPP, reporter told' },
  // -> awaiting_reporter: a case closed for no response reopens when the reporter answers incompletely.
  { state: 'closed', steps: [], clock: null, owner: null, next: ['in_progress', 'awaiting_reporter'], what: 'closed' },
] satisfies StateRow[]);

export function stateRow(state: CaseState): StateRow {
  const row = STATES.find((r) => r.state === state);
  if (!row) throw new Error(`unknown case state '${String(state)}' (bug)`);
  return row;
}

// ---- 3. The tag commands (design.md, "Who may do what") -----------------------------------

export type CommandName =
  | 'resolve'
  | 'escalate'
  | 'request_data'
  | 'reply'
  | 'note'
  | 'priority'
  | 'assign'
  | 'close'
  | 'reopen'
  | 'lkpp_request'
  | 'data_sent'
  | 'lkpp_resolved'
  | 'called'
  | 'help'
  | 'status'
  | 'attach'
  | 'new_case';

export type Role = 'staff' | 'lkpp' | 'reporter';

export interface CommandRule {
  readonly step: StepId | null;
  readonly roles: readonly Role[];
  /** States in which the command applies. */
  readonly from: readonly CaseState[];
  /**
   * Meant for a mail that has no case yet (the helpdesk handles it before any case exists):
   * never offered inside a case, and refused there as a bad argument.
   */
  readonly caseless?: true;
}

const ALL_STATES: readonly CaseState[] = STATES.map((r) => r.state);
const OPEN_STATES = ALL_STATES.filter((s) => s !== 'closed');
/*
 * 'escalating' is listed for LKPP's commands because an LKPP answer proves the escalation
 * reached LKPP even when the daemon never saw the sent draft: steps 4 and 5 are then closed
 * at that moment rather than left running.
 */
const AT_LKPP: readonly CaseState[] = ['escalating', 'at_lkpp', 'lkpp_checking', 'lkpp_handling'];

export const COMMANDS: Readonly<Record<CommandName, CommandRule>> = Object.freeze({
  resolve: { step: '3', roles: ['staff'], from: ['in_progress', 'escalating'] },
  escalate: { step: '4', roles: ['staff'], from: ['in_progress'] },
  request_data: { step: '1b', roles: ['staff'], from: ['checking', 'in_progress', 'awaiting_reporter'] },
  reply: { step: null, roles: ['staff'], from: ALL_STATES },
  note: { step: null, roles: ['staff'], from: ALL_STATES },
  priority: { step: null, roles: ['staff'], from: ALL_STATES },
  assign: { step: null, roles: ['staff'], from: ALL_STATES },
  called: { step: null, roles: ['staff'], from: ALL_STATES },
  close: { step: null, roles: ['staff'], from: OPEN_STATES },
  reopen: { step: '2', roles: ['staff'], from: ['solved', 'lkpp_solved', 'closed'] },
  lkpp_request: { step: '6', roles: ['staff', 'lkpp'], from: AT_LKPP },
  data_sent: { step: '7', roles: ['staff'], from: ['lkpp_requested'] },
  lkpp_resolved: { step: '9', roles: ['staff', 'lkpp'], from: AT_LKPP },
  help: { step: null, roles: ['staff'], from: ALL_STATES },
  status: { step: null, roles: ['staff'], from: ALL_STATES },
  attach: { step: null, roles: ['staff'], from: ALL_STATES, caseless: true },
  new_case: { step: null, roles: ['staff'], from: ALL_STATES, caseless: true },
} satisfies Record<CommandName, CommandRule>);

/** The commands `role` may send to a case in `state`, in table order (caseless ones never). */
export function commandsAllowed(state: CaseState, role: Role): CommandName[] {
  return (Object.keys(COMMANDS) as CommandName[]).filter(
    (n) => COMMANDS[n].caseless !== true && COMMANDS[n].roles.includes(role) && COMMANDS[n].from.includes(state),
  );
}

function durationIssue(d: unknown): string | null {
  if (d === null || typeof d !== 'object') return 'expected { minutes: n } or { days: n }';
  const { minutes, days } = d as { minutes?: unknown; days?: unknown };
  if ((minutes === undefined) === (days === undefined)) return 'give exactly one of minutes or days';
  if (minutes !== undefined && (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0)) {
    return `minutes must be a positive number, got ${JSON.stringify(minutes)}`;
  }
  if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days <= 0)) {
    return `days must be a positive whole number, got ${JSON.stringify(days)}`;
  }
  return null;
}

function freezeSop(steps: SopStep[]): Sop {
  return Object.freeze(steps.map((s) => Object.freeze({ ...s, standard: Object.freeze({ ...s.standard }) })));
}
