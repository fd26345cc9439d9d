// The answers and relays of mail that threads to no case (routing.ts rows with where
// 'no_case'): nothing changes a case, but someone is always told.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { suggestCommand } from '../inbox/commands';
import type { Reading } from '../inbox/reading';
import { formatDateTime } from '../outbox/format';
import { STATE_LABELS } from '../outbox/labels';
import { loadCase, type StoredCase } from '../store/case-store';
import { cases, outbox } from '../store/schema';
import { runningClock } from '../workflow';
import { staffAddresses, tagOf, type Desk } from './desk';
import { plan, type PlannedMail } from './outgoing';

/** To staff: a mail of no case that nobody answers (LKPP's circular, an unproven sender, machine mail with data). */
export function relayUnmatched(desk: Desk, r: Reading, messageId: string, from: string, why: 'lkpp' | 'unproven' | 'machine', detail: string): PlannedMail {
  const data = { from: from || '(tanpa pengirim)', subject: r.subject, text: r.freshText, why, detail };
  return plan(`${messageId}:unmatched`, 'staff_relay_unmatched', staffAddresses(desk.cfg), data);
}

export type HelpProblem = 'phone_report_without_address' | 'attach_without_relay' | 'attach_unknown_case' | 'command_without_case' | '';

/** To a staff sender whose mail of no case runs nothing: how to open a case, the commands, what was wrong. */
export function helpNoCase(r: Reading, messageId: string, from: string, problem: HelpProblem, ref = ''): PlannedMail {
  const unknown = r.unknownCommands.map((w) => ({ word: w, suggestion: suggestCommand(w.replace(/^#/, '')) ?? '' }));
  const why = problem === '' && (r.commands.length > 0 || r.misplacedCommands.length > 0) ? 'command_without_case' : problem;
  // Threading to no case with a tag in the subject: the tag names a case that does not exist.
  const missingRef = r.caseRef ?? '';
  return plan(`${messageId}:help`, 'staff_help_no_case', [from], { unknown, problem: why, ref, missingRef }, { autoSubmitted: 'auto-replied' });
}

/** To a committee whose mail opened no case (empty, or only a command). */
export function shortAnswer(messageId: string, from: string, reason: 'blank' | 'command'): PlannedMail {
  return plan(`${messageId}:short`, 'reporter_short_answer', [from], { reason }, { autoSubmitted: 'auto-replied' });
}

const STATUS_LIMIT = 50;

/** `#status`: the sender's open cases (a staff member's assigned ones, or all when none is), and what is overdue. */
export function statusAnswer(desk: Desk, messageId: string, from: string, forStaff: boolean, now: Date): PlannedMail {
  const { cfg, db } = desk;
  const open = (extra: ReturnType<typeof eq> | undefined) =>
    db.select({ id: cases.id }).from(cases).where(and(ne(cases.state, 'closed'), extra)).orderBy(cases.id).limit(STATUS_LIMIT).all();
  let rows = forStaff ? open(eq(cases.assignee, from)) : open(eq(cases.reporter, from));
  if (forStaff && rows.length === 0) rows = open(undefined);
  const stored = rows.map((r) => loadCase(db, { id: r.id })).filter((s): s is StoredCase => s !== null);
  const list = stored.map(({ case: c }) => {
    const clock = runningClock(c);
    const overdue = clock !== null && clock.dueAt.getTime() < now.getTime();
    const assignee = c.assignee ? (cfg.staff.find((s) => s.email === c.assignee)?.name ?? c.assignee) : '';
    return {
      tag: tagOf(cfg, c.ref),
      subject: c.fields.tenderName ?? c.fields.committeeName ?? c.reporterName ?? c.reporter,
      state: STATE_LABELS[cfg.language][c.state],
      step: clock?.step ?? '',
      dueAt: clock ? formatDateTime(clock.dueAt, cfg.language, cfg.calendar.timezone) : '',
      overdue,
      assignee,
    };
  });
  const data = { forStaff, cases: list, overdue: list.filter((c) => c.overdue).length };
  return plan(`${messageId}:status`, 'status_answer', [from], data, { autoSubmitted: 'auto-replied' });
}

/**
 * The Message-ID of the mail that our relay (of a mail of no case, or of an outsider's mail in a
 * case) carried, when staff answer that relay (`#kasus REF`, `#kasus-baru`); null otherwise.
 */
export function relayedBy(desk: Desk, r: Pick<Reading, 'inReplyTo' | 'references'>): string | null {
  const ids = [...(r.inReplyTo ? [r.inReplyTo] : []), ...r.references];
  if (ids.length === 0) return null;
  const row = desk.db
    .select({ key: outbox.idempotencyKey })
    .from(outbox)
    .where(and(inArray(outbox.messageId, ids), inArray(outbox.kind, ['staff_relay_unmatched', 'staff_relay_outsider'])))
    .get();
  return row ? row.key.slice(0, row.key.lastIndexOf(':')) : null;
}
