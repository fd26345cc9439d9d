/**
 * Passwords in a whole message: server root passwords travel by e-mail in the SOP (steps 4 and
 * 7), and design.md forbids storing, logging or printing them. The detector is the workflow's
 * (one for the whole product); this module applies it to every decoded text a message carries
 * (headers, Subject, display names, the plain and the HTML body with its quotes and signature,
 * text attachments, attached messages) and masks what the store keeps of a reading.
 */
import { createHash } from 'node:crypto';
import { containsSecret, redactSecrets as redactText, redactValues } from '../workflow/redact';
import type { AttachmentReading } from './attachments';
import { parseMime, UnparseableMessage, type MimeMessage, type MimePart } from './mime';
import type { Reading } from './reading';

/** The text with every password value masked. */
export function redactSecrets(text: string): string {
  return redactText(text).text;
}

// Text a person can open in an editor: where an attached configuration or log carries a password.
const TEXT_EXTENSIONS = /\.(?:txt|text|csv|tsv|log|conf|cfg|cnf|ini|env|properties|json|xml|ya?ml|md|sh|sql|htm|html)$/i;
const MESSAGE_TYPES = /^(?:message\/|text\/rfc822-headers$)/;
const MESSAGE_EXTENSIONS = /\.(?:eml|msg)$/i;
const FREE_TEXT_HEADERS = ['reply-to', 'sender', 'comments', 'keywords', 'thread-topic', 'organization'];
// Attached messages nest; a person opens a few levels.
const MAX_DEPTH = 3;

function isMessagePart(contentType: string, filename: string | null): boolean {
  return MESSAGE_TYPES.test(contentType) || MESSAGE_EXTENSIONS.test(filename ?? '');
}

function isTextPart(contentType: string, filename: string | null): boolean {
  return contentType.startsWith('text/') || TEXT_EXTENSIONS.test(filename ?? '');
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
async function textsOf(m: MimeMessage, depth: number): Promise<string[]> {
  const texts = [m.subject, m.fromName, m.body, ...[...m.to, ...m.cc].map((a) => a.name)];
  // Headers people write free text in; the rest are machine-written ("dkim=pass header.d=...").
  for (const name of FREE_TEXT_HEADERS) texts.push(...(m.headers.get(name) ?? []));
  // The HTML as sent (hidden text included) and without its tags: cells of one row read as one line.
  if (m.html !== '') texts.push(m.html, htmlWords(m.html));
  for (const part of m.parts) texts.push(...(await partTexts(part, depth)));
  return texts;
}

async function partTexts(part: Pick<MimePart, 'contentType' | 'filename' | 'content'>, depth: number): Promise<string[]> {
  if (isMessagePart(part.contentType, part.filename)) {
    if (depth >= MAX_DEPTH) return [part.content.toString('utf8')];
    try {
      return await textsOf(await parseMime(part.content), depth + 1);
    } catch (e) {
      if (!(e instanceof UnparseableMessage)) throw e;
      return [part.content.toString('utf8')];
    }
  }
  return isTextPart(part.contentType, part.filename) ? [part.content.toString('utf8')] : [];
}

/** Whether any decoded text of the message holds a password. */
export async function carriesSecret(m: MimeMessage): Promise<boolean> {
  return (await textsOf(m, 0)).some(containsSecret);
}

function withContent(a: AttachmentReading, content: Buffer, contentType = a.contentType): AttachmentReading {
  return { ...a, content, contentType, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), screenshot: false };
}

/**
 * What the store keeps of an attachment: a text one with its passwords masked; an attached
 * message that holds one is replaced by a note (its encoded parts cannot be masked in place);
 * anything else (images, PDFs) as it came.
 */
async function keptAttachment(a: AttachmentReading): Promise<AttachmentReading> {
  const part = { contentType: a.claimedContentType, filename: a.claimedFilename ?? a.filename, content: a.content };
  if (isMessagePart(part.contentType, part.filename) || isMessagePart(a.contentType, a.filename)) {
    if (!(await partTexts({ ...part, contentType: 'message/rfc822' }, 0)).some(containsSecret)) return a;
    const note = `Lampiran pesan "${a.filename}" tidak disimpan karena memuat password.\n`;
    return withContent(a, Buffer.from(note, 'utf8'), 'text/plain');
  }
  if (!isTextPart(part.contentType, part.filename) && !isTextPart(a.contentType, a.filename)) return a;
  const text = a.content.toString('utf8');
  const masked = redactText(text);
  return masked.redacted ? withContent(a, Buffer.from(masked.text, 'utf8')) : a;
}

/**
 * The reading as the store may keep it: Subject, display name, field values, commands and text
 * attachments masked, and `secretsRedacted` set when any decoded text of the message held a
 * password (then the raw message must not be kept: `redactedBody` is the text of its copy).
 */
export async function maskReading(r: Omit<Reading, 'redactedBody'>, m: MimeMessage): Promise<Reading> {
  const carries = await carriesSecret(m);
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
  return { ...masked, secretsRedacted: r.secretsRedacted || carries || changed };
}
