/**
 * Passwords in a whole message: server root passwords travel by e-mail in the SOP (steps 4 and
 * 7), and design.md forbids storing, logging or printing them. The detector is the workflow's
 * (one for the whole product); this module applies it to every decoded text a message carries
 * (headers, Subject, display names, the plain and the HTML body with its quotes and signature,
 * text attachments, attached messages) and masks what the store keeps of a reading.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { containsSecret, redactSecrets as redactText, redactValues } from '../workflow/redact';
import { fileHead } from './file-head';
import type { AttachmentReading } from './attachments';
import { MAX_HTML_CHARS, parseMime, type MessageSource, type MimeMessage, type MimePart } from './mime';
import { UnparseableMessage } from './unparseable';
import type { Reading } from './reading';

/** The text with every password value masked. */
export function redactSecrets(text: string): string {
  return redactText(text).text;
}

// Text a person can open in an editor: where an attached configuration, script or log carries a password.
const TEXT_EXTENSIONS =
  /\.(?:txt|text|csv|tsv|log|conf|config|cfg|cnf|ini|env|properties|toml|json|xml|ya?ml|md|sh|bash|bat|cmd|ps1|sql|htm|html|rtf|php|py|rb|pl|js|ts|java|go|htaccess)$/i;
const TEXT_TYPES = /^(?:text\/|application\/(?:rtf|json|xml|javascript|x-(?:sh|php|httpd-php|python|perl|yaml|javascript)|yaml|toml)$)/;
// Images, archives and documents whose bytes are not the text a person reads.
const BINARY_TYPES = /^(?:image\/|audio\/|video\/|font\/|application\/(?:pdf|zip|gzip|x-(?:7z|rar|tar|gzip)))/;
const MESSAGE_TYPES = /^(?:message\/|text\/rfc822-headers$)/;
const MESSAGE_EXTENSIONS = /\.(?:eml|msg)$/i;
// Outlook .msg (and old Office documents) are Compound File Binary: strings inside are UTF-16LE.
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
// Headers mail systems write; every other header (X-Catatan, Thread-Topic, Keywords) is free text a person may write in.
const MACHINE_HEADERS =
  /^(?:received|authentication-results|arc-|dkim-|domainkey-|x-google-|x-gm-|x-ms-|x-microsoft-|x-forefront-|x-exchange-|x-spam|x-virus|x-received|x-ses-|x-amz|x-proofpoint|x-ironport|x-barracuda|x-mimecast|x-originating|x-authenticated|x-sender|x-mailer|x-mimeole|x-priority|x-msmail|x-original|x-envelope|x-forwarded|content-|mime-version|message-id|in-reply-to|references|date|return-path|delivered-to|list-|feedback-id|precedence|auto-submitted|importance|thread-index|accept-language|user-agent|from|to|cc|bcc|subject)/;
// Attached messages nest; a person opens a few levels. Deeper ones are not read: the scan is then incomplete.
const MAX_DEPTH = 3;
/** Bytes looked at to tell text from binary. */
const SNIFF_BYTES = 4096;
/** A file too large to keep in memory is read this much at a time (even: UTF-16 units stay whole). */
const FILE_CHUNK_BYTES = 1024 * 1024;

/** What the scan of a message found: its decoded texts, and whether it could read all of them. */
interface Scan {
  texts: string[];
  complete: boolean;
}

function isMessagePart(contentType: string, filename: string | null): boolean {
  return MESSAGE_TYPES.test(contentType) || MESSAGE_EXTENSIONS.test(filename ?? '');
}

const isCfb = (content: Buffer): boolean => content.subarray(0, CFB_MAGIC.length).equals(CFB_MAGIC);

type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/** The encoding of a text file: its byte order mark, or UTF-16LE when every other byte is NUL (Notepad "Unicode" without one). */
function encodingOf(content: Buffer): TextEncoding {
  if (content[0] === 0xff && content[1] === 0xfe) return 'utf16le';
  if (content[0] === 0xfe && content[1] === 0xff) return 'utf16be';
  const head = content.subarray(0, SNIFF_BYTES);
  let oddNuls = 0;
  for (let i = 1; i < head.length; i += 2) if (head[i] === 0) oddNuls++;
  return head.length >= 4 && oddNuls * 2 >= head.length * 0.45 ? 'utf16le' : 'utf8';
}

