/**
 * Screenshots inside documents: committees paste the SPSE screen into a Word file or print it to
 * PDF and attach that. A Word (and Excel, PowerPoint, OpenDocument) file is a zip whose pictures
 * are files of their own (`word/media/image1.png`); a PDF names each picture an `/Image` object
 * with its `/Width` and `/Height`. Pictures the size of a letterhead logo do not count.
 * Only the zip's directory and the first bytes of each picture are read, so a hostile archive
 * (a zip bomb, a cut file) costs no more than a few kilobytes per picture. A document in a file
 * (a part too large for memory) is read the same way, by position: a 25 MB PDF is scanned a
 * chunk at a time and never held whole.
 */
import * as fs from 'node:fs';
import { constants, inflateRawSync } from 'node:zlib';
import { imageSize, isDecorationSized, type ImageSize } from './image-size';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 5000;
// Enough compressed bytes for any picture's header (a JPEG's SOF can sit after a large EXIF).
const HEAD_COMPRESSED_BYTES = 512 * 1024;
const HEAD_OUTPUT_BYTES = 1024 * 1024;
const PICTURE = /^(?:(?:word|xl|ppt)\/media|Pictures)\/[^/]+\.(?:png|jpe?g|gif|bmp|tiff?|webp|heic|heif)$/i;

const PDF_SCAN_BYTES = 32 * 1024 * 1024;
const PDF_MAX_IMAGES = 1000;
const PDF_DICT_WINDOW = 600;
const PDF_CHUNK_BYTES = 1024 * 1024;
// Each chunk is read with this much of its neighbours on either side: a hit's whole dictionary window.
const PDF_CHUNK_MARGIN = PDF_DICT_WINDOW + 64;

/**
 * A document's bytes, in memory or in a file, read by position (fewer at its end). A file is read
 * into `into` when given (a scan reuses one buffer rather than leave a megabyte of garbage per chunk).
 */
export interface Bytes {
  size: number;
  read(position: number, length: number, into?: Buffer): Buffer;
}

function inMemory(buf: Buffer): Bytes {
  return { size: buf.length, read: (position, length) => buf.subarray(Math.max(0, position), Math.max(0, Math.min(buf.length, position + length))) };
}

export function inFile(fd: number): Bytes {
  return {
    size: fs.fstatSync(fd).size,
    read: (position, length, into) => {
      const buf = into && into.length >= length ? into : Buffer.alloc(Math.max(0, length));
      return buf.subarray(0, position < 0 || length <= 0 ? 0 : fs.readSync(fd, buf, 0, length, position));
    },
  };
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

export function centralDirectory(zip: Bytes): ZipEntry[] {
  const from = Math.max(0, zip.size - 22 - 0xffff);
  const tail = zip.read(from, zip.size - from);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = Math.min(tail.readUInt16LE(eocd + 10), MAX_ENTRIES);
  const dir = zip.read(tail.readUInt32LE(eocd + 16), tail.readUInt32LE(eocd + 12));
  let p = 0;
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count && p + 46 <= dir.length && dir.readUInt32LE(p) === CENTRAL; n++) {
    const nameLength = dir.readUInt16LE(p + 28);
    entries.push({
      name: dir.toString('utf8', p + 46, Math.min(dir.length, p + 46 + nameLength)),
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      localOffset: dir.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
  }
  return entries;
}

/** The first bytes of an entry's file: stored as is, or inflated only as far as those bytes go. */
function entryHead(zip: Bytes, e: ZipEntry): Buffer | null {
  const local = zip.read(e.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) return null;
  const start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const data = zip.read(start, Math.min(e.compressedSize, HEAD_COMPRESSED_BYTES));
  if (e.method === 0) return data;
  if (e.method !== 8) return null;
  try {
    return inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: HEAD_OUTPUT_BYTES });
  } catch {
    // Damaged data, or more output than a header needs (a bomb): the picture's size is unknown.
    return null;
  }
}

