/**
 * MIME: raw bytes in, one message's headers, body text and parts out, through mailparser.
 * Owns deciding whether bytes are a message at all (`UnparseableMessage`), repairing the
 * framing faults real mail stores produce (mbox `From ` lines, bare-CR files, leading blank
 * lines), choosing the body text (the plain part, or the HTML converted), and never letting
 * mailparser's odd shapes on malformed mail escape as exceptions.
 *
 * A message in a file is streamed through the parser: only its head is read whole (for the
 * framing repairs), and a part larger than IN_MEMORY_PART_BYTES (or past IN_MEMORY_MESSAGE_BYTES
 * of parts in all) goes to a file of its own (`spilled`) when the caller gives a folder for it,
 * so that a 25 MB attachment is never held in memory, nor a screenshot copied between threads. Bare-CR files and multipart/digest messages need a rewrite of the whole text and
 * are read whole (both are rare and small: old Mac exports, list digests).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { MailParser } from 'mailparser';
import type { AddressObject, AttachmentStream, HeaderLines, Headers, HeaderValue } from 'mailparser';
import { shownHtml } from './html-hidden';
import { typedDigestParts } from './mime-digest';
import { oneLine } from './control-characters';
import { htmlToPlain } from './html-text';
import { normalizeText } from './text';
import { UnparseableMessage } from './unparseable';
import { matchesIn } from './matches';

export interface Address {
  address: string;
  name: string;
}

/** A part too large to keep in memory: its bytes are in `file`, hashed and counted on the way. */
export interface SpilledPart {
  file: string;
  size: number;
  sha256: string;
  /** The first SPILLED_HEAD_BYTES: what tells the type, and nearly always an image's size. */
  head: Buffer;
}

/** One non-body part as mailparser found it: the claims are the sender's, the bytes are real. */
export interface MimePart {
  filename: string | null;
  contentType: string;
  disposition: string | null;
  contentId: string | null;
  related: boolean;
  /** The bytes; empty when the part is `spilled`. */
  content: Buffer;
  spilled?: SpilledPart;
}

/** A message in a file; with `spillDir` (made when first needed), its large parts go to files there. */
export interface MessageFile {
  path: string;
  spillDir?: string;
}

/** Raw bytes, or a file that is streamed. */
export type MessageSource = Buffer | MessageFile;

/** A part read as a message of its own (an attached .eml): its bytes, or its file with its own large parts beside it. */
export function partSource(part: MimePart): MessageSource {
  return part.spilled ? { path: part.spilled.file, spillDir: path.dirname(part.spilled.file) } : part.content;
}

// With a spill folder (a spooled message: the content store keeps each part by a hard link), a
// part past this goes to its file as it is decoded, in the reading worker: intake then links it
// instead of receiving, hashing and writing its bytes again on the main thread, and a reader
// that needs more than its head reads the file (attachments.ts, secrets.ts). Small parts (icons,
// logos, short texts) stay in memory. Without a folder, every part is read in memory.
export const IN_MEMORY_PART_BYTES = 64 * 1024;
// All parts of a message together: past this, each further part goes to a file too, however
// small (300 attachments of 60 KB weigh as much as one of 18 MB).
export const IN_MEMORY_MESSAGE_BYTES = 8 * 1024 * 1024;
// What tells a file's type and nearly every image's size; a JPEG whose size sits further in
// (a phone photo's EXIF) is read on from its file (attachments.ts).
export const SPILLED_HEAD_BYTES = 64 * 1024;
// A file this small is read whole: streaming it gains nothing.
const WHOLE_FILE_BYTES = 1024 * 1024;
const SCAN_CHUNK_BYTES = 1024 * 1024;
const DIGEST_HEADER = /content-type:[ \t]*multipart\/digest/i;

export interface MimeMessage {
  /** Raw, unfolded values of every header, keyed by lowercase name, in message order. */
  headers: ReadonlyMap<string, string[]>;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: Address | null;
  /** The From display name, or '' (kept even when the address is empty, as in `MAILER-DAEMON <>`). */
  fromName: string;
  to: Address[];
  cc: Address[];
  date: Date | null;
  /** Top-level Content-Type, lowercase, without parameters ('' when absent). */
  contentType: string;
  /** Top-level Content-Type parameters, keys lowercase. */
  contentTypeParams: Readonly<Record<string, string>>;
  /** The body as plain text, normalised (LF, plain spaces). */
  body: string;
  bodySource: 'plain' | 'html' | 'none';
  /** The plain text was longer than MAX_TEXT_CHARS and only that much of it was read. */
  textCut: boolean;
  /** The HTML part as sent, capped ('' when none): read for passwords even when the plain part was the body. */
  html: string;
  /**
   * The HTML alternative as text when the body is the plain part ('' otherwise): some clients
   * send a one-line plain part ("terlampir") and the whole report in the HTML, so the fields
   * are read in both.
   */
  alternativeText: string;
  parts: MimePart[];
}

