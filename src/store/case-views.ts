// Read side for the CLI and reports: cases with their clocks, timeline and messages, in the
// JSON shape `cases --json` and `case REF --json` promise. The list's filters run in SQL, served
// by indexes (cases_state_opened_idx, cases_assignee_idx, cases_opened_idx): on years of cases
// `cases` reads only the rows it shows, and their clocks by the (case, step, start) unique index.
//
// Plain prepared statements on the connection, not drizzle: `cases` is a command a person waits
// for, and loading the query builder and mapping its rows took longer than the reading itself.
// Times are the store's integer milliseconds, JSON columns their text (schema.ts).
import type { Connection } from './connection';
import { screenshotsOfCase, type ScreenshotView } from './case-screenshots';
import { STATES } from '../workflow/sop';

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
  /** The case's screenshots, each with what reading it gave (null while it waits, or when reading is off). */
  screenshots: ScreenshotView[];
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

/** The columns of a case a list row shows, in this order (`raw()` rows), then its clock's. */
const CASE_COLUMNS = ['id', 'ref', 'state', 'reporter', 'committee_name', 'user_id', 'tender_code', 'tender_name', 'phone', 'error_code', 'missing', 'assignee'];
const CLOCK_COLUMNS = ['step', 'owner', 'started_at', 'due_at', 'stopped_at'];

type Cell = string | number | null;

