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
 * that lacks them cannot un-send an alert. Only the clocks that are new or differ from their
 * stored row are written (a mail usually changes one clock of many, or none). A closed case
 * is marked for the tick's archive (archiveDue): its archive is now older than the case.
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
    archiveDue: c.state === 'closed',
  };
  const { ref: _ref, ...changes } = values;
  const id = db.insert(cases).values(values).onConflictDoUpdate({ target: cases.ref, set: changes }).returning({ id: cases.id }).get().id;
  const stored = new Map(
    db
      .select()
      .from(clocks)
      .where(eq(clocks.caseId, id))
      .all()
      .map((k) => [clockKey(k), k]),
  );
  for (const k of c.clocks) {
    const was = stored.get(clockKey(k));
    const markers = { warnedAt: k.warnedAt ?? null, breachAlertedAt: k.breachAlertedAt ?? null, remindedAt: k.remindedAt ?? null };
    if (was === undefined) {
      const row = db
        .insert(clocks)
        .values({ caseId: id, step: k.step, owner: k.owner, startedAt: k.startedAt, dueAt: k.dueAt, stoppedAt: k.stoppedAt, ...markers })
        .returning()
        .get();
      stored.set(clockKey(row), row);
      continue;
    }
    const next = {
      owner: k.owner,
      dueAt: k.dueAt,
      stoppedAt: k.stoppedAt,
      warnedAt: was.warnedAt ?? markers.warnedAt,
      breachAlertedAt: was.breachAlertedAt ?? markers.breachAlertedAt,
      remindedAt: was.remindedAt ?? markers.remindedAt,
    };
    const same =
      next.owner === was.owner &&
      sameTime(next.dueAt, was.dueAt) &&
      sameTime(next.stoppedAt, was.stoppedAt) &&
      sameTime(next.warnedAt, was.warnedAt) &&
      sameTime(next.breachAlertedAt, was.breachAlertedAt) &&
      sameTime(next.remindedAt, was.remindedAt);
    // The map follows the writes, so that a case listing one clock twice is saved as one row.
    if (!same) stored.set(clockKey(was), db.update(clocks).set(next).where(eq(clocks.id, was.id)).returning().get() ?? was);
  }
  return id;
}

/** A clock's identity within its case, as the unique index (case_id, step, started_at) has it. */
const clockKey = (k: { step: string; startedAt: Date }) => `${k.step}@${k.startedAt.getTime()}`;
const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

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