// Header names real mail systems write; at least one must open the bytes for them to be a message.
const KNOWN_HEADERS = new Set([
  'from', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'return-path', 'content-type',
  'mime-version', 'delivered-to', 'reply-to', 'sender', 'in-reply-to', 'references', 'x-mailer',
  'content-transfer-encoding', 'dkim-signature', 'authentication-results', 'x-original-to',
  'user-agent', 'envelope-to', 'x-received', 'arc-seal', 'thread-topic', 'importance',
]);

const HEAD_SCAN_BYTES = 256 * 1024;
// Texts longer than this are still parsed, but only this much HTML is converted: a person does not
// read past it either, and the converter's cost grows with the input.
export const MAX_HTML_CHARS = 2 * 1024 * 1024;
// The same for the plain text: past this, no copy of it is made (the reader reads less still, body-cap.ts).
const MAX_TEXT_CHARS = 2 * 1024 * 1024;
// The HTML alternative of a plain body is read for its report data, which sits at its start.
const MAX_ALTERNATIVE_CHARS = 256 * 1024;
const PLACEHOLDER_PLAIN = /^(?:this is an? (?:html|multi-?part)[^\n]{0,80}|your (?:mail|e-?mail) (?:client|reader|program) does not support[^\n]{0,120}|to view this (?:message|email)[^\n]{0,120})$/i;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const bomLength = (buf: Buffer): number => (buf.subarray(0, 3).equals(BOM) ? 3 : 0);

/** Classic Mac files end lines with a bare CR; mailparser then sees one endless header line. */
function isBareCr(buf: Buffer): boolean {
  const probe = buf.subarray(0, HEAD_SCAN_BYTES).toString('latin1');
  return !probe.includes('\n') && probe.includes('\r');
}

/** How many bytes open the message that are not the message: blank lines, an mbox `From ` line. */
function framingLength(buf: Buffer): number {
  let start = 0;
  const head = buf.subarray(0, HEAD_SCAN_BYTES).toString('latin1');
  // Blank lines before the headers (some exporters write one) would make the whole file a body.
  const lead = /^(?:[ \t]*\r?\n)+/.exec(head);
  if (lead) start = lead[0].length;
  // An mbox separator line ("From sender date") is not a header.
  const mbox = /^From [^\r\n]*\r?\n/.exec(head.slice(start));
  if (mbox) start += mbox[0].length;
  return start;
}

/** Undoes framing faults so that mailparser sees a plain RFC 5322 message. */
function repairFraming(raw: Buffer): Buffer {
  let buf = raw.subarray(bomLength(raw));
  if (isBareCr(buf)) buf = Buffer.from(buf.toString('latin1').replace(/\r/g, '\r\n'), 'latin1');
  return buf.subarray(framingLength(buf));
}

// What String.prototype.trim() removes of a latin1 text: tab, line ends, space, no-break space.
const BLANK_BYTES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]);

const isBlank = (buf: Buffer): boolean => buf.every((b) => BLANK_BYTES.has(b));

/** Throws `UnparseableMessage` unless `head` (the message's first bytes) opens with a header block a mail system wrote. */
function assertLooksLikeMessage(head: Buffer, empty: boolean): void {
  if (empty) throw new UnparseableMessage('empty file');
  const text = head.subarray(0, HEAD_SCAN_BYTES).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end >= 0 ? text.slice(0, end) : text;
  if (block.includes('\u0000')) throw new UnparseableMessage('binary data where the headers should be');
  for (const line of block.split(/\r?\n/)) {
    const m = /^([!-9;-~]+)[ \t]*:/.exec(line);
    if (m && m[1] !== undefined && KNOWN_HEADERS.has(m[1].toLowerCase())) return;
  }
  throw new UnparseableMessage('no message headers found');
}

/** What the parser found: the shape simpleParser gives, with the parts as MimeParts. */
interface Parsed {
  headers: Headers;
  headerLines: HeaderLines;
  text?: string;
  html?: string | false;
  parts: MimePart[];
}