const iso = (ms: Cell | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const str = (v: Cell | undefined) => v as string;
const strOrNull = (v: Cell | undefined) => (v ?? null) as string | null;

/** A case's view without its clocks, from a row in CASE_COLUMNS order. */
function caseView(row: readonly Cell[]): CaseView {
  return {
    ref: str(row[1]),
    state: str(row[2]),
    step: null,
    reporter: str(row[3]),
    fields: {
      committeeName: strOrNull(row[4]),
      userId: strOrNull(row[5]),
      tenderCode: strOrNull(row[6]),
      tenderName: strOrNull(row[7]),
      phone: strOrNull(row[8]),
      errorCode: strOrNull(row[9]),
    },
    missing: JSON.parse(str(row[10])) as string[],
    assignee: strOrNull(row[11]),
    clocks: [],
  };
}

/** Adds the clock whose CLOCK_COLUMNS start at `at` in `row`; clocks come in order, so the last names the step. */
function addClock(view: CaseView, row: readonly Cell[], at: number, now: number): void {
  const step = str(row[at]);
  const dueAt = row[at + 3] as number;
  const stoppedAt = (row[at + 4] ?? null) as number | null;
  view.step = step;
  view.clocks.push({
    step,
    owner: row[at + 1] as ClockView['owner'],
    startedAt: new Date(row[at + 2] as number).toISOString(),
    dueAt: new Date(dueAt).toISOString(),
    stoppedAt: iso(stoppedAt),
    // Stopped after its due time, or still running past it.
    breached: (stoppedAt ?? now) > dueAt,
  });
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

/**
 * The cases of `filter`, newest first, one at a time: one statement (the cases by their index,
 * each one's clocks by theirs) read as the caller writes them out, so that `cases --all` on
 * years of cases never holds the whole list.
 */
export function* eachCase(sqlite: Connection, now: Date, filter: CaseFilter = {}): Generator<CaseView> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  // IN over the open states, not `<> 'closed'`: the state index then skips the closed years.
  const states = filter.states ?? (filter.openOnly ? OPEN_STATES : undefined);
  if (states !== undefined) {
    where.push(`state IN (${states.map(() => '?').join(', ')})`);
    params.push(...states);
  }
  if (filter.assignee !== undefined) {
    where.push('assignee = ?');
    params.push(filter.assignee);
  }
  if (filter.since !== undefined) {
    where.push('opened_at >= ?');
    params.push(filter.since.getTime());
  }
  // A negative LIMIT is none.
  params.push(filter.limit ?? -1);
  const listing = sqlite
    .prepare<unknown[], Cell[]>(
      `SELECT ${CASE_COLUMNS.map((c) => `c.${c}`).join(', ')}, ${CLOCK_COLUMNS.map((c) => `k.${c}`).join(', ')}
       FROM (SELECT ${CASE_COLUMNS.join(', ')}, opened_at FROM cases ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
             ORDER BY opened_at DESC, id DESC LIMIT ?) AS c
       LEFT JOIN clocks AS k ON k.case_id = c.id
       ORDER BY c.opened_at DESC, c.id DESC, k.started_at, k.id`,
    )
    .raw();
  const t = now.getTime();
  const clockAt = CASE_COLUMNS.length;
  let view: CaseView | null = null;
  let id: Cell | undefined = null;
  for (const row of listing.iterate(...params)) {
    if (row[0] !== id) {
      if (view !== null) yield view;
      id = row[0];
      view = caseView(row);
    }
    // A case without clocks comes as one row whose clock columns are null.
    if (view !== null && row[clockAt] !== null) addClock(view, row, clockAt, t);
  }
  if (view !== null) yield view;
}

export function listCases(sqlite: Connection, now: Date, filter: CaseFilter = {}): CaseView[] {
  return [...eachCase(sqlite, now, filter)];
}

interface EventRow {
  at: number;
  type: string;
  actor: string | null;
  message_id: string | null;
  detail: string;
}

interface MessageRow {
  message_id: string;
  direction: 'in' | 'out';
  kind: string;
  from_addr: string;
  to_addrs: string;
  subject: string;
  date: number | null;
  disposition: string;
  at: number;
}

export function findCase(sqlite: Connection, ref: string, now: Date): CaseDetailView | null {
  const row = sqlite
    .prepare<[string], Cell[]>(`SELECT ${CASE_COLUMNS.join(', ')}, symptoms, priority, lkpp_ticket, outcome, opened_at, closed_at FROM cases WHERE ref = ?`)
    .raw()
    .get(ref);
  if (row === undefined) return null;
  const id = row[0];
  const view = caseView(row);
  const t = now.getTime();
  for (const k of sqlite.prepare<[Cell | undefined], Cell[]>(`SELECT ${CLOCK_COLUMNS.join(', ')} FROM clocks WHERE case_id = ? ORDER BY started_at, id`).raw().iterate(id)) addClock(view, k, 0, t);
  const more = CASE_COLUMNS.length;
  const timeline = sqlite.prepare<[Cell | undefined], EventRow>('SELECT at, type, actor, message_id, detail FROM events WHERE case_id = ? ORDER BY at, id').all(id);
  const msgs = sqlite
    .prepare<[Cell | undefined], MessageRow>('SELECT message_id, direction, kind, from_addr, to_addrs, subject, date, disposition, recorded_at AS at FROM messages WHERE case_id = ? ORDER BY recorded_at, id')
    .all(id);
  const sent = sqlite
    .prepare<[Cell | undefined], MessageRow>("SELECT message_id, 'out' AS direction, kind, from_addr, to_addrs, subject, sent_at AS date, status AS disposition, created_at AS at FROM outbox WHERE case_id = ? ORDER BY id")
    .all(id);
  return {
    ...view,
    symptoms: JSON.parse(str(row[more])) as string[],
    priority: strOrNull(row[more + 1]),
    lkppTicket: strOrNull(row[more + 2]),
    outcome: strOrNull(row[more + 3]),
    openedAt: new Date(row[more + 4] as number).toISOString(),
    closedAt: iso(row[more + 5]),
    screenshots: screenshotsOfCase(sqlite, id as number),
    timeline: timeline.map((e) => ({
      at: new Date(e.at).toISOString(),
      type: e.type,
      actor: e.actor,
      messageId: e.message_id,
      detail: JSON.parse(e.detail) as Record<string, unknown>,
    })),
    // By time; at the same instant the sort keeps recorded messages before the outbox's mail.
    messages: [...msgs, ...sent]
      .sort((a, b) => a.at - b.at)
      .map((m) => ({
        messageId: m.message_id,
        direction: m.direction,
        kind: m.kind,
        from: m.from_addr,
        to: JSON.parse(m.to_addrs) as string[],
        subject: m.subject,
        date: iso(m.date),
        disposition: m.disposition,
      })),
  };
}
