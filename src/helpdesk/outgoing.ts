/**
 * Queue, the last step of the pipeline: a decision's mail actions resolved to addresses
 * (planAction), then rendered and inserted into the outbox inside the caller's transaction
 * (queue). A row keeps the parts, not the MIME: its text, HTML and references to the files it
 * attaches (kept under paths.files by sha256); the message is built when it is sent
 * (src/outbox/message.ts). Sending happens after commit, in the outbox.
 *
 * Threading of what goes out: staff mail replies to the mail that caused it, in the case's
 * whole thread. Mail to a committee or to LKPP threads only on what they have seen (their own
 * mail and ours to them): a committee never gets References to staff-internal mail, and the
 * escalation, or the first mail to a committee whose case a staff member opened, starts a
 * thread of its own.
 */
import fs from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { sanitizeFilename } from '../inbox/attachment-intake';
import type { AttachmentReading } from '../inbox/types';
import { messageIdFor } from '../outbox/compose';
import { fromFilesDir, messageOf, sizeWithoutFilesAtMost, storedFile, type MessageParts, type OutboxFile } from '../outbox/message';
import { enqueue, outboxKeyTaken } from '../outbox/outbox';
import { renderMail, type TemplateKind } from '../outbox/render';
import { fitWithinCap } from '../outbox/size-cap';
import { saveCase, threadIds, threadIdsSeenBy, type StoredCase } from '../store/case-store';
import type { Db } from '../store/db';
import { logEvent } from '../store/event-log';
import { messageIdSecret } from '../store/message-id-secret';
import { prepared } from '../store/statements';
import { attachments, events, messages } from '../store/schema';
import type { Action, Case } from '../workflow';
import { AUTOMATIC_ANSWERS, overCap, UNPROVEN } from './caps';
import { readingsOf } from '../store/screenshot-readings';
import { staffAddresses, tagOf, type Desk } from './desk';

/** A mail to queue, resolved to addresses. */
export interface PlannedMail {
  key: string;
  kind: TemplateKind;
  to: string[];
  cc: string[];
  status: 'pending' | 'draft';
  autoSubmitted: 'auto-replied' | 'auto-generated' | null;
  data: object;
  /** Attach the case's screenshots. */
  attach: boolean;
  /** Files the staff member attached to the command that causes this mail: they go with it (by reference, never their bytes). */
  carry: readonly Pick<AttachmentReading, 'sha256' | 'filename' | 'contentType' | 'size'>[];
}

export function plan(key: string, kind: TemplateKind, to: string[], data: object, extra: Partial<PlannedMail> = {}): PlannedMail {
  return { key, kind, to, cc: [], status: 'pending', autoSubmitted: 'auto-generated', data, attach: false, carry: [], ...extra };
}

/** Mail a staff member's command sends on to the committee or LKPP: it carries the files they attached. */
const CARRIES_STAFF_FILES: ReadonlySet<TemplateKind> = new Set<TemplateKind>(['relay_to_reporter', 'to_lkpp_data', 'solved_notice', 'request_data', 'lkpp_solved_notice']);
const STAFF_NOTICES_WITH_SCREENSHOTS: ReadonlySet<TemplateKind> = new Set<TemplateKind>(['staff_new_case', 'staff_case_complete']);

export interface ActionCause {
  /** The message (or tick key) that caused the action; the outbox keys derive from it. */
  key: string;
  /** Its sender's address ('' for the tick). */
  sender: string;
  /** The case did not exist before this message. */
  opensCase: boolean;
  /** Files of the cause, carried by staff commands' mail (CARRIES_STAFF_FILES); kept under paths.files before queue runs. */
  files: readonly Pick<AttachmentReading, 'sha256' | 'filename' | 'contentType' | 'size'>[];
}

/** The staff who get a case's notices: all, or (cases.staffNotices 'assignee') its assignee once set. */
function staffFor(desk: Desk, c: Case): string[] {
  return desk.cfg.cases.staffNotices === 'assignee' && c.assignee !== null ? [c.assignee] : staffAddresses(desk.cfg);
}

export function planAction(desk: Desk, action: Action, index: number, cause: ActionCause, c: Case): PlannedMail[] {
  const { cfg } = desk;
  const key = `${cause.key}:${index}`;
  if (action.type === 'escalation') {
    // Draft mode: staff open it from Drafts, fill the root password blank and send it
    // themselves; a copy to the helpdesk address lets the bot see that it was sent.
    return [
      plan(`${key}:escalation`, 'escalation', [...cfg.lkpp.addresses], {}, {
        cc: action.mode === 'draft' ? [cfg.mailbox.address] : [],
        status: action.mode === 'draft' ? 'draft' : 'pending',
        autoSubmitted: null,
        attach: true,
      }),
    ];
  }
  const staff = staffAddresses(cfg);
  const to: string[] = (() => {
    switch (action.to) {
      case 'reporter':
        return [c.reporter];
      case 'staff':
        return staffFor(desk, c);
      case 'other_staff':
        return staffFor(desk, c).filter((a) => a !== cause.sender);
      case 'assignee':
        return c.assignee !== null ? [c.assignee] : staff;
      case 'lkpp':
        return [...cfg.lkpp.addresses];
      case 'sender':
        return [cause.sender];
    }
  })();
  const answersReporter = action.to === 'reporter' || action.to === 'sender';
  const staffSent = staff.includes(cause.sender);
  // A refusal of an unproven command is the forger's doing: it counts on the outsider cap (caps.ts).
  const unproven = action.kind === 'staff_refusal' && action.data.reason === 'unproven_sender' ? UNPROVEN : '';
  return [
    plan(`${key}:${action.kind}${unproven}`, action.kind, to, action.data, {
      autoSubmitted: answersReporter ? 'auto-replied' : 'auto-generated',
      attach: STAFF_NOTICES_WITH_SCREENSHOTS.has(action.kind),
      carry: staffSent && CARRIES_STAFF_FILES.has(action.kind) ? cause.files : [],
    }),
  ];
}

