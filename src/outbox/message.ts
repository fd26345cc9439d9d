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
import mimeFuncs from 'nodemailer/lib/mime-funcs';
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

// The headers, boundaries and part headers every message has, whatever its values (about 700 bytes).
const FRAMING_BYTES = 2048;
// A header line's name and punctuation, or an address's separator and angle brackets.
const ITEM_BYTES = 40;

/**
 * At least the length of the row's message composed without files, worked out without composing
 * it: each value counts four times its UTF-8 bytes (quoted-printable and encoded words take at
 * most three characters a byte, soft line breaks and folded lines a few more) and a line's
 * framing, and the fixed headers and boundaries a margin of their own.
 */
export function sizeWithoutFilesAtMost(row: Omit<MessageParts, 'files' | 'raw'>, fromName: string): number {
  const values = [fromName, row.fromAddr, row.subject, row.messageId, row.inReplyTo, row.autoSubmitted, row.text, row.html, ...row.toAddrs, ...row.ccAddrs, ...row.references];
  return values.reduce<number>((sum, v) => sum + (v === null ? 0 : 4 * Buffer.byteLength(v, 'utf8') + ITEM_BYTES), FRAMING_BYTES);
}

/**
 * A text or HTML part with the transfer encoding nodemailer would choose for it, chosen here once:
 * nodemailer counts the letters and the other characters with regular expressions that collect
 * every match, twice per build. 7-bit text of short lines is left to it (it tells that cheaply).
 */
function textPart(content: string): string | { content: string; contentTransferEncoding: 'quoted-printable' | 'base64' } {
  if (mimeFuncs.isPlainText(content) && !mimeFuncs.hasLongerLines(content, 76)) return content;
  let letters = 0;
  let others = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c >= 0x80 || c <= 0x08 || c === 0x0b || c === 0x0c || (c >= 0x0e && c <= 0x1f)) others++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) letters++;
  }
  return { content, contentTransferEncoding: others < letters ? 'quoted-printable' : 'base64' };
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
    text: textPart(row.text ?? ''),
    html: row.html ? textPart(row.html) : undefined,
    messageId: row.messageId,
    inReplyTo: row.inReplyTo ?? undefined,
    references: row.references.length ? row.references : undefined,
    date: row.createdAt,
    headers,
    attachments: files.map((f) => ({ filename: f.filename, contentType: f.contentType, path: f.file })),
    baseBoundary: baseBoundary(row.messageId),
  };
}
