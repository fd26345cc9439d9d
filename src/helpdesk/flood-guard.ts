/**
 * The mailbox-wide guard beside the per-recipient caps: the helpdesk address is public, and a
 * thousand forged senders must not get a thousand acknowledgments (backscatter under our
 * name) nor bury staff under a thousand notices. Past `maxNewCaseAcksPerHour` a new case gets
 * no acknowledgment; past `staffNewCaseNoticesPerInterval` notices in the last
 * `staffSummaryMinutes`, a new case's staff notice is folded into one summary per interval.
 * Nothing is lost: each withheld ack and folded notice is an event on its case, and the
 * summary lists every folded case. The summary's outbox key is its interval, so it is queued
 * exactly once whoever queues it first (the next new case or the per-minute tick).
 */
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { logEvent } from '../store/event-log';
import { encode, prepared } from '../store/statements';
import { outboxKeyTaken } from '../outbox/outbox';
import { cases, events, outbox } from '../store/schema';

export interface FloodLimits {
  maxNewCaseAcksPerHour: number;
  staffNewCaseNoticesPerInterval: number;
  staffSummaryMinutes: number;
}

const HOUR = 3_600_000;
const ACK_KINDS = ['ack_complete', 'ack_missing'];
const NOTICE_KIND = 'staff_new_case';
const ACK_WITHHELD = 'ack_withheld';
const NOTICE_FOLDED = 'staff_notice_folded';

function queuedSince(db: Db, kinds: readonly string[], since: Date): number {
  const count = prepared(db, `outbox.queuedSince:${kinds.join(',')}`, () =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(outbox)
      .where(and(inArray(outbox.kind, [...kinds]), gte(outbox.createdAt, sql.placeholder('since'))))
      .prepare(),
  );
  return count.get({ since: encode(outbox.createdAt, since) })?.n ?? 0;
}

/** The start of the summary interval `now` falls in (intervals are aligned to the epoch). */
function intervalOf(now: Date, minutes: number): number {
  const span = minutes * 60_000;
  return Math.floor(now.getTime() / span) * span;
}

function summaryKey(interval: number): string {
  return `new_cases_summary:${interval}`;
}

/**
 * A new case's planned mails, less the acknowledgment over the hourly cap and the staff notice
 * over the interval's; what is held back is logged on the case. A case whose ack was withheld
 * is always folded, so that staff see it in the summary.
 */
export function guardNewCase<P extends { kind: string }>(db: Db, limits: FloodLimits, caseId: number, plans: P[], causeId: string, now: Date): P[] {
  const ackWithheld = queuedSince(db, ACK_KINDS, new Date(now.getTime() - HOUR)) >= limits.maxNewCaseAcksPerHour;
  const busy = queuedSince(db, [NOTICE_KIND], new Date(now.getTime() - limits.staffSummaryMinutes * 60_000)) >= limits.staffNewCaseNoticesPerInterval;
  const fold = ackWithheld || busy;
  const log = (type: string, detail: Record<string, unknown>) => logEvent(db, { caseId, at: now, type, messageId: causeId, detail });
  return plans.filter((p) => {
    if (ackWithheld && ACK_KINDS.includes(p.kind)) {
      log(ACK_WITHHELD, { kind: p.kind, limitPerHour: limits.maxNewCaseAcksPerHour });
      return false;
    }
    if (fold && p.kind === NOTICE_KIND) {
      log(NOTICE_FOLDED, { interval: intervalOf(now, limits.staffSummaryMinutes), ackWithheld });
      return false;
    }
    return true;
  });
}

export interface FoldedCase {
  ref: string;
  reporter: string;
  reporterName: string | null;
  openedAt: Date;
  ackWithheld: boolean;
}

export interface DueSummary {
  key: string;
  from: Date;
  until: Date;
  cases: FoldedCase[];
}

/** Summaries of the intervals that have ended with folded notices and no summary queued yet. */
export function dueSummaries(db: Db, limits: FloodLimits, now: Date): DueSummary[] {
  const span = limits.staffSummaryMinutes * 60_000;
  // A day back is enough: the tick runs every minute, and a summary later than that helps no one.
  const folded = prepared(db, 'events.foldedNotices', () =>
    db
      .select({ detail: events.detail, ref: cases.ref, reporter: cases.reporter, reporterName: cases.reporterName, openedAt: cases.openedAt })
      .from(events)
      .innerJoin(cases, eq(cases.id, events.caseId))
      .where(and(eq(events.type, NOTICE_FOLDED), gte(events.at, sql.placeholder('since'))))
      .orderBy(events.at, events.id)
      .prepare(),
  );
  const rows = folded.all({ since: encode(events.at, new Date(now.getTime() - 24 * HOUR - span)) });
  const byInterval = new Map<number, FoldedCase[]>();
  for (const row of rows) {
    const interval = Number(row.detail['interval']);
    if (!Number.isFinite(interval) || interval + span > now.getTime()) continue;
    const list = byInterval.get(interval) ?? [];
    list.push({ ref: row.ref, reporter: row.reporter, reporterName: row.reporterName, openedAt: row.openedAt, ackWithheld: row.detail['ackWithheld'] === true });
    byInterval.set(interval, list);
  }
  const due: DueSummary[] = [];
  for (const [interval, folded] of byInterval) {
    const key = summaryKey(interval);
    if (outboxKeyTaken(db, key)) continue;
    due.push({ key, from: new Date(interval), until: new Date(interval + span), cases: folded });
  }
  return due;
}