/**
 * Renders and inserts the outbox rows; recipients over their cap are skipped and logged.
 * `held`: when given, staff notices that show the case's screenshots are put there instead of
 * queued (they wait for the screenshots' reading, screenshot-jobs.ts, and are queued after it).
 */
export async function queue(desk: Desk, stored: StoredCase | null, plans: readonly PlannedMail[], causeId: string, now: Date, held?: PlannedMail[]): Promise<number> {
  const { cfg, db } = desk;
  let queued = 0;
  // A staff notice queued after a mail to the reporter that was held back must not say the reporter was told.
  let reporterWithheld = false;
  // The case's screenshots, read once: queueing adds no attachment.
  let screenshotsOfCase: Screenshot[] | undefined;
  const caseScreenshots = () => (screenshotsOfCase ??= stored ? screenshotList(desk, stored.id) : []);
  for (const planned of plans) {
    const p: PlannedMail = reporterWithheld && STAFF_NOTICES_WITH_SCREENSHOTS.has(planned.kind) ? { ...planned, data: { ...planned.data, reporterWithheld: true } } : planned;
    if (held !== undefined && STAFF_NOTICES_WITH_SCREENSHOTS.has(p.kind)) {
      held.push(p);
      continue;
    }
    const to = p.to.filter((address) => !overCap(db, cfg, { address, kind: p.kind, caseId: stored?.id ?? null, key: p.key }, now));
    const capped = p.to.filter((address) => !to.includes(address));
    if (capped.length) {
      logEvent(db, { caseId: stored?.id ?? null, at: now, type: 'reply_capped', messageId: causeId, detail: { kind: p.kind, to: capped } });
      queued += await reportWithheld(desk, stored, p.kind, capped, causeId, now);
      reporterWithheld ||= capped.some((a) => !staffAddresses(cfg).includes(a));
    }
    if (to.length === 0) continue;
    const messageIdOut = messageIdFor(p.key, cfg.mailbox.messageIdDomain, messageIdSecret(db));
    if (outboxKeyTaken(db, p.key)) continue;
    const screenshots = p.attach && stored ? screenshotFiles(desk, caseScreenshots()) : [];
    // A file the inbox did not keep (too large, too many) is not attached: the event names it.
    const carried: OutboxFile[] = p.carry
      .filter((a) => fs.existsSync(storedFile(cfg.paths.files, a.sha256)))
      .map((a) => ({ sha256: a.sha256, filename: sanitizeFilename(a.filename), contentType: a.contentType, size: a.size }));
    const outside = to.every((a) => !staffAddresses(cfg).includes(a));
    // Outside readers thread on what they saw; with nothing seen yet, a thread of its own.
    const thread = stored === null ? [causeId] : outside ? threadIdsSeenBy(db, stored.id, to) : [...new Set([...threadIds(db, stored.id), causeId])];
    const inReplyTo = stored === null ? causeId : outside ? (thread.at(-1) ?? null) : causeId;
    const head = {
      messageId: messageIdOut,
      fromAddr: cfg.mailbox.address,
      toAddrs: [...to, ...p.cc],
      ccAddrs: p.cc,
      createdAt: now,
      inReplyTo,
      references: thread.slice(-20),
      autoSubmitted: p.autoSubmitted,
      raw: null,
    };
    const source = fromFilesDir(cfg.paths.files, cfg.mailbox.name);
    // Files that would take the mail over outbox.maxMessageBytes are listed, not attached.
    const { rendered, attached } = await fitWithinCap([...carried, ...screenshots], cfg.outbox.maxMessageBytes, async (fitting) => {
      const shown = renderMail(p.kind, mailContext(desk, stored, caseScreenshots, p, p.attach ? new Set(fitting.map((f) => f.sha256)) : null));
      const parts: MessageParts = { ...head, subject: shown.subject, text: shown.text, html: shown.html, files: [] };
      return { rendered: shown, bytesWithoutFiles: { atMost: sizeWithoutFilesAtMost(parts, source.fromName), exact: () => messageOf(parts, source).size() } };
    });
    const outboxId = enqueue(db, {
      ...head,
      idempotencyKey: p.key,
      caseId: stored?.id ?? null,
      kind: p.kind,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      files: attached,
      status: p.status,
    });
    if (p.kind === 'escalation' && stored) saveCase(db, { ...stored.case, escalationMessageId: messageIdOut }, now);
    const notAttached = p.carry.filter((a) => !attached.some((f) => f.sha256 === a.sha256)).map((a) => a.filename);
    const detail = { kind: p.kind, to, outboxId, ...(p.carry.length ? { files: p.carry.map((a) => a.filename) } : {}), ...(notAttached.length ? { notAttached } : {}) };
    logEvent(db, { caseId: stored?.id ?? null, at: now, type: p.status === 'draft' ? 'draft_queued' : 'mail_queued', messageId: messageIdOut, detail });
    queued++;
  }
  return queued;
}

