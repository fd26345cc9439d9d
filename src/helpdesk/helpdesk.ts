/**
 * The helpdesk: one incoming message, end to end, along the pipeline
 *   read      the message in the budgeted reader (src/inbox), deduped (identify)
 *   route     who wrote, where it threads, what it carries -> a row of routing.ts
 *   decide    the workflow events it carries (case-events.ts) through src/workflow decide()
 *   commit    the message, the case, its clocks and the case log (records.ts, store)
 *   queue     every outgoing mail (outgoing.ts, capped by caps.ts)
 * all in ONE transaction (lane.ts). Sending (the outbox) and acknowledging the message at its
 * source happen after, in the caller. Threading is threading.ts; mail of no case caseless.ts;
 * bounces bounce.ts; the per-minute clock watch clock-watch.ts. A case that is closed gets its
 * archive written after commit.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Config } from '../config/load';
import type { Reading } from '../inbox/reading';
import { UnparseableMessage } from '../inbox/unparseable';
import type { Contract } from '../inbox/types';
import { commandOfLine, isCommandLine, withoutCommands } from '../inbox/commands';
import { headerHint } from '../inbox/header-hint';
import { isNoReplyAddress } from '../inbox/no-answer';
import { describeUnreadable } from '../inbox/unreadable-reason';
import { readInThisThread, ReadingOverBudget, type MessageReader } from '../inbox/reading-budget';
import { toContract } from '../inbox/contract';
import { formatDateTime } from '../outbox/format';
import type { Store } from '../store/db';
import { cases, events, messages } from '../store/schema';
import { logEvent } from '../store/event-log';
import { prepared } from '../store/statements';
import { allocateRef, loadCase, saveCase, takesPart, type StoredCase } from '../store/case-store';
import { coveredYears, decide, missingCalendarYears, type Action, type Calendar, type Case, type CaseEvent, type LogEvent, type ScreenshotRead, type Sop } from '../workflow';
import { redactSecrets } from '../workflow/redact';
import { casesToArchive, markArchived, writeArchive, type ArchiveDeps } from '../archive/archive';
import { pruneCaseFiles, restoreReopened } from '../archive/retention';
import { holidaysDirOf } from '../digest/calendar-check';
import { handleBounce } from './bounce';
import { caseEvents, ownReport, reportEvent, screenshotCount, type ReportSource } from './case-events';
import { helpNoCase, relayedBy, relayUnmatched, shortAnswer, statusAnswer, type HelpProblem } from './caseless';
import { staffAddresses, type Desk } from './desk';
import { dueSummaries, guardNewCase } from './flood-guard';
import { Lane } from './lane';
import { plan, planAction, queue, type PlannedMail } from './outgoing';
import { compactKept, keepFile, keepSpooled, recordMessage, recordWithEvent, keepAttachments, withoutSecrets } from './records';
import { discard, spool, type MessagePath, type Spooled } from './spool';
import { proofOf, roleOf, type Proof, type SenderRole } from './roles';
import { route, type Facts, type Handling, type Sender, type Trait } from './routing';
import { findCase, lkppTicket, whereOf } from './threading';
import { watchClocks, type TickReport } from './clock-watch';
import { addJob, countAttempt, fileOf, readyWorkDir, markDone, MAX_ATTEMPTS, nextJob, recordReading, shownBefore, unread, type WaitingJob } from './screenshot-jobs';
import { readingsOf } from '../store/screenshot-readings';
import { readScreenshotApart } from '../ocr/apart';
import type { OcrSettings, ScreenshotOcr } from '../ocr/types';
import { archiveDepsFrom } from './wiring';

export type { TickReport } from './clock-watch';

export type Disposition = 'processed' | 'duplicate' | 'ignored' | 'quarantined';

/** A message spooled and read (`reading`), or found unreadable (`unreadable`: why), not yet committed. */
export interface ReadMessage {
  spooled: Spooled;
  reading: Reading | null;
  unreadable: string | null;
}

export interface Receipt {
  disposition: Disposition;
  messageId: string;
  caseRef: string | null;
  reason: string | null;
  /** Outbox rows queued by this message. */
  queued: number;
  /** The routing table's handling of it (routing.ts); null for a duplicate or a quarantined message. */
  handling: Handling | null;
}

export interface HelpdeskDeps {
  config: Config;
  store: Store;
  sop: Sop;
  calendar: Calendar;
  now: () => Date;
  /**
   * Reads a raw message. The daemon, `process` and `demo` pass the budgeted worker
   * (`BudgetedReader`, reading.budgetSeconds); by default `readMessage` runs in this thread.
   */
  reader?: MessageReader;
  /**
   * How screenshots are read (src/ocr), after each report's commit; null or absent: they are not
   * read (config ocr off, or no engine installed), and staff notices go at once.
   */
  ocr?: OcrSettings | null;
}

/** One routed message, as the handlers below need it. */
interface Incoming {
  r: Reading;
  messageId: string;
  rawSha: string;
  from: string;
  role: SenderRole;
  proof: Proof;
  stored: StoredCase | null;
  now: Date;
}

const DESCRIPTION_CHARS = 2000;
const STRAY_WORDS = 3;
// Reply and forward prefixes as mail clients write them, repeated: "Fwd: RE: …".
const FORWARD_PREFIXES = /^(?:\s*(?:re|aw|sv|vs|bls|balas|fwd?|tr|wg|rv|enc|doorst|ynt|ilt)(?:\s*\[\d+\])?\s*:)+/i;
const STATUS_SUBJECT = /^(?:(?:re|aw|bls|balas|fwd?|tr)\s*:\s*)*status\s*$/i;

export class Helpdesk {
  private readonly desk: Desk;
  private readonly lane: Lane;
  /** The screenshots' reading in progress (readWaitingScreenshots), or null. */
  private reading: Promise<number> | null = null;