function decode(content: Buffer, encoding: TextEncoding): string {
  if (encoding === 'utf16be') return Buffer.from(content).swap16().toString('utf16le').replace(/^\ufeff/, '');
  return content.toString(encoding).replace(/^\ufeff/, '');
}

function encode(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return encoding === 'utf16le' ? le : le.swap16();
}

/** A file's bytes, FILE_CHUNK_BYTES at a time. */
async function* fileChunks(file: string): AsyncGenerator<Buffer> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: FILE_CHUNK_BYTES })) yield chunk as Buffer;
}

/**
 * A text file's text in blocks of whole lines (a password and its label share a line, so each
 * block is read as the whole would be); a line longer than a chunk is cut where the chunk ends.
 */
async function* textBlocks(file: string, encoding: TextEncoding): AsyncGenerator<string> {
  const decoder = new StringDecoder(encoding === 'utf8' ? 'utf8' : 'utf16le');
  let carry = '';
  let first = true;
  for await (const chunk of fileChunks(file)) {
    let text = carry + decoder.write(encoding === 'utf16be' ? Buffer.from(chunk).swap16() : chunk);
    if (first) text = text.replace(/^\ufeff/, '');
    first = false;
    const end = text.lastIndexOf('\n') + 1;
    const cut = end === 0 && text.length >= FILE_CHUNK_BYTES ? text.length : end;
    carry = text.slice(cut);
    if (cut > 0) yield text.slice(0, cut);
  }
  const rest = carry + decoder.end();
  if (rest !== '') yield rest;
}

/** Whether bytes read as text: no NUL and few control characters once decoded, whatever the name says. */
function looksLikeText(content: Buffer): boolean {
  if (content.length === 0 || isCfb(content)) return false;
  const head = decode(content.subarray(0, SNIFF_BYTES), encodingOf(content));
  let control = 0;
  for (const ch of head) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0) return false;
    if (code < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t' && ch !== '\f') control++;
  }
  return control * 20 < head.length;
}

function isTextPart(contentType: string, filename: string | null, content: Buffer): boolean {
  if (TEXT_TYPES.test(contentType) || TEXT_EXTENSIONS.test(filename ?? '')) return !isCfb(content);
  return !BINARY_TYPES.test(contentType) && looksLikeText(content);
}

/** The texts a binary Outlook message or Office file holds: its UTF-16LE strings (at either byte offset) and its 8-bit ones. */
function cfbTexts(content: Buffer): string[] {
  return [content.toString('utf16le'), content.subarray(1).toString('utf16le'), content.toString('latin1')].map((t) => t.split('\u0000').join(' '));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', colon: ':', equals: '=', sol: '/' };

/**
 * The words of an HTML text, cheaply: tags out (block ends as line breaks), entities decoded.
 * Not the body converter: nothing here builds a tree, so no nesting depth can exhaust it.
 */
function htmlWords(html: string): string {
  return html
    .replace(/<\/?(?:br|p|div|tr|li|table|blockquote|h[1-6])\b[^<>]*>/gi, '\n')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/gi, (whole: string, dec?: string, hex?: string, name?: string) => {
      const code = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : null;
      if (code !== null) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      return ENTITIES[(name ?? '').toLowerCase()] ?? whole;
    });
}

/** Every decoded text of a message and of the messages attached to it. */
async function scanMessage(m: MimeMessage, depth: number, scan: Scan): Promise<void> {
  scan.texts.push(m.subject, m.fromName, m.body, ...[...m.to, ...m.cc].map((a) => a.name));
  // Headers people write free text in; the machine-written ones read as false labels ("dkim=pass header.d=...").
  for (const [name, values] of m.headers) if (!MACHINE_HEADERS.test(name)) scan.texts.push(...values);
  // The HTML as sent (hidden text included) and without its tags: cells of one row read as one line.
  if (m.html !== '') scan.texts.push(m.html, htmlWords(m.html));
  // What lies past the HTML cut-off was not read.
  if (m.html.length >= MAX_HTML_CHARS) scan.complete = false;
  for (const part of m.parts) await scanPart(part.spilled ? { ...part, file: part.spilled.file } : part, depth, scan);
}