/** An attachment's bytes in memory, or past `inMemory` bytes in a file under `spillDir`; hashed either way. */
async function takePart(a: AttachmentStream, spillDir: string | undefined, inMemory: number): Promise<MimePart> {
  const hash = createHash('sha256');
  let size = 0;
  // The bytes in memory; once spilled, only the first SPILLED_HEAD_BYTES of them.
  const chunks: Buffer[] = [];
  let held = 0;
  let spill: { file: string; handle: fs.promises.FileHandle } | null = null;
  try {
    for await (const chunk of a.content as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      if (!spill || held < SPILLED_HEAD_BYTES) {
        chunks.push(chunk);
        held += chunk.length;
      }
      if (spill) {
        await spill.handle.write(chunk);
        continue;
      }
      if (spillDir === undefined || size <= inMemory) continue;
      const file = path.join(spillDir, `part-${randomBytes(8).toString('hex')}`);
      await fs.promises.mkdir(spillDir, { recursive: true });
      spill = { file, handle: await fs.promises.open(file, 'wx') };
      for (const c of chunks) await spill.handle.write(c);
      // Of what was held, only the head stays in memory.
      const head = Buffer.concat(chunks, Math.min(held, SPILLED_HEAD_BYTES));
      chunks.splice(0, chunks.length, head);
      held = head.length;
    }
  } finally {
    await spill?.handle.close();
  }
  const claims = {
    filename: a.filename ?? null,
    contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
    disposition: a.contentDisposition ?? null,
    contentId: a.contentId ?? null,
    related: a.related === true,
  };
  if (!spill) return { ...claims, content: Buffer.concat(chunks) };
  const head = Buffer.concat(chunks, Math.min(held, SPILLED_HEAD_BYTES));
  return { ...claims, content: Buffer.alloc(0), spilled: { file: spill.file, size, sha256: hash.digest('hex'), head } };
}

/** mailparser's streaming parser, collected as simpleParser collects it, but with large parts spilled. */
function parseStream(input: Buffer | Readable, spillDir: string | undefined): Promise<Parsed> {
  return new Promise<Parsed>((resolve, reject) => {
    const parser = new MailParser({
      // The HTML is converted here, with table handling mailparser's default lacks.
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      // Embedded messages stay parts: forwards and bounced originals are read by their own rules.
      ignoreEmbedded: true,
      checksumAlgo: false,
    });
    const out: Parsed = { headers: new Map(), headerLines: [], parts: [] };
    let settled = false;
    // mailparser may emit a non-fatal 'error' and still end: the first outcome wins.
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      if (!Buffer.isBuffer(input)) input.destroy();
      parser.destroy();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    parser.on('error', fail);
    parser.on('headers', (headers: Headers) => {
      out.headers = headers;
      out.headerLines = parser.headerLines || [];
    });
    let reading = false;
    let inMemory = 0;
    const next = (): void => {
      reading = true;
      for (;;) {
        const data = parser.read() as { type: 'text'; text?: string; html?: string | false } | AttachmentStream | null;
        if (data === null) {
          reading = false;
          return;
        }
        if (data.type === 'text') {
          out.text = data.text;
          out.html = data.html;
          continue;
        }
        // The parser waits for each attachment's release: one part is read at a time.
        const attachment = data;
        takePart(attachment, spillDir, Math.min(IN_MEMORY_PART_BYTES, IN_MEMORY_MESSAGE_BYTES - inMemory)).then((part) => {
          inMemory += part.content.length;
          out.parts.push(part);
          attachment.release?.();
          next();
        }, fail);
        return;
      }
    };
    parser.on('readable', () => {
      if (!reading) next();
    });
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(out);
    });
    if (Buffer.isBuffer(input)) parser.end(input);
    else input.once('error', fail).pipe(parser);
  });
}

/** The first `length` bytes of a file from `position` (fewer at its end). */
function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  return buf.subarray(0, fs.readSync(fd, buf, 0, length, position));
}

// The subtype as mail software writes it; the header around a hit is then read as typedDigestParts reads it.
const DIGEST_SPELLINGS = ['/digest', '/Digest', '/DIGEST'];

/**
 * Whether a multipart/digest header appears anywhere in the file: a byte search through one
 * reused buffer (no text is made of a chunk without "/digest"), then the header pattern over
 * the line around a hit.
 */
