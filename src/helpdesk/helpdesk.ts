// The helpdesk: one incoming message, end to end. It reads the message, threads it to a case,
// turns it into workflow events, lets the workflow decide, and commits the message, the case,
// its clocks, the case log and every outgoing mail in ONE transaction. Sending (the outbox)
// and acknowledging the message at its source happen after, in the caller.
// The cron tick (`tick`) runs the SOP clocks' alerts, reminders and no-response closes the same
// way, one transaction per case; a case that is closed gets its archive written after commit.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Config } from '../config/load';
import { readMessage, toContract, UnparseableMessage, parseRequestedItems, type Reading } from '../inbox/reading';
import { sanitizeFilename, storeAttachment } from '../inbox/attachment-intake';
import { ReadingOverBudget, type MessageReader } from '../inbox/reading-budget';
import { isForwardSubject } from '../inbox/fresh-text';
import { buildMessage, compose, messageIdFor } from '../outbox/compose';
import { enqueue, queuedTo } from '../outbox/outbox';
import { renderMail, type TemplateKind } from '../outbox/render';
import { formatDateTime } from '../outbox/format';
import { composeWithinCap } from '../outbox/size-cap';
import type { Store } from '../store/db';
import { messageIdSecret } from '../store/message-id-secret';
import { attachments, cases, events, messages, outbox } from '../store/schema';
import { allocateRef, caseByLkppTicket, caseByMessageIds, loadCase, saveCase, takesPart, threadIds } from '../store/case-store';
import { commandsAllowed, decide, runningClock, type Action, type Calendar, type Case, type CaseEvent, type LogEvent, type Role, type Sop } from '../workflow';
import { redactSecrets } from '../workflow/redact';
import { casesToArchive, writeArchive, type ArchiveDeps } from '../archive/archive';
import { proofOf, roleOf, type Proof, type SenderRole } from './roles';
import { dueSummaries, guardNewCase } from './flood-guard';

/**
 * The copy kept of a message in which someone wrote a server password (typically the sent
 * escalation, or a staff reply): the SOP forbids storing one, so instead of the original the
 * store keeps its headers and its redacted text. Attachments are kept on their own as the
 * reading hands them over (text ones masked, an attached message with a password replaced).
 */
function withoutSecrets(r: Reading, messageId: string): Promise<Buffer> {
  const note = '[Salinan tersimpan: isi asli tidak disimpan karena memuat password; password diganti [disembunyikan].]';
  return buildMessage({
    from: r.fromName ? { name: r.fromName, address: r.from ?? '' } : (r.from ?? ''),
    to: r.to,
    cc: r.cc,
    subject: r.subject,
    date: r.date ?? undefined,
    messageId,
    inReplyTo: r.inReplyTo ?? undefined,
    references: r.references.length ? r.references : undefined,
    text: `${note}\n\n${r.redactedBody}\n`,
  });
}

/**
 * What a reporter's reply adds: the items the case still lacks or that were asked for again.
 * Data already on the case is not overwritten by a reply, whose signature or sentences can
 * carry a shorter form of it ("Pokja Pemilihan 1" for "Pokja Pemilihan 1 DPUPR"); a correction
 * reaches staff in the relayed text.
 */
function replyFields(fields: Reading['fields'], c: Case): Partial<Reading['fields']> {
  const keys = Object.keys(fields) as (keyof Reading['fields'])[];
  return Object.fromEntries(
    keys.filter((k) => c.fields[k] === null || (c.requested as string[]).includes(k)).map((k) => [k, fields[k]]),
  );
}

export type Disposition = 'processed' | 'duplicate' | 'ignored' | 'quarantined';

export interface Receipt {
  disposition: Disposition;
  messageId: string;
  caseRef: string | null;
  reason: string | null;
  /** Outbox rows queued by this message. */
  queued: number;
}

/** What one tick did. */
export interface TickReport {
  /** Cases with a running clock that could be due an alert, a reminder or the close. */
  checked: number;
  /** Refs of the cases the tick changed (a marker set, or closed for no response). */
  changed: string[];
  /** Outbox rows queued. */
  queued: number;
  /** Refs of closed cases archived (newly closed, or a missing or stale archive). */
  archived: string[];
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
}

const HOUR = 3_600_000;

/** Staff mail that a stranger's or forger's message causes, capped per staff address (overCap). */
const OUTSIDER_CAUSED: readonly TemplateKind[] = ['staff_refusal', 'staff_relay_outsider'];
const TICKET_SCAN_CHARS = 4000;

/** A mail to queue, resolved to addresses and rendered. */
interface PlannedMail {
  key: string;
  kind: TemplateKind;
  to: string[];
  cc: string[];
  status: 'pending' | 'draft';
  autoSubmitted: 'auto-replied' | 'auto-generated' | null;
  data: object;
  attach: boolean;
}

