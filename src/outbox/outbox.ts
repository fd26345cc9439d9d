// The transactional outbox: mail is queued as rows in the same transaction as the case change
// that caused it, and sent afterwards by `drain` through a Transport. A row is marked sent only
// after the transport accepted it, so a crash can repeat a send, never lose one. A row holds
// the parts of its mail; drain builds the message of one row at a time (message.ts), when it is
// that row's turn.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { and, asc, eq, getTableColumns, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db';
import { encode, encoded, listed, listSlots, prepared, slots } from '../store/statements';
import { events, outbox, outboxRecipients } from '../store/schema';
import { messageOf, type MessageSource, type OutgoingMessage } from './message';

export type OutboxRow = typeof outbox.$inferSelect;

/** The big columns, read only to build the row's message. */
const { text: _text, html: _html, raw: _raw, ...headColumns } = getTableColumns(outbox);

/** A row as the due list reads it: everything but its text, HTML and legacy raw message. */
export type OutboxHead = Omit<OutboxRow, 'text' | 'html' | 'raw'>;

/** Where sent mail goes: SMTP in the daemon, `.eml` files offline. The envelope is the row's from/to. */
export interface Transport {
  send(row: OutboxHead, message: OutgoingMessage): Promise<void>;
}

/** Where escalation drafts go: the IMAP Drafts folder in the daemon, files offline. */
export interface DraftSink {
  saveDraft(row: OutboxHead, message: OutgoingMessage): Promise<void>;
}

/** A transport failure; `permanent` for 5xx answers, which retrying cannot fix. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

const MAX_ATTEMPTS = 8;
/** 1, 2, 4 ... minutes between attempts, capped at an hour. */
const backoffMs = (attempts: number) => Math.min(60, 2 ** (attempts - 1)) * 60_000;

export interface DrainResult {
  sent: number;
  drafted: number;
  retried: number;
  failed: OutboxHead[];
}

/** The row's message; its parts are read now, one row at a time. */
function messageFor(db: Db, row: OutboxHead, source: MessageSource): OutgoingMessage {
  const select = prepared(db, 'outbox.partsById', () => db.select({ text: outbox.text, html: outbox.html, raw: outbox.raw }).from(outbox).where(eq(outbox.id, sql.placeholder('id'))).prepare());
  const parts = select.get({ id: row.id });
  if (!parts) throw new Error(`outbox row ${row.id} is gone`);
  return messageOf({ ...row, ...parts }, source);
}

/** A mail that went without files no longer kept (message.ts): the case log says which. */
function recordMissing(db: Db, row: OutboxHead, message: OutgoingMessage, at: Date): void {
  if (message.missing.length === 0) return;
  const detail = { outboxId: row.id, kind: row.kind, files: message.missing.map((f) => f.filename), sha256: message.missing.map((f) => f.sha256) };
  db.insert(events).values({ caseId: row.caseId, at, type: 'mail_files_missing', messageId: row.messageId, detail }).run();
}

export interface DrainOptions {
  /** Where the rows' files are and who the mail is from. */
  source: MessageSource;
  /**
   * A Sent-folder copy will be filed of each sent row (sent-copies.ts): its sentCopyAt stays null
   * until then. Without copies (mailbox.saveSentCopies off, offline) the row is marked as needing
   * none at once, so that switching copies on later never files the mail sent before.
   */
  sentCopies: boolean;
}

export async function drain(db: Db, transport: Transport, drafts: DraftSink, now: () => Date, options: DrainOptions): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, drafted: 0, retried: 0, failed: [] };
  // Asked after every message (and every minute in the daemon): prepared once per connection.
  const dueRows = prepared(db, 'outbox.due', () =>
    db
      .select(headColumns)
      .from(outbox)
      .where(
        or(
          eq(outbox.status, 'draft'),
          and(eq(outbox.status, 'pending'), or(isNull(outbox.nextAttemptAt), lte(outbox.nextAttemptAt, sql.placeholder('now')))),
        ),
      )
      .orderBy(asc(outbox.id))
      .prepare(),
  );
  const due = dueRows.all({ now: encode(outbox.nextAttemptAt, now()) });
  for (const row of due) {
    const mail = messageFor(db, row, options.source);
    if (row.status === 'draft') {
      try {
        await drafts.saveDraft(row, mail);
      } catch (err) {
        // The draft stays queued for the next pass; the mail behind it is not held up.
        db.update(outbox).set({ lastError: (err instanceof Error ? err.message : String(err)).slice(0, 500) }).where(eq(outbox.id, row.id)).run();
        result.retried++;
        continue;
      }
      db.update(outbox).set({ status: 'drafted', sentAt: now() }).where(eq(outbox.id, row.id)).run();
      recordMissing(db, row, mail, now());
      result.drafted++;
      continue;
    }
    try {
      await transport.send(row, mail);
      const sentAt = now();
      const markSent = prepared(db, 'outbox.markSent', () =>
        db
          .update(outbox)
          .set({ ...slots(['sentAt', 'sentCopyAt', 'attempts']), status: 'sent', lastError: null })
          .where(eq(outbox.id, sql.placeholder('id')))
          .prepare(),
      );
      markSent.run({ ...encoded(outbox, { sentAt, sentCopyAt: options.sentCopies ? null : sentAt, attempts: row.attempts + 1 }), id: row.id });
      recordMissing(db, row, mail, now());
      result.sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      const permanent = (err instanceof SendError && err.permanent) || attempts >= MAX_ATTEMPTS;
      const message = err instanceof Error ? err.message : String(err);
      db.update(outbox)
        .set({
          status: permanent ? 'failed' : 'pending',
          attempts,
          lastError: message.slice(0, 500),
          nextAttemptAt: permanent ? null : new Date(now().getTime() + backoffMs(attempts)),
        })
        .where(eq(outbox.id, row.id))
        .run();
      if (permanent) result.failed.push({ ...row, status: 'failed', attempts, lastError: message });
      else result.retried++;
    }
  }
  return result;
}