function declaresDigest(fd: number, size: number): boolean {
  const overlap = 256;
  const buf = Buffer.alloc(SCAN_CHUNK_BYTES);
  for (let at = 0; at < size; at += SCAN_CHUNK_BYTES - overlap) {
    const chunk = buf.subarray(0, fs.readSync(fd, buf, 0, SCAN_CHUNK_BYTES, at));
    for (const spelling of DIGEST_SPELLINGS) {
      for (let hit = chunk.indexOf(spelling); hit >= 0; hit = chunk.indexOf(spelling, hit + 1)) {
        if (DIGEST_HEADER.test(chunk.toString('latin1', Math.max(0, hit - 200), hit + spelling.length))) return true;
      }
    }
  }
  return false;
}

/** The message as the parser should see it: bytes repaired in memory, or the file from its first header on. */
function openMessage(source: MessageSource): { input: Buffer | { path: string; start: number }; head: Buffer; empty: boolean } {
  const whole = (raw: Buffer) => {
    const buf = typedDigestParts(repairFraming(raw));
    return { input: buf, head: buf.subarray(0, HEAD_SCAN_BYTES), empty: isBlank(buf) };
  };
  if (Buffer.isBuffer(source)) return whole(source);
  const fd = fs.openSync(source.path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= WHOLE_FILE_BYTES) return whole(fs.readFileSync(fd));
    const first = readAt(fd, 0, HEAD_SCAN_BYTES + BOM.length);
    if (isBareCr(first.subarray(bomLength(first))) || declaresDigest(fd, size)) return whole(fs.readFileSync(fd));
    const bom = bomLength(first);
    const start = bom + framingLength(first.subarray(bom));
    const head = readAt(fd, start, HEAD_SCAN_BYTES);
    return { input: { path: source.path, start }, head, empty: isBlank(head) && start + head.length >= size };
  } finally {
    fs.closeSync(fd);
  }
}

function headerMap(parsed: Parsed): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : line).replace(/\r?\n[ \t]+/g, ' ').trim();
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
  return map;
}

function addressList(value: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  const visit = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address) out.push({ address: entry.address.trim().toLowerCase(), name: oneLine(entry.name || '') });
    }
  };
  for (const obj of value === undefined ? [] : Array.isArray(value) ? value : [value]) visit(obj.value ?? []);
  return out;
}

// Pieces of a From header that can carry an address-looking text that is not the address:
// encoded-words (decoded before mailparser reads the address), quoted strings and comments.
const FROM_DISGUISES = /=\?[^?\s]{1,64}\?[bq]\?[^?\s]{0,1024}\?=|"(?:[^"\\]|\\.){0,1024}"|\([^()]{0,1024}\)/gi;

/**
 * The From address as the mail servers read it (and DMARC judged it): the one angle-addr left
 * once the display name's encoded-words, quoted strings and comments are set aside. mailparser
 * decodes an encoded-word first, so `=?UTF-8?Q?Pokja_<pokja@gmail.com>?= <evil@x.example>` would
 * otherwise read as pokja@gmail.com. Null when there is not exactly one.
 */
function serversFromAddress(raw: string | undefined): string | null {
  if (raw === undefined || raw.length > 8192) return null;
  const angles = [...matchesIn(/<([^<>\s]{1,320})>/g, raw.replace(FROM_DISGUISES, ' '))];
  return angles.length === 1 ? (angles[0]?.[1] ?? '').trim().toLowerCase() || null : null;
}

function messageIdsIn(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  // Some mailers drop the angle brackets; the id is still the id.
  return value.split(/\s+/).filter((id) => /^[^\s@<>]+@[^\s@<>]+$/.test(id)).map((id) => `<${id}>`);
}

