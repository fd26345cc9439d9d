// Write side of cases: turns the workflow's Case into rows and back, allocates refs, and
// finds the case a message belongs to. Called inside the caller's transaction.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Case, Clock } from '../workflow';
import type { Db } from './db';
import { caseCounters, cases, clocks, messages, outbox, outboxRecipients } from './schema';

type CaseRow = typeof cases.$inferSelect;

/** Next ref of the year, e.g. 2026-0042. */
export function allocateRef(db: Db, year: number): string {
  const row = db
    .insert(caseCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: caseCounters.year, set: { last: sql`${caseCounters.last} + 1` } })
    .returning()
    .get();
  return `${year}-${String(row.last).padStart(4, '0')}`;
}

/** The report's data as the case row holds it. */
export function fieldsOf(row: CaseRow): Case['fields'] {
  return {
    committeeName: row.committeeName,
    userId: row.userId,
    tenderCode: row.tenderCode,
    tenderName: row.tenderName,
    phone: row.phone,
    errorCode: row.errorCode,
  };
}

function toCase(row: CaseRow, rowClocks: (typeof clocks.$inferSelect)[]): Case {
  return {
    ref: row.ref,
    state: row.state as Case['state'],
    reporter: row.reporter,
    reporterName: row.reporterName,
    description: row.description,
    openedBy: row.openedByStaff !== null && row.openedVia !== null ? { staff: row.openedByStaff, via: row.openedVia } : null,
    fields: fieldsOf(row),
    screenshots: row.screenshots,
    symptoms: row.symptoms as Case['symptoms'],
    missing: row.missing as Case['missing'],
    requested: row.requested as Case['requested'],
    priority: row.priority as Case['priority'],
    assignee: row.assignee,
    phoneConfirmedAt: row.phoneConfirmedAt,
    lkppTicket: row.lkppTicket,
    escalationMessageId: row.escalationMessageId,
    clocks: rowClocks.map(
      (k): Clock => ({
        step: k.step as Clock['step'],
        owner: k.owner,
        startedAt: k.startedAt,
        dueAt: k.dueAt,
        stoppedAt: k.stoppedAt,
        warnedAt: k.warnedAt,
        breachAlertedAt: k.breachAlertedAt,
        remindedAt: k.remindedAt,
      }),
    ),
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    outcome: row.outcome as Case['outcome'],
  };
}

export interface StoredCase {
  id: number;
  case: Case;
}

export function loadCase(db: Db, where: { ref: string } | { id: number }): StoredCase | null {
  const row = db
    .select()
    .from(cases)
    .where('ref' in where ? eq(cases.ref, where.ref) : eq(cases.id, where.id))
    .get();
  if (!row) return null;
  const rowClocks = db.select().from(clocks).where(eq(clocks.caseId, row.id)).orderBy(clocks.startedAt, clocks.id).all();
  return { id: row.id, case: toCase(row, rowClocks) };
}

/**
 * Inserts or updates the case and its clocks; returns the row id. A clock's exactly-once
 * markers (warnedAt, breachAlertedAt, remindedAt) are only ever set, never cleared: a Case
 * that lacks them cannot un-send an alert.
 */
export function saveCase(db: Db, c: Case, now: Date): number {
  const values = {
    ref: c.ref,
    state: c.state,
    reporter: c.reporter,
    reporterName: c.reporterName,
    description: c.description,
    openedByStaff: c.openedBy?.staff ?? null,
    openedVia: c.openedBy?.via ?? null,
    ...c.fields,
    symptoms: c.symptoms,
    missing: c.missing,
    requested: c.requested,
    screenshots: c.screenshots,
    priority: c.priority,
    assignee: c.assignee,
    phoneConfirmedAt: c.phoneConfirmedAt,
    lkppTicket: c.lkppTicket,
    escalationMessageId: c.escalationMessageId ?? null,
    outcome: c.outcome,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    updatedAt: now,
  };
  const { ref: _ref, ...changes } = values;
  const id = db.insert(cases).values(values).onConflictDoUpdate({ target: cases.ref, set: changes }).returning({ id: cases.id }).get().id;
  for (const k of c.clocks) {
    const markers = { warnedAt: k.warnedAt ?? null, breachAlertedAt: k.breachAlertedAt ?? null, remindedAt: k.remindedAt ?? null };
    db.insert(clocks)
      .values({ caseId: id, step: k.step, owner: k.owner, startedAt: k.startedAt, dueAt: k.dueAt, stoppedAt: k.stoppedAt, ...markers })
      .onConflictDoUpdate({
        target: [clocks.caseId, clocks.step, clocks.startedAt],
        set: {
          dueAt: k.dueAt,
          stoppedAt: k.stoppedAt,
          owner: k.owner,
          warnedAt: sql`coalesce(${clocks.warnedAt}, excluded.warned_at)`,
          breachAlertedAt: sql`coalesce(${clocks.breachAlertedAt}, excluded.breach_alerted_at)`,
          remindedAt: sql`coalesce(${clocks.remindedAt}, excluded.reminded_at)`,
        },
      })
      .run();
  }
  return id;
}