export class Helpdesk {
  constructor(private readonly deps: HelpdeskDeps) {}

  private get cfg(): Config {
    return this.deps.config;
  }

  private get db() {
    return this.deps.store.db;
  }

  /**
   * Handles one raw message; never throws for a bad message (it is quarantined instead).
   * `source: 'sent'` is our own Sent folder, read through our IMAP login: its mail never came
   * over SMTP from outside, so it is the helpdesk's own without any header to prove it.
   */
  async receive(raw: Buffer, opts: { source?: 'inbox' | 'sent' } = {}): Promise<Receipt> {
    const now = this.deps.now();
    const rawSha = createHash('sha256').update(raw).digest('hex');
    let reading: Reading;
    try {
      reading = await (this.deps.reader ?? readMessage)(raw, { tagPrefix: this.cfg.cases.tagPrefix, ownAddresses: [this.cfg.mailbox.address] });
    } catch (err) {
      if (!(err instanceof UnparseableMessage) && !(err instanceof ReadingOverBudget)) throw err;
      return this.quarantine(raw, rawSha, err.reason, now);
    }
    const messageId = reading.messageId ?? `<${rawSha.slice(0, 32)}.no-message-id@${this.cfg.mailbox.messageIdDomain}>`;
    const kept = reading.secretsRedacted ? await withoutSecrets(reading, messageId) : raw;
    const keptSha = kept === raw ? rawSha : createHash('sha256').update(kept).digest('hex');
    this.keepFile(kept, keptSha);
    const receipt = await this.inTransaction(async () => {
      const seen = this.identify(messageId, keptSha, reading);
      if (seen.duplicate) return { disposition: 'duplicate' as const, messageId: seen.id, caseRef: null, reason: 'already processed', queued: 0 };
      const handled = await this.handle(reading, seen.id, keptSha, now, opts.source ?? 'inbox');
      return seen.clashWith === null ? handled : { ...handled, queued: handled.queued + (await this.flagClash(reading, messageId, seen, handled, now)) };
    });
    await this.archiveIfClosed(receipt.caseRef, now);
    return receipt;
  }

  /**
   * The cron tick (SOP clocks): each case whose running clock may be due a warning, a breach
   * alert, the reporter's reminder or the no-response close is decided in its own transaction.
   * What a tick changes (the clock's exactly-once marker, the close) is committed together with
   * the mail it causes, under an idempotency key of the clock (tick:<ref>:<step>:<start>:...),
   * so a restart, a second daemon tick or a replay never mails twice. Unchanged cases are not
   * written. Closed cases whose archive is missing or stale are archived afterwards.
   */
  async tick(now: Date = this.deps.now()): Promise<TickReport> {
    const report: TickReport = { checked: 0, changed: [], queued: 0, archived: [] };
    report.queued += await this.inTransaction(() => this.queueNewCaseSummaries(now));
    const candidates = this.db.all<{ id: number }>(
      sql`select case_id as id from clocks where stopped_at is null
          and ((owner = 'lpse' and breach_alerted_at is null) or (step = '1c' and due_at < ${now.getTime()}))
          union select id from cases where state in ('solved', 'lkpp_solved') order by id`,
    );
    const options = {
      escalationMode: this.cfg.escalation.mode,
      warnAtPercent: this.cfg.alerts.warnAtPercent,
      closeAfterWorkingDays: this.cfg.reminders.closeAfterWorkingDays,
      closeSolvedAfterWorkingDays: this.cfg.cases.closeSolvedAfterWorkingDays,
    };
    const decideTick = (id: number) => {
      const stored = loadCase(this.db, { id });
      const clock = stored ? (runningClock(stored.case) ?? stored.case.clocks.at(-1) ?? null) : null;
      if (!stored || !clock) return null;
      const d = decide(stored.case, { type: 'tick' }, now, this.deps.sop, this.deps.calendar, options);
      return d.actions.length === 0 && d.events.every((e) => e.type === 'tick') ? null : { stored, clock, d };
    };
    for (const { id } of candidates) {
      report.checked++;
      // A read first: most ticks change nothing and need no write transaction at all.
      if (decideTick(id) === null) continue;
      const changed = await this.inTransaction(async () => {
        const decided = decideTick(id); // again, inside the transaction: this decision is the one stored
        if (decided === null) return null;
        const { stored, clock, d } = decided;
        saveCase(this.db, d.case, now);
        for (const e of d.events) this.db.insert(events).values({ caseId: id, at: now, type: e.type, detail: e.detail }).run();
        const key = `tick:${stored.case.ref}:${clock.step}:${clock.startedAt.getTime()}`;
        const plans = d.actions.flatMap((action, i) => this.planAction(action, i, key, d.case, ''));
        const queued = await this.queue({ id, case: d.case }, plans, threadIds(this.db, id).at(-1) ?? key, now);
        return { ref: d.case.ref, queued };
      });
      if (changed === null) continue;
      report.changed.push(changed.ref);
      report.queued += changed.queued;
    }
    for (const ref of casesToArchive(this.db, now)) if (await this.archive(ref, now)) report.archived.push(ref);
    return report;
  }

