// Read side for the CLI and reports: cases with their clocks, timeline and messages, in the
// JSON shape `cases --json` and `case REF --json` promise. The list's filters run in SQL, served
// by indexes (cases_state_opened_idx, cases_assignee_idx, cases_opened_idx): on years of cases
// `cases` reads only the rows it shows, and their clocks by the (case, step, start) unique index.
import { and, asc, desc, eq, gte, inArray, type SQL } from 'drizzle-orm';
import { STATES } from '../workflow';
import { fieldsOf } from './case-store';
import type { Db } from './db';
import { cases, clocks, events, messages, outbox } from './schema';

export interface ClockView {
  step: string;
  owner: 'lpse' | 'reporter' | 'lkpp';
  startedAt: string;
  dueAt: string;
  stoppedAt: string | null;
  /** Derived: stopped after its due time, or still running past it. */
  breached: boolean;
}

export interface CaseView {
  ref: string;
  state: string;
  /** The SOP step of the most recent clock. */
  step: string | null;
  reporter: string;
  fields: {
    committeeName: string | null;
    userId: string | null;
    tenderCode: string | null;
    tenderName: string | null;
    phone: string | null;
    errorCode: string | null;
  };
  missing: string[];
  /** The staff member's address the case is assigned to (#tugaskan), or null. */
  assignee: string | null;
  clocks: ClockView[];
}

export interface CaseDetailView extends CaseView {
  symptoms: string[];
  priority: string | null;
  assignee: string | null;
  lkppTicket: string | null;
  outcome: string | null;
  openedAt: string;
  closedAt: string | null;
  timeline: { at: string; type: string; actor: string | null; messageId: string | null; detail: Record<string, unknown> }[];
  /** Incoming messages and the bot's own mail (kind = template kind, disposition = outbox status). */
  messages: {
    messageId: string;
    direction: 'in' | 'out';
    kind: string;
    from: string;
    to: string[];
    subject: string;
    date: string | null;
    disposition: string;
  }[];
}

type CaseRow = typeof cases.$inferSelect;
type ClockRow = typeof clocks.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function isBreached(c: Pick<ClockRow, 'dueAt' | 'stoppedAt'>, now: Date): boolean {
  return (c.stoppedAt ?? now).getTime() > c.dueAt.getTime();
}

function toView(row: CaseRow, rowClocks: ClockRow[], now: Date): CaseView {
  const last = rowClocks[rowClocks.length - 1];
  return {
    ref: row.ref,
    state: row.state,
    step: last ? last.step : null,
    reporter: row.reporter,
    fields: fieldsOf(row),
    missing: row.missing,
    assignee: row.assignee,
    clocks: rowClocks.map((c) => ({
      step: c.step,
      owner: c.owner,
      startedAt: c.startedAt.toISOString(),
      dueAt: c.dueAt.toISOString(),
      stoppedAt: iso(c.stoppedAt),
      breached: isBreached(c, now),
    })),
  };
}

/** Which cases `listCases` returns; every field narrows (an empty filter: every case). */
export interface CaseFilter {
  /** Only cases in one of these states. */
  states?: readonly string[];
  /** Only cases not closed (ignored when `states` is given). */
  openOnly?: boolean;
  /** Only cases assigned to this address (lower case, as config and the store keep it). */
  assignee?: string;
  /** Only cases opened at or after this instant. */
  since?: Date;
  /** At most this many, the newest first. */
  limit?: number;
}

const OPEN_STATES = STATES.filter((r) => r.state !== 'closed').map((r) => r.state);

/** SQLite's limit on bound parameters is 32,766; clocks are read for this many cases at a time. */
const CLOCK_BATCH = 500;

export function listCases(db: Db, now: Date, filter: CaseFilter = {}): CaseView[] {
  const where: SQL[] = [];
  if (filter.states !== undefined) where.push(inArray(cases.state, [...filter.states]));
  // IN over the open states, not `<> 'closed'`: the state index then skips the closed years.
  else if (filter.openOnly) where.push(inArray(cases.state, OPEN_STATES));
  if (filter.assignee !== undefined) where.push(eq(cases.assignee, filter.assignee));
  if (filter.since !== undefined) where.push(gte(cases.openedAt, filter.since));
  const query = db
    .select()
    .from(cases)
    .where(and(...where))
    .orderBy(desc(cases.openedAt), desc(cases.id));
  const rows = filter.limit !== undefined ? query.limit(filter.limit).all() : query.all();
  const byCase = new Map<number, ClockRow[]>();
  for (let i = 0; i < rows.length; i += CLOCK_BATCH) {
    const ids = rows.slice(i, i + CLOCK_BATCH).map((r) => r.id);
    const batch = db.select().from(clocks).where(inArray(clocks.caseId, ids)).orderBy(asc(clocks.startedAt), asc(clocks.id)).all();
    for (const c of batch) {
      const list = byCase.get(c.caseId) ?? [];
      list.push(c);
      byCase.set(c.caseId, list);
    }
  }
  return rows.map((r) => toView(r, byCase.get(r.id) ?? [], now));
}

export function findCase(db: Db, ref: string, now: Date): CaseDetailView | null {
  const row = db.select().from(cases).where(eq(cases.ref, ref)).get();
  if (!row) return null;
  const rowClocks = db
    .select()
    .from(clocks)
    .where(eq(clocks.caseId, row.id))
    .orderBy(asc(clocks.startedAt), asc(clocks.id))
    .all();
  const timeline = db.select().from(events).where(eq(events.caseId, row.id)).orderBy(asc(events.at), asc(events.id)).all();
  const msgs = db
    .select()
    .from(messages)
    .where(eq(messages.caseId, row.id))
    .orderBy(asc(messages.recordedAt), asc(messages.id))
    .all();
  const sent = db.select().from(outbox).where(eq(outbox.caseId, row.id)).orderBy(asc(outbox.id)).all();
  return {
    ...toView(row, rowClocks, now),
    symptoms: row.symptoms,
    priority: row.priority,
    lkppTicket: row.lkppTicket,
    outcome: row.outcome,
    openedAt: row.openedAt.toISOString(),
    closedAt: iso(row.closedAt),
    timeline: timeline.map((e) => ({
      at: e.at.toISOString(),
      type: e.type,
      actor: e.actor,
      messageId: e.messageId,
      detail: e.detail,
    })),
    messages: [
      ...msgs.map((m) => ({
        messageId: m.messageId,
        direction: m.direction,
        kind: m.kind,
        from: m.fromAddr,
        to: m.toAddrs,
        subject: m.subject,
        date: iso(m.date),
        disposition: m.disposition,
        at: m.recordedAt,
      })),
      ...sent.map((o) => ({
        messageId: o.messageId,
        direction: 'out' as const,
        kind: o.kind,
        from: o.fromAddr,
        to: o.toAddrs,
        subject: o.subject,
        date: iso(o.sentAt),
        disposition: o.status,
        at: o.createdAt,
      })),
    ]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map(({ at: _at, ...m }) => m),
  };
}
