// The daemon's side of the outbox: `drain` through SMTP and the IMAP draft sink, one row at a
// time, each row marked sent the moment the server accepted it. Around it:
//   - a held state: while the SMTP server is down or refuses our login, nothing is sent (no row
//     burns its attempts on an outage); the server is probed with backoff and jitter, and when
//     it answers again the rows the outage deferred are due at once;
//   - permanent failures (5xx) are logged and reported to staff through the helpdesk;
//   - copies of sent mail go to the Sent folder afterwards (`mailbox.saveSentCopies`), from the
//     database: a sent row waits for its copy until it is filed, across restarts too.
//
// The at-least-once window. SMTP has no idempotent send: the server takes responsibility for a
// mail when it has read the final "." of DATA, and we learn that from its 250 one round trip
// later. A row is marked sent by the first statement after that 250 arrives (an SQLite UPDATE,
// fsynced). A crash between the server queuing the mail and that UPDATE reaching disk (one SMTP
// round trip plus one fsync: 5-10 ms on loopback) leaves the row pending, and the restarted
// daemon sends that mail again, with the same Message-ID (clients that dedupe by Message-ID
// show it once). Rows are sent one at a time, so at most one mail per crash is repeated.
import { and, eq, like, min } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { MessageSource } from '../outbox/message';
import { drain, SendError, type DraftSink, type DrainResult, type OutboxHead, type Transport } from '../outbox/outbox';
import type { SentCopies } from '../outbox/sent-copies';
import { UNAVAILABLE_PREFIX, type SmtpAccepted, type SmtpFailure } from '../outbox/smtp';
import type { Db } from '../store/db';
import { cases, outbox } from '../store/schema';
import { backoffDelay, SMTP_PROBE } from './backoff';

/** What the sender needs of the SMTP transport. */
export interface SmtpPort extends Transport {
  readonly unavailable: SmtpFailure | null;
  readonly lastAccepted: SmtpAccepted | null;
  probe(): Promise<SmtpFailure | null>;
}

/** What the sender needs of the helpdesk. */
export interface SenderHelpdesk {
  reportSendFailure(row: OutboxHead): Promise<number>;
}

export interface SenderDeps {
  db: Db;
  smtp: SmtpPort;
  drafts: DraftSink;
  sentCopies: SentCopies | null;
  /** Where the rows' files are and who the mail is from (to build each message). */
  source: MessageSource;
  helpdesk: SenderHelpdesk;
  log: Logger;
  now: () => Date;
}

export class Sender {
  private probeAttempt = 0;
  private nextProbeAt = 0;
  private heldSince: number | null = null;
  private busy = false;
  private readonly partlyRefused: { row: OutboxHead; rejected: string[] }[] = [];

  constructor(private readonly deps: SenderDeps) {}

  /** True while SMTP is known to be unusable (the outbox holds its mail). */
  get held(): boolean {
    return this.deps.smtp.unavailable !== null;
  }

