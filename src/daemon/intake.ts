// Intake from IMAP: new messages of a folder in UID order after its checkpoint, each fetched
// with BODY.PEEK[] (flags untouched) and handled on its own:
//
//   receive (one SQLite transaction)  ->  MOVE to Processed or Quarantine  ->  checkpoint  ->  flush the outbox
//
// A crash between any two steps only repeats work: before the commit nothing happened; after it,
// the message is still in INBOX and is read again, `receive` answers `duplicate` (Message-ID
// dedupe, and the outbox's idempotency keys queue nothing twice) and the message is moved on.
// Moving before the checkpoint means no crash can strand a handled message in INBOX.
//
// The Sent folder is read the same way, but never changed: messages there are the helpdesk's
// own mail. Copies of what the daemon sent itself are skipped (the outbox has them); anything
// else (an escalation draft that staff completed and sent) goes through `receive`, which starts
// LKPP's step-5 clock from its Date.
import type { Readable } from 'node:stream';
import type { ImapFlow, MailboxObject } from 'imapflow';
import type { Logger } from 'pino';
import { and, eq } from 'drizzle-orm';
import type { Config } from '../config/load';
import type { Receipt } from '../helpdesk/helpdesk';
import { ReadingStopped } from '../inbox/reading-budget';
import type { Db } from '../store/db';
import { messages, outbox } from '../store/schema';
import type { StopSignal } from './backoff';
import { beginTaking, forgetAttempt, readCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint';
import { ImapProblem, selectFolder } from './imap-client';

/** What intake needs of the helpdesk. */
export interface IntakeHelpdesk {
  /** `source: 'sent'`: our own Sent folder, read through our login; its From needs no header proof. */
  receive(raw: Readable, opts?: { source?: 'inbox' | 'sent' }): Promise<Receipt>;
  quarantineRaw(raw: Readable, reason: string): Promise<Receipt>;
}

export interface IntakeDeps {
  config: Config;
  db: Db;
  helpdesk: IntakeHelpdesk;
  log: Logger;
  stop: StopSignal;
  now: () => Date;
  /** Runs after each message is handled: the daemon sends what it queued here. */
  afterMessage: () => Promise<void>;
}

/** `receive` threw (a bug or a broken store, not a bad message): the pass ends and is retried later. */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

/**
 * After this many failed attempts at one message it is quarantined, so it cannot block intake.
 * Attempts are counted in the store before the message is read: those that ended the process
 * count too, and a message that kills the daemon on every start is quarantined unread.
 */
export const MAX_ATTEMPTS_PER_MESSAGE = 3;

// A message is downloaded as a stream (spooled to disk by `receive`), one FETCH of this many bytes at a time.
const DOWNLOAD_CHUNK_BYTES = 1024 * 1024;

/** The message as a stream (BODY.PEEK[], flags untouched), or null when it is gone. */
async function download(client: ImapFlow, uid: number): Promise<Readable | null> {
  const { content } = await client.download(String(uid), undefined, { uid: true, chunkSize: DOWNLOAD_CHUNK_BYTES });
  return content ?? null;
}

export class Intake {
  constructor(private readonly deps: IntakeDeps) {}

  private get folders() {
    return this.deps.config.mailbox.folders;
  }

  /** Takes every new message of the inbox; returns how many. */
  async readInbox(client: ImapFlow): Promise<number> {
    const folder = this.folders.inbox;
    const box = await selectFolder(client, folder);
    const cp = this.checkpointFor(folder, box);
    if (box.exists === 0) return 0;
    let taken = 0;
    for (const uid of await newUids(client, cp.lastUid)) {
      if (this.deps.stop.requested) break;
      await this.takeFromInbox(client, folder, cp.uidValidity, uid);
      taken++;
    }
    return taken;
  }

  /** True when the inbox, freshly selected, shows UIDs past its checkpoint (mail that came while another folder was selected). */
  inboxHasNew(box: MailboxObject): boolean {
    const cp = readCheckpoint(this.deps.db, this.folders.inbox);
    return cp === null || cp.uidValidity !== String(box.uidValidity) || box.uidNext - 1 > cp.lastUid;
  }

  /**
   * Reads what is new in the Sent folder (STATUS first: the folder is selected only when it
   * changed). The first time, the watch starts at the folder's end: older sent mail is history.
   */
  async readSent(client: ImapFlow): Promise<number> {
    const folder = this.folders.sent;
    const st = await client.status(folder, { uidNext: true, uidValidity: true });
    if (!st || st.uidNext === undefined || st.uidValidity === undefined) return 0;
    const known = readCheckpoint(this.deps.db, folder);
    if (known === null) {
      saveCheckpoint(this.deps.db, folder, { uidValidity: String(st.uidValidity), lastUid: st.uidNext - 1 }, this.deps.now());
      this.deps.log.info({ folder, fromUid: st.uidNext }, 'watching the Sent folder for sent escalations');
      return 0;
    }
    if (known.uidValidity === String(st.uidValidity) && st.uidNext - 1 <= known.lastUid) return 0;
    // EXAMINE: nothing in Sent is ours to change.
    const box = await selectFolder(client, folder, true);
    const cp = this.checkpointFor(folder, box);
    if (box.exists === 0) return 0;
    // One FETCH of the envelopes: most new mail in Sent is the daemon's own copies, skipped by Message-ID.
    const heads = (await client.fetchAll(`${cp.lastUid + 1}:*`, { uid: true, envelope: true }, { uid: true }))
      .filter((m) => m.uid > cp.lastUid)
      .sort((a, b) => a.uid - b.uid);
    let taken = 0;
    for (const head of heads) {
      if (this.deps.stop.requested) break;
      const messageId = head.envelope?.messageId ?? null;
      if (messageId !== null && this.sentByDaemon(messageId)) {
        this.advance(folder, cp.uidValidity, head.uid);
        this.deps.log.debug({ folder, uid: head.uid, messageId }, 'own sent copy skipped');
        continue;
      }
      await this.takeFromSent(client, folder, cp.uidValidity, head.uid);
      taken++;
    }
    return taken;
  }

  private async takeFromInbox(client: ImapFlow, folder: string, uidValidity: string, uid: number): Promise<void> {
    const started = performance.now();
    const raw = await download(client, uid);
    if (!raw) {
      // Someone moved or deleted it between SEARCH and FETCH: nothing to do.
      this.advance(folder, uidValidity, uid);
      this.deps.log.info({ folder, uid }, 'message gone before it was read');
      return;
    }
    const receipt = await this.receiveSafely(client, folder, uidValidity, uid, raw);
    const target = this.destination(receipt);
    const moved = await client.messageMove(String(uid), target, { uid: true });
    if (!moved) {
      if (!client.usable) throw new ImapProblem('connection_lost', `connection lost while moving UID ${uid} to ${target}`);
      // The case change is committed; the message stays in the inbox, behind the checkpoint.
      this.deps.log.error({ folder, uid, messageId: receipt.messageId, target }, `the server refused to move the message to "${target}"; it stays in ${folder}`);
    }
    this.advance(folder, uidValidity, uid);
    this.logReceipt(folder, uid, receipt, moved ? target : null, started);
    await this.deps.afterMessage();
  }

  private async takeFromSent(client: ImapFlow, folder: string, uidValidity: string, uid: number): Promise<void> {
    const started = performance.now();
    const raw = await download(client, uid);
    if (!raw) {
      this.advance(folder, uidValidity, uid);
      return;
    }
    const receipt = await this.receiveSafely(client, folder, uidValidity, uid, raw, 'sent');
    this.advance(folder, uidValidity, uid);
    this.logReceipt(folder, uid, receipt, null, started);
    await this.deps.afterMessage();
  }

  /** `receive`, with a bound on how often one message may fail before it is quarantined. */
  private async receiveSafely(client: ImapFlow, folder: string, uidValidity: string, uid: number, raw: Readable, source: 'inbox' | 'sent' = 'inbox'): Promise<Receipt> {
    const attempt = beginTaking(this.deps.db, folder, uidValidity, uid, this.deps.now());
    if (attempt > MAX_ATTEMPTS_PER_MESSAGE) {
      // Every earlier attempt began and none ended: reading this message ends the process.
      raw.destroy();
      this.deps.log.error({ folder, uid, attempts: attempt - 1 }, 'the process ended while reading this message, each time: it is quarantined unread');
      return this.quarantineUnread(client, folder, uid, `processing failed ${attempt - 1} times: the process ended while reading it`);
    }
    try {
      return await this.deps.helpdesk.receive(raw, { source });
    } catch (err) {
      // Whatever of the download `receive` did not read is not fetched.
      raw.destroy();
      // A stop ended the reading: the message stays where it is, for the next start to read.
      if (err instanceof ReadingStopped) {
        forgetAttempt(this.deps.db, folder, uid);
        throw new RetryLater(`UID ${uid} in ${folder}: ${err.message}`);
      }
      // The download broke off with the connection: the server's fault, not the message's.
      if (!client.usable) {
        forgetAttempt(this.deps.db, folder, uid);
        throw err;
      }
      this.deps.log.error({ err, folder, uid, attempt }, 'the message could not be processed');
      if (attempt < MAX_ATTEMPTS_PER_MESSAGE) throw new RetryLater(`UID ${uid} in ${folder}: ${errorText(err)}`);
      return this.quarantineUnread(client, folder, uid, `processing failed ${attempt} times: ${errorText(err)}`.slice(0, 300));
    }
  }

  /** Quarantines the message from a fresh download of its bytes, without reading it. */
  private async quarantineUnread(client: ImapFlow, folder: string, uid: number, reason: string): Promise<Receipt> {
    const copy = await download(client, uid);
    if (!copy) throw new RetryLater(`UID ${uid} in ${folder}: gone before it could be quarantined`);
    try {
      return await this.deps.helpdesk.quarantineRaw(copy, reason);
    } catch (again) {
      // Even recording it fails (the store is broken): the message goes to the quarantine
      // folder unrecorded, where staff find it; intake goes on.
      this.deps.log.fatal({ err: again, folder, uid }, 'the message could not even be quarantined in the store');
      return { disposition: 'quarantined', messageId: '', caseRef: null, reason, queued: 0, handling: null };
    }
  }

  private destination(receipt: Receipt): string {
    if (receipt.disposition === 'quarantined') return this.folders.quarantine;
    if (receipt.disposition === 'duplicate') {
      // Read again after a crash: it goes where it went the first time.
      const first = this.deps.db.select({ disposition: messages.disposition }).from(messages).where(eq(messages.messageId, receipt.messageId)).get();
      if (first?.disposition === 'quarantined') return this.folders.quarantine;
    }
    return this.folders.processed;
  }

  /** A copy of mail the daemon sent itself (the outbox already holds it). */
  private sentByDaemon(messageId: string): boolean {
    const row = this.deps.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.messageId, messageId.trim()), eq(outbox.status, 'sent')))
      .get();
    return row !== undefined;
  }

  private advance(folder: string, uidValidity: string, uid: number): void {
    saveCheckpoint(this.deps.db, folder, { uidValidity, lastUid: uid }, this.deps.now());
  }

  /**
   * The folder's checkpoint for the UIDVALIDITY the server shows now. A different UIDVALIDITY
   * (the server rebuilt its index, or the folder was recreated) restarts the folder from its
   * first UID; `receive` recognises every message already handled by its Message-ID.
   */
  private checkpointFor(folder: string, box: MailboxObject): Checkpoint {
    const uidValidity = String(box.uidValidity);
    const cp = readCheckpoint(this.deps.db, folder);
    if (cp !== null && cp.uidValidity === uidValidity) return cp;
    const fresh: Checkpoint = { uidValidity, lastUid: 0 };
    if (cp === null) {
      // The first start on this mailbox: whatever waits in the folder is taken as new mail.
      this.deps.log.info({ folder, messages: box.exists, uidValidity }, 'first start on this folder: taking every message in it');
    } else {
      this.deps.log.warn(
        { folder, uidValidityWas: cp.uidValidity, uidValidity, lastUidWas: cp.lastUid },
        'UIDVALIDITY changed: reading the folder again from its first message (Message-ID dedupe skips what was handled)',
      );
    }
    saveCheckpoint(this.deps.db, folder, fresh, this.deps.now());
    return fresh;
  }

  private logReceipt(folder: string, uid: number, r: Receipt, movedTo: string | null, started: number): void {
    const line = {
      folder,
      uid,
      messageId: r.messageId,
      caseRef: r.caseRef,
      disposition: r.disposition,
      reason: r.reason,
      queued: r.queued,
      movedTo,
      ms: Math.round(performance.now() - started),
    };
    if (r.disposition === 'quarantined') this.deps.log.warn(line, 'message quarantined; staff told');
    else this.deps.log.info(line, `message ${r.disposition}`);
  }
}

/** UIDs above `lastUid`, ascending. (`n:*` always matches the highest UID, even when it is below n.) */
async function newUids(client: ImapFlow, lastUid: number): Promise<number[]> {
  const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
  if (found === false) {
    if (!client.usable) throw new ImapProblem('connection_lost', 'connection lost during SEARCH');
    throw new ImapProblem('connection_lost', 'the server refused UID SEARCH');
  }
  return (found ?? []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
