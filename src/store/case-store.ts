// Write side of cases: turns the workflow's Case into rows and back, allocates refs, and
// finds the case a message belongs to. Called inside the caller's transaction.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Case, Clock } from '../workflow';
import type { Db } from './db';
import { encoded, listed, listSlots, prepared, slots } from './statements';
import { caseCounters, cases, clocks, messages, outbox, outboxRecipients } from './schema';

type CaseRow = typeof cases.$inferSelect;

/** Next ref of the year, e.g. 2026-0042. */
export function allocateRef(db: Db, year: number): string {
  const next = prepared(db, 'caseCounters.next', () =>
    db
      .insert(caseCounters)
      .values({ year: sql.placeholder('year'), last: 1 })
      .onConflictDoUpdate({ target: caseCounters.year, set: { last: sql`${caseCounters.last} + 1` } })
      .returning()
      .prepare(),
  );
  const row = next.get({ year });
  if (!row) throw new Error(`no case counter for ${year}`);
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
  const byRef = 'ref' in where;
  const select = prepared(db, byRef ? 'cases.byRef' : 'cases.byId', () =>
    db
      .select()
      .from(cases)
      .where(byRef ? eq(cases.ref, sql.placeholder('key')) : eq(cases.id, sql.placeholder('key')))
      .prepare(),
  );
  const row = select.get({ key: 'ref' in where ? where.ref : where.id });
  if (!row) return null;
  const ofCase = prepared(db, 'clocks.ofCaseInOrder', () =>
    db.select().from(clocks).where(eq(clocks.caseId, sql.placeholder('caseId'))).orderBy(clocks.startedAt, clocks.id).prepare(),
  );
  const rowClocks = ofCase.all({ caseId: row.id });
  return { id: row.id, case: toCase(row, rowClocks) };
}

/** The case row's columns as `c` sets them. */
function caseColumns(c: Case, now: Date) {
  return {
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
}

/**
 * Inserts or updates the case and its clocks; returns the row id. `before`: the case as loaded
 * in this transaction; then only the columns that differ from it are written (with updatedAt
 * and archiveDue), as most mail changes a case's state and little else. A clock's exactly-once
 * markers (warnedAt, breachAlertedAt, remindedAt) are only ever set, never cleared: a Case
 * that lacks them cannot un-send an alert. Only the clocks that are new or differ from their
 * stored row are written (a mail usually changes one clock of many, or none). A closed case
 * is marked for the tick's archive (archiveDue): its archive is now older than the case.
 */
export function saveCase(db: Db, c: Case, now: Date, before?: StoredCase): number {
  const columns = caseColumns(c, now);
  const id = before ? updateCase(db, before, columns) : upsertCase(db, columns);
  const ofCase = prepared(db, 'clocks.ofCase', () => db.select().from(clocks).where(eq(clocks.caseId, sql.placeholder('caseId'))).prepare());
  const stored = new Map(ofCase.all({ caseId: id }).map((k) => [clockKey(k), k]));
  for (const k of c.clocks) {
    const was = stored.get(clockKey(k));
    const markers = { warnedAt: k.warnedAt ?? null, breachAlertedAt: k.breachAlertedAt ?? null, remindedAt: k.remindedAt ?? null };
    if (was === undefined) {
      const insert = prepared(db, 'clocks.insert', () => db.insert(clocks).values(slots(CLOCK_COLUMNS)).returning().prepare());
      const row = insert.get(encoded(clocks, { caseId: id, step: k.step, owner: k.owner, startedAt: k.startedAt, dueAt: k.dueAt, stoppedAt: k.stoppedAt, ...markers }));
      if (!row) throw new Error(`clock ${k.step} of case ${c.ref} was not inserted`);
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
    const update = prepared(db, 'clocks.update', () =>
      db.update(clocks).set(slots(CLOCK_CHANGES)).where(eq(clocks.id, sql.placeholder('id'))).returning().prepare(),
    );
    if (!same) stored.set(clockKey(was), update.get({ ...encoded(clocks, next), id: was.id }) ?? was);
  }
  return id;
}

const CLOCK_COLUMNS = ['caseId', 'step', 'owner', 'startedAt', 'dueAt', 'stoppedAt', 'warnedAt', 'breachAlertedAt', 'remindedAt'] as const;
const CLOCK_CHANGES = ['owner', 'dueAt', 'stoppedAt', 'warnedAt', 'breachAlertedAt', 'remindedAt'] as const;

type CaseColumns = ReturnType<typeof caseColumns>;

/** As drizzle's own insert and update: a column left undefined is not written (it keeps its default or value). */
const givenKeys = (columns: CaseColumns) => (Object.keys(columns) as (keyof CaseColumns)[]).filter((k) => columns[k] !== undefined);

/** Inserts the case, or overwrites the row of its ref. */
function upsertCase(db: Db, columns: CaseColumns): number {
  const keys = givenKeys(columns);
  const upsert = prepared(db, `cases.upsert:${keys.join(',')}`, () => {
    const { ref: _ref, ...changes } = slots(keys);
    return db.insert(cases).values(slots(keys)).onConflictDoUpdate({ target: cases.ref, set: changes }).returning({ id: cases.id }).prepare();
  });
  const saved = upsert.get(encoded(cases, columns));
  if (!saved) throw new Error(`case ${columns.ref} was not saved`);
  return saved.id;
}

/** Writes the columns of the case row that differ from `before`'s, and its updatedAt and archiveDue. */
function updateCase(db: Db, before: StoredCase, columns: CaseColumns): number {
  const values = encoded(cases, columns);
  const was = encoded(cases, caseColumns(before.case, columns.updatedAt));
  const keys = givenKeys(columns).filter((k) => k === 'updatedAt' || k === 'archiveDue' || (k !== 'ref' && values[k] !== was[k]));
  const update = prepared(db, `cases.update:${keys.join(',')}`, () => db.update(cases).set(slots(keys)).where(eq(cases.id, sql.placeholder('id'))).prepare());
  update.run({ ...values, id: before.id });
  return before.id;
}

/** A clock's identity within its case, as the unique index (case_id, step, started_at) has it. */
const clockKey = (k: { step: string; startedAt: Date }) => `${k.step}@${k.startedAt.getTime()}`;
const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

/** The case that already holds (or sent) one of these Message-IDs. */
export function caseByMessageIds(db: Db, ids: string[]): number | null {
  if (ids.length === 0) return null;
  const values = listed('id', ids);
  const received = prepared(db, `messages.caseOfIds:${ids.length}`, () =>
    db
      .select({ caseId: messages.caseId })
      .from(messages)
      .where(and(inArray(messages.messageId, listSlots('id', ids.length)), sql`${messages.caseId} is not null`))
      .prepare(),
  );
  const seen = received.get(values);
  if (seen?.caseId != null) return seen.caseId;
  const ours = prepared(db, `outbox.caseOfIds:${ids.length}`, () =>
    db
      .select({ caseId: outbox.caseId })
      .from(outbox)
      .where(and(inArray(outbox.messageId, listSlots('id', ids.length)), sql`${outbox.caseId} is not null`))
      .prepare(),
  );
  return ours.get(values)?.caseId ?? null;
}

/**
 * True when `address` is a participant of the case: its reporter, a sender or a To/Cc of mail
 * the case processed, or a recipient of mail it sent. (Mail relayed from outsiders is on no case.)
 */
export function takesPart(db: Db, caseId: number, address: string): boolean {
  const reporter = prepared(db, 'cases.reporter', () =>
    db.select({ reporter: cases.reporter }).from(cases).where(eq(cases.id, sql.placeholder('caseId'))).prepare(),
  );
  const row = reporter.get({ caseId });
  if (!row) return false;
  if (row.reporter === address) return true;
  const address_ = sql.placeholder('address');
  const wrote = prepared(db, 'messages.wroteInCase', () =>
    db
      .select({ id: messages.id })
      .from(messages)
      .where(
        and(
          eq(messages.caseId, sql.placeholder('caseId')),
          // Ignored mail (an auto-reply, list mail) threaded to the case makes nobody a participant.
          eq(messages.disposition, 'processed'),
          sql`(${messages.fromAddr} = ${address_} or exists (select 1 from json_each(${messages.toAddrs}) where value = ${address_}))`,
        ),
      )
      .prepare(),
  );
  if (wrote.get({ caseId, address })) return true;
  const told = prepared(db, 'outbox.toldInCase', () =>
    db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.caseId, sql.placeholder('caseId')), sql`exists (select 1 from json_each(${outbox.toAddrs}) where value = ${address_})`))
      .prepare(),
  );
  return told.get({ caseId, address }) !== undefined;
}

