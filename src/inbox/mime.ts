/**
 * MIME: raw bytes in, one message's headers, body text and parts out, through mailparser.
 * Owns deciding whether bytes are a message at all (`UnparseableMessage`), repairing the
 * framing faults real mail stores produce (mbox `From ` lines, bare-CR files, leading blank
 * lines), choosing the body text (the plain part, or the HTML converted), and never letting
 * mailparser's odd shapes on malformed mail escape as exceptions.
 */
import { simpleParser } from 'mailparser';
import type { AddressObject, Attachment, HeaderValue, ParsedMail } from 'mailparser';
import { shownHtml } from './html-hidden';
import { typedDigestParts } from './mime-digest';
import { oneLine } from './control-characters';
import { htmlToPlain } from './html-text';
import { normalizeText } from './text';

/** Bytes that are not a message: no header a mail system writes, nothing at all, or binary data. */
export class UnparseableMessage extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`unparseable message: ${reason}`);
    this.name = 'UnparseableMessage';
    this.reason = reason;
  }
}

export interface Address {
  address: string;
  name: string;
}

/** One non-body part as mailparser found it: the claims are the sender's, the bytes are real. */
export interface MimePart {
  filename: string | null;
  contentType: string;
  disposition: string | null;
  contentId: string | null;
  related: boolean;
  content: Buffer;
}

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

/** Undoes framing faults so that mailparser sees a plain RFC 5322 message. */
function repairFraming(raw: Buffer): Buffer {
  let buf = raw;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  const probe = buf.subarray(0, HEAD_SCAN_BYTES).toString('latin1');
  // Classic Mac files end lines with a bare CR; mailparser then sees one endless header line.
  if (!probe.includes('\n') && probe.includes('\r')) {
    buf = Buffer.from(buf.toString('latin1').replace(/\r/g, '\r\n'), 'latin1');
  }
  let start = 0;
  const head = buf.subarray(0, HEAD_SCAN_BYTES).toString('latin1');
  // Blank lines before the headers (some exporters write one) would make the whole file a body.
  const lead = /^(?:[ \t]*\r?\n)+/.exec(head);
  if (lead) start = lead[0].length;
  // An mbox separator line ("From sender date") is not a header.
  const mbox = /^From [^\r\n]*\r?\n/.exec(head.slice(start));
  if (mbox) start += mbox[0].length;
  return start > 0 ? buf.subarray(start) : buf;
}

/** Throws `UnparseableMessage` unless the bytes open with a header block a mail system wrote. */
function assertLooksLikeMessage(buf: Buffer): void {
  if (buf.toString('latin1').trim() === '') throw new UnparseableMessage('empty file');
  const head = buf.subarray(0, HEAD_SCAN_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end >= 0 ? head.slice(0, end) : head;
  if (block.includes('\u0000')) throw new UnparseableMessage('binary data where the headers should be');
  for (const line of block.split(/\r?\n/)) {
    const m = /^([!-9;-~]+)[ \t]*:/.exec(line);
    if (m && m[1] !== undefined && KNOWN_HEADERS.has(m[1].toLowerCase())) return;
  }
  throw new UnparseableMessage('no message headers found');
}

function headerMap(parsed: ParsedMail): Map<string, string[]> {
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
  const angles = [...raw.replace(FROM_DISGUISES, ' ').matchAll(/<([^<>\s]{1,320})>/g)];
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

function partOf(a: Attachment): MimePart {
  return {
    filename: a.filename ?? null,
    contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
    disposition: a.contentDisposition ?? null,
    contentId: a.contentId ?? null,
    related: a.related === true,
    content: Buffer.isBuffer(a.content) ? a.content : Buffer.alloc(0),
  };
}

function chooseBody(parsed: ParsedMail): { body: string; source: MimeMessage['bodySource']; alternativeText: string } {
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
export async function parseMime(raw: Buffer): Promise<MimeMessage> {
  const buf = typedDigestParts(repairFraming(raw));
  assertLooksLikeMessage(buf);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(buf, {
      // The HTML is converted here, with table handling mailparser's default lacks.
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      keepCidLinks: true,
      // Embedded messages stay parts: forwards and bounced originals are read by their own rules.
      ignoreEmbedded: true,
      checksumAlgo: false,
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UnparseableMessage(`MIME structure could not be read (${why.split('\n')[0] ?? ''})`);
  }
  const headers = headerMap(parsed);
  const first = (name: string): string | undefined => headers.get(name)?.[0];
  const ct = structured(parsed.headers.get('content-type'));
  const chosen = chooseBody(parsed);
  const fallback = chosen.body === '' && parsed.attachments.length === 0 ? undeclaredBody(buf, ct.value, ct.params['boundary']) : '';
  const { body, source } = fallback === '' ? chosen : { body: fallback, source: 'plain' as const };
  const parsedFrom = addressList(parsed.from)[0] ?? null;
  const seen = serversFromAddress(first('from'));
  const from = parsedFrom && seen !== null && seen !== parsedFrom.address ? { ...parsedFrom, address: seen } : parsedFrom;
  const fromName = oneLine(parsed.from?.value[0]?.name ?? '');
  return {
    headers,
    messageId: messageIdsIn(first('message-id'))[0] ?? null,
    inReplyTo: messageIdsIn(first('in-reply-to'))[0] ?? null,
    references: messageIdsIn((headers.get('references') ?? []).join(' ')),
    subject: normalizeText(parsed.subject ?? '').replace(/\s+/g, ' ').trim(),
    from,
    fromName,
    to: addressList(parsed.to),
    cc: addressList(parsed.cc),
    date: parseDate(first('date')),
    contentType: ct.value,
    contentTypeParams: ct.params,
    body,
    bodySource: source,
    textCut: (parsed.text ?? '').length > MAX_TEXT_CHARS,
    html: typeof parsed.html === 'string' ? parsed.html.slice(0, MAX_HTML_CHARS) : '',
    alternativeText: fallback === '' ? chosen.alternativeText : '',
    parts: parsed.attachments.map(partOf),
  };
}