/** A part to scan: its bytes, or (`file`) the file that holds them. */
type ScannedPart = Pick<MimePart, 'contentType' | 'filename' | 'content'> & { file?: string | null };

/**
 * Scans an attached message (bytes, or its file) as a message, up to MAX_DEPTH; false when it
 * is not one, for the caller to read it as text instead.
 */
async function scanEmbedded(source: MessageSource, depth: number, scan: Scan): Promise<boolean> {
  if (depth >= MAX_DEPTH) {
    scan.complete = false;
    return true;
  }
  try {
    await scanMessage(await parseMime(source), depth + 1, scan);
    return true;
  } catch (e) {
    if (!(e instanceof UnparseableMessage)) throw e;
    return false;
  }
}

/** The scan of a part too large for memory: its texts are read a block at a time and only a block with a password is kept. */
async function scanFilePart(part: ScannedPart, file: string, depth: number, scan: Scan): Promise<void> {
  const head = fileHead(file, SNIFF_BYTES);
  const found = (texts: string[]): void => {
    if (texts.some(containsSecret)) scan.texts.push(...texts);
  };
  if (isCfb(head)) {
    for await (const chunk of fileChunks(file)) found(cfbTexts(chunk));
    return;
  }
  if (isMessagePart(part.contentType, part.filename)) {
    // Its own large parts go beside it, into the reading's folder for spilled parts.
    if (!(await scanEmbedded({ path: file, spillDir: path.dirname(file) }, depth, scan))) for await (const block of textBlocks(file, encodingOf(head))) found([block]);
    return;
  }
  if (isTextPart(part.contentType, part.filename, head)) for await (const block of textBlocks(file, encodingOf(head))) found([block]);
}

async function scanPart(part: ScannedPart, depth: number, scan: Scan): Promise<void> {
  if (part.file) {
    await scanFilePart(part, part.file, depth, scan);
    return;
  }
  if (isCfb(part.content)) {
    scan.texts.push(...cfbTexts(part.content));
    return;
  }
  if (isMessagePart(part.contentType, part.filename)) {
    if (!(await scanEmbedded(part.content, depth, scan))) scan.texts.push(decode(part.content, encodingOf(part.content)));
    return;
  }
  if (isTextPart(part.contentType, part.filename, part.content)) scan.texts.push(decode(part.content, encodingOf(part.content)));
}

/** What one scan of the message and its attachments found. */
async function scanned(m: MimeMessage): Promise<{ carries: boolean; complete: boolean }> {
  const scan: Scan = { texts: [], complete: true };
  await scanMessage(m, 0, scan);
  return { carries: scan.texts.some(containsSecret), complete: scan.complete };
}

function withContent(a: AttachmentReading, content: Buffer, contentType = a.contentType): AttachmentReading {
  return { ...a, content, file: null, contentType, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), screenshot: false };
}

const note = (a: AttachmentReading, why: string): AttachmentReading =>
  withContent(a, Buffer.from(`Lampiran "${a.filename}" tidak disimpan karena ${why}.\n`, 'utf8'), 'text/plain');

/**
 * A text attachment too large for memory, masked a block at a time into a file beside it (in
 * the reading's folder for spilled parts); the attachment itself when it holds no password.
 */
