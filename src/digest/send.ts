/**
 * Getting the digest to its readers: built, rendered and queued as ONE outbox row (kind
 * 'digest', idempotency key `digest:<date>`), so the daemon's SMTP transport delivers it and
 * a second run for the same day — a restart, a manual `digest --send` — queues nothing.
 *
 * Public surface:
 *   prepareDigest(deps, now): { figures, rendered }
 *   queueDigest(db, config, rendered, date, now): Promise<QueuedDigest>   call inside a write lane
 *   runDigest(deps, now, opts?): Promise<DigestRun>     build + queue, in deps.exclusive
 *   digestTimeOn(date, schedule, calendar): Date         when the schedule fires on a date
 *   types DigestDeps, QueuedDigest, DigestRun, Exclusive
 */

import { eq } from 'drizzle-orm';
import type { Config } from '../config/load';
import { messageIdFor } from '../outbox/compose';
import { messageIdSecret } from '../store/message-id-secret';
import { enqueue } from '../outbox/outbox';
import type { Db } from '../store/db';
import { events, outbox } from '../store/schema';
import { coveredYears, type Calendar, type Sop } from '../workflow';
import { buildDigest, isWorkingDay, localMidnight, type DigestFigures } from './figures';
import { renderDigest, type RenderedDigest } from './render';

/** Runs work as one write transaction, never interleaved with other writers (Helpdesk.exclusive). */
export type Exclusive = <T>(work: () => Promise<T>) => Promise<T>;

export interface DigestDeps {
  config: Config;
  db: Db;
  sop: Sop;
  calendar: Calendar;
  exclusive: Exclusive;
}

export interface QueuedDigest {
  key: string;
  /** false: already queued for that day, or nobody to send it to. */
  queued: boolean;
  outboxId: number | null;
  reason: string | null;
}

export interface DigestRun extends QueuedDigest {
  date: string;
  subject: string;
  /** Set when the run was skipped (not a working day). */
  skipped: string | null;
}

export function prepareDigest(deps: Pick<DigestDeps, 'config' | 'db' | 'sop' | 'calendar'>, now: Date): { figures: DigestFigures; rendered: RenderedDigest } {
  const figures = buildDigest(deps.db, now, deps.calendar, deps.sop, coveredYears(deps.config.holidays, deps.config.calendar.extraHolidays));
  const rendered = renderDigest(figures, deps.config.language, { helpdeskName: deps.config.mailbox.name, tagPrefix: deps.config.cases.tagPrefix, staff: deps.config.staff });
  return { figures, rendered };
}

export async function queueDigest(db: Db, config: Config, rendered: RenderedDigest, date: string, now: Date): Promise<QueuedDigest> {
  const key = `digest:${date}`;
  const exists = db.select({ id: outbox.id }).from(outbox).where(eq(outbox.idempotencyKey, key)).get();
  if (exists) return { key, queued: false, outboxId: exists.id, reason: 'already queued for this day' };
  const to = [...config.digest.recipients];
  if (to.length === 0) return { key, queued: false, outboxId: null, reason: 'digest.recipients is empty' };
  const messageId = messageIdFor(key, config.mailbox.messageIdDomain, messageIdSecret(db));
  // The row keeps the parts; the MIME is built when it is sent (src/outbox/message.ts).
  const outboxId = enqueue(db, {
    idempotencyKey: key,
    caseId: null,
    kind: 'digest',
    messageId,
    fromAddr: config.mailbox.address,
    toAddrs: to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    autoSubmitted: 'auto-generated',
    status: 'pending',
    createdAt: now,
  });
  db.insert(events).values({ caseId: null, at: now, type: 'digest_queued', messageId, detail: { date, to, outboxId } }).run();
  return { key, queued: true, outboxId, reason: null };
}

/**
 * Builds the digest as at `now` and queues it. `workingDaysOnly` (the scheduled job): on a day
 * the business calendar has off (a holiday the cron expression cannot know), nothing is sent;
 * the next working day's digest covers the days since the previous one.
 */
export async function runDigest(deps: DigestDeps, now: Date, opts: { workingDaysOnly?: boolean } = {}): Promise<DigestRun> {
  const date = deps.calendar.localDate(now);
  if (opts.workingDaysOnly && !isWorkingDay(deps.calendar, date)) {
    return { date, subject: '', key: `digest:${date}`, queued: false, outboxId: null, reason: null, skipped: 'not a working day' };
  }
  return deps.exclusive(async () => {
    const { rendered } = prepareDigest(deps, now);
    const q = await queueDigest(deps.db, deps.config, rendered, date, now);
    return { ...q, date, subject: rendered.subject, skipped: null };
  });
}

/**
 * When a cron schedule fires on `date` (local): its minute and hour fields when they are plain
 * numbers ('0 7 * * 1-5' -> 07:00), else 07:00. For `digest --date`: the digest as it was sent.
 */
export function digestTimeOn(date: string, schedule: string, calendar: Calendar): Date {
  const fields = schedule.trim().split(/\s+/);
  const [minute, hour] = fields.length === 6 ? fields.slice(1, 3) : fields.slice(0, 2);
  const m = /^\d{1,2}$/.test(minute ?? '') ? Number(minute) : 0;
  const h = /^\d{1,2}$/.test(hour ?? '') ? Number(hour) : 7;
  const midnight = localMidnight(calendar, date);
  return new Date(midnight.getTime() + (h * 60 + m) * 60_000);
}
