/**
 * decide(): the SOP as one pure transition, (case, event, now) -> (case', actions, log events).
 *
 * Owns what happens to a case when something arrives: a report (the committee's own, or one a
 * staff member opened for it from a forward or a phone call: `openedBy`), a reporter's reply, a
 * staff or LKPP tag command, LKPP's reply, the escalation draft seen sent, a refusal-worthy
 * input, a tick. It never mutates its input, never does I/O, and reads time only from `now` (and
 * the `at` of escalation_sent). Clocks follow the STATES table of ./sop: entering a state stops
 * the running clock, records the state's instant steps (start = stop = now) and starts its clock.
 *
 * Who hears of what:
 *   - every staff command that runs: staff_ack to its sender and a one-line staff_command_copy
 *     to the other staff; #help and #status only answer their sender (staff_help,
 *     staff_status_case); #assign takes a name or address from opts.staff and tells the assignee;
 *   - the committee: told when its case reaches LKPP (escalated_notice, step 5) and, when LKPP
 *     solves it, in the LPSE's own words only (LKPP's text goes to staff: step 10 is ours);
 *   - a reporter who answers a solved notice with "still broken" (reporter_message.stillBroken)
 *     reopens the case to step 2: reopened_notice to it, staff_case_reopened to staff;
 *   - the screenshots read (screenshots_read, after commit): a code read fills the Kode Error the
 *     text did not give; details not opened (SOP step 1b) ask the reporter again
 *     (screenshot_details_request); staff_screenshot_read when nothing else tells staff of it.
 *
 * The tick (cron) watches the running clock:
 *   - an LPSE clock that has used opts.warnAtPercent (default 80) of its standard, in working
 *     time: one warning to staff; once it is past due: one breach alert to staff;
 *   - the reporter's step-1c clock past due: one reminder to the reporter; then, when
 *     opts.closeAfterWorkingDays (default 3) more working days have passed since the reminder,
 *     the case closes with outcome 'no_response' and a polite notice. A reply from the reporter
 *     reopens such a case (to step 2 when the data is now complete, else back to 1b/1c).
 *   - a solved case closes (no mail) opts.closeSolvedAfterWorkingDays (default 2) working days
 *     after the reporter was told, unless staff reopened it;
 *   Exactly once: each mail is sent only while its marker on the clock (warnedAt,
 *   breachAlertedAt, remindedAt) is unset, and the same decision sets the marker.
 *   LKPP's clocks are measured and reported (digest), never alerted on.
 *
 * Public surface:
 *   decide(c, e, now, sop, calendar, opts?): Decision
 *     c is null exactly for a 'report' (it opens the case); anything else needs the case.
 *     Mismatches are caller bugs and throw.
 *   types  CaseEvent, Action, MailAction, EscalationAction, MailKind, MailData, Recipient,
 *          Refusal, RefusalReason, LogEvent, Decision, DecideOptions, EscalationMode, StaffMember
 *   re-exported from ./case: mergeFields, missingItems
 *
 * Actions name recipients by role ('reporter', 'staff', 'lkpp', 'sender' = whoever sent the
 * event, 'other_staff' = the staff but the sender, 'assignee' = the case's assignee); the
 * caller resolves them to addresses and renders `kind` with its template. Every
 * decision, refusals and ignored events included, carries at least one log event. Free text
 * in logs and mails passes through redactSecrets first.
 */

import type { Calendar } from './calendar';
import {
  type Case,
  type FieldName,
  type Fields,
  type MissingItem,
  type OpenedBy,
  type Priority,
  type Symptom,
  MISSING_ORDER,
  emptyFields,
  mergeFields,
  missingItems,
  runningClock,
} from './case';
import { redactSecrets, redactValues } from './redact';
import {
  type CaseState,
  type CommandName,
  type Role,
  type Sop,
  type StepId,
  COMMANDS,
  commandsAllowed,
  dueAt,
  sopStep,
  stateRow,
} from './sop';

export { mergeFields, missingItems } from './case';

// ---- Inputs -------------------------------------------------------------------------------

export type EscalationMode = 'draft' | 'send';

export interface DecideOptions {
  /** 'draft' (default): the escalation is put in Drafts for staff to complete and send; 'send': queued to LKPP. */
  escalationMode?: EscalationMode;
  /** Tick: staff are warned when an LPSE clock has used this share (percent) of its standard. Default 80. */
  warnAtPercent?: number;
  /** Tick: working days after the reminder before a case waiting on the reporter closes as no response. Default 3. */
  closeAfterWorkingDays?: number;
  /** Tick: working days a solved case (steps 3 or 10–11 done) stays open for the reporter's answer before it closes. Default 2. */
  closeSolvedAfterWorkingDays?: number;
  /** The staff list (config `staff`): whom #assign may name, and the names command copies show. Default none. */
  staff?: readonly StaffMember[];
}

export interface StaffMember {
  name: string;
  email: string;
}

