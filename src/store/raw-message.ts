/**
 * Raw messages under paths.files, each attachment's bytes once. A message is kept as it came
 * under `<sha[0..2]>/<sha>`; once its attachments are kept on their own, `compact` may replace it
 * by a skeleton, `<sha[0..2]>/<sha>.skeleton`: the raw bytes with each base64 body of a kept
 * attachment cut out and a reference left in its place (the attachment's sha256, line length,
 * line ending, trailing bytes). It does so only when rebuilding the whole message from the
 * skeleton gives the raw's sha256 again; otherwise the raw stays as it is. The raw's sha256
 * stays the message's identity (messages.raw_sha256), in either form.
 *
 * Skeleton format: one header line `LPSE-SKELETON/1 <json>\n`, json = { size, refs: [{ at,
 * sha256, size, line, eol, tail }] } (`at`: offset in the literal bytes that follow), then the
 * literal bytes: the raw message without the cut bodies.
 *
 * The MIME structure is walked line by line through one buffer (boundaries from Content-Type
 * headers, nested multiparts, only Content-Transfer-Encoding: base64 leaves), in linear time;
 * a line is held at most up to MAX_LINE bytes.
 *
 * Public surface:
 *   openRaw(filesDir, sha256): StoredRaw | null   the exact original bytes, from either form; null
 *                                                 when gone (or a skeleton's attachment is gone)
 *   compact(filesDir, sha256, attachmentShas): Promise<boolean>
 *                                                 the raw replaced by its skeleton (true) or kept
 *   skeletonRefs(filesDir, sha256): string[]      the attachment files a kept skeleton needs
 *   removeRaw(filesDir, sha256): number | null    both forms removed; bytes freed, null if none
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

export interface StoredRaw {
  /** The original message's length in bytes. */
  size: number;
  /** The original bytes, streamed anew on each call. */
  open(): Readable;
}

interface Ref {
  /** Offset in the skeleton's literal bytes where the body goes. */
  at: number;
  sha256: string;
  /** The decoded attachment's size. */
  size: number;
  /** Characters per base64 line (the last line may be shorter). */
  line: number;
  /** Between lines. */
  eol: string;
  /** After the last base64 character, up to the next boundary line (or the end). */
  tail: string;
}

interface SkeletonHeader {
  size: number;
  refs: Ref[];
}

const MAGIC = 'LPSE-SKELETON/1 ';
// Small reads: a message is walked and rebuilt through buffers of this size, whatever its length.
const CHUNK = 64 * 1024;
// RFC 5322 allows 998 characters per line; a longer one is kept as it is, only its start is looked at.
const MAX_LINE = 64 * 1024;
const MAX_HEADER = 16 * 1024 * 1024;
const MAX_DEPTH = 32;
// Multiple of 3 bytes: each read encodes to whole base64 quanta.
const ENCODE_CHUNK = 3 * 16 * 1024;
// Characters decoded at a time: a few large decodes, not one per line.
const DECODE_BATCH = 64 * 1024;
const BOUNDARY = /boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;"]{1,200}))/i;

const folderOf = (filesDir: string, sha256: string) => path.join(path.resolve(filesDir), sha256.slice(0, 2));
const rawPath = (filesDir: string, sha256: string) => path.join(folderOf(filesDir, sha256), sha256);
const skeletonPath = (filesDir: string, sha256: string) => `${rawPath(filesDir, sha256)}.skeleton`;

function readHeader(file: string): { header: SkeletonHeader; literalStart: number } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    // The header holds one small entry per attachment: a read or a few.
    const parts: Buffer[] = [];
    for (let at = 0; at < MAX_HEADER; ) {
      const buf = Buffer.alloc(CHUNK);
      const n = fs.readSync(fd, buf, 0, CHUNK, at);
      const nl = buf.subarray(0, n).indexOf(0x0a);
      parts.push(buf.subarray(0, nl < 0 ? n : nl));
      if (nl >= 0) {
        const first = Buffer.concat(parts).toString('utf8');
        return first.startsWith(MAGIC) ? { header: JSON.parse(first.slice(MAGIC.length)) as SkeletonHeader, literalStart: at + nl + 1 } : null;
      }
      if (n < CHUNK) return null;
      at += n;
    }
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads [start, end) of a file (up to its end) in chunks of `size`, each when it is asked for.
 * Synchronous reads: a chunk from the page cache takes microseconds, a trip through the thread
 * pool and the event loop far longer, and the walk in base64Bodies reads the same way.
 */