/** The case that already holds (or sent) one of these Message-IDs. */
export function caseByMessageIds(db: Db, ids: string[]): number | null {
  if (ids.length === 0) return null;
  const seen = db
    .select({ caseId: messages.caseId })
    .from(messages)
    .where(and(inArray(messages.messageId, ids), sql`${messages.caseId} is not null`))
    .get();
  if (seen?.caseId != null) return seen.caseId;
  const sent = db
    .select({ caseId: outbox.caseId })
    .from(outbox)
    .where(and(inArray(outbox.messageId, ids), sql`${outbox.caseId} is not null`))
    .get();
  return sent?.caseId ?? null;
}

/**
 * True when `address` is a participant of the case: its reporter, a sender or a To/Cc of mail
 * the case processed, or a recipient of mail it sent. (Mail relayed from outsiders is on no case.)
 */
export function takesPart(db: Db, caseId: number, address: string): boolean {
  const row = db.select({ reporter: cases.reporter }).from(cases).where(eq(cases.id, caseId)).get();
  if (!row) return false;
  if (row.reporter === address) return true;
  const wrote = db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.caseId, caseId),
        // Ignored mail (an auto-reply, list mail) threaded to the case makes nobody a participant.
        eq(messages.disposition, 'processed'),
        sql`(${messages.fromAddr} = ${address} or exists (select 1 from json_each(${messages.toAddrs}) where value = ${address}))`,
      ),
    )
    .get();
  if (wrote) return true;
  const told = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), sql`exists (select 1 from json_each(${outbox.toAddrs}) where value = ${address})`))
    .get();
  return told !== undefined;
}

/** The open case LKPP knows by its own ticket number. */
export function caseByLkppTicket(db: Db, ticket: string): number | null {
  return db.select({ id: cases.id }).from(cases).where(eq(cases.lkppTicket, ticket)).get()?.id ?? null;
}

/** Message-IDs the case has seen or sent, oldest first: the References of our next mail. */
export function threadIds(db: Db, caseId: number): string[] {
  const rows = db
    .select({ id: messages.messageId, at: messages.recordedAt })
    .from(messages)
    .where(eq(messages.caseId, caseId))
    .unionAll(db.select({ id: outbox.messageId, at: outbox.createdAt }).from(outbox).where(eq(outbox.caseId, caseId)))
    .all();
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime()).map((r) => r.id);
}


/**
 * The Message-IDs of a case that `addresses` have seen, oldest first: their own mail to us and
 * ours to them. Mail to a committee or to LKPP threads on these only, never on staff-internal mail.
 */
export function threadIdsSeenBy(db: Db, caseId: number, addresses: readonly string[]): string[] {
  if (addresses.length === 0) return [];
  const lower = addresses.map((a) => a.toLowerCase());
  const rows = db
    .select({ id: messages.messageId, at: messages.recordedAt })
    .from(messages)
    .where(and(eq(messages.caseId, caseId), inArray(messages.fromAddr, lower)))
    .unionAll(
      db
        .selectDistinct({ id: outbox.messageId, at: outbox.createdAt })
        .from(outbox)
        .innerJoin(outboxRecipients, eq(outboxRecipients.outboxId, outbox.id))
        .where(and(eq(outbox.caseId, caseId), inArray(outboxRecipients.address, lower))),
    )
    .all();
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime()).map((r) => r.id);
}