  /**
   * Runs `work` as one write transaction in the helpdesk's lane, never interleaved with intake
   * or ticks on the shared connection (the digest job queues its mail through it).
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.inTransaction(work);
  }

  private archiveDeps(): ArchiveDeps {
    return {
      db: this.db,
      filesDir: this.cfg.paths.files,
      sop: this.deps.sop,
      calendar: this.deps.calendar,
      lang: this.cfg.language,
      helpdesk: { name: this.cfg.mailbox.name, address: this.cfg.mailbox.address },
      tagPrefix: this.cfg.cases.tagPrefix,
    };
  }

  /** After a committed change: a closed case gets its archive (rewritten, so it stays complete). */
  private async archiveIfClosed(ref: string | null, now: Date): Promise<void> {
    if (ref === null) return;
    const row = this.db.select({ state: cases.state }).from(cases).where(eq(cases.ref, ref)).get();
    if (row?.state === 'closed') await this.archive(ref, now);
  }

  /** Writes the case archive under paths.archive and logs it; a failure is logged (and retried by a later tick), never thrown. */
  private archive(ref: string, now: Date): Promise<boolean> {
    return this.inTransaction(async () => {
      const caseId = this.db.select({ id: cases.id }).from(cases).where(eq(cases.ref, ref)).get()?.id ?? null;
      try {
        const result = writeArchive(this.archiveDeps(), ref, this.cfg.paths.archive, now);
        this.db.insert(events).values({ caseId, at: now, type: 'case_archived', detail: { dir: result.dir, files: result.files.length } }).run();
        return true;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        this.db.insert(events).values({ caseId, at: now, type: 'archive_failed', detail: { error } }).run();
        return false;
      }
    });
  }

  /** For the daemon: a message that `receive` failed on again and again is quarantined, and staff are told. */
  quarantineRaw(raw: Buffer, reason: string): Promise<Receipt> {
    return this.quarantine(raw, createHash('sha256').update(raw).digest('hex'), reason, this.deps.now());
  }