export type CaseEvent =
  /** A reporter's human message that threads to no case. `ref` is allocated by the caller. */
  | {
      type: 'report';
      from: string;
      fromName: string | null;
      fields: Fields;
      /** The parser's view; the case's own list is recomputed from fields and screenshots. */
      missing: MissingItem[];
      symptoms: Symptom[];
      screenshots: number;
      ref: string;
      /** The committee's own words about the problem, redacted. */
      description: string;
      /** A staff member opened the case for the committee (`from` is then the committee, read from the forward or the phone report). */
      openedBy?: OpenedBy;
    }
  /**
   * The reporter writes in their case. `stillBroken`: the fresh text says the problem is still
   * there ("masih error"); in a solved case that reopens it.
   */
  | { type: 'reporter_message'; from: string; fields: Partial<Fields>; screenshots: number; text: string; stillBroken?: boolean }
  /** A tag command from the fresh text. `items`: what #request-data names, parsed. */
  | { type: 'command'; from: string; role: Role; name: CommandName; args: string; items?: MissingItem[]; ticket?: string | null }
  /** The escalation draft was sent by staff (seen in Sent, or as a CC copy) at `at`. */
  | { type: 'escalation_sent'; at: Date }
  /** LKPP replies without a command. */
  | { type: 'lkpp_message'; from: string; text: string; ticket?: string | null }
  /** `suggestion`: the known command word nearest to `word` ('#selesai' for 'selsai'), when there is one. */
  | { type: 'unknown_command'; from: string; role: Role; word: string; suggestion?: string | null }
  /** A known command written mid-line or after other text in the fresh text ("tolong #selesai ya"): it does not run. */
  | { type: 'misplaced_command'; from: string; role: Role; name: string }
  /** A command found only in quoted text: it does not count. */
  | { type: 'quoted_command'; from: string; role: Role; name: string }
  /** A staff or LKPP command whose From is not proven (`why`): it never runs. */
  | { type: 'unproven_command'; from: string; role: Role; name: string; why: string }
  /**
   * A message's screenshots were read (src/ocr), after the message was committed. `staffTold`:
   * staff hear of the message otherwise (its notice waited for this reading and shows it, or it
   * was folded into the summary of new cases), so no mail of its own tells them what was read.
   * `from`: who sent the message (a colleague's pictures ask the reporter nothing).
   */
  | { type: 'screenshots_read'; readings: ScreenshotRead[]; staffTold: boolean; from: string }
  /** Periodic (cron): clock warnings and breach alerts, the reporter's reminder, the no-response close. */
  | { type: 'tick' };

/** What was read from one screenshot (unreadable: `reason` says why). */
export interface ScreenshotRead {
  filename: string;
  status: 'read' | 'unreadable';
  errorCode: string | null;
  detailsHidden: boolean;
  /** A code is shown but was not read with certainty (src/ocr/types.ts ScreenReading). */
  codeUnclear: boolean;
  reason: string | null;
  /** An earlier message of the case carried the same picture (it was asked about then, if at all). */
  again: boolean;
}

type EventOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;

// ---- Outputs ------------------------------------------------------------------------------

/**
 * 'other_staff': every staff address but the sender's; 'assignee': the case's assignee (the
 * caller falls back to all staff when there is none).
 */
export type Recipient = 'reporter' | 'staff' | 'lkpp' | 'sender' | 'other_staff' | 'assignee';

export type RefusalReason =
  | 'unknown_command'
  | 'quoted_command'
  | 'misplaced_command'
  | 'unproven_sender'
  | 'not_allowed_for_role'
  | 'not_allowed_in_state'
  | 'bad_argument';

export interface Refusal {
  reason: RefusalReason;
  /** English, for logs and as a fallback; templates render from `reason`. */
  message: string;
  command: string | null;
  state: CaseState;
  /** Commands the sender may use on the case now. */
  allowed: CommandName[];
  /** What the argument may be instead (a bad #assign: the staff list, "Name <address>"). */
  choices?: string[];
  /** An unknown command's nearest known word, e.g. '#selesai'. */
  suggestion?: string;
}

type NoData = Record<string, never>;

/** The data each mail kind carries beside the case itself (which the caller also has). */
export interface MailData {
  /** To the reporter: report received and complete (step 1a). */
  ack_complete: NoData;
  /** To the reporter: report received, these items are missing (step 1b); also each incomplete reply. */
  ack_missing: { missing: MissingItem[] };
  /** To the reporter: the data is now complete, handling starts (step 2). */
  data_complete: NoData;
  /** To the reporter: staff ask for data (#request-data, step 1b). */
  request_data: { items: MissingItem[]; text: string };
  /** To the reporter: staff's #reply text. */
  relay_to_reporter: { text: string };
  /** To the reporter: solved by the LPSE (step 3). */
  solved_notice: { text: string };
  /**
   * To the reporter: solved by LKPP (steps 10–11), in the LPSE's own words: LKPP's text never
   * reaches the committee. `staffText`: what a staff member wrote with #lkpp-selesai ('' from LKPP).
   */
  lkpp_solved_notice: { staffText: string };
  /** To the reporter: its case was passed to the LKPP helpdesk (step 5 reached); the LPSE keeps following it. */
  escalated_notice: NoData;
  /** To the reporter: it said the problem is still there, so its solved case is open again (step 2). */
  reopened_notice: NoData;
  /** To staff: a new case, complete or not; `openedBy` when a staff member opened it for the committee. */
  staff_new_case: { complete: boolean; missing: MissingItem[]; openedBy?: OpenedBy };
  /** To staff: the reporter of a solved case says the problem is still there; the case is back at step 2. */
  staff_case_reopened: { from: string; text: string };
  /** To staff: the reporter completed the data. */
  staff_case_complete: { text: string };
  /** To staff: the reporter wrote in an open or finished case. */
  staff_relay_reporter: { from: string; text: string };
  /** To staff: LKPP wrote. */
  staff_relay_lkpp: { from: string; text: string; ticket: string | null };
  /** To staff: LKPP asks for data or server access (step 6; step 7 is theirs now). */
  staff_lkpp_request: { from: string; text: string };
  /**
   * To staff: LKPP (or a staff member) reports it solved (step 9) with this full text; the
   * reporter got the LPSE's notice, with the text only when a staff member wrote it (`textSentToReporter`).
   */
  staff_lkpp_solved: { from: string; text: string; textSentToReporter: boolean };
  /** To staff: the escalation draft is waiting in Drafts (step 4). */
  staff_escalation_draft: NoData;
  /** To the staff sender: a command was refused. */
  staff_refusal: Refusal;
  /** To the staff sender: the command was carried out. */
  staff_ack: { command: CommandName; state: CaseState };
  /** To the other staff: one line saying who ran which command; `args`: the first line after it ('' for none). */
  staff_command_copy: { command: CommandName; by: string; args: string };
  /** To the assignee: `by` (a name, else an address) assigned the case to them. */
  staff_assigned: { by: string };
  /** To the staff sender (#help): the commands valid on the case now. */
  staff_help: { allowed: CommandName[] };
  /** To the staff sender (#status): the case as it stands. */
  staff_status_case: NoData;
  /** To LKPP: the #data-sent text (step 7). */
  to_lkpp_data: { text: string };
  /** To staff (tick): the running LPSE clock has used `percent` of its standard; `remainingMinutes` of working time are left. */
  staff_clock_warning: { step: StepId; dueAt: Date; percent: number; remainingMinutes: number };
  /** To staff (tick): the running LPSE clock is past due by `overdueMinutes` of working time. */
  staff_clock_breached: { step: StepId; dueAt: Date; overdueMinutes: number };
  /** To the reporter (tick): the requested data is overdue (step 1c); the case closes at `closeAt` without it. */
  reporter_reminder: { items: MissingItem[]; closeAt: Date };
  /** To the reporter (tick): closed for no response; a reply with the data reopens it. */
  no_response_notice: { items: MissingItem[] };
  /** To the reporter: the screenshot shows the notification without its details (SOP step 1b): open them and send it again. */
  screenshot_details_request: NoData;
  /** To the reporter: the screenshot shows a Kode Error that could not be read with certainty: type it in a reply, or send a sharper screenshot. */
  screenshot_code_request: NoData;
  /**
   * To staff, when nothing else tells them of the message (a reply's screenshots): what its screenshots show.
   * `errorCode`: the code read, newly in the case; `disagreement`: the pictures show codes other than the case's
   * (`known`, null when the case has none and the pictures differ among themselves);
   * `detailsHidden`: the details were not opened and the reporter was asked for the screenshot again;
   * `codeUnclear`: a code is shown but was not read with certainty, and the reporter was asked to type it.
   */
  staff_screenshot_read: { errorCode: string | null; disagreement: { known: string | null; read: string[] } | null; detailsHidden: boolean; codeUnclear: boolean; unreadable: string[] };
}