/** Pictures in an Office or OpenDocument file that are not logo-sized (an unknown size counts). */
function zipScreenshots(zip: Bytes): number {
  let n = 0;
  for (const e of centralDirectory(zip)) {
    if (!PICTURE.test(e.name)) continue;
    const head = entryHead(zip, e);
    const size = head === null ? null : imageSize(head);
    if (size === null || !isDecorationSized(size)) n++;
  }
  return n;
}

function pdfNumber(dict: string, key: string): number | null {
  const m = new RegExp(String.raw`/${key}\s+(\d{1,6})\b`).exec(dict);
  return m?.[1] === undefined ? null : Number(m[1]);
}

const SUBTYPE = Buffer.from('/Subtype');
const IMAGE_AT = /\/Subtype\s{0,8}\/Image\b/y;

/**
 * Image objects in a PDF that are not logo-sized; image objects are streams, never inside
 * compressed object streams. Read a chunk at a time with a margin either side and searched as
 * bytes: only the window around each `/Subtype` becomes text (a megabyte string per chunk would
 * go straight to the large-object space and stay there until a full collection). A hit counts in
 * the chunk it starts in.
 */
function pdfScreenshots(pdf: Bytes): number {
  const end = Math.min(pdf.size, PDF_SCAN_BYTES);
  const scratch = Buffer.allocUnsafe(Math.min(end, PDF_CHUNK_BYTES + 2 * PDF_CHUNK_MARGIN));
  let n = 0;
  let seen = 0;
  for (let at = 0; at < end; at += PDF_CHUNK_BYTES) {
    const from = Math.max(0, at - PDF_CHUNK_MARGIN);
    const chunk = pdf.read(from, Math.min(end, at + PDF_CHUNK_BYTES + PDF_CHUNK_MARGIN) - from, scratch);
    const ownEnd = Math.min(end, at + PDF_CHUNK_BYTES) - from;
    for (let hit = chunk.indexOf(SUBTYPE, at - from); hit >= 0 && hit < ownEnd; hit = chunk.indexOf(SUBTYPE, hit + 1)) {
      const windowStart = Math.max(0, hit - PDF_DICT_WINDOW);
      const dict = chunk.toString('latin1', windowStart, hit + PDF_DICT_WINDOW);
      IMAGE_AT.lastIndex = hit - windowStart;
      if (!IMAGE_AT.test(dict)) continue;
      if (++seen > PDF_MAX_IMAGES) return n;
      const width = pdfNumber(dict, 'Width');
      const height = pdfNumber(dict, 'Height');
      const size: ImageSize | null = width !== null && height !== null ? { width, height } : null;
      if (size === null || !isDecorationSized(size)) n++;
    }
  }
  return n;
}

const OFFICE = /^application\/(?:vnd\.openxmlformats-officedocument\.|vnd\.oasis\.opendocument\.)/;

/** Whether `screenshotsInside` looks into files of this (sniffed) type. */
export const holdsPictures = (contentType: string): boolean => contentType === 'application/pdf' || OFFICE.test(contentType);

function countInside(content: Bytes, contentType: string): number {
  if (contentType === 'application/pdf') return pdfScreenshots(content);
  if (OFFICE.test(contentType)) return zipScreenshots(content);
  return 0;
}

/** How many screenshot-sized pictures a PDF or an Office/OpenDocument file holds; 0 for any other type. */
export function screenshotsInside(content: Buffer, contentType: string): number {
  return countInside(inMemory(content), contentType);
}

/** `screenshotsInside` of a document in a file, read by position. */
export function screenshotsInsideFile(file: string, contentType: string): number {
  if (!holdsPictures(contentType)) return 0;
  const fd = fs.openSync(file, 'r');
  try {
    return countInside(inFile(fd), contentType);
  } finally {
    fs.closeSync(fd);
  }
}