  /**
   * For the daemon: the outbox gave up on a mail (SMTP 5xx). Logged on its case; staff are told
   * once, by a small notice without attachments, also when a staff notice failed (e.g. too
   * large). A failed failure notice is only logged: reporting it would loop.
   */
  reportSendFailure(row: { id: number; caseId: number | null; kind: string; messageId: string; toAddrs: string[]; subject: string; lastError: string | null }): Promise<number> {
    const now = this.deps.now();
    return this.inTransaction(async () => {
      const detail = { outboxId: row.id, kind: row.kind, to: row.toAddrs, error: row.lastError };
      this.db.insert(events).values({ caseId: row.caseId, at: now, type: 'mail_failed', messageId: row.messageId, detail }).run();
      if (row.kind === 'staff_send_failed') return 0;
      const stored = row.caseId === null ? null : loadCase(this.db, { id: row.caseId });
      const data = { to: row.toAddrs.join(', '), subject: row.subject, error: row.lastError ?? '' };
      return this.queue(stored, [this.plan(`send_failed:${row.messageId}`, 'staff_send_failed', this.staffAddresses(), data)], row.messageId, now);
    });
  }

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
    const first = this.db
      .select({ sha: messages.rawSha256, from: messages.fromAddr, subject: messages.subject, reading: messages.reading })
      .from(messages)
      .where(eq(messages.messageId, messageId))
      .get();
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
    return this.queue(stored, [this.plan(`clash:${seen.id}`, 'staff_message_id_clash', this.staffAddresses(), data)], seen.id, now);
  }

  /** The raw message, kept once under its sha256 beside the attachments (the case archive needs it). */
  private keepFile(content: Buffer, sha256: string): void {
    storeAttachment(this.cfg.paths.files, { content, sha256 }, { maxBytes: Number.MAX_SAFE_INTEGER });
  }

  /**
   * Runs `work` in one write transaction. Rendering and MIME composition are asynchronous, so
   * transactions are queued one after another: two never interleave on the connection.
   */
  private inTransaction<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      const { sqlite } = this.deps.store;
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        sqlite.exec('COMMIT');
        return result;
      } catch (err) {
        sqlite.exec('ROLLBACK');
        throw err;
      }
    };
    const result = this.lane.then(run, run);
    this.lane = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private lane: Promise<void> = Promise.resolve();

  private async quarantine(raw: Buffer, rawSha: string, reason: string, now: Date): Promise<Receipt> {
    const messageId = `<${rawSha.slice(0, 32)}.unparseable@${this.cfg.mailbox.messageIdDomain}>`;
    // Unreadable is not unreadable to a person: a password in plain sight is masked in the kept copy.
    const masked = redactSecrets(raw.toString('latin1'));
    const kept = masked.redacted ? Buffer.from(masked.text, 'latin1') : raw;
    const keptSha = masked.redacted ? createHash('sha256').update(kept).digest('hex') : rawSha;
    this.keepFile(kept, keptSha);
    return this.inTransaction(async () => {
      if (this.seen(messageId)) return { disposition: 'duplicate' as const, messageId, caseRef: null, reason, queued: 0 };
      this.recordMessage({ messageId, caseId: null, from: '', reading: null, rawSha: keptSha, disposition: 'quarantined', reason, now });
      this.db.insert(events).values({ caseId: null, at: now, type: 'message_quarantined', messageId, detail: { reason } }).run();
      const queued = await this.queue(null, [
        this.plan(`quarantine:${messageId}`, 'staff_quarantine', this.staffAddresses(), { from: '', subject: '', reason }),
      ], messageId, now);
      return { disposition: 'quarantined' as const, messageId, caseRef: null, reason, queued };
    });
  }

  private async handle(r: Reading, messageId: string, rawSha: string, now: Date, source: 'inbox' | 'sent'): Promise<Receipt> {
    const from = r.from ?? '';
    const role = from ? roleOf(this.cfg, from) : 'reporter';
    const proof: Proof = source === 'sent' ? { proven: true, by: 'our Sent folder' } : proofOf(this.cfg, from, r.authResults);
    const ignore = (reason: string, caseId: number | null = null) => {
      const rowId = this.recordMessage({ messageId, caseId, from, reading: r, rawSha, disposition: 'ignored', reason, now });
      this.keepAttachments(r, rowId);
      this.db.insert(events).values({ caseId, at: now, type: 'message_ignored', actor: from, messageId, detail: { reason, kind: r.kind } }).run();
      return { disposition: 'ignored' as const, messageId, caseRef: null, reason, queued: 0 };
    };

    if (r.kind === 'bounce') return this.bounce(r, messageId, rawSha, now);
    // Loop guard: an automatic reply is recorded, never answered.
    if (r.kind === 'auto_reply') return ignore('auto_reply', this.findCase(r, from, role));
    if (!from) return ignore('no_sender');
    // List mail and no-reply senders get no answer of any kind; a case they thread to logs them.
    if (r.noAnswer !== null && role === 'reporter') return ignore(r.noAnswer, this.findCase(r, from, role));

    const caseId = this.findCase(r, from, role);
    if (role === 'self') {
      const stored = caseId === null ? null : loadCase(this.db, { id: caseId });
      if (stored && stored.case.state === 'escalating' && this.addressesLkpp(r)) {
        // A forged `From: helpdesk@` must not start LKPP's clock: only our Sent folder or our server's proof does.
        if (!proof.proven) return this.relayOutsider(stored, r, messageId, rawSha, from, proof.why, now);
        return this.decideAndCommit(stored, [{ type: 'escalation_sent', at: r.date ?? now }], r, messageId, rawSha, from, now);
      }
      return ignore('own_mail', caseId);
    }
    if (caseId === null) {
      if (role !== 'reporter') return ignore(`${role}_message_without_case`);
      const ref = allocateRef(this.db, Number(this.deps.calendar.localDate(now).slice(0, 4)));
      return this.decideAndCommit(null, [this.reportEvent(r, from, ref)], r, messageId, rawSha, from, now);
    }
    const stored = loadCase(this.db, { id: caseId });
    if (!stored) throw new Error(`case row ${caseId} vanished inside the transaction`);
    // Threading lets anyone in (a Message-ID or tag is easy to copy); only participants change a case.
    if (role === 'reporter' && !takesPart(this.db, caseId, from)) return this.relayOutsider(stored, r, messageId, rawSha, from, null, now);
    if (role === 'lkpp' && !proof.proven) return this.relayOutsider(stored, r, messageId, rawSha, from, proof.why, now);
    return this.decideAndCommit(stored, this.caseEvents(r, from, role, stored.case, proof), r, messageId, rawSha, from, now);
  }

  /**
   * A mail threaded to a case by someone who may not change it (not a participant, or an
   * unproven LKPP or helpdesk From: `unproven` says why): it adds nothing to the case (its
   * attachments are kept but not the case's), is never answered, and staff decide.
   */
  private async relayOutsider(stored: { id: number; case: Case }, r: Reading, messageId: string, rawSha: string, from: string, unproven: string | null, now: Date): Promise<Receipt> {
    const reason = unproven === null ? 'non_participant' : 'unproven_sender';
    const rowId = this.recordMessage({ messageId, caseId: null, from, reading: r, rawSha, disposition: 'processed', reason, now });
    this.keepAttachments(r, rowId);
    const detail = { reason, why: unproven, commands: r.commands.map((c) => c.name) };
    this.db.insert(events).values({ caseId: stored.id, at: now, type: 'outsider_message', actor: from, messageId, detail }).run();
    const data = { from, text: r.freshText, unproven: unproven !== null, detail: unproven ?? '' };
    const queued = await this.queue(stored, [this.plan(`${messageId}:outsider`, 'staff_relay_outsider', this.staffAddresses(), data)], messageId, now);
    return { disposition: 'processed', messageId, caseRef: stored.case.ref, reason, queued };
  }

  /** Threading (design.md): Message-IDs first, then the subject tag; `handle` decides whether the sender may change the case. */
  private findCase(r: Reading, from: string, role: SenderRole): number | null {
    const byIds = this.threadedCase(r);
    if (byIds !== null) return byIds;
    if (r.caseRef) {
      const tagged = loadCase(this.db, { ref: r.caseRef });
      // Someone new forwarding a case's mail with a problem of their own ("Fwd: [LPSE#...]") opens
      // their own case; any other outsider mail under the tag goes to the tagged case, which it cannot change.
      if (tagged && (role !== 'reporter' || !isForwardSubject(r.subject) || takesPart(this.db, tagged.id, from))) return tagged.id;
    }
    if (role === 'lkpp') {
      const ticket = this.lkppTicket(r);
      if (ticket) return caseByLkppTicket(this.db, ticket);
    }
    return null;
  }

  private threadedCase(r: Reading): number | null {
    return caseByMessageIds(this.db, [...(r.inReplyTo ? [r.inReplyTo] : []), ...r.references]);
  }

  private lkppTicket(r: Reading): string | null {
    // The pattern is the operator's and runs here, outside the reading budget: it sees only the
    // start of the text, where LKPP writes its ticket number.
    const pattern = new RegExp(this.cfg.lkpp.ticketPattern, 'i');
    return pattern.exec(r.subject.slice(0, TICKET_SCAN_CHARS))?.[1] ?? pattern.exec(r.freshText.slice(0, TICKET_SCAN_CHARS))?.[1] ?? null;
  }

  private addressesLkpp(r: Reading): boolean {
    return [...r.to, ...r.cc].some((a) => this.cfg.lkpp.addresses.includes(a));
  }

  private screenshots(r: Reading): number {
    return r.attachments.filter((a) => a.screenshot && a.size <= this.cfg.attachments.maxBytes).length;
  }

  private reportEvent(r: Reading, from: string, ref: string): CaseEvent {
    return {
      type: 'report',
      from,
      fromName: r.fromName || null,
      fields: r.fields,
      missing: r.missing,
      symptoms: r.symptoms,
      screenshots: this.screenshots(r),
      ref,
    };
  }

  /** The workflow events one message carries for an existing case, in the order written. */
  private caseEvents(r: Reading, from: string, role: SenderRole, c: Case, proof: Proof): CaseEvent[] {
    const actor: Role = role === 'staff' || role === 'lkpp' ? role : 'reporter';
    const out: CaseEvent[] = [];
    if (!proof.proven && actor !== 'reporter') {
      // Nothing of an unproven staff mail runs: one refusal, to the address it claims, alerts the real staff member.
      const words = [...r.commands.map((c) => c.name), ...r.unknownCommands.map((w) => w.replace(/^#/, '')), ...r.quotedCommands];
      const [first, ...rest] = words;
      if (first === undefined) return out;
      const why = rest.length ? `${proof.why}; not run either: ${rest.map((w) => `#${w}`).join(', ')}` : proof.why;
      return [{ type: 'unproven_command', from, role: actor, name: first, why }];
    }
    for (const word of r.unknownCommands) out.push({ type: 'unknown_command', from, role: actor, word });
    for (const name of r.quotedCommands) out.push({ type: 'quoted_command', from, role: actor, name });
    for (const cmd of r.commands) {
      out.push({
        type: 'command',
        from,
        role: actor,
        name: cmd.name,
        args: cmd.args,
        ...(cmd.name === 'request_data' ? { items: parseRequestedItems(cmd.args) } : {}),
        ...(actor === 'lkpp' ? { ticket: this.lkppTicket(r) } : {}),
      });
    }
    if (actor === 'reporter' && from === c.reporter) {
      out.push({ type: 'reporter_message', from, fields: replyFields(r.fields, c), screenshots: this.screenshots(r), text: r.freshText });
    } else if (actor === 'lkpp' && !r.commands.some((cmd) => commandsAllowed(c.state, 'lkpp').includes(cmd.name))) {
      // LKPP's words always reach staff: as the command's own notice, or relayed when it gave
      // no command that applies now (a refused one changes nothing and would lose the text).
      out.push({ type: 'lkpp_message', from, text: r.freshText, ticket: this.lkppTicket(r) });
    } else if (actor === 'reporter') {
      // Someone else who takes part (a colleague in CC) writes: staff read it.
      out.push({ type: 'reporter_message', from, fields: {}, screenshots: 0, text: r.freshText });
    }
    return out;
  }

  private async decideAndCommit(
    stored: { id: number; case: Case } | null,
    caseEvents: CaseEvent[],
    r: Reading,
    messageId: string,
    rawSha: string,
    from: string,
    now: Date,
  ): Promise<Receipt> {
    let current: Case | null = stored?.case ?? null;
    const actions: { action: Action; from: string }[] = [];
    const log: LogEvent[] = [];
    for (const e of caseEvents) {
      const d = decide(current, e, now, this.deps.sop, this.deps.calendar, { escalationMode: this.cfg.escalation.mode });
      current = d.case;
      actions.push(...d.actions.map((action) => ({ action, from })));
      log.push(...d.events);
    }
    if (current === null) throw new Error('decide returned no case');
    const caseId = saveCase(this.db, current, now);
    const rowId = this.recordMessage({ messageId, caseId, from, reading: r, rawSha, disposition: 'processed', reason: null, now });
    this.keepAttachments(r, rowId);
    for (const e of log) {
      this.db.insert(events).values({ caseId, at: now, type: e.type, actor: from, messageId, detail: e.detail }).run();
    }
    const planned = actions.flatMap(({ action }, i) => this.planAction(action, i, messageId, current, from));
    // A new case passes the mailbox-wide flood guard; the summary of an ended interval goes out with the next one.
    const plans = stored === null ? guardNewCase(this.db, this.cfg.autoReply, caseId, planned, messageId, now) : planned;
    if (stored === null) await this.queueNewCaseSummaries(now);
    const queued = await this.queue({ id: caseId, case: current }, plans, messageId, now);
    return { disposition: 'processed', messageId, caseRef: current.ref, reason: null, queued };
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
      queued += await this.queue(null, [this.plan(due.key, 'staff_new_cases_summary', this.staffAddresses(), data)], due.key, now);
    }
    return queued;
  }

  private staffAddresses(): string[] {
    return this.cfg.staff.map((s) => s.email);
  }

  private plan(key: string, kind: TemplateKind, to: string[], data: object, extra: Partial<PlannedMail> = {}): PlannedMail {
    return { key, kind, to, cc: [], status: 'pending', autoSubmitted: 'auto-generated', data, attach: false, ...extra };
  }

  private planAction(action: Action, index: number, messageId: string, c: Case, sender: string): PlannedMail[] {
    const key = `${messageId}:${index}`;
    if (action.type === 'escalation') {
      // Draft mode: staff open it from Drafts, fill the root password blank and send it
      // themselves; a copy to the helpdesk address lets the bot see that it was sent.
      return [
        this.plan(`${key}:escalation`, 'escalation', [...this.cfg.lkpp.addresses], {}, {
          cc: [this.cfg.mailbox.address],
          status: action.mode === 'draft' ? 'draft' : 'pending',
          autoSubmitted: null,
          attach: true,
        }),
      ];
    }
    const to =
      action.to === 'reporter'
        ? [c.reporter]
        : action.to === 'staff'
          ? this.staffAddresses()
          : action.to === 'lkpp'
            ? [...this.cfg.lkpp.addresses]
            : [sender];
    const answersReporter = action.to === 'reporter' || action.to === 'sender';
    return [
      this.plan(`${key}:${action.kind}`, action.kind, to, action.data, {
        autoSubmitted: answersReporter ? 'auto-replied' : 'auto-generated',
        attach: action.kind === 'staff_new_case' || action.kind === 'staff_case_complete',
      }),
    ];
  }

  /** Renders, composes and inserts the outbox rows; recipients over the loop cap are skipped and logged. */
  private async queue(stored: { id: number; case: Case } | null, plans: PlannedMail[], causeId: string, now: Date): Promise<number> {
    let queued = 0;
    for (const p of plans) {
      const to = p.to.filter((address) => !this.overCap(address, p.kind, now));
      const capped = p.to.filter((address) => !to.includes(address));
      if (capped.length) {
        this.db
          .insert(events)
          .values({ caseId: stored?.id ?? null, at: now, type: 'reply_capped', messageId: causeId, detail: { kind: p.kind, to: capped } })
          .run();
      }
      if (to.length === 0) continue;
      const messageIdOut = messageIdFor(p.key, this.cfg.mailbox.messageIdDomain, messageIdSecret(this.db));
      const exists = this.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.idempotencyKey, p.key)).get();
      if (exists) continue;
      const files = p.attach && stored ? this.screenshotFiles(stored.id) : [];
      const thread = stored ? threadIds(this.db, stored.id) : [causeId];
      // Screenshots that would take the mail over outbox.maxMessageBytes are listed, not attached.
      const { rendered, raw } = await composeWithinCap(files, this.cfg.outbox.maxMessageBytes, async (attached) => {
        const shown = renderMail(p.kind, this.context(stored, p, p.attach ? new Set(attached.map((f) => f.sha256)) : null));
        const built = await compose({
          from: { name: this.cfg.mailbox.name, address: this.cfg.mailbox.address },
          to,
          cc: p.cc,
          subject: shown.subject,
          text: shown.text,
          html: shown.html,
          messageId: messageIdOut,
          inReplyTo: causeId,
          references: [...new Set([...thread, causeId])].slice(-20),
          autoSubmitted: p.autoSubmitted,
          attachments: attached.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
          date: now,
        });
        return { rendered: shown, raw: built };
      });
      const outboxId = enqueue(this.db, {
        idempotencyKey: p.key,
        caseId: stored?.id ?? null,
        kind: p.kind,
        messageId: messageIdOut,
        fromAddr: this.cfg.mailbox.address,
        toAddrs: [...to, ...p.cc],
        subject: rendered.subject,
        raw,
        status: p.status,
        createdAt: now,
      });
      if (p.kind === 'escalation' && stored) {
        saveCase(this.db, { ...stored.case, escalationMessageId: messageIdOut }, now);
      }
      this.db
        .insert(events)
        .values({ caseId: stored?.id ?? null, at: now, type: p.status === 'draft' ? 'draft_queued' : 'mail_queued', messageId: messageIdOut, detail: { kind: p.kind, to, outboxId } })
        .run();
      queued++;
    }
    return queued;
  }

  /**
   * Loop guard: automatic mail to one outside address is capped per hour and per day. Staff are
   * capped only for the mail anyone can cause (refusals, relays of outsiders' mail), so that a
   * forger writing as a staff member cannot flood that member's inbox.
   */
  private overCap(address: string, kind: TemplateKind, now: Date): boolean {
    if (this.staffAddresses().includes(address)) {
      return (
        OUTSIDER_CAUSED.includes(kind) &&
        queuedTo(this.db, address, new Date(now.getTime() - HOUR), OUTSIDER_CAUSED) >= this.cfg.autoReply.maxOutsiderAlertsPerHour
      );
    }
    const { maxPerHour, maxPerDay } = this.cfg.autoReply;
    return (
      queuedTo(this.db, address, new Date(now.getTime() - HOUR)) >= maxPerHour ||
      queuedTo(this.db, address, new Date(now.getTime() - 24 * HOUR)) >= maxPerDay
    );
  }

  /** `attached`: for a mail that carries the case's screenshots, the ones it attaches (the others are marked as listed only). */
  private context(stored: { id: number; case: Case } | null, p: PlannedMail, attached: ReadonlySet<string> | null = null) {
    return {
      lang: this.cfg.language,
      timezone: this.cfg.calendar.timezone,
      helpdesk: { name: this.cfg.mailbox.name, address: this.cfg.mailbox.address },
      tag: stored ? `[${this.cfg.cases.tagPrefix}#${stored.case.ref}]` : `[${this.cfg.cases.tagPrefix}]`,
      case: stored?.case ?? null,
      data: p.data,
      attachments: stored ? this.screenshotList(stored.id).map((a) => ({ ...a, attached: attached === null || attached.has(a.sha256) })) : [],
      timeline: stored
        ? this.db
            .select({ at: events.at, type: events.type, actor: events.actor })
            .from(events)
            .where(eq(events.caseId, stored.id))
            .orderBy(events.at, events.id)
            .all()
        : [],
      server: { address: this.cfg.escalation.server.address, port: this.cfg.escalation.server.port },
      staffCommands: p.kind.startsWith('staff_'),
    };
  }

  /** The case's images, each once (the sent escalation copy carries the same files again). */
  private screenshotList(caseId: number) {
    return this.db
      .select({ filename: attachments.filename, contentType: attachments.contentType, size: attachments.size, sha256: attachments.sha256 })
      .from(attachments)
      .innerJoin(messages, eq(messages.id, attachments.messageRowId))
      .where(eq(messages.caseId, caseId))
      .all()
      .filter((a, i, all) => a.contentType.startsWith('image/') && all.findIndex((b) => b.sha256 === a.sha256) === i);
  }

  private screenshotFiles(caseId: number) {
    return this.screenshotList(caseId).flatMap((a) => {
      const file = path.join(this.cfg.paths.files, a.sha256.slice(0, 2), a.sha256);
      // Sanitised again: rows recorded before names were cut to 255 bytes keep the sender's name.
      return fs.existsSync(file) ? [{ filename: sanitizeFilename(a.filename), contentType: a.contentType, content: fs.readFileSync(file), sha256: a.sha256 }] : [];
    });
  }

  private recordMessage(m: {
    messageId: string;
    caseId: number | null;
    from: string;
    reading: Reading | null;
    rawSha: string;
    disposition: string;
    reason: string | null;
    now: Date;
  }): number {
    const r = m.reading;
    return this.db
      .insert(messages)
      .values({
        messageId: m.messageId,
        caseId: m.caseId,
        direction: 'in',
        kind: r?.kind ?? 'unparseable',
        role: m.from ? roleOf(this.cfg, m.from) : null,
        fromAddr: m.from,
        toAddrs: r ? [...r.to, ...r.cc] : [],
        subject: r?.subject ?? '',
        inReplyTo: r?.inReplyTo ?? null,
        references: r?.references ?? [],
        date: r?.date ?? null,
        rawSha256: m.rawSha,
        reading: r ? toContract(r) : null,
        disposition: m.disposition,
        reason: m.reason,
        recordedAt: m.now,
      })
      .returning({ id: messages.id })
      .get().id;
  }

  /** Each attachment's bytes once under its sha256; oversized ones and the excess are recorded as skipped. */
  private keepAttachments(r: Reading, messageRowId: number): void {
    r.attachments.forEach((a, i) => {
      const overCount = i >= this.cfg.attachments.maxPerMessage;
      const result = overCount
        ? ({ stored: false, reason: 'too_many' } as const)
        : storeAttachment(this.cfg.paths.files, a, { maxBytes: this.cfg.attachments.maxBytes });
      this.db
        .insert(attachments)
        .values({
          messageRowId,
          sha256: a.sha256,
          filename: a.filename,
          contentType: a.contentType,
          size: a.size,
          screenshot: a.screenshot && result.stored,
          skippedReason: result.stored ? null : result.reason,
        })
        .run();
    });
  }

  /** A bounce is never answered; when it returns our mail, the outbox row is marked and staff told once. */
  private async bounce(r: Reading, messageId: string, rawSha: string, now: Date): Promise<Receipt> {
    const ours = r.bouncedMessageIds.length
      ? this.db.select().from(outbox).where(inArray(outbox.messageId, r.bouncedMessageIds)).all()
      : [];
    const caseId = ours.find((o) => o.caseId !== null)?.caseId ?? this.threadedCase(r);
    this.recordMessage({ messageId, caseId, from: r.from ?? '', reading: r, rawSha, disposition: 'ignored', reason: 'bounce', now });
    const plans: PlannedMail[] = [];
    for (const o of ours) {
      this.db.update(outbox).set({ bouncedAt: now, bounceMessageId: messageId }).where(eq(outbox.id, o.id)).run();
      this.db
        .insert(events)
        .values({ caseId: o.caseId, at: now, type: 'mail_bounced', messageId, detail: { outboxId: o.id, kind: o.kind, to: o.toAddrs } })
        .run();
      // Staff hear about every bounce but that of a failure notice, which is only logged (no loop).
      if (o.kind !== 'staff_send_failed') {
        plans.push(
          this.plan(`bounce:${messageId}:${o.id}`, 'staff_send_failed', this.staffAddresses(), {
            to: o.toAddrs.join(', '),
            subject: o.subject,
            error: r.subject,
          }),
        );
      }
    }
    if (ours.length === 0) {
      this.db.insert(events).values({ caseId, at: now, type: 'message_ignored', messageId, detail: { reason: 'bounce', linked: false } }).run();
    }
    const stored = caseId === null ? null : loadCase(this.db, { id: caseId });
    const queued = await this.queue(stored, plans, messageId, now);
    return { disposition: 'ignored', messageId, caseRef: stored?.case.ref ?? null, reason: 'bounce', queued };
  }
}