export type MailKind = keyof MailData;

export type MailAction = { [K in MailKind]: { type: 'mail'; kind: K; to: Recipient; data: MailData[K] } }[MailKind];

/** Render the structured LKPP escalation (step 4): a draft for staff, or a mail queued to LKPP. */
export interface EscalationAction {
  type: 'escalation';
  mode: EscalationMode;
}

export type Action = MailAction | EscalationAction;

export interface LogEvent {
  type: string;
  detail: Record<string, unknown>;
}

export interface Decision {
  case: Case;
  actions: Action[];
  events: LogEvent[];
}

// ---- decide -------------------------------------------------------------------------------

interface Draft {
  c: Case;
  readonly actions: Action[];
  readonly events: LogEvent[];
  readonly now: Date;
  readonly sop: Sop;
  readonly calendar: Calendar;
  readonly mode: EscalationMode;
  readonly warnAtPercent: number;
  readonly closeAfterWorkingDays: number;
  readonly closeSolvedAfterWorkingDays: number;
  readonly staff: readonly StaffMember[];
}

type Context = Omit<Draft, 'c' | 'actions' | 'events'>;

export function decide(
  c: Case | null,
  e: CaseEvent,
  now: Date,
  sop: Sop,
  calendar: Calendar,
  opts: DecideOptions = {},
): Decision {
  const ctx: Context = {
    now,
    sop,
    calendar,
    mode: opts.escalationMode ?? 'draft',
    warnAtPercent: opts.warnAtPercent ?? 80,
    closeAfterWorkingDays: opts.closeAfterWorkingDays ?? 3,
    closeSolvedAfterWorkingDays: opts.closeSolvedAfterWorkingDays ?? 2,
    staff: opts.staff ?? [],
  };
  if (e.type === 'report') {
    if (c !== null) throw new Error(`decide: a report opens a case, but case ${c.ref} was given (send a reporter_message)`);
    return finish(openCase(e, ctx));
  }
  if (c === null) throw new Error(`decide: a '${e.type}' event needs its case`);
  const d: Draft = { c: copyCase(c), actions: [], events: [], ...ctx };
  switch (e.type) {
    case 'reporter_message':
      onReporterMessage(d, e);
      break;
    case 'command':
      onCommand(d, e);
      break;
    case 'escalation_sent':
      onEscalationSent(d, e.at);
      break;
    case 'lkpp_message':
      onLkppMessage(d, e);
      break;
    case 'unknown_command': {
      const suggestion = e.suggestion ? `#${e.suggestion.replace(/^#/, '')}` : null;
      refuse(d, e, 'unknown_command', e.word, `unknown command #${e.word}${suggestion ? `; did you mean ${suggestion}?` : ''}`, suggestion ? { suggestion } : {});
      break;
    }
    case 'misplaced_command':
      refuse(d, e, 'misplaced_command', e.name, `#${e.name} was not at the start of a line, so it did not run; write each command at the start of its own line`);
      break;
    case 'quoted_command':
      refuse(d, e, 'quoted_command', e.name, `#${e.name} was in quoted text; a command counts only in your own new text, one per line`);
      break;
    case 'unproven_command':
      // The refusal goes to the address the mail claims: a forged one alerts the real staff member.
      refuse(d, e, 'unproven_sender', e.name, e.why);
      break;
    case 'screenshots_read':
      onScreenshotsRead(d, e);
      break;
    case 'tick':
      onTick(d);
      break;
    default:
      return assertNever(e);
  }
  return finish(d);
}

// ---- one function per event ---------------------------------------------------------------

