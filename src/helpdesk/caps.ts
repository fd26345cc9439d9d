/**
 * Loop guard: how many automatic answers one outside address may get. Caps are for repeated
 * automatic answers (an unrecognised robot answering our answer, within a case) and for loops
 * across cases; never for the first acknowledgment of a new case, nor for what staff send on
 * purpose (#balas, #selesai, #minta-data…). Staff addresses are capped only for the mail anyone
 * can cause (refusals, relays of outsiders' mail), so that a forger writing as a staff member
 * cannot flood that member's inbox. What is held back is logged ('reply_capped') by the queue.
 */
import { and, eq, gte, inArray, isNull, notLike, sql } from 'drizzle-orm';
import type { Config } from '../config/load';
import type { TemplateKind } from '../outbox/render';
import { queuedTo } from '../outbox/outbox';
import type { Db } from '../store/db';
import { outbox, outboxRecipients } from '../store/schema';
import { staffAddresses } from './desk';

const HOUR = 3_600_000;

/** Answers the bot sends by itself because an outside address wrote: the ones a loop repeats. */
export const AUTOMATIC_ANSWERS: readonly TemplateKind[] = ['ack_complete', 'ack_missing', 'data_complete', 'reopened_notice', 'reporter_short_answer', 'status_answer'];

/** Staff mail that a stranger's or forger's message causes. */
export const OUTSIDER_CAUSED: readonly TemplateKind[] = ['staff_refusal', 'staff_relay_outsider', 'staff_relay_unmatched'];

/** The idempotency-key suffix of a new case's first acknowledgment: never capped, never counted. */
export const FIRST_ANSWER = ':first-answer';

function answersTo(db: Db, address: string, since: Date, caseId: number | null | undefined): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(outboxRecipients)
      .innerJoin(outbox, eq(outbox.id, outboxRecipients.outboxId))
      .where(
        and(
          eq(outboxRecipients.address, address.toLowerCase()),
          gte(outboxRecipients.createdAt, since),
          inArray(outbox.status, ['pending', 'sent', 'failed']),
          inArray(outbox.kind, [...AUTOMATIC_ANSWERS]),
          notLike(outbox.idempotencyKey, `%${FIRST_ANSWER}`),
          caseId === undefined ? undefined : caseId === null ? isNull(outbox.caseId) : eq(outbox.caseId, caseId),
        ),
      )
      .get()?.n ?? 0
  );
}

/** Whether a mail of `kind` to `address` (about case `caseId`) is over its cap now. */
export function overCap(db: Db, cfg: Config, mail: { address: string; kind: TemplateKind; caseId: number | null; firstAnswer: boolean }, now: Date): boolean {
  if (staffAddresses(cfg).includes(mail.address)) {
    return OUTSIDER_CAUSED.includes(mail.kind) && queuedTo(db, mail.address, new Date(now.getTime() - HOUR), OUTSIDER_CAUSED) >= cfg.autoReply.maxOutsiderAlertsPerHour;
  }
  if (mail.firstAnswer || !AUTOMATIC_ANSWERS.includes(mail.kind)) return false;
  const { maxPerHour, maxPerDay } = cfg.autoReply;
  return answersTo(db, mail.address, new Date(now.getTime() - HOUR), mail.caseId) >= maxPerHour || answersTo(db, mail.address, new Date(now.getTime() - 24 * HOUR), undefined) >= maxPerDay;
}
