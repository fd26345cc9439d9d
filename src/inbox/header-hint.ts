/**
 * A best-effort From and Subject from the raw bytes of a message the parser could not read, for
 * the quarantine notice to staff: enough to tell who sent it and what about, never more. Reads
 * at most the first HINT_BYTES, line by line (linear time), unfolds continuation lines, decodes
 * RFC 2047 encoded words in UTF-8 or Latin-1 where it can, and returns '' for what it cannot find.
 *
 * Public surface:
 *   headerHint(raw): { from: string; subject: string }
 */
import { oneLine } from './control-characters';

/** Headers of real mail fit in a few kilobytes; what is not a message is not read further. */
const HINT_BYTES = 64 * 1024;
/** A hint is a line in a table, not the header itself. */
const HINT_CHARS = 200;

const ENCODED_WORD = /=\?([A-Za-z0-9_.:-]{1,40})(?:\*[A-Za-z-]{1,20})?\?([BbQq])\?([^?\s]{0,1000})\?=/g;

function decodeWord(charset: string, encoding: string, text: string): string | null {
  const cs = charset.toLowerCase();
  const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  if (cs === 'utf-8' || cs === 'utf8' || cs === 'us-ascii') return bytes.toString('utf8');
  if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'windows-1252') return bytes.toString('latin1');
  return null;
}

function decoded(value: string): string {
  // Blanks between two encoded words are not part of the text (RFC 2047 section 6.2).
  return value.replace(/\?=[ \t]+=\?/g, '?==?').replace(ENCODED_WORD, (word, cs: string, enc: string, text: string) => decodeWord(cs, enc, text) ?? word);
}

/** Raw 8-bit header bytes are usually UTF-8; where they are not, they stay Latin-1. */
function readable(latin1: string): string {
  const utf8 = Buffer.from(latin1, 'latin1').toString('utf8');
  const text = oneLine(decoded(utf8.includes('\uFFFD') ? latin1 : utf8));
  return text.length > HINT_CHARS ? `${text.slice(0, HINT_CHARS - 1)}…` : text;
}

export function headerHint(raw: Buffer): { from: string; subject: string } {
  const head = raw.subarray(0, HINT_BYTES).toString('latin1');
  const found: { from?: string; subject?: string } = {};
  let current: 'from' | 'subject' | null = null;
  for (const line of head.split(/\r?\n|\r/)) {
    if (line === '') break; // the end of the header block
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== null) {
      found[current] = `${found[current] ?? ''} ${line.trim()}`;
      continue;
    }
    current = null;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if ((name === 'from' || name === 'subject') && found[name] === undefined) {
      current = name;
      found[name] = line.slice(colon + 1).trim();
    }
  }
  return { from: readable(found.from ?? ''), subject: readable(found.subject ?? '') };
}