/** Step 1a: check the report; complete -> step 2, incomplete -> step 1b and the reporter's 1c. */
function openCase(e: EventOf<'report'>, ctx: Context): Draft {
  const fields = mergeFields(emptyFields(), e.fields);
  const screenshots = Math.max(0, e.screenshots);
  const missing = missingItems(fields, screenshots);
  const c: Case = {
    ref: e.ref,
    state: 'checking',
    reporter: e.from,
    reporterName: e.fromName ?? null,
    description: null,
    openedBy: e.openedBy ? { ...e.openedBy } : null,
    fields,
    screenshots,
    symptoms: [...new Set(e.symptoms)],
    missing,
    requested: [],
    priority: null,
    assignee: null,
    phoneConfirmedAt: null,
    lkppTicket: null,
    escalationMessageId: null,
    clocks: [],
    openedAt: ctx.now,
    closedAt: null,
    outcome: null,
  };
  const d: Draft = { c, actions: [], events: [], ...ctx };
  const description = safe(d, e.description).trim();
  d.c.description = description === '' ? null : description;
  startClock(d, '1a');
  const parserDisagrees = e.missing.join() !== missing.join();
  log(d, 'case_opened', {
    ref: e.ref,
    from: e.from,
    missing,
    symptoms: c.symptoms,
    screenshots,
    ...(parserDisagrees ? { parserMissing: e.missing } : {}),
    ...(c.openedBy ? { openedBy: c.openedBy } : {}),
  });
  // Opened by staff for the committee: the committee is acknowledged as if it had written itself.
  const openedBy = c.openedBy ? { openedBy: { ...c.openedBy } } : {};
  if (missing.length === 0) {
    moveTo(d, 'in_progress');
    mail(d, 'ack_complete', 'reporter', {});
    mail(d, 'staff_new_case', 'staff', { complete: true, missing: [], ...openedBy });
  } else {
    d.c.requested = [...missing];
    moveTo(d, 'awaiting_reporter');
    mail(d, 'ack_missing', 'reporter', { missing });
    mail(d, 'staff_new_case', 'staff', { complete: false, missing, ...openedBy });
  }
  return d;
}

/**
 * The reporter adds data (step 1c) or just writes. Reopens a finished case only in two ways:
 * one closed for no response, by the answer it was waiting for; a solved one (or closed after
 * being solved), when the reporter says the problem is still there (`stillBroken`). Anything
 * else, a "terima kasih" included, is relayed and the solved case closes on schedule.
 */
function onReporterMessage(d: Draft, e: EventOf<'reporter_message'>): void {
  const before = d.c.fields;
  d.c.fields = mergeFields(before, e.fields);
  d.c.screenshots += Math.max(0, e.screenshots);
  d.c.missing = missingItems(d.c.fields, d.c.screenshots);
  const text = safe(d, e.text);
  const changed = (Object.keys(before) as FieldName[]).filter((k) => before[k] !== d.c.fields[k]);
  log(d, 'reporter_message', { from: e.from, changed, screenshots: e.screenshots, text, ...(e.stillBroken ? { stillBroken: true } : {}) });

  if (e.stillBroken === true && wasSolved(d.c)) {
    log(d, 'case_reopened', { reason: 'reporter_still_broken', state: d.c.state, outcome: d.c.outcome });
    moveTo(d, 'in_progress'); // a fresh step-2 clock
    d.c.closedAt = null;
    d.c.outcome = null;
    mail(d, 'reopened_notice', 'reporter', {});
    mail(d, 'staff_case_reopened', 'staff', { from: e.from, text });
    return;
  }

  if (d.c.state === 'closed' && d.c.outcome === 'no_response') {
    const outstanding = inOrder([...d.c.missing, ...d.c.requested.filter((item) => !brings(e, item))]);
    log(d, 'case_reopened', { reason: 'reporter_answered', outstanding });
    d.c.closedAt = null;
    d.c.outcome = null;
    if (outstanding.length === 0) {
      d.c.requested = [];
      moveTo(d, 'in_progress');
      mail(d, 'data_complete', 'reporter', {});
      mail(d, 'staff_case_complete', 'staff', { text });
    } else {
      d.c.requested = outstanding; // a fresh 1c clock: the reporter has a new day (and a new reminder)
      moveTo(d, 'awaiting_reporter');
      mail(d, 'ack_missing', 'reporter', { missing: outstanding });
      mail(d, 'staff_relay_reporter', 'staff', { from: e.from, text });
    }
    return;
  }

  if (d.c.state !== 'awaiting_reporter') {
    mail(d, 'staff_relay_reporter', 'staff', { from: e.from, text });
    return;
  }
  // Outstanding: whatever is still missing, plus what we asked for and this message did not bring.
  const outstanding = inOrder([...d.c.missing, ...d.c.requested.filter((item) => !brings(e, item))]);
  if (outstanding.length === 0) {
    d.c.requested = [];
    moveTo(d, 'in_progress');
    mail(d, 'data_complete', 'reporter', {});
    mail(d, 'staff_case_complete', 'staff', { text });
    return;
  }
  d.c.requested = outstanding; // the reporter's 1c clock keeps running: asking again restarts nothing
  mail(d, 'ack_missing', 'reporter', { missing: outstanding });
  if (text.trim() !== '') mail(d, 'staff_relay_reporter', 'staff', { from: e.from, text });
}

/**
 * A tag command: who may, in which state (COMMANDS table), then what it does. Every staff
 * command that runs is confirmed to its sender (staff_ack) and copied in one line to the other
 * staff (staff_command_copy), so that two people never answer the same committee; #help and
 * #status only answer their sender.
 */
function onCommand(d: Draft, e: EventOf<'command'>): void {
  const rule = Object.hasOwn(COMMANDS, e.name) ? COMMANDS[e.name] : undefined;
  if (rule === undefined) return refuse(d, e, 'unknown_command', e.name, `unknown command #${e.name}`);
  if (!rule.roles.includes(e.role)) {
    return refuse(d, e, 'not_allowed_for_role', e.name, `${e.role} may not use #${e.name}`);
  }
  if (!rule.from.includes(d.c.state)) {
    const allowed = commandsAllowed(d.c.state, e.role).map((n) => `#${n}`).join(', ') || 'none';
    const message = `#${e.name} does not apply to case ${d.c.ref} in state '${d.c.state}' (${stateRow(d.c.state).what}); allowed now: ${allowed}`;
    return refuse(d, e, 'not_allowed_in_state', e.name, message);
  }
  if (rule.caseless === true) return refuse(d, e, 'bad_argument', e.name, CASELESS_USE[e.name] ?? `#${e.name} applies only to mail without a case`);
  const problem = argumentProblem(d, e);
  if (problem !== null) return refuse(d, e, 'bad_argument', e.name, problem.message, problem.choices ? { choices: problem.choices } : {});

  const text = safe(d, e.args.trim());
  // LKPP's own ticket number, when their command mail carries one, is kept like on a plain reply.
  if (e.role === 'lkpp' && e.ticket) d.c.lkppTicket = e.ticket.trim();
  log(d, 'command', { name: e.name, from: e.from, role: e.role, args: text });
  if (e.name === 'help') return mail(d, 'staff_help', 'sender', { allowed: commandsAllowed(d.c.state, 'staff') });
  if (e.name === 'status') return mail(d, 'staff_status_case', 'sender', {});
  runCommand(d, e, text);
  if (e.role !== 'staff') return;
  mail(d, 'staff_ack', 'sender', { command: e.name, state: d.c.state });
  mail(d, 'staff_command_copy', 'other_staff', { command: e.name, by: staffName(d, e.from), args: firstLine(text) });
}

