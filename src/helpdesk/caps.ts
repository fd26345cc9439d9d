/**
 * Loop guard: how many automatic answers one address may get. Caps are for loops: an unrecognised
 * robot answering our answers within a case (autoReply.maxPerHour per case), or opening case after
 * case (autoReply.maxPerDay across cases, acknowledgments included: a committee's first
 * acknowledgment is never held back by the hourly cap, and only a loop reaches the daily one).
 * What staff send on purpose (#balas, #selesai, #minta-data…) is never capped. Answers anyone can
 * get without a case (short answers, status) are also capped for the whole mailbox, as new-case
 * acknowledgments are (flood-guard.ts): forged senders in bulk get no backscatter.
 *
 * Staff addresses have two counters of autoReply.maxOutsiderAlertsPerHour each: the mail anyone
 * can cause (relays of outsiders' mail, refusals of unproven commands), so that a forger cannot
 * flood a staff inbox; and the bot's own answers to the staff member (refusals, notes, help,
 * status), so that a staff mailbox forwarding everything back cannot loop. A forger fills only
 * the first, never silencing the real staff member's answers.
 * What is held back is logged ('reply_capped') by the queue, and staff are told (outgoing.ts).
 */
import { and, eq, inArray, isNull, like, notLike, or, sql } from 'drizzle-orm';
import type { Config } from '../config/load';
import type { TemplateKind } from '../outbox/render';
import type { Db } from '../store/db';
import { queuedTo, type QueuedNarrowing } from '../outbox/outbox';
import { outbox } from '../store/schema';
import { staffAddresses } from './desk';

const HOUR = 3_600_000;

/** Answers the bot sends by itself because an outside address wrote: the ones a loop repeats. */
export const AUTOMATIC_ANSWERS: readonly TemplateKind[] = ['ack_complete', 'ack_missing', 'data_complete', 'reopened_notice', 'screenshot_details_request', 'screenshot_code_request', 'reporter_short_answer', 'status_answer'];

/** Answers anyone gets without opening a case: capped for the whole mailbox too. */
const CASELESS_ANSWERS: readonly TemplateKind[] = ['reporter_short_answer', 'status_answer'];

/** Staff mail that a stranger's or forger's message causes. */
const OUTSIDER_CAUSED: readonly TemplateKind[] = ['staff_relay_outsider', 'staff_relay_unmatched'];

/** The bot's own answers to a staff member's mail. */
const STAFF_ANSWERS: readonly TemplateKind[] = ['staff_refusal', 'staff_note_recorded', 'staff_help_no_case', 'status_answer'];

/** The idempotency-key suffix of a refusal of an unproven command: counted as outsider-caused. */
export const UNPROVEN = ':unproven';

export interface CappedMail {
  address: string;
  kind: TemplateKind;
  caseId: number | null;
  /** The outbox idempotency key (a refusal of an unproven command ends in UNPROVEN). */
  key: string;
}

/** The kinds counted on a staff address's outsider-caused cap. */
const outsiderCaused = { name: 'outsiderCaused', where: () => or(inArray(outbox.kind, [...OUTSIDER_CAUSED]), like(outbox.idempotencyKey, `%${UNPROVEN}`)) };
/** The kinds counted on a staff address's cap of the bot's own answers. */
const staffAnswers = { name: 'staffAnswers', where: () => and(inArray(outbox.kind, [...STAFF_ANSWERS]), notLike(outbox.idempotencyKey, `%${UNPROVEN}`)) };
const answers = { name: 'answers', where: () => inArray(outbox.kind, [...AUTOMATIC_ANSWERS]) };
const caselessAnswers = { name: 'caselessAnswers', where: () => inArray(outbox.kind, [...CASELESS_ANSWERS]) };

/** Automatic answers within one case (`caseId` null: of no case). */
function answersIn(caseId: number | null): QueuedNarrowing {
  return caseId === null
    ? { name: 'answersOfNoCase', where: () => and(answers.where(), isNull(outbox.caseId)) }
    : { name: 'answersInCase', where: () => and(answers.where(), eq(outbox.caseId, sql.placeholder('caseId'))), values: { caseId } };
}

/** Whether `mail` is over its cap now. */
export function overCap(db: Db, cfg: Config, mail: CappedMail, now: Date): boolean {
  const hourAgo = new Date(now.getTime() - HOUR);
  const { maxPerHour, maxPerDay, maxOutsiderAlertsPerHour, maxNewCaseAcksPerHour } = cfg.autoReply;
  if (staffAddresses(cfg).includes(mail.address)) {
    if (OUTSIDER_CAUSED.includes(mail.kind) || mail.key.endsWith(UNPROVEN)) return queuedTo(db, mail.address, hourAgo, outsiderCaused) >= maxOutsiderAlertsPerHour;
    if (!STAFF_ANSWERS.includes(mail.kind)) return false;
    return queuedTo(db, mail.address, hourAgo, staffAnswers) >= maxOutsiderAlertsPerHour;
  }
  if (!AUTOMATIC_ANSWERS.includes(mail.kind)) return false;
  if (queuedTo(db, mail.address, hourAgo, answersIn(mail.caseId)) >= maxPerHour) return true;
  if (queuedTo(db, mail.address, new Date(now.getTime() - 24 * HOUR), answers) >= maxPerDay) return true;
  return CASELESS_ANSWERS.includes(mail.kind) && queuedTo(db, null, hourAgo, caselessAnswers) >= maxNewCaseAcksPerHour;
}