  constructor(private readonly deps: HelpdeskDeps) {
    this.desk = { cfg: deps.config, store: deps.store, db: deps.store.db, sop: deps.sop, calendar: deps.calendar };
    this.lane = new Lane(deps.store);
  }

  private get cfg(): Config {
    return this.deps.config;
  }

  private get db() {
    return this.deps.store.db;
  }

  /**
   * Handles one raw message: its bytes, a stream of them (an IMAP download), or its file. Never
   * throws for a bad message (it is quarantined instead). The message is spooled to a file first
   * (spool.ts), read from there and kept by a link to it, so that it is never held whole in
   * memory; the spool is removed whatever the message's end.
   * `source: 'sent'` is our own Sent folder, read through our IMAP login: its mail never came
   * over SMTP from outside, so it is the helpdesk's own without any header to prove it.
   */
  async receive(raw: Buffer | Readable | MessagePath, opts: { source?: 'inbox' | 'sent' } = {}): Promise<Receipt> {
    return this.commit(await this.read(raw), opts);
  }

  /**
   * The first half of `receive`: the message spooled and read, nothing committed. `process` reads
   * the next message (in the reading worker, on the other core) while `commit` works on this one.
   * Throws only what `receive` throws (a broken store or reader), the spool then removed.
   */
  async read(raw: Buffer | Readable | MessagePath): Promise<ReadMessage> {
    const spooled = await spool(this.cfg.paths.files, raw);
    try {
      const file = { path: spooled.path, spillDir: spooled.spillDir };
      const reading = await (this.deps.reader ?? readInThisThread)(file, { tagPrefix: this.cfg.cases.tagPrefix, ownAddresses: [this.cfg.mailbox.address] });
      return { spooled, reading, unreadable: null };
    } catch (err) {
      if (err instanceof UnparseableMessage || err instanceof ReadingOverBudget) return { spooled, reading: null, unreadable: err.reason };
      discard(spooled);
      throw err;
    }
  }

  /** The second half of `receive`: commits a message `read` gave, then removes its spool. */
  async commit(m: ReadMessage, opts: { source?: 'inbox' | 'sent' } = {}): Promise<Receipt> {
    try {
      return await this.commitRead(m, this.deps.now(), opts.source ?? 'inbox');
    } finally {
      discard(m.spooled);
    }
  }

  /** Drops a message `read` gave without committing it (its spool removed). */
  forget(m: ReadMessage): void {
    discard(m.spooled);
  }

  private async commitRead({ spooled, reading, unreadable }: ReadMessage, now: Date, source: 'inbox' | 'sent'): Promise<Receipt> {
    const rawSha = spooled.sha256;
    if (reading === null) return this.quarantine(fs.readFileSync(spooled.path), rawSha, unreadable ?? 'unreadable', now);
    const messageId = reading.messageId ?? `<${rawSha.slice(0, 32)}.no-message-id@${this.cfg.mailbox.messageIdDomain}>`;
    let keptSha = rawSha;
    if (reading.secretsRedacted) {
      const kept = await withoutSecrets(reading, messageId);
      keptSha = createHash('sha256').update(kept).digest('hex');
      keepFile(this.desk, kept, keptSha);
    } else {
      keepSpooled(this.desk, spooled.path, rawSha);
    }
    const receipt = await this.lane.run(async () => {
      const seen = this.identify(messageId, keptSha, reading);
      if (seen.duplicate) return { disposition: 'duplicate' as const, messageId: seen.id, caseRef: null, reason: 'already processed', queued: 0, handling: null };
      const handled = await this.handle(reading, seen.id, keptSha, now, source);
      return seen.clashWith === null ? handled : { ...handled, queued: handled.queued + (await this.flagClash(reading, messageId, seen, handled, now)) };
    });
    // A message without attachments has nothing to cut out of its kept raw.
    if (keptSha === rawSha && receipt.disposition !== 'duplicate' && reading.attachments.length > 0) await compactKept(this.desk, rawSha);
    await this.archiveIfClosed(receipt.caseRef, now);
    return receipt;
  }

  /**
   * The cron tick: the folded new-case summaries, the SOP clocks (clock-watch.ts), then the
   * archive of closed cases whose archive is missing or stale, then retention (retention.ts):
   * reopened cases get their files back, one batch of old closed cases' files leaves paths.files.
   */
  async tick(now: Date = this.deps.now()): Promise<TickReport> {
    const summaries = await this.lane.run(async () => (await this.queueNewCaseSummaries(now)) + (await this.queueCalendarMissing(now)));
    const report = await watchClocks(this.desk, this.lane, now);
    report.queued += summaries;
    for (const ref of casesToArchive(this.db, now)) if (await this.archive(ref, now)) report.archived.push(ref);
    await restoreReopened(this.db, this.cfg, now, (work) => this.lane.run(work));
    report.pruned = (await pruneCaseFiles(this.db, this.cfg, now, (work) => this.lane.run(work))).map((p) => p.ref);
    return report;
  }

  /**
   * Runs `work` as one write transaction in the helpdesk's lane, never interleaved with intake
   * or ticks on the shared connection (the digest job queues its mail through it).
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.lane.run(work);
  }

  /** For the daemon: a message that `receive` failed on again and again is quarantined, and staff are told. */
  async quarantineRaw(raw: Buffer | Readable, reason: string): Promise<Receipt> {
    const now = this.deps.now();
    const spooled = await spool(this.cfg.paths.files, raw);
    try {
      return await this.quarantine(fs.readFileSync(spooled.path), spooled.sha256, reason, now);
    } finally {
      discard(spooled);
    }
  }