/** What an accepted command does to the case (COMMANDS has already allowed it). */
function runCommand(d: Draft, e: EventOf<'command'>, text: string): void {
  switch (e.name) {
    case 'resolve': // steps 2/4 -> 3
      moveTo(d, 'solved');
      d.c.outcome = 'solved';
      mail(d, 'solved_notice', 'reporter', { text });
      return;
    case 'escalate': // step 2 -> 4 (-> 5 at once in send mode)
      moveTo(d, 'escalating');
      d.actions.push({ type: 'escalation', mode: d.mode });
      if (d.mode === 'send') reachLkpp(d);
      else mail(d, 'staff_escalation_draft', 'staff', {});
      return;
    case 'request_data': { // step 1b; the reporter's 1c clock starts (or keeps running)
      const items = requestedItems(d.c, e);
      d.c.requested = items;
      if (d.c.state !== 'awaiting_reporter') moveTo(d, 'awaiting_reporter');
      mail(d, 'request_data', 'reporter', { items, text: e.items?.length ? withoutItemList(text) : text });
      return;
    }
    case 'reply':
      mail(d, 'relay_to_reporter', 'reporter', { text });
      return;
    case 'note':
      return; // the log event is the note
    case 'priority':
      d.c.priority = parsePriority(e.args);
      return;
    case 'assign': {
      const member = staffMember(d, e.args);
      if (member === null) throw new Error('#assign ran without a staff member (bug: argumentProblem lets it through)');
      d.c.assignee = member.email;
      // Assigning oneself needs no notice.
      if (member.email !== e.from.toLowerCase()) mail(d, 'staff_assigned', 'assignee', { by: staffName(d, e.from) });
      return;
    }
    case 'called': // the phone confirmation the SOP asks for in steps 1b, 3, 6, 7
      d.c.phoneConfirmedAt = d.now;
      return;
    case 'close':
      moveTo(d, 'closed');
      d.c.closedAt = d.now;
      d.c.outcome = d.c.outcome ?? 'closed';
      return;
    case 'reopen': // a fresh step-2 clock
      moveTo(d, 'in_progress');
      d.c.closedAt = null;
      d.c.outcome = null;
      return;
    case 'lkpp_request': // step 6 (recorded now), step 7 is the LPSE's
      lkppHasIt(d);
      moveTo(d, 'lkpp_requested');
      mail(d, 'staff_lkpp_request', 'staff', { from: e.from, text });
      return;
    case 'data_sent': // step 7 -> 8
      moveTo(d, 'lkpp_checking');
      if (text !== '') mail(d, 'to_lkpp_data', 'lkpp', { text });
      return;
    case 'lkpp_resolved': { // step 9 -> 10, 11
      // The solved notice says the case went to LKPP: no separate escalation notice as well.
      lkppHasIt(d, { tellReporter: false });
      if (d.c.state !== 'lkpp_handling') handlingFromCheck(d);
      moveTo(d, 'lkpp_solved');
      d.c.outcome = 'solved_by_lkpp';
      // Step 10 is the LPSE's: the committee gets our own notice; LKPP's words go to staff only.
      const staffText = e.role === 'staff' ? text : '';
      mail(d, 'lkpp_solved_notice', 'reporter', { staffText });
      mail(d, 'staff_lkpp_solved', 'staff', { from: e.from, text, textSentToReporter: staffText !== '' });
      return;
    }
    case 'help':
    case 'status':
    case 'attach':
    case 'new_case':
      throw new Error(`#${e.name} reached runCommand (bug: onCommand answers or refuses it)`);
    default:
      return assertNever(e.name);
  }
}

/** Step 4 -> 5: staff sent the escalation draft. */
function onEscalationSent(d: Draft, at: Date): void {
  if (d.c.state !== 'escalating') {
    log(d, 'ignored', { event: 'escalation_sent', at, reason: `case is '${d.c.state}', not escalating` });
    return;
  }
  // Not before the step-4 clock started, not after now (a sender's clock may be off).
  const started = runningClock(d.c)?.startedAt.getTime() ?? at.getTime();
  const when = new Date(Math.min(Math.max(at.getTime(), started), d.now.getTime()));
  log(d, 'escalation_sent', { at: when });
  reachLkpp(d, { at: when });
}

/** LKPP answers: its first reply means step 5 is done and it is handling (9); relayed to staff. */
function onLkppMessage(d: Draft, e: EventOf<'lkpp_message'>): void {
  if (e.ticket) d.c.lkppTicket = e.ticket.trim();
  const text = safe(d, e.text);
  log(d, 'lkpp_message', { from: e.from, ticket: e.ticket ?? null, text });
  if (d.c.state === 'escalating' || d.c.state === 'at_lkpp' || d.c.state === 'lkpp_checking') {
    lkppHasIt(d);
    moveTo(d, 'lkpp_handling'); // steps 6 and 8 skipped when coming from 5
  }
  mail(d, 'staff_relay_lkpp', 'staff', { from: e.from, text, ticket: d.c.lkppTicket });
}

/**
 * The screenshots were read (SOP step 1b asks for the error's details, opened by a double-click on
 * the four dots left of "maaf"). A code read fills the case's Kode Error when the mail's text gave
 * none; the text wins when both exist and differ, and staff are told. A notification shown
 * without its details, with no code known, asks the reporter for the screenshot again, while the
 * case is still being handled; a code shown but not read with certainty asks them to type it.
 */
