/**
 * The cron tick (SOP clocks): each case whose running clock may be due a warning, a breach
 * alert, the reporter's reminder or the no-response close is decided in its own transaction.
 * What a tick changes (the clock's exactly-once marker, the close) is committed together with
 * the mail it causes, under an idempotency key of the clock (tick:<ref>:<step>:<start>:...),
 * so a restart, a second daemon tick or a replay never mails twice. Unchanged cases are not written.
 *
 * Staff alerts are batched: a case's warning or breach is committed as a pending alert
 * ('clock_alert_pending') with its marker, and the tick then sends each staff member ONE mail
 * listing every pending alert (after a restart: one mail, not one per case), and the breaches of
 * LPSE steps also to alerts.breachCopyTo (the coordinator or head of the LPSE). The batch is keyed
 * by the last alert it covers and logged ('clock_alerts_batched') in the same transaction, so an
 * alert is listed exactly once even when the daemon dies between the two.
 */
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { formatDateTime, formatWorkingMinutes } from '../outbox/format';
import { STEP_LABELS } from '../outbox/labels';
import { loadCase, saveCase, threadIds } from '../store/case-store';
import { events } from '../store/schema';
import { decide, runningClock, type StepId } from '../workflow';
import { staffAddresses, tagOf, type Desk } from './desk';
import type { Lane } from './lane';
import { plan, planAction, queue, type PlannedMail } from './outgoing';

export interface TickReport {
  /** Cases with a running clock that could be due an alert, a reminder or the close. */
  checked: number;
  /** Refs of the cases the tick changed (a marker set, or closed for no response). */
  changed: string[];
  /** Outbox rows queued. */
  queued: number;
  /** Refs of closed cases archived (newly closed, or a missing or stale archive). */
  archived: string[];
  /** Refs of closed cases whose raw mail and attachments left paths.files (retention.ts). */
  pruned: string[];
}

const ALERT_KINDS = new Set(['staff_clock_warning', 'staff_clock_breached']);
const PENDING = 'clock_alert_pending';
const BATCHED = 'clock_alerts_batched';

/** Decides every due case; returns the report without archiving (the helpdesk does that). */
export async function watchClocks(desk: Desk, lane: Lane, now: Date): Promise<TickReport> {
  const { cfg, db } = desk;
  const report: TickReport = { checked: 0, changed: [], queued: 0, archived: [], pruned: [] };
  // A reminded reporter's clock closes closeAfterWorkingDays working days after its reminder, at
  // the earliest that many calendar days: until then it is not looked at again.
  const remindedBefore = now.getTime() - cfg.reminders.closeAfterWorkingDays * 86_400_000;
  const candidates = db.all<{ id: number }>(
    sql`select case_id as id from clocks where stopped_at is null
        and ((owner = 'lpse' and breach_alerted_at is null)
          or (step = '1c' and due_at < ${now.getTime()} and (reminded_at is null or reminded_at <= ${remindedBefore})))
        union select id from cases where state in ('solved', 'lkpp_solved') order by id`,
  );
  const options = {
    escalationMode: cfg.escalation.mode,
    warnAtPercent: cfg.alerts.warnAtPercent,
    closeAfterWorkingDays: cfg.reminders.closeAfterWorkingDays,
    closeSolvedAfterWorkingDays: cfg.cases.closeSolvedAfterWorkingDays,
    staff: cfg.staff,
  };
  const decideTick = (id: number) => {
    const stored = loadCase(db, { id });
    const clock = stored ? (runningClock(stored.case) ?? stored.case.clocks.at(-1) ?? null) : null;
    if (!stored || !clock) return null;
    const d = decide(stored.case, { type: 'tick' }, now, desk.sop, desk.calendar, options);
    return d.actions.length === 0 && d.events.every((e) => e.type === 'tick') ? null : { stored, clock, d };
  };
  for (const { id } of candidates) {
    report.checked++;
    // A read first: most ticks change nothing and need no write transaction at all.
    if (decideTick(id) === null) continue;
    const changed = await lane.run(async () => {
      const decided = decideTick(id); // again, inside the transaction: this decision is the one stored
      if (decided === null) return null;
      const { stored, clock, d } = decided;
      saveCase(db, d.case, now);
      for (const e of d.events) db.insert(events).values({ caseId: id, at: now, type: e.type, detail: e.detail }).run();
      const key = `tick:${stored.case.ref}:${clock.step}:${clock.startedAt.getTime()}`;
      const cause = { key, sender: '', opensCase: false, files: [] };
      const plans: PlannedMail[] = [];
      d.actions.forEach((action, i) => {
        if (action.type !== 'mail' || !ALERT_KINDS.has(action.kind)) return void plans.push(...planAction(desk, action, i, cause, d.case));
        // Keyed by the clock like any tick mail: a lost marker cannot list the same alert twice.
        const alertKey = `${key}:${action.kind}`;
        const listed = db.get(sql`select 1 from events where type = ${PENDING} and json_extract(detail, '$.key') = ${alertKey} limit 1`);
        if (!listed) db.insert(events).values({ caseId: id, at: now, type: PENDING, detail: { key: alertKey, kind: action.kind, ...action.data } }).run();
      });
      const queued = await queue(desk, { id, case: d.case }, plans, threadIds(db, id).at(-1) ?? key, now);
      return { ref: d.case.ref, queued };
    });
    if (changed === null) continue;
    report.changed.push(changed.ref);
    report.queued += changed.queued;
  }
  report.queued += await lane.run(() => sendAlertBatch(desk, now));
  return report;
}