function parseDate(raw: string | undefined): Date | null {
  if (!raw) return null;
  // mailparser substitutes "now" for a date it cannot read; a wrong date is worse than none.
  // A comment is `(` to the next `)` without another `(`: `[^)]*` would rescan from every `(`.
  const d = new Date(raw.replace(/\([^()]*\)/g, ' ').trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

function structured(value: HeaderValue | undefined): { value: string; params: Record<string, string> } {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'value' in value && typeof value.value === 'string') {
    const params = 'params' in value && value.params && typeof value.params === 'object' ? value.params : {};
    return { value: value.value.toLowerCase(), params: params as Record<string, string> };
  }
  return { value: '', params: {} };
}

function chooseBody(parsed: Parsed): { body: string; source: MimeMessage['bodySource']; alternativeText: string } {
  const plain = normalizeText((parsed.text ?? '').slice(0, MAX_TEXT_CHARS)).trim();
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const shown = html.trim() === '' ? null : shownHtml(html.slice(0, MAX_HTML_CHARS));
  // Where the HTML hides text, the plain alternative may show it as if visible: read what the HTML shows.
  if (plain !== '' && !PLACEHOLDER_PLAIN.test(plain) && !shown?.hidText) {
    const alternativeText = shown ? normalizeText(htmlToPlain(shown.html.slice(0, MAX_ALTERNATIVE_CHARS))).trim() : '';
    return { body: plain, source: 'plain', alternativeText };
  }
  if (shown) {
    const converted = normalizeText(htmlToPlain(shown.html)).trim();
    if (converted !== '' || shown.hidText) return { body: converted, source: converted === '' ? 'none' : 'html', alternativeText: '' };
  }
  return { body: plain, source: plain === '' ? 'none' : 'plain', alternativeText: '' };
}

/**
 * The raw body of a message that declares multipart but never opens a part (a missing or wrong
 * boundary): mailparser finds no text in it, yet a person sees plain text and reads it.
 */
function undeclaredBody(buf: Buffer, contentType: string, boundary: string | undefined): string {
  if (!contentType.startsWith('multipart/')) return '';
  const s = buf.toString('latin1');
  const sep = /\r?\n\r?\n/.exec(s);
  if (!sep) return '';
  const body = s.slice(sep.index + sep[0].length);
  if (boundary && body.includes(`--${boundary}`)) return '';
  return normalizeText(Buffer.from(body, 'latin1').toString('utf8')).trim();
}

/**
 * Parses one message. Throws `UnparseableMessage` when the bytes are not a message; any other
 * fault of a malformed message is absorbed into an emptier reading.
 */
export async function parseMime(source: MessageSource): Promise<MimeMessage> {
  const opened = openMessage(source);
  assertLooksLikeMessage(opened.head, opened.empty);
  const { input } = opened;
  const spillDir = Buffer.isBuffer(source) ? undefined : source.spillDir;
  let parsed: Parsed;
  try {
    parsed = await parseStream(Buffer.isBuffer(input) ? input : fs.createReadStream(input.path, { start: input.start }), spillDir);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UnparseableMessage(`MIME structure could not be read (${why.split('\n')[0] ?? ''})`);
  }
  const headers = headerMap(parsed);
  const first = (name: string): string | undefined => headers.get(name)?.[0];
  const ct = structured(parsed.headers.get('content-type'));
  const chosen = chooseBody(parsed);
  const bytes = (): Buffer => (Buffer.isBuffer(input) ? input : fs.readFileSync(input.path).subarray(input.start));
  const fallback = chosen.body === '' && parsed.parts.length === 0 ? undeclaredBody(bytes(), ct.value, ct.params['boundary']) : '';
  const { body, source: bodySource } = fallback === '' ? chosen : { body: fallback, source: 'plain' as const };
  const fromHeader = parsed.headers.get('from') as AddressObject | undefined;
  const parsedFrom = addressList(fromHeader)[0] ?? null;
  const seen = serversFromAddress(first('from'));
  const from = parsedFrom && seen !== null && seen !== parsedFrom.address ? { ...parsedFrom, address: seen } : parsedFrom;
  const fromName = oneLine(fromHeader?.value[0]?.name ?? '');
  const subject = parsed.headers.get('subject');
  return {
    headers,
    messageId: messageIdsIn(first('message-id'))[0] ?? null,
    inReplyTo: messageIdsIn(first('in-reply-to'))[0] ?? null,
    references: messageIdsIn((headers.get('references') ?? []).join(' ')),
    subject: normalizeText(typeof subject === 'string' ? subject : '').replace(/\s+/g, ' ').trim(),
    from,
    fromName,
    to: addressList(parsed.headers.get('to') as AddressObject | AddressObject[] | undefined),
    cc: addressList(parsed.headers.get('cc') as AddressObject | AddressObject[] | undefined),
    date: parseDate(first('date')),
    contentType: ct.value,
    contentTypeParams: ct.params,
    body,
    bodySource,
    textCut: (parsed.text ?? '').length > MAX_TEXT_CHARS,
    html: typeof parsed.html === 'string' ? parsed.html.slice(0, MAX_HTML_CHARS) : '',
    alternativeText: fallback === '' ? chosen.alternativeText : '',
    parts: parsed.parts,
  };
}