function onScreenshotsRead(d: Draft, e: EventOf<'screenshots_read'>): void {
  for (const r of e.readings) log(d, 'screenshot_read', { filename: r.filename, status: r.status, errorCode: r.errorCode, detailsHidden: r.detailsHidden, codeUnclear: r.codeUnclear, reason: r.reason });
  const read = [...new Set(e.readings.flatMap((r) => (r.errorCode === null ? [] : [r.errorCode.toLowerCase()])))];
  const known = d.c.fields.errorCode;
  // Pictures that disagree among themselves give no code: a wrong code is worse than none.
  const newCode = known === null && read.length === 1 ? (read[0] ?? null) : null;
  if (newCode !== null) {
    d.c.fields = { ...d.c.fields, errorCode: newCode };
    log(d, 'error_code_read', { errorCode: newCode });
  }
  const differing = known === null ? (read.length > 1 ? read : []) : read.filter((code) => code !== known.toLowerCase());
  const disagreement = differing.length > 0 ? { known, read: differing } : null;
  if (disagreement !== null) log(d, 'error_code_disagreement', disagreement);
  // Only the pictures of the reporter, or of the report a staff member passed on for them, are
  // asked about: a colleague on the thread sent theirs, and the reporter would be thanked for it.
  const theirs = e.from === d.c.reporter || e.from === d.c.openedBy?.staff;
  const open = theirs && !wasSolved(d.c) && d.c.state !== 'closed';
  // Asked once per picture: the same screenshot sent again was asked about when it was first read.
  const detailsHidden = d.c.fields.errorCode === null && e.readings.some((r) => r.detailsHidden && !r.again);
  if (detailsHidden) {
    log(d, 'error_details_hidden', { asked: open });
    if (open) mail(d, 'screenshot_details_request', 'reporter', {});
  }
  // A code shown but not read with certainty (a phone photo of the monitor, glyphs too small):
  // the reporter is asked to type it, once per picture, unless the details were asked for.
  const codeUnclear = !detailsHidden && d.c.fields.errorCode === null && e.readings.some((r) => r.codeUnclear && !r.again);
  if (codeUnclear) {
    log(d, 'error_code_unclear', { asked: open });
    if (open) mail(d, 'screenshot_code_request', 'reporter', {});
  }
  const unreadable = e.readings.filter((r) => r.status === 'unreadable').map((r) => r.filename);
  const asked = detailsHidden && open;
  const askedCode = codeUnclear && open;
  if (!e.staffTold && (newCode !== null || disagreement !== null || asked || askedCode)) {
    mail(d, 'staff_screenshot_read', 'staff', { errorCode: newCode, disagreement, detailsHidden: asked, codeUnclear: askedCode, unreadable });
  }
}

/** The cron tick: alerts on the running LPSE clock, the reporter's reminder and no-response close. */
function onTick(d: Draft): void {
  if (d.c.state === 'solved' || d.c.state === 'lkpp_solved') return closeWhenSettled(d);
  const clock = runningClock(d.c); // the draft's own copy: markers set here are in the new case
  if (clock !== null && clock.owner === 'lpse') {
    const standard = d.calendar.workingMinutesBetween(clock.startedAt, clock.dueAt);
    const used = d.calendar.workingMinutesBetween(clock.startedAt, d.now);
    if (d.now.getTime() > clock.dueAt.getTime()) {
      if (clock.breachAlertedAt) return idle(d);
      clock.breachAlertedAt = d.now;
      const overdueMinutes = Math.max(0, Math.round(used - standard));
      log(d, 'clock_breached', { step: clock.step, dueAt: clock.dueAt, overdueMinutes });
      mail(d, 'staff_clock_breached', 'staff', { step: clock.step, dueAt: clock.dueAt, overdueMinutes });
      return;
    }
    // Straight to breached (the daemon was down) means no late warning: the breach alert says it.
    if (clock.warnedAt || clock.breachAlertedAt || standard <= 0 || used * 100 < standard * d.warnAtPercent) return idle(d);
    clock.warnedAt = d.now;
    const percent = Math.min(100, Math.floor((used * 100) / standard));
    const remainingMinutes = Math.max(0, Math.round(standard - used));
    log(d, 'clock_warning', { step: clock.step, dueAt: clock.dueAt, percent, remainingMinutes });
    mail(d, 'staff_clock_warning', 'staff', { step: clock.step, dueAt: clock.dueAt, percent, remainingMinutes });
    return;
  }
  if (clock !== null && clock.step === '1c' && d.c.state === 'awaiting_reporter' && d.now.getTime() > clock.dueAt.getTime()) {
    const items = d.c.requested.length > 0 ? [...d.c.requested] : [...d.c.missing];
    if (!clock.remindedAt) {
      clock.remindedAt = d.now;
      const closeAt = d.calendar.addWorkingDays(d.now, d.closeAfterWorkingDays);
      log(d, 'reporter_reminded', { step: '1c', dueAt: clock.dueAt, items, closeAt });
      mail(d, 'reporter_reminder', 'reporter', { items, closeAt });
      return;
    }
    // Counted from the reminder, so that a late reminder (daemon down) still leaves the full grace.
    const from = new Date(Math.max(clock.dueAt.getTime(), clock.remindedAt.getTime()));
    const closeAt = d.calendar.addWorkingDays(from, d.closeAfterWorkingDays);
    if (d.now.getTime() < closeAt.getTime()) return idle(d);
    log(d, 'closed_no_response', { remindedAt: clock.remindedAt, items });
    moveTo(d, 'closed');
    d.c.closedAt = d.now;
    d.c.outcome = 'no_response';
    mail(d, 'no_response_notice', 'reporter', { items });
    return;
  }
  idle(d);
}

/**
 * A solved case (the reporter has had the step 3 or 10–11 notice) closes once
 * closeSolvedAfterWorkingDays have passed without anyone reopening it; closing archives it.
 */