/** The open case LKPP knows by its own ticket number. */
export function caseByLkppTicket(db: Db, ticket: string): number | null {
  return db.select({ id: cases.id }).from(cases).where(eq(cases.lkppTicket, ticket)).get()?.id ?? null;
}

/** Message-IDs the case has seen or sent, oldest first: the References of our next mail. */
export function threadIds(db: Db, caseId: number): string[] {
  const thread = prepared(db, 'messages.threadIds', () =>
    db
      .select({ id: messages.messageId, at: messages.recordedAt })
      .from(messages)
      .where(eq(messages.caseId, sql.placeholder('caseId')))
      .unionAll(db.select({ id: outbox.messageId, at: outbox.createdAt }).from(outbox).where(eq(outbox.caseId, sql.placeholder('caseId'))))
      .prepare(),
  );
  const rows = thread.all({ caseId });
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime()).map((r) => r.id);
}


/**
 * The Message-IDs of a case that `addresses` have seen, oldest first: their own mail to us and
 * ours to them. Mail to a committee or to LKPP threads on these only, never on staff-internal mail.
 */
export function threadIdsSeenBy(db: Db, caseId: number, addresses: readonly string[]): string[] {
  if (addresses.length === 0) return [];
  const lower = addresses.map((a) => a.toLowerCase());
  const seenBy = prepared(db, `messages.threadIdsSeenBy:${lower.length}`, () =>
    db
      .select({ id: messages.messageId, at: messages.recordedAt })
      .from(messages)
      .where(and(eq(messages.caseId, sql.placeholder('caseId')), inArray(messages.fromAddr, listSlots('address', lower.length))))
      .unionAll(
        db
          .selectDistinct({ id: outbox.messageId, at: outbox.createdAt })
          .from(outbox)
          .innerJoin(outboxRecipients, eq(outboxRecipients.outboxId, outbox.id))
          .where(and(eq(outbox.caseId, sql.placeholder('caseId')), inArray(outboxRecipients.address, listSlots('address', lower.length)))),
      )
      .prepare(),
  );
  const rows = seenBy.all({ caseId, ...listed('address', lower) });
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime()).map((r) => r.id);
}
