/**
 * The spool: an incoming message is written once, as it arrives, to a file under the content
 * store (`<files>/.incoming/`), hashed on the way. That file is the message from then on: the
 * reader streams it, and the store keeps it by a hard link under its sha256 (records.ts). Each
 * message also gets a folder there for the parts too large to read in memory (mime.ts). Both
 * live on the content store's file system, so that keeping them is a link, never a copy, and
 * both are removed when the message is done, whatever its end (what a crash left is removed a
 * day later, by the next process that spools).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Spooled {
  /** The message as it came. */
  path: string;
  sha256: string;
  size: number;
  /** Where the reader puts the message's large parts (made by the reader when it needs it). */
  spillDir: string;
}

export const SPOOL_FOLDER = '.incoming';

/** A message in a file of its own (`process`, a Maildir): copied by the file system, not through memory. */
export interface MessagePath {
  path: string;
}

const HASH_CHUNK_BYTES = 1024 * 1024;

/** The sha256 of a file of `size` bytes, read through one buffer. */
function fileSha256(file: string, size: number): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(size, HASH_CHUNK_BYTES)));
  const fd = fs.openSync(file, 'r');
  try {
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

// A message is done within minutes; what is older was left by a process that died on it.
const STALE_MS = 24 * 3600 * 1000;
const swept = new Set<string>();

/** Once per process and folder: removes what a crash left in the spool (never a message in hand: those are fresh). */
function sweepStale(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  const before = Date.now() - STALE_MS;
  for (const entry of fs.readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (fs.statSync(file).mtimeMs < before) fs.rmSync(file, { recursive: true, force: true });
  }
}

/** Writes the message (bytes, a stream of them, or a file) to a new spool file, hashing it. */
export async function spool(filesDir: string, raw: Buffer | Readable | MessagePath): Promise<Spooled> {
  const dir = path.join(path.resolve(filesDir), SPOOL_FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  sweepStale(dir);
  const id = `${Date.now()}-${randomBytes(8).toString('hex')}`;
  const spooled: Spooled = { path: path.join(dir, `${id}.eml`), sha256: '', size: 0, spillDir: path.join(dir, `${id}.parts`) };
  try {
    if (raw instanceof Readable) return await spoolStream(raw, spooled);
    if (Buffer.isBuffer(raw)) return spoolBytes(raw, spooled);
    // A small file is read and written in one go; a large one is copied by the file system.
    if (fs.statSync(raw.path).size <= HASH_CHUNK_BYTES) return spoolBytes(fs.readFileSync(raw.path), spooled);
    fs.copyFileSync(raw.path, spooled.path, fs.constants.COPYFILE_EXCL);
    const size = fs.statSync(spooled.path).size;
    return { ...spooled, size, sha256: fileSha256(spooled.path, size) };
  } catch (e) {
    discard(spooled);
    throw e;
  }
}

function spoolBytes(bytes: Buffer, spooled: Spooled): Spooled {
  fs.writeFileSync(spooled.path, bytes, { flag: 'wx' });
  return { ...spooled, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Writes a stream to the spool file, hashing and counting it on the way. */
async function spoolStream(raw: Readable, spooled: Spooled): Promise<Spooled> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(raw, tap, fs.createWriteStream(spooled.path, { flags: 'wx' }));
  return { ...spooled, size, sha256: hash.digest('hex') };
}

/** Removes the spool file and the message's folder of large parts. */
export function discard(spooled: Spooled): void {
  fs.rmSync(spooled.path, { force: true });
  fs.rmSync(spooled.spillDir, { recursive: true, force: true });
}