function closeWhenSettled(d: Draft): void {
  const solvedAt = Math.max(d.c.openedAt.getTime(), ...d.c.clocks.map((k) => k.stoppedAt?.getTime() ?? 0));
  const closeAt = d.calendar.addWorkingDays(new Date(solvedAt), d.closeSolvedAfterWorkingDays);
  if (d.now.getTime() < closeAt.getTime()) return idle(d);
  log(d, 'closed_solved', { solvedAt: new Date(solvedAt), outcome: d.c.outcome });
  moveTo(d, 'closed');
  d.c.closedAt = d.now;
}

/** A tick that changes nothing (the caller need not store anything). */
function idle(d: Draft): void {
  log(d, 'tick', { state: d.c.state });
}

/** Refusals change nothing; staff are told why, LKPP and reporters only logged (no mail loops). */
function refuse(
  d: Draft,
  who: { from: string; role: Role },
  reason: RefusalReason,
  command: string | null,
  message: string,
  extra: Pick<Refusal, 'choices' | 'suggestion'> = {},
): void {
  const state = d.c.state;
  log(d, 'command_refused', { from: who.from, role: who.role, reason, command, state, message });
  if (who.role !== 'staff') return;
  const refusal: Refusal = { reason, message, command, state, allowed: commandsAllowed(state, who.role), ...extra };
  mail(d, 'staff_refusal', 'sender', refusal);
}

// ---- helpers: state and clocks ------------------------------------------------------------

/**
 * Enters `to` (which the STATES table must allow): stops the running clock, records the state's
 * instant steps (start = stop = at), starts the state's own clock.
 */
function moveTo(d: Draft, to: CaseState, how: { at?: Date } = {}): void {
  const from = d.c.state;
  if (!stateRow(from).next.includes(to)) throw new Error(`the SOP has no move ${from} -> ${to} (bug)`);
  const at = how.at ?? d.now;
  const row = stateRow(to);
  const passed = row.steps.filter((s) => s !== row.clock);
  const stopped = stopRunningClock(d, at);
  for (const step of passed) {
    startClock(d, step, at);
    stopRunningClock(d, at);
  }
  d.c.state = to;
  if (row.clock !== null) startClock(d, row.clock, at);
  log(d, 'state_changed', { from, to, stopped, passed, started: row.clock });
}

function startClock(d: Draft, step: StepId, at: Date = d.now): void {
  const running = runningClock(d.c);
  if (running !== null) throw new Error(`clock ${running.step} still runs; cannot start ${step} (bug)`);
  d.c.clocks.push({
    step,
    owner: sopStep(d.sop, step).owner,
    startedAt: at,
    dueAt: dueAt(d.sop, d.calendar, step, at),
    stoppedAt: null,
  });
}

/** Stops the running clock, if any (never before it started); returns its step. */
function stopRunningClock(d: Draft, at: Date = d.now): StepId | null {
  const running = runningClock(d.c); // an element of the draft's own copy of the clocks
  if (running === null) return null;
  running.stoppedAt = new Date(Math.max(at.getTime(), running.startedAt.getTime()));
  return running.step;
}

/**
 * Step 4 -> 5: the escalation is with LKPP. The committee was promised progress updates in its
 * acknowledgment, so it is told, in its own terms (`tellReporter: false` when the same decision
 * tells it more).
 */
function reachLkpp(d: Draft, how: { at?: Date; tellReporter?: boolean } = {}): void {
  moveTo(d, 'at_lkpp', how.at ? { at: how.at } : {});
  if (how.tellReporter !== false) mail(d, 'escalated_notice', 'reporter', {});
}

/**
 * LKPP reports the problem solved while its check (step 5, or 8 after data was sent) still runs,
 * with no word in between: it found nothing to ask (else it would have asked: step 6), but said
 * not when. The check is taken to have ended when its standard ran out, or at the solve if that
 * came sooner; the rest is step 9, LKPP's handling. So LKPP is measured against the standards
 * of both steps together, and neither step hides the other's time (docs/sop.md, "Steps 8 and 9").
 */
function handlingFromCheck(d: Draft): void {
  const check = runningClock(d.c);
  const end = check === null ? d.now : new Date(Math.min(d.now.getTime(), check.dueAt.getTime()));
  moveTo(d, 'lkpp_handling', { at: end });
}

/** LKPP answered while the draft was never seen sent: it evidently was; steps 4 and 5 end now. */
function lkppHasIt(d: Draft, how: { tellReporter?: boolean } = {}): void {
  if (d.c.state !== 'escalating') return;
  log(d, 'escalation_assumed_sent', { reason: 'LKPP answered before the sent escalation was seen' });
  reachLkpp(d, how);
}

// ---- helpers: data ------------------------------------------------------------------------

/** Why the command's text will not do (and, for #assign, what would), or null. */
/** The placeholder of the commands help ("#selesai [keterangan]"): a pasted help line, not a command anyone meant. */
const HELP_PLACEHOLDER = /^\s*[[<](?:keterangan|teks|text|data|catatan|note|alasan|reason|nama atau alamat|name or address)[^\]>\n]{0,40}[\]>]/i;

function argumentProblem(d: Draft, e: EventOf<'command'>): { message: string; choices?: string[] } | null {
  if (HELP_PLACEHOLDER.test(e.args)) return { message: `#${e.name} carries the help text's placeholder '${oneLineOf(e.args).slice(0, 40)}': a pasted help line, not run; write the command with your own text` };
  switch (e.name) {
    case 'priority':
      return parsePriority(e.args) === null ? { message: `#priority takes tinggi, sedang or rendah (high, medium, low), not '${e.args.trim()}'` } : null;
    case 'assign': {
      if (staffMember(d, e.args) !== null) return null;
      const choices = staffChoices(d);
      const who = e.args.trim() === '' ? '#assign needs a staff name or address' : `'${oneLineOf(e.args)}' is not one staff member`;
      return { message: `${who}; the staff: ${choices.join(', ') || 'none configured'}`, choices };
    }
    case 'reply':
      return e.args.trim() === '' ? { message: '#reply needs the text to send to the reporter' } : null;
    case 'request_data':
      return requestedItems(d.c, e).length === 0 && e.args.trim() === ''
        ? { message: 'nothing to ask for: the report is complete; name the items (e.g. userId, phone, screenshot) or write what you need' }
        : null;
    default:
      return null;
  }
}