const HOUR = 3_600_000;

/**
 * Withheld answers are reported truthfully: staff hear once per case, outside address and hour
 * that the loop guard held an answer back (its key is the hour, so a loop cannot flood staff).
 */
function reportWithheld(desk: Desk, stored: StoredCase | null, kind: TemplateKind, capped: readonly string[], causeId: string, now: Date): Promise<number> {
  const outside = capped.filter((a) => !staffAddresses(desk.cfg).includes(a));
  if (stored === null || outside.length === 0 || !AUTOMATIC_ANSWERS.includes(kind)) return Promise.resolve(0);
  const hour = Math.floor(now.getTime() / HOUR);
  const plans = outside.map((to) => plan(`withheld:${stored.id}:${to}:${hour}`, 'staff_answer_withheld', staffAddresses(desk.cfg), { to, perHour: desk.cfg.autoReply.maxPerHour, perDay: desk.cfg.autoReply.maxPerDay }));
  return queue(desk, stored, plans, causeId, now);
}

/** `attached`: for a mail that carries the case's screenshots, the ones it attaches (the others are marked as listed only). */
function mailContext(desk: Desk, stored: StoredCase | null, caseScreenshots: () => Screenshot[], p: PlannedMail, attached: ReadonlySet<string> | null) {
  const { cfg, db } = desk;
  return {
    lang: cfg.language,
    timezone: cfg.calendar.timezone,
    helpdesk: { name: cfg.mailbox.name, address: cfg.mailbox.address },
    contact: cfg.mailbox.contact,
    staff: cfg.staff,
    tag: tagOf(cfg, stored?.case.ref ?? null),
    case: stored?.case ?? null,
    data: p.data,
    attachments: stored ? caseScreenshots().map((a) => ({ ...a, attached: attached === null || attached.has(a.sha256) })) : [],
    // Only the escalation shows the case's timeline: no other mail reads the case log.
    timeline: stored && p.kind === 'escalation' ? timelineOf(db, stored.id) : [],
    server: { address: cfg.escalation.server.address, port: cfg.escalation.server.port },
    staffCommands: p.kind.startsWith('staff_') || (p.kind === 'status_answer' && (p.data as { forStaff?: unknown }).forStaff === true),
    sop: desk.sop,
  };
}

/**
 * The case's screenshots as the inbox counted them (a logo in a signature is not one; a .docx or
 * PDF holding one is), each once (the sent escalation copy carries the same files again).
 */
type Screenshot = ReturnType<typeof screenshotList>[number];

function screenshotList(desk: Desk, caseId: number) {
  const { db } = desk;
  const list = screenshotRows(desk, caseId);
  const read = readingsOf(db, list.map((a) => a.sha256));
  return list.map((a) => ({ ...a, read: read.get(a.sha256) ?? null }));
}

function screenshotRows(desk: Desk, caseId: number) {
  const { db } = desk;
  const select = prepared(db, 'attachments.screenshotsOfCase', () =>
    db
      .select({ filename: attachments.filename, contentType: attachments.contentType, size: attachments.size, sha256: attachments.sha256 })
      .from(attachments)
      .innerJoin(messages, eq(messages.id, attachments.messageRowId))
      .where(and(eq(messages.caseId, sql.placeholder('caseId')), eq(attachments.screenshot, true)))
      .prepare(),
  );
  return select.all({ caseId }).filter((a, i, all) => all.findIndex((b) => b.sha256 === a.sha256) === i);
}

/** The case's log, oldest first, as the escalation's timeline lists it. */
function timelineOf(db: Db, caseId: number) {
  const select = prepared(db, 'events.timeline', () =>
    db
      .select({ at: events.at, type: events.type, actor: events.actor })
      .from(events)
      .where(eq(events.caseId, sql.placeholder('caseId')))
      .orderBy(events.at, events.id)
      .prepare(),
  );
  return select.all({ caseId });
}

function screenshotFiles(desk: Desk, list: readonly Screenshot[]): OutboxFile[] {
  return list.flatMap((a) =>
    // Sanitised again: rows recorded before names were cut to 255 bytes keep the sender's name.
    fs.existsSync(storedFile(desk.cfg.paths.files, a.sha256)) ? [{ sha256: a.sha256, filename: sanitizeFilename(a.filename), contentType: a.contentType, size: a.size }] : [],
  );
}