/** Inserts an outgoing mail and its recipients (inside the caller's transaction); returns the row id. */
export function enqueue(db: Db, row: typeof outbox.$inferInsert): number {
  // As drizzle's own insert: a column left undefined gets its default.
  const keys = (Object.keys(row) as (keyof typeof row)[]).filter((k) => row[k] !== undefined);
  const insert = prepared(db, `outbox.insert:${keys.join(',')}`, () => db.insert(outbox).values(slots(keys)).returning({ id: outbox.id }).prepare());
  const inserted = insert.get(encoded(outbox, row));
  if (!inserted) throw new Error(`outbox row ${row.idempotencyKey} was not inserted`);
  const addresses = [...new Set(row.toAddrs.map((a) => a.toLowerCase()))];
  const recipients = prepared(db, `outboxRecipients.insert:${addresses.length}`, () =>
    db
      .insert(outboxRecipients)
      .values(listSlots('address', addresses.length).map((address) => ({ ...slots(['outboxId', 'createdAt']), address: sql`${address}` })))
      .prepare(),
  );
  recipients.run({ ...listed('address', addresses), outboxId: inserted.id, createdAt: encode(outboxRecipients.createdAt, row.createdAt) });
  return inserted.id;
}

/** Whether a mail under this idempotency key is queued already. */
export function outboxKeyTaken(db: Db, key: string): boolean {
  const select = prepared(db, 'outbox.byKey', () => db.select({ id: outbox.id }).from(outbox).where(eq(outbox.idempotencyKey, sql.placeholder('key'))).prepare());
  return select.get({ key }) !== undefined;
}

/**
 * A narrowing of queuedTo (the loop caps of src/helpdesk/caps.ts): its condition, built once
 * per connection under `name`, with the values of its placeholders.
 */
export interface QueuedNarrowing {
  name: string;
  where: () => SQL | undefined;
  values?: Record<string, unknown>;
}

/** Mail queued to `address` (any address when null) since `since`, narrowed by `narrow`; drafts do not count. */
export function queuedTo(db: Db, address: string | null, since: Date, narrow?: QueuedNarrowing): number {
  const count = prepared(db, `outbox.queuedTo:${address === null ? 'anyone' : 'address'}:${narrow?.name ?? ''}`, () =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(outboxRecipients)
      .innerJoin(outbox, eq(outbox.id, outboxRecipients.outboxId))
      .where(
        and(
          address === null ? undefined : eq(outboxRecipients.address, sql.placeholder('address')),
          gte(outboxRecipients.createdAt, sql.placeholder('since')),
          inArray(outbox.status, ['pending', 'sent', 'failed']),
          narrow?.where(),
        ),
      )
      .prepare(),
  );
  return count.get({ ...narrow?.values, address: address?.toLowerCase(), since: encode(outboxRecipients.createdAt, since) })?.n ?? 0;
}

const fileStem = (row: OutboxHead) => `${String(row.id).padStart(4, '0')}-${row.kind}`;

/** Offline transport and draft sink: each mail becomes `NNNN-kind.eml` in a folder, streamed there. */
export class FileOutbox implements Transport, DraftSink {
  constructor(readonly dir: string) {}

  send(row: OutboxHead, message: OutgoingMessage): Promise<void> {
    return this.write(`${fileStem(row)}.eml`, message);
  }

  saveDraft(row: OutboxHead, message: OutgoingMessage): Promise<void> {
    return this.write(path.join('drafts', `${fileStem(row)}.eml`), message);
  }

  private async write(name: string, message: OutgoingMessage): Promise<void> {
    const file = path.join(this.dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await pipeline(message.stream(), fs.createWriteStream(file));
  }
}