interface PendingAlert {
  id: number;
  caseId: number;
  detail: { key: string; kind: string; step: StepId; dueAt: string | number; percent?: number; remainingMinutes?: number; overdueMinutes?: number };
}

/** One mail per staff member listing every pending alert, and the breaches to alerts.breachCopyTo. */
async function sendAlertBatch(desk: Desk, now: Date): Promise<number> {
  const { cfg, db } = desk;
  const last = db.select({ detail: events.detail }).from(events).where(eq(events.type, BATCHED)).orderBy(desc(events.id)).limit(1).get();
  const after = Number((last?.detail as { upTo?: number } | undefined)?.upTo ?? 0);
  const pending = db
    .select({ id: events.id, caseId: events.caseId, detail: events.detail })
    .from(events)
    .where(and(eq(events.type, PENDING), gt(events.id, after)))
    .orderBy(events.id)
    .all() as PendingAlert[];
  if (pending.length === 0) return 0;
  const upTo = pending.at(-1)?.id ?? after;
  const lang = cfg.language;
  const cases = new Map(
    [...new Set(pending.map((p) => p.caseId))].map((id) => [id, loadCase(db, { id })] as const).filter((e): e is [number, NonNullable<(typeof e)[1]>] => e[1] !== null),
  );
  const line = (p: PendingAlert) => {
    const c = cases.get(p.caseId)?.case;
    const assignee = c?.assignee ? (cfg.staff.find((s) => s.email === c.assignee)?.name ?? c.assignee) : '';
    return {
      tag: tagOf(cfg, c?.ref ?? null),
      step: p.detail.step,
      stepLabel: STEP_LABELS[lang][p.detail.step],
      dueAt: formatDateTime(new Date(p.detail.dueAt), lang, cfg.calendar.timezone),
      remaining: formatWorkingMinutes(p.detail.remainingMinutes ?? 0, lang),
      overdue: formatWorkingMinutes(p.detail.overdueMinutes ?? 0, lang),
      assignee,
      recipients: c && cfg.cases.staffNotices === 'assignee' && c.assignee !== null ? [c.assignee] : staffAddresses(cfg),
    };
  };
  const lines = pending.map((p) => ({ kind: p.detail.kind, ...line(p) }));
  const strip = ({ kind: _k, recipients: _r, ...rest }: (typeof lines)[number]) => rest;
  const plans: PlannedMail[] = [];
  for (const address of new Set(lines.flatMap((l) => l.recipients))) {
    const mine = lines.filter((l) => l.recipients.includes(address));
    const data = {
      forHead: false,
      warnings: mine.filter((l) => l.kind === 'staff_clock_warning').map(strip),
      breaches: mine.filter((l) => l.kind === 'staff_clock_breached').map(strip),
    };
    plans.push(plan(`clock_batch:${upTo}:${address}`, 'staff_clock_batch', [address], data));
  }
  const breaches = lines.filter((l) => l.kind === 'staff_clock_breached');
  const head = cfg.alerts.breachCopyTo.filter((a) => !staffAddresses(cfg).includes(a));
  if (breaches.length > 0 && head.length > 0) {
    plans.push(plan(`clock_batch_head:${upTo}`, 'staff_clock_batch', head, { forHead: true, warnings: [], breaches: breaches.map(strip) }));
  }
  db.insert(events).values({ caseId: null, at: now, type: BATCHED, detail: { upTo, alerts: pending.length, cases: cases.size } }).run();
  return queue(desk, null, plans, `clock_batch:${upTo}`, now);
}