  /**
   * For the daemon: the outbox gave up on a mail (SMTP 5xx). Logged on its case; staff are told
   * once, by a small notice without attachments, also when a staff notice failed (e.g. too
   * large). A failed failure notice is only logged: reporting it would loop.
   */
  reportSendFailure(row: { id: number; caseId: number | null; kind: string; messageId: string; toAddrs: string[]; subject: string; lastError: string | null }): Promise<number> {
    const now = this.deps.now();
    return this.lane.run(async () => {
      const detail = { outboxId: row.id, kind: row.kind, to: row.toAddrs, error: row.lastError };
      this.db.insert(events).values({ caseId: row.caseId, at: now, type: 'mail_failed', messageId: row.messageId, detail }).run();
      if (row.kind === 'staff_send_failed') return 0;
      const stored = row.caseId === null ? null : loadCase(this.db, { id: row.caseId });
      const data = { to: row.toAddrs.join(', '), subject: row.subject, error: row.lastError ?? '' };
      return queue(this.desk, stored, [plan(`send_failed:${row.messageId}`, 'staff_send_failed', staffAddresses(this.cfg), data)], row.messageId, now);
    });
  }

  // ---- read: dedupe -------------------------------------------------------------------------

  private seen(messageId: string): boolean {
    return this.db.select({ id: messages.id }).from(messages).where(eq(messages.messageId, messageId)).get() !== undefined;
  }

  /**
   * Dedupe by Message-ID and content: the same id with the same bytes is a replay (a duplicate);
   * with other bytes it is another message claiming the id (a forger's earlier mail must not
   * swallow the real report), recorded under an id of its own derived from its content, so
   * that its own replay is again a duplicate.
   */
  private identify(messageId: string, sha: string, r: Reading): { id: string; duplicate: boolean; clashWith: { from: string; subject: string } | null } {
    const db = this.db;
    const byId = prepared(db, 'messages.firstOfId', () =>
      db
        .select({ sha: messages.rawSha256, from: messages.fromAddr, subject: messages.subject, reading: messages.reading })
        .from(messages)
        .where(eq(messages.messageId, sql.placeholder('messageId')))
        .prepare(),
    );
    const first = byId.get({ messageId });
    if (!first) return { id: messageId, duplicate: false, clashWith: null };
    // The same mail delivered twice (an alias, a restore, a second route) differs only in its
    // trace headers (Received, Delivered-To): the same reading is the same message.
    const sameReading = first.reading !== null && JSON.stringify(first.reading) === JSON.stringify(toContract(r));
    if (first.sha === sha || sameReading) return { id: messageId, duplicate: true, clashWith: null };
    const id = `<${sha.slice(0, 32)}.same-message-id@${this.cfg.mailbox.messageIdDomain}>`;
    if (this.seen(id)) return { id, duplicate: true, clashWith: null };
    return { id, duplicate: false, clashWith: { from: first.from, subject: first.subject } };
  }

  /** Staff hear of two different messages under one Message-ID: one of them may be forged. */
  private async flagClash(r: Reading, claimed: string, seen: { id: string; clashWith: { from: string; subject: string } | null }, handled: Receipt, now: Date): Promise<number> {
    const stored = handled.caseRef === null ? null : loadCase(this.db, { ref: handled.caseRef });
    const detail = { claimedId: claimed, recordedAs: seen.id, first: seen.clashWith, from: r.from ?? '' };
    this.db.insert(events).values({ caseId: stored?.id ?? null, at: now, type: 'message_id_clash', actor: r.from ?? '', messageId: seen.id, detail }).run();
    const data = { messageId: claimed, firstFrom: seen.clashWith?.from ?? '', firstSubject: seen.clashWith?.subject ?? '', from: r.from ?? '', subject: r.subject };
    return queue(this.desk, stored, [plan(`clash:${seen.id}`, 'staff_message_id_clash', staffAddresses(this.cfg), data)], seen.id, now);
  }

  private async quarantine(raw: Buffer, rawSha: string, reason: string, now: Date): Promise<Receipt> {
    const messageId = `<${rawSha.slice(0, 32)}.unparseable@${this.cfg.mailbox.messageIdDomain}>`;
    // Unreadable is not unreadable to a person: a password in plain sight is masked in the kept copy.
    const masked = redactSecrets(raw.toString('latin1'));
    const kept = masked.redacted ? Buffer.from(masked.text, 'latin1') : raw;
    const keptSha = masked.redacted ? createHash('sha256').update(kept).digest('hex') : rawSha;
    keepFile(this.desk, kept, keptSha);
    return this.lane.run(async () => {
      if (this.seen(messageId)) return { disposition: 'duplicate' as const, messageId, caseRef: null, reason, queued: 0, handling: null };
      recordMessage(this.desk, { messageId, caseId: null, from: '', reading: null, rawSha: keptSha, disposition: 'quarantined', reason, now });
      this.db.insert(events).values({ caseId: null, at: now, type: 'message_quarantined', messageId, detail: { reason } }).run();
      // What a person can still read of it (From, Subject) from the masked copy, and why, in the mail's language.
      const data = { ...headerHint(kept), reason: describeUnreadable(reason, this.cfg.language) };
      const queued = await queue(this.desk, null, [plan(`quarantine:${messageId}`, 'staff_quarantine', staffAddresses(this.cfg), data)], messageId, now);
      return { disposition: 'quarantined' as const, messageId, caseRef: null, reason, queued, handling: null };
    });
  }

  // ---- route --------------------------------------------------------------------------------