async function maskedFile(a: AttachmentReading, file: string, encoding: TextEncoding): Promise<AttachmentReading> {
  const target = path.join(path.dirname(file), `masked-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  let redacted = false;
  let first = true;
  const out = await fs.promises.open(target, 'wx');
  try {
    for await (const block of textBlocks(file, encoding)) {
      const masked = redactText(block);
      redacted ||= masked.redacted;
      // encode() writes a UTF-16 byte order mark: once, at the start.
      const bytes = first ? encode(masked.text, encoding) : encode(masked.text, encoding).subarray(encoding === 'utf8' ? 0 : 2);
      first = false;
      hash.update(bytes);
      size += bytes.length;
      await out.write(bytes);
    }
  } finally {
    await out.close();
  }
  if (!redacted) {
    fs.rmSync(target, { force: true });
    return a;
  }
  return { ...a, file: target, size, sha256: hash.digest('hex'), screenshot: false };
}

/** `keptAttachment` of an attachment whose bytes are in a file. */
async function keptFile(a: AttachmentReading, file: string): Promise<AttachmentReading> {
  const head = fileHead(file, SNIFF_BYTES);
  const part = { contentType: a.claimedContentType, filename: a.claimedFilename ?? a.filename, content: Buffer.alloc(0), file };
  if (isMessagePart(part.contentType, part.filename) || isMessagePart(a.contentType, a.filename) || isCfb(head)) {
    const scan: Scan = { texts: [], complete: true };
    await scanFilePart(isCfb(head) ? part : { ...part, contentType: 'message/rfc822' }, file, 0, scan);
    if (!scan.complete) return note(a, 'pesan di dalamnya bertingkat terlalu dalam untuk diperiksa');
    return scan.texts.some(containsSecret) ? note(a, 'memuat password') : a;
  }
  if (!isTextPart(part.contentType, part.filename, head) && !isTextPart(a.contentType, a.filename, head)) return a;
  return maskedFile(a, file, encodingOf(head));
}

/**
 * What the store keeps of an attachment: a text one (whatever its name, and in UTF-16 too) with
 * its passwords masked; an attached message or Outlook .msg that holds one, or that nests too
 * deep to be read through, is replaced by a note (its encoded parts cannot be masked in place);
 * anything else (images, PDFs) as it came.
 */
async function keptAttachment(a: AttachmentReading): Promise<AttachmentReading> {
  if (a.file !== null) return keptFile(a, a.file);
  const part = { contentType: a.claimedContentType, filename: a.claimedFilename ?? a.filename, content: a.content };
  if (isCfb(a.content)) return cfbTexts(a.content).some(containsSecret) ? note(a, 'memuat password') : a;
  if (isMessagePart(part.contentType, part.filename) || isMessagePart(a.contentType, a.filename)) {
    const scan: Scan = { texts: [], complete: true };
    await scanPart({ ...part, contentType: 'message/rfc822' }, 0, scan);
    if (!scan.complete) return note(a, 'pesan di dalamnya bertingkat terlalu dalam untuk diperiksa');
    return scan.texts.some(containsSecret) ? note(a, 'memuat password') : a;
  }
  if (!isTextPart(part.contentType, part.filename, a.content) && !isTextPart(a.contentType, a.filename, a.content)) return a;
  const encoding = encodingOf(a.content);
  const masked = redactText(decode(a.content, encoding));
  return masked.redacted ? withContent(a, encode(masked.text, encoding)) : a;
}

/**
 * The reading as the store may keep it: Subject, display name, field values, commands and text
 * attachments masked, and `secretsRedacted` set when any decoded text of the message held a
 * password, or when not all of it could be read (the body past its cut-off, the HTML past its
 * own, messages nested too deep): then the raw message must not be kept, and `redactedBody` is
 * the text of its copy. `bodyCut` says the reader cut the body.
 */
export async function maskReading(r: Omit<Reading, 'redactedBody'>, m: MimeMessage, bodyCut = false): Promise<Reading> {
  const { carries, complete } = await scanned(m);
  const attachments = await Promise.all(
    r.attachments.map(async (a) => {
      const kept = await keptAttachment(a);
      const filename = redactSecrets(kept.filename);
      return filename === kept.filename ? kept : { ...kept, filename };
    }),
  );
  const masked: Reading = {
    ...r,
    subject: redactSecrets(r.subject),
    fromName: redactSecrets(r.fromName),
    freshText: redactSecrets(r.freshText),
    fields: redactValues(r.fields),
    commands: r.commands.map((c) => ({ name: c.name, args: redactSecrets(c.args) })),
    unknownCommands: r.unknownCommands.map(redactSecrets),
    attachments,
    redactedBody: redactSecrets(m.body),
  };
  const changed =
    masked.subject !== r.subject ||
    masked.fromName !== r.fromName ||
    JSON.stringify(masked.fields) !== JSON.stringify(r.fields) ||
    attachments.some((a, i) => a !== r.attachments[i]);
  return { ...masked, secretsRedacted: r.secretsRedacted || carries || changed || !complete || bodyCut };
}
