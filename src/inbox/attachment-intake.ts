/**
 * Attachment intake into the store: each file written once, content-addressed under its sha256
 * (`dir/ab/abcdef...`), so a sender's file name never becomes a path and a file sent twice is
 * kept once. Oversized files are skipped and reported, never fatal to their message.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface IntakeLimits {
  maxBytes: number;
}

export type StoreResult =
  | { stored: true; path: string; sha256: string; size: number }
  | { stored: false; reason: 'too_large'; size: number };

const MAX_NAME = 200;

/** C0 and C1 control characters (newlines, NUL, escape sequences) become spaces. */
function withoutControlCharacters(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? ' ' : ch;
  }
  return out;
}

/**
 * A display name safe to show and offer as a download name: the last path segment only, no
 * control characters, separators or leading dots, at most 200 characters, `attachment` if
 * nothing is left.
 */
export function sanitizeFilename(name: string): string {
  const base = withoutControlCharacters(name.normalize('NFC'))
    .split(/[/\\]/)
    .filter((seg) => seg !== '' && seg !== '.' && seg !== '..')
    .pop() ?? '';
  const cleaned = base
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (cleaned === '') return 'attachment';
  if (cleaned.length <= MAX_NAME) return cleaned;
  // Keep the extension: it is what a viewer opens the file by.
  const ext = /\.[A-Za-z0-9]{1,10}$/.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, MAX_NAME - ext.length) + ext;
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