  private facts(r: Reading, from: string, role: SenderRole, proof: Proof, stored: StoredCase | null): Facts {
    const ownWords = r.commands.length + r.unknownCommands.length + r.misplacedCommands.length;
    // A staff mail with no word of its own (an auto-forward of our notice back to us) is a machine's: answering it would loop.
    const bareStaffMail = role === 'staff' && ownWords === 0 && r.freshText.trim() === '' && r.attachments.length === 0 && r.forwarded === null;
    const sender: Sender =
      r.kind === 'bounce' || r.kind === 'auto_reply' || !from || (r.noAnswer !== null && role === 'reporter') || bareStaffMail
        ? 'automated'
        : role !== 'reporter'
          ? role
          : stored !== null && !takesPart(this.db, stored.id, from)
            ? 'non_participant'
            : 'reporter';
    const traits = new Set<Trait>();
    const has = (t: Trait, yes: boolean) => yes && traits.add(t);
    const reportData = Object.values(r.fields).some((v) => v !== null) || screenshotCount(this.cfg, r) > 0;
    has('auto_reply', r.kind === 'auto_reply');
    has('report_data', reportData);
    has('escalation_copy', stored?.case.state === 'escalating' && [...r.to, ...r.cc].some((a) => this.cfg.lkpp.addresses.includes(a)));
    has('command', ownWords + r.quotedCommands.length > 0);
    // Stray: commands and next to nothing else (a report that merely starts with a hashtag is a report).
    // An unknown `#word` line keeps its other words ("#SPSE tidak bisa dibuka" is a sentence).
    const lines = r.freshText.split('\n').map((l) => (isCommandLine(l) && commandOfLine(l) === null ? l.replace(/#[\p{L}][\p{L}\p{N}_-]*/u, '') : l));
    const words = withoutCommands(lines).join(' ').split(/\s+/).filter((w) => w !== '').length;
    const noReport = !reportData && r.symptoms.length === 0 && words <= STRAY_WORDS;
    has('stray_command', ownWords > 0 && noReport);
    has('attach', r.commands.some((c) => c.name === 'attach'));
    // Alone: beside other commands (#balas …) it is refused where they run, so none is dropped unseen.
    has('phone_report', r.commands.length > 0 && r.commands.every((c) => c.name === 'new_case'));
    has('forward', this.forwardedReporter(r) !== null);
    // Staff ask with #status; anyone with the subject "status" and no report in the mail (a report titled "Status" is a report).
    has('status', (role === 'staff' && r.commands.some((c) => c.name === 'status')) || ((STATUS_SUBJECT.test(r.subject.trim()) || r.commands.some((c) => c.name === 'status')) && noReport));
    has('blank', r.freshText.trim() === '' && r.attachments.length === 0 && !reportData);
    return { sender, proven: proof.proven, where: whereOf(stored?.case.state ?? null), traits };
  }

  /** Closed more than cases.reopenWithinDays ago: a committee writing in its thread has a new problem, not this one. */
  private longClosed(c: Case, now: Date): boolean {
    return c.state === 'closed' && c.closedAt !== null && now.getTime() - c.closedAt.getTime() > this.cfg.cases.reopenWithinDays * 86_400_000;
  }

  /** The committee whose mail a staff member forwarded: an outside person's address, never a robot's or our own. */
  private forwardedReporter(r: Reading): string | null {
    const writer = r.forwarded?.from ?? null;
    return writer !== null && roleOf(this.cfg, writer) === 'reporter' && !isNoReplyAddress(writer) ? writer : null;
  }

  private async handle(r: Reading, messageId: string, rawSha: string, now: Date, source: 'inbox' | 'sent'): Promise<Receipt> {
    const from = r.from ?? '';
    const role = from ? roleOf(this.cfg, from) : 'reporter';
    const proof: Proof = source === 'sent' ? { proven: true, by: 'our Sent folder' } : proofOf(this.cfg, from, r.authResults);
    if (r.kind === 'bounce') {
      // A bounce is linked to what it returns before anything else; the table names what that was.
      const bounced = await handleBounce(this.desk, r, messageId, rawSha, now);
      const traits = new Set<Trait>(bounced.ours ? ['bounce', 'bounce_of_ours'] : ['bounce']);
      const { handling } = route({ sender: 'automated', proven: proof.proven, where: bounced.where, traits });
      return { disposition: 'ignored', messageId, caseRef: bounced.caseRef, reason: 'bounce', queued: bounced.queued, handling };
    }
    const caseId = findCase(this.db, this.cfg, r, role);
    const found = caseId === null ? null : loadCase(this.db, { id: caseId });
    if (caseId !== null && !found) throw new Error(`case row ${caseId} vanished inside the transaction`);
    const stored = found !== null && role === 'reporter' && this.longClosed(found.case, now) ? null : found;
    const m: Incoming = { r, messageId, rawSha, from, role, proof, stored, now };
    const facts = this.facts(r, from, role, proof, stored);
    const row = route(facts);
    const done = (receipt: Omit<Receipt, 'handling'>): Receipt => ({ ...receipt, handling: row.handling });
    switch (row.handling) {
      case 'mark_bounce':
        throw new Error('bounces are handled before routing (bug)');
      case 'record':
        return done(this.record(m, facts.sender));
      case 'relay_unmatched':
        return done(await this.relayUnmatched(m, facts.sender));
      case 'relay_outsider':
        return done(await this.relayOutsider(m, facts.sender));
      case 'escalation_sent':
        return done(await this.decideAndCommit(m, [{ type: 'escalation_sent', at: r.date ?? now }]));
      case 'case_event':
      case 'refuse_unproven':
        return done(await this.decideAndCommit(m, caseEvents(this.cfg, r, from, role, this.mustHave(stored).case, proof)));
      case 'note_and_help':
        return done(await this.noteAndHelp(m));
      case 'open_case':
        return done(await this.openCase(m, ownReport(r, from)));
      case 'open_forwarded_case':
        return done(await this.openForwardedCase(m));
      case 'open_phone_case':
        return done(await this.openPhoneCase(m));
      case 'attach_to_case':
        return done(await this.attachToCase(m));
      case 'status_answer':
        return done(await this.answer(m, statusAnswer(this.desk, messageId, from, role === 'staff', now), 'status'));
      case 'help_answer':
        return done(await this.answer(m, helpNoCase(r, messageId, from, ''), 'staff_without_case'));
      case 'short_answer':
        return done(await this.answer(m, shortAnswer(messageId, from, facts.traits.has('blank') ? 'blank' : 'command'), facts.traits.has('blank') ? 'blank_mail' : 'stray_command'));
    }
  }

  private mustHave(stored: StoredCase | null): StoredCase {
    if (stored === null) throw new Error('routing sent a mail of no case to a case handler (bug)');
    return stored;
  }

  // ---- handlers: mail that changes no case --------------------------------------------------

  /** Machine mail and our own copies: recorded (on the case it threads to), never answered. */
  private record(m: Incoming, sender: Sender): Omit<Receipt, 'handling'> {
    const reason = m.r.kind === 'auto_reply' ? 'auto_reply' : sender === 'self' ? 'own_mail' : !m.from ? 'no_sender' : (m.r.noAnswer ?? 'automated');
    const caseId = m.stored?.id ?? null;
    recordWithEvent(this.desk, this.row(m, caseId, 'ignored', reason), { type: 'message_ignored', caseId, detail: { reason, kind: m.r.kind } });
    return { disposition: 'ignored', messageId: m.messageId, caseRef: m.stored?.case.ref ?? null, reason, queued: 0 };
  }

  private row(m: Incoming, caseId: number | null, disposition: 'processed' | 'ignored', reason: string | null) {
    return { messageId: m.messageId, caseId, from: m.from, reading: m.r, rawSha: m.rawSha, disposition, reason, now: m.now };
  }

  /** To staff: a mail of no case nobody answers; a reply with `#kasus REF` attaches it (attachToCase). */
  private async relayUnmatched(m: Incoming, sender: Sender): Promise<Omit<Receipt, 'handling'>> {
    const why = sender === 'automated' ? 'machine' : m.proof.proven && sender === 'lkpp' ? 'lkpp' : 'unproven';
    const detail = m.proof.proven ? '' : m.proof.why;
    recordWithEvent(this.desk, this.row(m, null, 'processed', `unmatched_${why}`), { type: 'message_relayed', caseId: null, detail: { why, detail } });
    const queued = await queue(this.desk, null, [relayUnmatched(this.desk, m.r, m.messageId, m.from, why, detail)], m.messageId, m.now);
    return { disposition: 'processed', messageId: m.messageId, caseRef: null, reason: `unmatched_${why}`, queued };
  }

  /**
   * A mail threaded to a case by someone who may not change it (not a participant, an unproven
   * LKPP or helpdesk From, or a machine): it adds nothing to the case (its attachments are kept
   * but not the case's), is never answered, and staff decide.
   */
  private async relayOutsider(m: Incoming, sender: Sender): Promise<Omit<Receipt, 'handling'>> {
    const stored = this.mustHave(m.stored);
    const unproven = sender === 'non_participant' || sender === 'automated' ? null : m.proof.proven ? null : m.proof.why;
    const reason = unproven !== null ? 'unproven_sender' : sender === 'automated' ? 'machine_mail' : 'non_participant';
    const rowId = recordMessage(this.desk, this.row(m, null, 'processed', reason));
    keepAttachments(this.desk, m.r, rowId);
    const detail = { reason, why: unproven, commands: m.r.commands.map((c) => c.name) };
    this.db.insert(events).values({ caseId: stored.id, at: m.now, type: 'outsider_message', actor: m.from, messageId: m.messageId, detail }).run();
    const data = { from: m.from, text: m.r.freshText, unproven: unproven !== null, detail: unproven ?? '' };
    const queued = await queue(this.desk, stored, [plan(`${m.messageId}:outsider`, 'staff_relay_outsider', staffAddresses(this.cfg), data)], m.messageId, m.now);
    return { disposition: 'processed', messageId: m.messageId, caseRef: stored.case.ref, reason, queued };
  }

  /** A short answer to the sender of a mail of no case (help, status, an empty or stray mail). */
  private async answer(m: Incoming, answer: PlannedMail, reason: string): Promise<Omit<Receipt, 'handling'>> {
    recordWithEvent(this.desk, this.row(m, null, 'processed', reason), { type: 'message_answered', caseId: null, detail: { reason, kind: answer.kind } });
    const queued = await queue(this.desk, null, [answer], m.messageId, m.now);
    return { disposition: 'processed', messageId: m.messageId, caseRef: null, reason, queued };
  }

  /** Staff wrote in a case without a command: a note on the case, and the sender is told so. */
  private async noteAndHelp(m: Incoming): Promise<Omit<Receipt, 'handling'>> {
    const stored = this.mustHave(m.stored);
    const text = redactSecrets(m.r.freshText).text;
    recordWithEvent(this.desk, this.row(m, stored.id, 'processed', 'staff_note'), { type: 'staff_note', caseId: stored.id, detail: { from: m.from, text } });
    const queued = await queue(this.desk, stored, [plan(`${m.messageId}:noted`, 'staff_note_recorded', [m.from], { text }, { autoSubmitted: 'auto-replied' })], m.messageId, m.now);
    return { disposition: 'processed', messageId: m.messageId, caseRef: stored.case.ref, reason: 'staff_note', queued };
  }

  // ---- handlers: a case opens ---------------------------------------------------------------

  /** `adopt`: rows of earlier messages (a relayed mail) that become the new case's. */
  private openCase(m: Incoming, source: ReportSource, adopt: number[] = []): Promise<Omit<Receipt, 'handling'>> {
    const ref = allocateRef(this.db, Number(this.deps.calendar.localDate(m.now).slice(0, 4)));
    const description = source.description.slice(0, DESCRIPTION_CHARS);
    return this.decideAndCommit(m, [reportEvent(this.cfg, m.r, { ...source, description }, ref)], { adopt });
  }

  /**
   * A committee's mail forwarded by staff: the case is the committee's, as if it had written
   * itself. A mail the helpdesk already has (the committee wrote to both) joins its case as a
   * note instead: one report, one case.
   */
  private openForwardedCase(m: Incoming): Promise<Omit<Receipt, 'handling'>> {
    const fwd = m.r.forwarded;
    const writer = this.forwardedReporter(m.r);
    if (fwd === null || writer === null) throw new Error('routing sent a mail without a forwarded report to openForwardedCase (bug)');
    const known = this.caseOfKnownMail(writer, fwd.subject, fwd.date);
    if (known !== null) return this.noteAndHelp({ ...m, stored: known });
    return this.openCase(m, {
      from: writer,
      fromName: fwd.fromName,
      fields: fwd.fields,
      missing: fwd.missing,
      symptoms: fwd.symptoms,
      description: fwd.text,
      openedBy: { staff: m.from, via: 'forward' },
    });
  }

  /** The case of a mail we already received from `writer` under this subject around `date` (a forward of it adds nothing new). */
  private caseOfKnownMail(writer: string, subject: string, date: Date | null): StoredCase | null {
    const bare = (text: string) => text.slice(0, 1000).replace(FORWARD_PREFIXES, '').replace(/\s+/g, ' ').trim().toLowerCase();
    const rows = this.db
      .select({ caseId: messages.caseId, subject: messages.subject, date: messages.date, recordedAt: messages.recordedAt })
      .from(messages)
      .where(and(eq(messages.fromAddr, writer), isNotNull(messages.caseId)))
      .orderBy(desc(messages.id))
      .limit(50)
      .all();
    const near = (d: Date) => date === null || Math.abs(d.getTime() - date.getTime()) <= 2 * 86_400_000;
    const hit = rows.find((row) => bare(row.subject) === bare(subject) && near(row.date ?? row.recordedAt));
    return hit?.caseId == null ? null : loadCase(this.db, { id: hit.caseId });
  }

  /**
   * `#kasus-baru` / `#laporan-telepon`: a report a staff member took by phone or in person, for
   * the committee its data lines name; or, in a reply to our relay of someone's mail, a case for
   * that mail's writer, read from the mail as it came.
   */
  private async openPhoneCase(m: Incoming): Promise<Omit<Receipt, 'handling'>> {
    const report = m.r.phoneReport;
    const named = report?.reporter ?? null;
    if (report !== null && named !== null && roleOf(this.cfg, named) === 'reporter' && !isNoReplyAddress(named)) {
      return this.openCase({ ...m, stored: null }, {
        from: named,
        fromName: report.reporterName,
        fields: report.fields,
        missing: report.missing,
        symptoms: report.symptoms,
        description: report.description,
        openedBy: { staff: m.from, via: 'phone' },
      });
    }
    const relayed = relayedBy(this.desk, m.r);
    const row = relayed === null ? undefined : this.db.select().from(messages).where(eq(messages.messageId, relayed)).get();
    const original = row?.reading as Contract | null | undefined;
    if (row && original && row.fromAddr && roleOf(this.cfg, row.fromAddr) === 'reporter' && !isNoReplyAddress(row.fromAddr)) {
      // The relayed mail's screenshots were kept with it; they count for the new case.
      const screenshots = original.attachments.filter((a) => a.screenshot && a.size <= this.cfg.attachments.maxBytes).length;
      const source: ReportSource = {
        from: row.fromAddr,
        fromName: null,
        fields: original.fields,
        missing: original.missing,
        symptoms: original.symptoms,
        description: original.freshText,
        screenshots,
        openedBy: { staff: m.from, via: 'forward' },
      };
      return this.openCase({ ...m, stored: null }, source, [row.id]);
    }
    return this.answer(m, helpNoCase(m.r, m.messageId, m.from, 'phone_report_without_address'), 'phone_report_without_address');
  }

  /**
   * `#kasus REF` in a reply to our relay of a mail of no case: that mail joins case REF. LKPP's
   * mail is then handled as LKPP's answer on the case (its ticket is kept, so its next mail
   * threads by itself); anyone else's is logged on the case. The sender is told.
   */
  private async attachToCase(m: Incoming): Promise<Omit<Receipt, 'handling'>> {
    const args = m.r.commands.find((c) => c.name === 'attach')?.args ?? '';
    const ref = /\d{4}-\d{1,6}/.exec(args)?.[0] ?? '';
    const original = relayedBy(this.desk, m.r);
    const problem: HelpProblem = original === null ? 'attach_without_relay' : '';
    const target = ref === '' ? null : loadCase(this.db, { ref });
    if (problem !== '' || target === null) {
      const why = problem !== '' ? problem : 'attach_unknown_case';
      return this.answer(m, helpNoCase(m.r, m.messageId, m.from, why, ref), why);
    }
    const row = this.db.select().from(messages).where(eq(messages.messageId, original ?? '')).get();
    if (!row) return this.answer(m, helpNoCase(m.r, m.messageId, m.from, 'attach_without_relay', ref), 'attach_without_relay');
    this.db.update(messages).set({ caseId: target.id }).where(eq(messages.id, row.id)).run();
    this.db.insert(events).values({ caseId: target.id, at: m.now, type: 'message_attached', actor: m.from, messageId: row.messageId, detail: { by: m.from, from: row.fromAddr, subject: row.subject } }).run();
    const text = (row.reading as { freshText?: string } | null)?.freshText ?? '';
    const caseEventsOf: CaseEvent[] =
      roleOf(this.cfg, row.fromAddr) === 'lkpp'
        ? [{ type: 'lkpp_message', from: row.fromAddr, text, ticket: lkppTicket(this.cfg, { subject: row.subject, freshText: text }) }]
        : [];
    const by = this.cfg.staff.find((s) => s.email === m.from)?.name ?? m.from;
    const told: Action[] = [
      { type: 'mail', kind: 'staff_ack', to: 'sender', data: { command: 'attach', state: target.case.state } },
      { type: 'mail', kind: 'staff_command_copy', to: 'other_staff', data: { command: 'attach', by, args: ref } },
    ];
    return this.decideAndCommit({ ...m, stored: target }, caseEventsOf, { also: told, actor: row.fromAddr });
  }

  // ---- decide, commit, queue ----------------------------------------------------------------

  /**
   * `also`: actions beside the decision's; `adopt`: rows of earlier messages that join the case;
   * `actor`: whose the decided events are, when not the sender's (an attached LKPP mail is LKPP's).
   */
  private async decideAndCommit(m: Incoming, caseEvents: CaseEvent[], opts: { also?: Action[]; adopt?: number[]; actor?: string } = {}): Promise<Omit<Receipt, 'handling'>> {
    const { also = [], adopt = [], actor = m.from } = opts;
    const { stored, now } = m;
    let current: Case | null = stored?.case ?? null;
    const actions: Action[] = [];
    const log: LogEvent[] = [];
    const options = { escalationMode: this.cfg.escalation.mode, staff: this.cfg.staff };
    for (const e of caseEvents) {
      const d = decide(current, e, now, this.deps.sop, this.deps.calendar, options);
      current = d.case;
      actions.push(...d.actions);
      log.push(...d.events);
    }
    if (current === null) throw new Error('decide returned no case');
    actions.push(...also);
    // One refusal mail per message, however many of its words were refused (each is in the case log).
    const firstRefusal = actions.findIndex((a) => a.type === 'mail' && a.kind === 'staff_refusal');
    const sent = actions.filter((a, i) => !(a.type === 'mail' && a.kind === 'staff_refusal') || i === firstRefusal);
    const caseId = saveCase(this.db, current, now, stored ?? undefined);
    if (adopt.length > 0) this.db.update(messages).set({ caseId }).where(inArray(messages.id, adopt)).run();
    const rowId = recordMessage(this.desk, this.row(m, caseId, 'processed', null));
    const screenshots = keepAttachments(this.desk, m.r, rowId);
    for (const e of log) logEvent(this.db, { caseId, at: now, type: e.type, actor, messageId: m.messageId, detail: e.detail });
    const cause = { key: m.messageId, sender: m.from, opensCase: stored === null, files: m.r.attachments };
    const planned = sent.flatMap((action, i) => planAction(this.desk, action, i, cause, current));
    // A new case passes the mailbox-wide flood guard; the summary of an ended interval goes out with the next one.
    const plans = stored === null ? guardNewCase(this.db, this.cfg.autoReply, caseId, planned, m.messageId, now) : planned;
    if (stored === null) await this.queueNewCaseSummaries(now);
    // The committee's screenshots are read after commit; the staff notice that shows them waits for it.
    const read = this.deps.ocr != null && screenshots.length > 0 && caseEvents.some((e) => e.type === 'report' || e.type === 'reporter_message');
    const held: PlannedMail[] | undefined = read ? [] : undefined;
    const queued = await queue(this.desk, { id: caseId, case: current }, plans, m.messageId, now, held);
    // A new case's staff hear of it by its notice or the summary of new cases the flood guard folds it into.
    if (held !== undefined) addJob(this.db, { caseId, messageId: m.messageId, files: screenshots, held, staffTold: held.length > 0 || stored === null, now });
    return { disposition: 'processed', messageId: m.messageId, caseRef: current.ref, reason: null, queued };
  }

  // ---- the screenshots' reading, after commit -----------------------------------------------

  /**
   * Reads the screenshots of every message waiting for it (screenshot-jobs.ts: the committees take
   * turns), each outside any transaction, and then, in one transaction per message, records what was read,
   * decides on it (the case's Kode Error, the request to open the error's details) and queues the
   * staff notices that waited. With reading off, waiting notices are queued as they are.
   * Returns how many mails were queued. One run at a time: a second call joins the first.
   */
  readWaitingScreenshots(stop: () => boolean = () => false): Promise<number> {
    this.reading ??= this.readAll(stop).finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readAll(stop: () => boolean): Promise<number> {
    let queued = 0;
    const settings = this.deps.ocr ?? null;
    for (let job = nextJob(this.db); job !== null && !stop(); job = nextJob(this.db)) {
      const giveUp = job.attempts >= MAX_ATTEMPTS;
      if (settings !== null && !giveUp) {
        const id = job.id;
        await this.lane.run(async () => countAttempt(this.db, id));
        try {
          await this.readJob(job, settings);
        } catch (err) {
          // A fault of the machine (the work folder, the disk), not of a picture: the job waits for
          // the next run, its attempt counted, so that one that fails every time is given up.
          const error = err instanceof Error ? err.message : String(err);
          await this.lane.run(async () => logEvent(this.db, { caseId: job.caseId, at: this.deps.now(), type: 'screenshot_reading_failed', actor: null, messageId: job.messageId, detail: { error } }));
          break;
        }
      }
      queued += await this.finishJob(job, settings !== null, giveUp);
    }
    return queued;
  }

  /** Reads the job's pictures not read yet, within one budget for them all, and records each. */
  private async readJob(job: WaitingJob, settings: OcrSettings): Promise<void> {
    readyWorkDir(settings.workDir, new Date());
    // The budget is the message's, all its pictures together: one mail cannot hold the next for longer.
    const deadline = Date.now() + settings.budgetMs;
    for (const f of unread(this.db, job.files)) {
      const left = deadline - Date.now();
      // Past the budget, a picture stays unread (not recorded: another mail with it reads it).
      if (left <= 0) break;
      const file = fileOf(this.cfg.paths.files, f);
      const ocr: ScreenshotOcr = file === null ? { status: 'unreadable', reason: 'no_picture', detail: 'the file is no longer kept', ms: 0 } : await readScreenshotApart(file, f.contentType, { ...settings, budgetMs: left });
      // Out of time only because earlier pictures used it: not this picture's verdict.
      if (ocr.status === 'unreadable' && ocr.reason === 'timeout' && left < settings.budgetMs) break;
      await this.lane.run(async () => recordReading(this.db, f.sha256, ocr, this.deps.now()));
    }
  }

  private finishJob(job: WaitingJob, on: boolean, gaveUp: boolean): Promise<number> {
    return this.lane.run(async () => {
      const now = this.deps.now();
      const stored = loadCase(this.db, { id: job.caseId });
      if (stored === null) throw new Error(`case row ${job.caseId} vanished`);
      if (gaveUp && on) {
        for (const f of unread(this.db, job.files)) recordReading(this.db, f.sha256, { status: 'unreadable', reason: 'engine_failed', detail: `reading ended the process ${job.attempts} times`, ms: 0 }, now);
      }
      const found = readingsOf(this.db, job.files.map((f) => f.sha256));
      const before = shownBefore(this.db, job.caseId, job.messageId);
      const readings: ScreenshotRead[] = job.files.flatMap((f) => {
        const r = found.get(f.sha256);
        return r === undefined ? [] : [{ filename: f.filename, status: r.status, errorCode: r.errorCode, detailsHidden: r.detailsHidden, codeUnclear: r.codeUnclear, reason: r.reason, again: before.has(f.sha256) }];
      });
      let current = stored.case;
      const plans: PlannedMail[] = [];
      if (readings.length > 0) {
        const from = this.db.select({ from: messages.fromAddr }).from(messages).where(eq(messages.messageId, job.messageId)).get()?.from ?? '';
        const d = decide(current, { type: 'screenshots_read', readings, staffTold: job.staffTold, from }, now, this.deps.sop, this.deps.calendar, { escalationMode: this.cfg.escalation.mode, staff: this.cfg.staff });
        current = d.case;
        saveCase(this.db, current, now, stored);
        for (const e of d.events) logEvent(this.db, { caseId: stored.id, at: now, type: e.type, actor: null, messageId: job.messageId, detail: e.detail });
        const cause = { key: `${job.messageId}:read`, sender: '', opensCase: false, files: [] };
        plans.push(...d.actions.flatMap((action, i) => planAction(this.desk, action, i, cause, current)));
      }
      markDone(this.db, job.id, now);
      return queue(this.desk, { id: stored.id, case: current }, [...job.held, ...plans], job.messageId, now);
    });
  }

  /**
   * Staff hear once per year (its key is the year) that the holiday file of the coming year is
   * missing, from 1 November, or of the current year: without it holidays count as working days.
   */
  private queueCalendarMissing(now: Date): Promise<number> {
    const covered = coveredYears(this.cfg.holidays, this.cfg.calendar.extraHolidays);
    const years = missingCalendarYears(covered, this.deps.calendar.localDate(now));
    const plans = years.map((year) => plan(`calendar_missing:${year}`, 'staff_calendar_missing', staffAddresses(this.cfg), { year, holidaysDir: holidaysDirOf(this.cfg) }));
    return queue(this.desk, null, plans, `calendar_missing:${years.join(',')}`, now);
  }

  /** One summary mail per ended interval in which staff notices of new cases were folded (flood-guard.ts). */
  private async queueNewCaseSummaries(now: Date): Promise<number> {
    const { language: lang, calendar } = this.cfg;
    let queued = 0;
    for (const due of dueSummaries(this.db, this.cfg.autoReply, now)) {
      const data = {
        count: due.cases.length,
        minutes: this.cfg.autoReply.staffSummaryMinutes,
        from: due.from,
        until: due.until,
        withheld: due.cases.filter((c) => c.ackWithheld).length,
        cases: due.cases.map((c) => ({
          tag: `[${this.cfg.cases.tagPrefix}#${c.ref}]`,
          reporter: c.reporterName ? `${c.reporterName} <${c.reporter}>` : c.reporter,
          openedAt: formatDateTime(c.openedAt, lang, calendar.timezone),
          ackWithheld: c.ackWithheld,
        })),
      };
      queued += await queue(this.desk, null, [plan(due.key, 'staff_new_cases_summary', staffAddresses(this.cfg), data)], due.key, now);
    }
    return queued;
  }

  // ---- archive ------------------------------------------------------------------------------

  private archiveDeps(): ArchiveDeps {
    return archiveDepsFrom(this.cfg, this.db, this.deps.sop, this.deps.calendar);
  }

  /** After a committed change: a closed case gets its archive (rewritten, so it stays complete). */
  private async archiveIfClosed(ref: string | null, now: Date): Promise<void> {
    if (ref === null) return;
    const db = this.db;
    const stateOf = prepared(db, 'cases.stateByRef', () => db.select({ state: cases.state }).from(cases).where(eq(cases.ref, sql.placeholder('ref'))).prepare());
    if (stateOf.get({ ref })?.state === 'closed') await this.archive(ref, now);
  }

  /** Writes the case archive under paths.archive and logs it; a failure is logged (and retried by a later tick), never thrown. */
  private archive(ref: string, now: Date): Promise<boolean> {
    return this.lane.run(async () => {
      const caseId = this.db.select({ id: cases.id }).from(cases).where(eq(cases.ref, ref)).get()?.id ?? null;
      try {
        const result = await writeArchive(this.archiveDeps(), ref, this.cfg.paths.archive, now);
        this.db.insert(events).values({ caseId, at: now, type: 'case_archived', detail: { dir: result.dir, files: result.files.length } }).run();
        if (caseId !== null) markArchived(this.db, caseId);
        return true;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        this.db.insert(events).values({ caseId, at: now, type: 'archive_failed', detail: { error } }).run();
        return false;
      }
    });
  }
}
