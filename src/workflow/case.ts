/**
 * The case: one reported problem, from the first mail to closing, and its SLA clocks.
 *
 * Owns the shape the store persists and the rest of the product reads, plus the few pure
 * helpers that derive facts from it. Whether a clock was met or breached is always derived
 * (met, breached), never stored.
 *
 * Public surface:
 *   types  Case, Clock, Fields, FieldName, MissingItem, Symptom, Priority, Outcome, CaseState,
 *          OpenedBy
 *   MISSING_ORDER                        the order in which missing items are listed
 *   emptyFields(): Fields
 *   mergeFields(old, update): Fields     update's non-empty values win
 *   missingItems(fields, screenshots): MissingItem[]
 *   runningClock(c): Clock | null        at most one clock runs at a time
 *   met(clock): boolean                  stopped on or before its due time
 *   breached(clock, now): boolean        past due (running and late, or stopped late)
 *
 * A Clock may carry exactly-once markers (warnedAt, breachAlertedAt, remindedAt): the tick's
 * alerts and reminder are sent when the marker is unset, and the marker is set in the same
 * decision, so a stored marker means the mail was queued.
 */

import type { CaseState, Owner, StepId } from './sop';

export type { CaseState } from './sop';

export type FieldName = 'committeeName' | 'userId' | 'tenderCode' | 'tenderName' | 'phone' | 'errorCode';
/** The report's data (design.md `fields`): trimmed strings, phone in E.164, or null. */
export type Fields = Record<FieldName, string | null>;
/** What a report must carry (SOP step 1b); errorCode is welcome but never required. */
export type MissingItem = 'committeeName' | 'userId' | 'tenderCode' | 'tenderName' | 'phone' | 'screenshot';
export type Symptom = 'error_notification' | 'redirect_home' | 'endless_loading' | 'upload_failed';
export type Priority = 'tinggi' | 'sedang' | 'rendah';
export type Outcome = 'solved' | 'solved_by_lkpp' | 'closed' | 'no_response';

export const MISSING_ORDER: readonly MissingItem[] = Object.freeze([
  'committeeName',
  'userId',
  'tenderCode',
  'tenderName',
  'phone',
  'screenshot',
]);

/** A staff member opened the case for the committee: from its forwarded mail, or from a report by phone or in person. */
export interface OpenedBy {
  /** The staff member's address. */
  staff: string;
  via: 'forward' | 'phone';
}

/** One SOP step's clock. Due in the business calendar's working time. */
export interface Clock {
  step: StepId;
  owner: Owner;
  startedAt: Date;
  dueAt: Date;
  /** null while it runs. */
  stoppedAt: Date | null;
  /*
   * Exactly-once markers, set by decide() on a tick and persisted with the mail they cause:
   * a marker that is set means that mail was queued and is never queued again for this clock.
   */
  /** Staff were warned that this LPSE clock used `alerts.warnAtPercent` of its standard. */
  warnedAt?: Date | null;
  /** Staff were told that this LPSE clock breached. */
  breachAlertedAt?: Date | null;
  /** The reporter was reminded that this step-1c clock ran out. */
  remindedAt?: Date | null;
}

export interface Case {
  /** e.g. '2026-0042', allocated by the caller. */
  ref: string;
  state: CaseState;
  /** The reporter's e-mail address. */
  reporter: string;
  reporterName: string | null;
  /** The committee's own words about the problem (which menu, which action, what happened); null on cases older than it. */
  description: string | null;
  /** null when the committee wrote in itself. */
  openedBy: OpenedBy | null;
  fields: Fields;
  /** Image attachments received so far, over all the reporter's messages. */
  screenshots: number;
  symptoms: Symptom[];
  /** Required items still absent, in MISSING_ORDER. */
  missing: MissingItem[];
  /** What we last asked the reporter for (empty when we are not waiting on them). */
  requested: MissingItem[];
  priority: Priority | null;
  assignee: string | null;
  phoneConfirmedAt: Date | null;
  lkppTicket: string | null;
  /** Message-ID of the escalation mail or draft; set by the caller once it exists. */
  escalationMessageId?: string | null;
  /** Every clock the case has run, in start order; the archive of the SOP steps passed. */
  clocks: Clock[];
  openedAt: Date;
  closedAt: Date | null;
  outcome: Outcome | null;
}

export function emptyFields(): Fields {
  return { committeeName: null, userId: null, tenderCode: null, tenderName: null, phone: null, errorCode: null };
}

/** old, with every non-empty value of update replacing it (new data overrides, nulls never erase). */
export function mergeFields(old: Fields, update: Partial<Fields>): Fields {
  const merged: Fields = { ...old };
  for (const key of Object.keys(merged) as FieldName[]) {
    const v = update[key];
    if (typeof v === 'string' && v.trim() !== '') merged[key] = v.trim();
  }
  return merged;
}

/** The required items absent from fields and attachments, in MISSING_ORDER. */
export function missingItems(fields: Partial<Fields>, screenshots: number): MissingItem[] {
  return MISSING_ORDER.filter((item) =>
    item === 'screenshot' ? !(screenshots > 0) : !(typeof fields[item] === 'string' && fields[item].trim() !== ''),
  );
}

export function runningClock(c: Pick<Case, 'clocks'>): Clock | null {
  return c.clocks.find((k) => k.stoppedAt === null) ?? null;
}

/** The clock stopped on or before its due time. */
export function met(clock: Clock): boolean {
  return clock.stoppedAt !== null && clock.stoppedAt.getTime() <= clock.dueAt.getTime();
}

/** The clock is past due: still running after dueAt, or stopped after it. */
export function breached(clock: Clock, now: Date): boolean {
  return (clock.stoppedAt ?? now).getTime() > clock.dueAt.getTime();
}
