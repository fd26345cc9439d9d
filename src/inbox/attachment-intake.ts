/**
 * Attachment intake into the store: each file written once, content-addressed under its sha256
 * (`dir/ab/abcdef...`), so a sender's file name never becomes a path and a file sent twice is
 * kept once. Oversized files are skipped and reported, never fatal to their message.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { oneLine } from './control-characters';

export interface IntakeLimits {
  maxBytes: number;
}

export type StoreResult =
  | { stored: true; path: string; sha256: string; size: number }
  | { stored: false; reason: 'too_large'; size: number };

// File systems (ext4, NTFS, APFS) allow 255 bytes per name; a name is bytes, not characters.
const MAX_NAME_BYTES = 255;
const NEUTRAL_NAME = 'attachment';
// Bidi embeddings, overrides and isolates, zero-width characters and the BOM: invisible, and an
// override makes "bukti\u202Egnp.exe" read as "buktiexe.png".
const INVISIBLE = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Slashes that are not separators here but look like one, or become one under Windows best-fit.
const LOOKALIKE_SEPARATORS = /[\u2044\u2215\u29f8\uff0f\uff3c]/g;
// Device names Windows opens instead of a file, with any extension ("con.txt") and case.
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[1-9\u00b9\u00b2\u00b3]|lpt[1-9\u00b9\u00b2\u00b3]|conin\$|conout\$)$/i;
const EXTENSION = /\.[A-Za-z0-9]{1,10}$/;
// Made when a name is first cut (seldom): ICU's segmenter data costs every process 2.6 MB.
let graphemes: Intl.Segmenter | null = null;


const isDotOrSpace = (ch: string | undefined) => ch === '.' || (ch !== undefined && /\s/.test(ch));

/** Without leading or trailing dots and spaces; a loop, as a `[.\s]+$` pattern is quadratic on a long run. */
function trimDotsAndSpaces(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isDotOrSpace(s[start])) start++;
  while (end > start && isDotOrSpace(s[end - 1])) end--;
  return s.slice(start, end);
}

/** The longest prefix of whole letters (grapheme clusters: a letter with its accents) within `max` bytes. */
function cutToBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  let out = '';
  let used = 0;
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(s)) {
    used += Buffer.byteLength(segment, 'utf8');
    if (used > max) break;
    out += segment;
  }
  return out;
}

/** `stem` + `suffix` + `ext` within 255 bytes, the stem cut to make room; the neutral name if no stem is left. */
function fitName(stem: string, suffix: string, ext: string): string {
  const room = MAX_NAME_BYTES - Buffer.byteLength(suffix + ext, 'utf8');
  const cut = trimDotsAndSpaces(cutToBytes(stem, room));
  return `${cut === '' ? NEUTRAL_NAME : cut}${suffix}${ext}`;
}

function splitExtension(name: string): { stem: string; ext: string } {
  const ext = EXTENSION.exec(name)?.[0] ?? '';
  return { stem: name.slice(0, name.length - ext.length), ext };
}

/**
 * A display name safe to show, to offer as a download name and to write as a file on any common
 * file system: the last path segment only, no control or invisible characters, no separators or
 * leading/trailing dots and spaces, no Windows device name, at most 255 bytes of UTF-8 with the
 * extension kept, `attachment` if nothing is left.
 */
export function sanitizeFilename(name: string): string {
  // Escape sequences go whole ("err\u001b[31mor.png" is "error.png"), other controls become spaces.
  const base = oneLine(name.normalize('NFC').replace(INVISIBLE, ''))
    .replace(LOOKALIKE_SEPARATORS, '_')
    .split(/[/\\]/)
    .filter((seg) => seg !== '' && seg !== '.' && seg !== '..')
    .pop() ?? '';
  const cleaned = trimDotsAndSpaces(base.replace(/[<>:"|?*]/g, '_').replace(/\s+/g, ' '));
  if (cleaned === '') return NEUTRAL_NAME;
  const { stem, ext } = splitExtension(cleaned);
  // Windows reads "con.txt" and "CON .tar.gz" as the device: the part before the first dot counts.
  if (WINDOWS_DEVICE.test(trimDotsAndSpaces(cleaned.split('.')[0] ?? ''))) return `${NEUTRAL_NAME}${ext}`;
  // Keep the extension: it is what a viewer opens the file by.
  return Buffer.byteLength(cleaned, 'utf8') <= MAX_NAME_BYTES ? cleaned : fitName(stem, '', ext);
}

/** The n-th distinct file of the same sanitised name: "name-2.ext", still within 255 bytes. */
export function numberedFilename(name: string, n: number): string {
  const { stem, ext } = splitExtension(name);
  return fitName(stem, `-${n}`, ext);
}

/**
 * Writes `att.content` to `dir/<sha256[0..2]>/<sha256>` unless it is larger than the limit or
 * already there; `att.filename` is the sender's claim and never reaches the file system. The write goes through a temporary file and a hard link, so a crash never
 * leaves a partial file under the final name. Throws when `sha256` does not match the content:
 * that is a caller's bug, and storing under a wrong name would corrupt the store.
 */
export function storeAttachment(
  dir: string,
  att: { filename?: string | null; content: Buffer; sha256: string },
  limits: IntakeLimits,
): StoreResult {
  const size = att.content.length;
  if (size > limits.maxBytes) return { stored: false, reason: 'too_large', size };
  const sha256 = createHash('sha256').update(att.content).digest('hex');
  if (sha256 !== att.sha256.toLowerCase()) throw new Error(`attachment sha256 mismatch: given ${att.sha256}, content is ${sha256}`);
  const folder = path.join(path.resolve(dir), sha256.slice(0, 2));
  const target = path.join(folder, sha256);
  if (fs.existsSync(target)) return { stored: true, path: target, sha256, size };
  fs.mkdirSync(folder, { recursive: true });
  const tmp = path.join(folder, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
  fs.writeFileSync(tmp, att.content, { flag: 'wx' });
  try {
    fs.linkSync(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Same name means same bytes: a concurrent writer got there first. File systems without
    // hard links get a rename, which is atomic too.
    if (code !== 'EEXIST') {
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
      fs.renameSync(tmp, target);
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { stored: true, path: target, sha256, size };
}

/**
 * Keeps a file already written and hashed on its way in (a spooled message, a part too large
 * for memory) under its sha256, by a hard link: its bytes are not copied, and the name appears
 * only once the file is whole. The file itself stays where it is, for its owner to remove.
 * File systems without hard links get a copy, renamed into place.
 */
export function storeFile(dir: string, file: string, sha256: string, limits: IntakeLimits): StoreResult {
  const size = fs.statSync(file).size;
  if (size > limits.maxBytes) return { stored: false, reason: 'too_large', size };
  const folder = path.join(path.resolve(dir), sha256.slice(0, 2));
  const target = path.join(folder, sha256);
  if (fs.existsSync(target)) return { stored: true, path: target, sha256, size };
  fs.mkdirSync(folder, { recursive: true });
  try {
    fs.linkSync(file, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Same name means same bytes: a concurrent writer got there first.
    if (code === 'EEXIST') return { stored: true, path: target, sha256, size };
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
    const tmp = path.join(folder, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      fs.copyFileSync(file, tmp, fs.constants.COPYFILE_EXCL);
      fs.renameSync(tmp, target);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return { stored: true, path: target, sha256, size };
}
