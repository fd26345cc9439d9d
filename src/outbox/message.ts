/**
 * An outbox row becomes its RFC 5322 message only when it is sent (or drafted, filed as a Sent
 * copy, archived): the row keeps the parts (envelope, thread headers, text, HTML, references to
 * files under paths.files), nodemailer's MailComposer builds the MIME from them and streams the
 * attachments from their files. Every build of a row gives the same bytes: the Date is the
 * row's createdAt and the MIME boundaries derive from its Message-ID, so a retry resends what
 * the failed attempt sent and the Sent copy is the mail that went out.
 *
 * Rows queued before rows kept their parts (migration 0009) hold the complete message in `raw`:
 * it is used as it is, byte for byte.
 *
 * A file the row refers to may be gone by the time it is sent (the retention policy removes the
 * files of old closed cases): the message is built without it, and `missing` names it for the
 * caller to record, so that one lost file never holds the mail back forever.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutboxRow } from './outbox';

export type OutboxFile = OutboxRow['files'][number];

/** What a row's message is built from. */
export type MessageParts = Pick<
  OutboxRow,
  'messageId' | 'fromAddr' | 'toAddrs' | 'ccAddrs' | 'subject' | 'createdAt' | 'inReplyTo' | 'references' | 'autoSubmitted' | 'files' | 'text' | 'html' | 'raw'
>;

export interface MessageSource {
  /** Where a file's bytes are, by sha256; null when they are no longer kept. */
  fileOf(sha256: string): string | null;
  /** The display name of the From address (mailbox.name). */
  fromName: string;
}

export interface OutgoingMessage {
  /** Files of the row no longer kept: the message goes without them. */
  readonly missing: readonly OutboxFile[];
  /** The message, built anew on each call (the same bytes each time), files read as it streams. */
  stream(): Readable;
  /** The whole message in memory, for IMAP APPEND (which sends its length first). */
  buffer(): Promise<Buffer>;
  /** Its length in bytes (a build that is counted, not kept). */
  size(): Promise<number>;
}

export const storedFile = (filesDir: string, sha256: string): string => path.join(filesDir, sha256.slice(0, 2), sha256);

/** Files under paths.files (`<sha[0..2]>/<sha>`), as the outbox reads them. */
export function fromFilesDir(filesDir: string, fromName: string): MessageSource {
  return {
    fromName,
    fileOf: (sha256) => {
      const file = storedFile(filesDir, sha256);
      return fs.existsSync(file) ? file : null;
    },
  };
}

/** nodemailer's boundaries are `--_NmP-<base>-Part_<n>`; a base from the Message-ID keeps them the same on every build. */
const baseBoundary = (messageId: string): string => createHash('sha256').update(messageId).digest('hex').slice(0, 16);

export function messageOf(row: MessageParts, source: MessageSource): OutgoingMessage {
  if (row.raw !== null) {
    const raw = Buffer.from(row.raw, 'utf8');
    return { missing: [], stream: () => Readable.from([raw]), buffer: () => Promise.resolve(raw), size: () => Promise.resolve(raw.length) };
  }
  const kept = row.files.flatMap((f) => {
    const file = source.fileOf(f.sha256);
    return file === null ? [] : [{ ...f, file }];
  });
  const missing = row.files.filter((f) => !kept.some((k) => k.sha256 === f.sha256 && k.filename === f.filename));
  const options = composerOptions(row, source.fromName, kept);
  const stream = (): Readable => {
    // pipe() does not pass errors on: a file that cannot be read must fail the stream the caller reads.
    const out = new PassThrough();
    const built = new MailComposer(options).compile().createReadStream();
    built.on('error', (err: Error) => out.destroy(err));
    return built.pipe(out);
  };
  return {
    missing,
    stream,
    buffer: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream()) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    size: async () => {
      let bytes = 0;
      for await (const chunk of stream()) bytes += (chunk as Buffer).length;
      return bytes;
    },
  };
}

/** `baseBoundary` is a MimeNode option MailComposer passes on (not in nodemailer's types). */
type ComposerOptions = Mail.Options & { baseBoundary: string };

function composerOptions(row: MessageParts, fromName: string, files: readonly (OutboxFile & { file: string })[]): ComposerOptions {
  const headers: Record<string, string> = {};
  if (row.autoSubmitted) {
    headers['Auto-Submitted'] = row.autoSubmitted;
    // Asks Exchange and others not to send their own out-of-office replies to us.
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  const cc = new Set(row.ccAddrs);
  return {
    from: { name: fromName, address: row.fromAddr },
    to: row.toAddrs.filter((a) => !cc.has(a)),
    cc: row.ccAddrs.length ? row.ccAddrs : undefined,
    subject: row.subject,
    text: row.text ?? '',
    html: row.html ?? undefined,
    messageId: row.messageId,
    inReplyTo: row.inReplyTo ?? undefined,
    references: row.references.length ? row.references : undefined,
    date: row.createdAt,
    headers,
    attachments: files.map((f) => ({ filename: f.filename, contentType: f.contentType, path: f.file })),
    baseBoundary: baseBoundary(row.messageId),
  };
}