function* fileRange(file: string, start: number, end: number, size = CHUNK): Generator<Buffer> {
  if (end <= start) return;
  const fd = fs.openSync(file, 'r');
  try {
    for (let at = start; at < end; ) {
      const buf = Buffer.allocUnsafe(Math.min(size, end - at));
      const n = fs.readSync(fd, buf, 0, buf.length, at);
      if (n === 0) return;
      yield n === buf.length ? buf : buf.subarray(0, n);
      at += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The attachment file base64-encoded as the original body was laid out. */
function* encoded(file: string, ref: Ref): Generator<Buffer> {
  let column = 0;
  let carry = Buffer.alloc(0);
  const wrap = (text: string): string => {
    let out = '';
    for (let at = 0; at < text.length; ) {
      if (column === ref.line) {
        out += ref.eol;
        column = 0;
      }
      const take = Math.min(ref.line - column, text.length - at);
      out += text.slice(at, at + take);
      column += take;
      at += take;
    }
    return out;
  };
  for (const chunk of fileRange(file, 0, Number.POSITIVE_INFINITY, ENCODE_CHUNK)) {
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % 3);
    carry = Buffer.from(bytes.subarray(whole));
    if (whole > 0) yield Buffer.from(wrap(bytes.subarray(0, whole).toString('base64')), 'latin1');
  }
  yield Buffer.from(wrap(carry.toString('base64')) + ref.tail, 'latin1');
}

function* rebuilt(filesDir: string, file: string, literalStart: number, header: SkeletonHeader): Generator<Buffer> {
  const literalEnd = fs.statSync(file).size;
  let at = 0;
  for (const ref of header.refs) {
    yield* fileRange(file, literalStart + at, literalStart + ref.at);
    yield* encoded(rawPath(filesDir, ref.sha256), ref);
    at = ref.at;
  }
  yield* fileRange(file, literalStart + at, literalEnd);
}

function openSkeleton(filesDir: string, sha256: string): StoredRaw | null {
  const skeleton = skeletonPath(filesDir, sha256);
  const read = readHeader(skeleton);
  if (read === null) return null;
  const { header, literalStart } = read;
  if (!header.refs.every((r) => fs.existsSync(rawPath(filesDir, r.sha256)))) return null;
  return { size: header.size, open: () => Readable.from(rebuilt(filesDir, skeleton, literalStart, header)) };
}

/** The raw's bytes, or, when it went since it was looked up (compacted meanwhile), its skeleton's. */
async function* rawOrSkeleton(filesDir: string, sha256: string): AsyncGenerator<Buffer> {
  let fd: number;
  try {
    fd = fs.openSync(rawPath(filesDir, sha256), 'r');
  } catch (err) {
    const skeleton = (err as NodeJS.ErrnoException).code === 'ENOENT' ? openSkeleton(filesDir, sha256) : null;
    if (skeleton === null) throw err;
    yield* skeleton.open();
    return;
  }
  for await (const chunk of fs.createReadStream('', { fd, highWaterMark: CHUNK })) yield chunk as Buffer;
}

export function openRaw(filesDir: string, sha256: string): StoredRaw | null {
  const raw = rawPath(filesDir, sha256);
  // The raw wins: after a crash between a skeleton's write and the raw's removal both are there.
  if (fs.existsSync(raw)) return { size: fs.statSync(raw).size, open: () => Readable.from(rawOrSkeleton(filesDir, sha256)) };
  return openSkeleton(filesDir, sha256);
}

export function skeletonRefs(filesDir: string, sha256: string): string[] {
  return readHeader(skeletonPath(filesDir, sha256))?.header.refs.map((r) => r.sha256) ?? [];
}

export function removeRaw(filesDir: string, sha256: string): number | null {
  let freed: number | null = null;
  for (const file of [rawPath(filesDir, sha256), skeletonPath(filesDir, sha256)]) {
    try {
      const { size } = fs.statSync(file);
      fs.unlinkSync(file);
      freed = (freed ?? 0) + size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return freed;
}

interface Line {
  start: number;
  /** Without its line ending; null when longer than MAX_LINE. */
  text: string | null;
  /** Only its first bytes when the line is longer than MAX_LINE (enough to tell a boundary). */
  head: string;
  eol: '' | '\n' | '\r\n';
}

/** The lines of a file, read through one buffer. */
function* lines(file: string): Generator<Line> {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let overlong = false;
    let head = '';
    let lineStart = 0;
    let offset = 0;
    const finish = (tail: Buffer, eol: Line['eol']): Line => {
      const body = overlong ? null : Buffer.concat([...pending, tail]);
      const text = body === null ? null : body.toString('latin1');
      const line: Line = { start: lineStart, text, head: text ?? head, eol };
      pending = [];
      pendingBytes = 0;
      overlong = false;
      head = '';
      return line;
    };
    const hold = (piece: Buffer) => {
      if (overlong) return;
      if (pendingBytes + piece.length > MAX_LINE) {
        head = Buffer.concat([...pending, piece]).subarray(0, 256).toString('latin1');
        overlong = true;
        pending = [];
        return;
      }
      pending.push(Buffer.from(piece));
      pendingBytes += piece.length;
    };
    for (let n = fs.readSync(fd, buf, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buf, 0, CHUNK, null)) {
      let from = 0;
      for (let nl = buf.indexOf(0x0a, 0); nl >= 0 && nl < n; nl = buf.indexOf(0x0a, from)) {
        // Most lines lie within one read: taken from the buffer as they are.
        let line: Line;
        if (pendingBytes === 0 && !overlong && nl - from <= MAX_LINE) line = { start: lineStart, text: buf.toString('latin1', from, nl), head: '', eol: '\n' };
        else {
          hold(buf.subarray(from, nl));
          line = finish(Buffer.alloc(0), '\n');
        }
        if (line.text !== null && line.text.endsWith('\r')) {
          line.text = line.text.slice(0, -1);
          line.eol = '\r\n';
        }
        if (line.text !== null) line.head = line.text;
        yield line;
        offset += nl + 1 - from;
        lineStart = offset;
        from = nl + 1;
      }
      hold(buf.subarray(from, n));
      offset += n - from;
    }
    if (offset > lineStart) yield finish(Buffer.alloc(0), '');
  } finally {
    fs.closeSync(fd);
  }
}

/** A base64 body being read: decoded and hashed as it goes, and whether re-encoding can give it back. */
class Base64Body {
  readonly start: number;
  private hash = createHash('sha256');
  private size = 0;
  private quanta: string[] = [];
  private pending = 0;
  private line = 0;
  private eol = '';
  private last: { length: number; eol: string } | null = null;
  private tail = '';
  private ok = true;
  private padded = false;

  constructor(start: number) {
    this.start = start;
  }

  add(l: Line): void {
    if (!this.ok) return;
    if (l.text === null) {
      this.ok = false;
      return;
    }
    if (l.text === '') {
      // Blank lines after the data belong to the tail; before it, they are kept as they are.
      if (this.last === null) this.ok = false;
      else this.tail += l.eol;
      return;
    }
    // The characters are not checked here: a body that is not plain base64 decodes to bytes no
    // kept attachment has, and the skeleton's rebuild is compared with the raw before it is kept.
    if (this.tail !== '' || this.padded) {
      this.ok = false;
      return;
    }
    if (this.last === null) {
      this.line = l.text.length;
      this.eol = l.eol;
    } else if (this.last.length !== this.line || this.last.eol !== this.eol || l.text.length > this.line) {
      this.ok = false;
      return;
    }
    this.padded = l.text.endsWith('=');
    this.last = { length: l.text.length, eol: l.eol };
    this.quanta.push(l.text);
    this.pending += l.text.length;
    if (this.pending >= DECODE_BATCH) this.decode();
  }

  /** Decodes the whole quanta held, keeping the rest (under 4 characters) for the next line. */
  private decode(): void {
    const text = this.quanta.join('');
    const whole = text.length - (text.length % 4);
    const bytes = Buffer.from(text.slice(0, whole), 'base64');
    this.hash.update(bytes);
    this.size += bytes.length;
    this.quanta = whole < text.length ? [text.slice(whole)] : [];
    this.pending = text.length - whole;
  }

  /** The body's reference, when it ends before `end` as a plain re-encoding would end it. */
  close(end: number): (Omit<Ref, 'at'> & { start: number; end: number }) | null {
    if (!this.ok || this.last === null) return null;
    this.decode();
    if (this.pending !== 0) return null;
    const tail = this.last.eol + this.tail;
    return { start: this.start, end, sha256: this.hash.digest('hex'), size: this.size, line: this.line, eol: this.eol, tail };
  }
}

type Cut = Omit<Ref, 'at'> & { start: number; end: number };

interface Entity {
  headers: string[];
}

function headerValue(headers: string[], name: string): string | null {
  const prefix = `${name.toLowerCase()}:`;
  const field = headers.find((h) => h.slice(0, prefix.length).toLowerCase() === prefix);
  return field === undefined ? null : field.slice(prefix.length).trim();
}

/** The base64 bodies of a message file, with where they start and end. */
function base64Bodies(file: string): Cut[] {
  const cuts: Cut[] = [];
  const boundaries: string[] = [];
  let entity: Entity | null = { headers: [] };
  let body: Base64Body | null = null;
  let headerBytes = 0;
  const closeBody = (end: number) => {
    const cut = body?.close(end) ?? null;
    if (cut !== null) cuts.push(cut);
    body = null;
  };
  for (const l of lines(file)) {
    if (entity !== null) {
      if (l.text === '') {
        const type = headerValue(entity.headers, 'Content-Type') ?? '';
        // Deeper nesting than mail clients write is left whole: each `--` line is checked against every open boundary.
        const boundary = boundaries.length < MAX_DEPTH && /^\s*multipart\//i.test(type) ? BOUNDARY.exec(type) : null;
        if (boundary !== null) boundaries.push(boundary[1] ?? boundary[2] ?? '');
        else if ((headerValue(entity.headers, 'Content-Transfer-Encoding') ?? '').toLowerCase() === 'base64') body = new Base64Body(l.start + l.eol.length);
        entity = null;
        continue;
      }
      headerBytes += l.head.length;
      // A folded line continues the field before it; headers past the limit are not looked at.
      if (headerBytes > MAX_LINE) continue;
      const last = entity.headers.length - 1;
      if ((l.head.startsWith(' ') || l.head.startsWith('\t')) && last >= 0) entity.headers[last] += l.head;
      else entity.headers.push(l.head);
      continue;
    }
    const delimiter = l.head.startsWith('--') ? boundaryOf(l.head, boundaries) : null;
    if (delimiter === null) {
      (body as Base64Body | null)?.add(l);
      continue;
    }
    closeBody(l.start);
    boundaries.length = delimiter.depth + 1;
    if (delimiter.closing) boundaries.pop();
    else {
      entity = { headers: [] };
      headerBytes = 0;
    }
  }
  closeBody(fs.statSync(file).size);
  return cuts;
}

/** Which open multipart a `--boundary` line delimits (the innermost first), and whether it closes it. */
function boundaryOf(line: string, boundaries: string[]): { depth: number; closing: boolean } | null {
  for (let depth = boundaries.length - 1; depth >= 0; depth--) {
    const b = `--${boundaries[depth]}`;
    if (!line.startsWith(b)) continue;
    const rest = line.slice(b.length);
    const closing = rest.startsWith('--');
    if ((closing ? rest.slice(2) : rest).trim() === '') return { depth, closing };
  }
  return null;
}

function sha256Of(chunks: Iterable<Buffer>): { sha256: string; size: number } {
  const hash = createHash('sha256');
  let size = 0;
  for (const chunk of chunks) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Replaces the kept raw message `sha256` by its skeleton when at least one of its base64 bodies
 * is one of `attachmentShas` (files kept on their own, recorded as this message's attachments)
 * and the skeleton rebuilds the raw byte for byte. The skeleton is whole under its name before
 * the raw goes, so a crash in between leaves both (the raw is read).
 */
export async function compact(filesDir: string, sha256: string, attachmentShas: ReadonlySet<string>): Promise<boolean> {
  const raw = rawPath(filesDir, sha256);
  if (!fs.existsSync(raw) || attachmentShas.size === 0) return false;
  const cuts = base64Bodies(raw).filter((c) => {
    if (!attachmentShas.has(c.sha256)) return false;
    try {
      return fs.statSync(rawPath(filesDir, c.sha256)).size === c.size;
    } catch {
      return false;
    }
  });
  if (cuts.length === 0) return false;
  const size = fs.statSync(raw).size;
  const refs: Ref[] = [];
  let literal = 0;
  let from = 0;
  for (const c of cuts) {
    literal += c.start - from;
    refs.push({ at: literal, sha256: c.sha256, size: c.size, line: c.line, eol: c.eol, tail: c.tail });
    from = c.end;
  }
  const header: SkeletonHeader = { size, refs };
  const target = skeletonPath(filesDir, sha256);
  const tmp = path.join(folderOf(filesDir, sha256), `.${sha256}.${randomBytes(6).toString('hex')}.skeleton.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx');
    try {
      fs.writeSync(fd, `${MAGIC}${JSON.stringify(header)}\n`);
      // The raw without the cut bodies: before the first, between each two, after the last.
      const kept = cuts.map((c, i) => [i === 0 ? 0 : (cuts[i - 1]?.end ?? 0), c.start] as const);
      for (const [start, end] of [...kept, [cuts[cuts.length - 1]?.end ?? 0, size] as const]) {
        for (const chunk of fileRange(raw, start, end)) fs.writeSync(fd, chunk);
      }
      // No fsync: the skeleton is as durable as the raw it replaces, written without one
      // moments before, and as the store's commit (synchronous = NORMAL, connection.ts): all
      // survive a killed process; a power cut can lose the last seconds of writes to each alike.
    } finally {
      fs.closeSync(fd);
    }
    const literalStart = readHeader(tmp)?.literalStart ?? 0;
    const check = sha256Of(rebuilt(filesDir, tmp, literalStart, header));
    if (check.sha256 !== sha256 || check.size !== size) return false;
    fs.renameSync(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fs.unlinkSync(raw);
  return true;
}