  /**
   * Sends what is due and saves drafts; then the waiting sent copies, unless `copies` is false
   * (during a burst of intake, copies wait for the end of the pass: answers go first).
   * Never throws: what fails waits for the next flush.
   */
  async flush(opts: { copies?: boolean } = {}): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (!(await this.smtpUsable())) return;
      for (let round = 0; round < 3; round++) {
        const result = await this.drainOnce();
        if (result === null) break;
        if (this.deps.smtp.unavailable) {
          this.hold(this.deps.smtp.unavailable);
          break;
        }
        let reported = 0;
        for (const row of result.failed) {
          this.deps.log.error({ ...this.describe(row), error: row.lastError }, 'mail refused permanently by the SMTP server; staff told');
          reported += await this.deps.helpdesk.reportSendFailure(row);
        }
        // Accepted for some recipients, refused for others: staff hear of the ones it missed.
        for (const { row, rejected } of this.partlyRefused.splice(0)) {
          this.deps.log.error({ ...this.describe(row), rejected }, 'mail refused for some recipients; staff told');
          reported += await this.deps.helpdesk.reportSendFailure({ ...row, toAddrs: rejected, lastError: 'recipient refused by the SMTP server' });
        }
        if (reported === 0) break; // else send the staff notices at once
      }
    } catch (err) {
      this.deps.log.error({ err }, 'outbox flush failed; it is retried at the next round');
    } finally {
      this.busy = false;
    }
    if (opts.copies !== false) await this.saveSentCopies();
  }

  /** Milliseconds until something in the outbox is due (a retry, a probe, a waiting copy); null if nothing is. */
  msUntilDue(): number | null {
    const now = this.deps.now().getTime();
    const candidates: number[] = [];
    if (this.held) candidates.push(this.nextProbeAt - now);
    else {
      const next = this.deps.db
        .select({ at: min(outbox.nextAttemptAt) })
        .from(outbox)
        .where(eq(outbox.status, 'pending'))
        .get()?.at;
      if (next) candidates.push(next.getTime() - now);
      const unsent = this.deps.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'draft')).get();
      if (unsent) candidates.push(5_000);
    }
    if (this.deps.sentCopies && this.deps.sentCopies.pending > 0) candidates.push(5_000);
    if (candidates.length === 0) return null;
    // Never a busy loop: something due "now" that could not go is tried again a second later.
    return Math.max(1_000, Math.min(...candidates));
  }

  private async smtpUsable(): Promise<boolean> {
    const down = this.deps.smtp.unavailable;
    if (down === null) return true;
    if (this.heldSince === null) this.hold(down);
    if (Date.now() < this.nextProbeAt) return false;
    const failure = await this.deps.smtp.probe();
    if (failure) {
      this.nextProbeAt = Date.now() + backoffDelay(++this.probeAttempt, SMTP_PROBE);
      this.deps.log.debug({ reason: failure.detail, nextProbeInMs: this.nextProbeAt - Date.now() }, 'SMTP still unavailable');
      return false;
    }
    const released = this.deps.db
      .update(outbox)
      .set({ nextAttemptAt: null })
      .where(and(eq(outbox.status, 'pending'), like(outbox.lastError, `${UNAVAILABLE_PREFIX}%`)))
      .run().changes;
    this.deps.log.info({ heldForMs: this.heldSince === null ? 0 : Date.now() - this.heldSince, released }, 'SMTP available again: sending the held mail');
    this.heldSince = null;
    this.probeAttempt = 0;
    return true;
  }

  private hold(failure: SmtpFailure): void {
    if (this.heldSince !== null) return;
    this.heldSince = Date.now();
    this.probeAttempt = 0;
    this.nextProbeAt = Date.now() + backoffDelay(0, SMTP_PROBE);
    const line = { reason: failure.detail };
    if (failure.kind === 'auth_failed') {
      this.deps.log.error(line, 'SMTP login refused: check mailbox.smtp.user and LPSE_SMTP_PASSWORD; the outbox holds all mail until it works');
    } else {
      this.deps.log.warn(line, 'SMTP server unavailable: the outbox holds all mail and retries with backoff');
    }
  }

  /** One `drain`; logs each row's fate. Null when the pass failed (what is left waits for the next). */
  private async drainOnce(): Promise<DrainResult | null> {
    const sent: { row: OutboxHead; accepted: SmtpAccepted | null }[] = [];
    const drafted: OutboxHead[] = [];
    const deferred: { row: OutboxHead; error: string }[] = [];
    const transport: Transport = {
      send: async (row, message) => {
        try {
          await this.deps.smtp.send(row, message);
        } catch (err) {
          if (err instanceof SendError && !err.permanent && !err.message.startsWith(UNAVAILABLE_PREFIX)) deferred.push({ row, error: err.message });
          throw err;
        }
        // Nothing between the server's acceptance and drain's UPDATE but this push.
        sent.push({ row, accepted: this.deps.smtp.lastAccepted });
      },
    };
    const drafts: DraftSink = {
      saveDraft: async (row, message) => {
        try {
          await this.deps.drafts.saveDraft(row, message);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          // Expected while IMAP reconnects: the draft stays queued for the next round.
          this.deps.log[message.startsWith('imap_unavailable') ? 'debug' : 'warn']({ ...this.describe(row), err: message }, 'escalation draft could not be saved now; retried next round');
          throw err;
        }
        drafted.push(row);
      },
    };
    try {
      return await drain(this.deps.db, transport, drafts, this.deps.now, { source: this.deps.source, sentCopies: this.deps.sentCopies !== null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Expected while IMAP reconnects: no need to say it at every round.
      const level = message.startsWith('imap_unavailable') ? 'debug' : 'warn';
      this.deps.log[level]({ err: message }, 'outbox pass failed; what is left waits for the next round');
      return null;
    } finally {
      for (const { row, accepted } of sent) {
        this.deps.log.info({ ...this.describe(row), response: accepted?.response, rejected: accepted?.rejected.length ? accepted.rejected : undefined }, 'mail sent');
        if (accepted?.rejected.length) this.partlyRefused.push({ row, rejected: accepted.rejected });
      }
      for (const row of drafted) this.deps.log.info(this.describe(row), 'escalation draft saved to Drafts');
      for (const { row, error } of deferred) this.deps.log.warn({ ...this.describe(row), attempt: row.attempts + 1, error }, 'mail deferred by the SMTP server; retried with backoff');
    }
  }

  private async saveSentCopies(): Promise<void> {
    const copies = this.deps.sentCopies;
    if (!copies || copies.pending === 0) return;
    try {
      const saved = await copies.flush();
      if (saved > 0) this.deps.log.debug({ saved, waiting: copies.pending }, 'sent copies saved');
    } catch (err) {
      this.deps.log.warn({ err: err instanceof Error ? err.message : String(err), waiting: copies.pending }, 'sent copies could not be saved now; they wait');
    }
  }

  private describe(row: OutboxHead) {
    const caseRef = row.caseId === null ? null : (this.deps.db.select({ ref: cases.ref }).from(cases).where(eq(cases.id, row.caseId)).get()?.ref ?? null);
    return { outboxId: row.id, kind: row.kind, messageId: row.messageId, caseRef, recipients: row.toAddrs.length };
  }
}