/** Why #attach and #new_case are refused inside a case. */
const CASELESS_USE: Partial<Record<CommandName, string>> = {
  attach: '#kasus is used in a reply to a relayed message that has no case',
  new_case: '#kasus-baru is used in a new mail, without a case tag, to open a case for a report taken by phone or in person',
};

/**
 * The staff member #assign names: an address, the full name, or a first name only one member
 * has; case-insensitive, on the first line of the text. null when it is none or several.
 */
function staffMember(d: Draft, args: string): StaffMember | null {
  const line = oneLineOf(args);
  // "Agus Setiawan <staff2@…>" pasted from an address book: the address decides.
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(line)?.[1];
  // "agus, tolong dicek ya", "Pak Agus": the name before a comma, without the honorific.
  const wanted = (address ?? (line.split(/[,;]/)[0] ?? '').replace(HONORIFIC, '')).replace(/^<|>$/g, '').trim().toLowerCase();
  if (wanted === '') return null;
  const exact = d.staff.filter((m) => m.email.toLowerCase() === wanted || oneLineOf(m.name).toLowerCase() === wanted);
  if (exact.length === 1) return exact[0] ?? null;
  const byFirst = d.staff.filter((m) => (oneLineOf(m.name).split(' ')[0] ?? '').toLowerCase() === wanted);
  return byFirst.length === 1 ? (byFirst[0] ?? null) : null;
}

const HONORIFIC = /^(?:pak|bapak|bu|ibu|mas|mbak|sdr\.?|sdri\.?|saudara|saudari)\s+/i;

/** The staff list as a refusal offers it: "Name <address>". */
function staffChoices(d: Draft): string[] {
  return d.staff.map((m) => `${oneLineOf(m.name)} <${m.email.toLowerCase()}>`);
}

/** How command copies name a staff member: the name from the staff list, else the address. */
function staffName(d: Draft, address: string): string {
  const member = d.staff.find((m) => m.email.toLowerCase() === address.toLowerCase());
  return member ? oneLineOf(member.name) : address;
}

/** A case the reporter was told is solved (steps 3 or 10–11), open or closed since. */
function wasSolved(c: Case): boolean {
  return c.state === 'solved' || c.state === 'lkpp_solved' || (c.state === 'closed' && (c.outcome === 'solved' || c.outcome === 'solved_by_lkpp'));
}

/**
 * #request-data's text for the committee: without a first line that only lists the items,
 * which the mail lists already ("user id, telepon, tangkapan layar"). A line counts as such a
 * list when it has no sentence end and each of its comma- or "dan"-separated parts is at most
 * three words (a lone part: at most two), so "mohon user id" or a real sentence stays.
 */
function withoutItemList(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  const line = first.trim();
  if (line === '' || /[.!?:]$/.test(line)) return text;
  const parts = line.split(/[,;/&+]|\s(?:dan|serta|atau|and|or)\s/i).map((p) => p.trim()).filter((p) => p !== '');
  const words = (p: string): number => p.split(/\s+/).length;
  const list = parts.length > 1 ? parts.every((p) => words(p) <= 3) : parts.length === 1 && words(parts[0] ?? '') <= 2;
  return list ? rest.join('\n').trim() : text;
}

/** The first line of a command's text, for the one-line copy to colleagues. */
function firstLine(text: string): string {
  return oneLineOf(text.split('\n')[0] ?? '');
}

function oneLineOf(s: string): string {
  return s.split('\n')[0]?.replace(/\s+/g, ' ').trim() ?? '';
}

/** #request-data asks for the items it names, or else for whatever is still missing. */
function requestedItems(c: Case, e: EventOf<'command'>): MissingItem[] {
  const named = inOrder(e.items ?? []);
  return named.length > 0 ? named : [...c.missing];
}

const PRIORITIES: Readonly<Record<string, Priority>> = {
  tinggi: 'tinggi',
  high: 'tinggi',
  sedang: 'sedang',
  medium: 'sedang',
  rendah: 'rendah',
  low: 'rendah',
};

function parsePriority(args: string): Priority | null {
  const word = args.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return Object.hasOwn(PRIORITIES, word) ? (PRIORITIES[word] ?? null) : null;
}

/** Whether the reporter's message itself brings the item. */
function brings(e: EventOf<'reporter_message'>, item: MissingItem): boolean {
  if (item === 'screenshot') return e.screenshots > 0;
  const v = e.fields[item];
  return typeof v === 'string' && v.trim() !== '';
}

/** Known items only, without duplicates, in MISSING_ORDER. */
function inOrder(items: readonly MissingItem[]): MissingItem[] {
  return MISSING_ORDER.filter((item) => items.includes(item));
}

// ---- helpers: output ----------------------------------------------------------------------

function mail<K extends MailKind>(d: Draft, kind: K, to: Recipient, data: MailData[K]): void {
  d.actions.push({ type: 'mail', kind, to, data } as MailAction);
}

function log(d: Draft, type: string, detail: Record<string, unknown>): void {
  // Names, subjects and field values in a detail come from mail: no password reaches events.detail.
  d.events.push({ type, detail: redactValues(detail) });
}

/** Free text with labelled passwords masked; the masking itself is logged. */
function safe(d: Draft, text: string): string {
  const r = redactSecrets(text);
  if (r.redacted) log(d, 'secret_redacted', { note: 'a labelled password was masked before logging or sending' });
  return r.text;
}

function copyCase(c: Case): Case {
  return {
    ...c,
    openedBy: c.openedBy ? { ...c.openedBy } : null,
    fields: { ...c.fields },
    symptoms: [...c.symptoms],
    missing: [...c.missing],
    requested: [...c.requested],
    clocks: c.clocks.map((k) => ({ ...k })),
  };
}

function finish(d: Draft): Decision {
  return { case: d.c, actions: d.actions, events: d.events };
}

function assertNever(x: never): never {
  throw new Error(`unhandled: ${JSON.stringify(x)}`);
}
