/**
 * Screenshots inside documents: committees paste the SPSE screen into a Word file or print it to
 * PDF and attach that. A Word (and Excel, PowerPoint, OpenDocument) file is a zip whose pictures
 * are files of their own (`word/media/image1.png`); a PDF names each picture an `/Image` object
 * with its `/Width` and `/Height`. Pictures the size of a letterhead logo do not count.
 * Only the zip's directory and the first bytes of each picture are read, so a hostile archive
 * (a zip bomb, a cut file) costs no more than a few kilobytes per picture.
 */
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

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function centralDirectory(zip: Buffer): ZipEntry[] {
  const from = Math.max(0, zip.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = Math.min(zip.readUInt16LE(eocd + 10), MAX_ENTRIES);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count && p + 46 <= zip.length && zip.readUInt32LE(p) === CENTRAL; n++) {
    const nameLength = zip.readUInt16LE(p + 28);
    entries.push({
      name: zip.toString('utf8', p + 46, Math.min(zip.length, p + 46 + nameLength)),
      method: zip.readUInt16LE(p + 10),
      compressedSize: zip.readUInt32LE(p + 20),
      localOffset: zip.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries;
}

/** The first bytes of an entry's file: stored as is, or inflated only as far as those bytes go. */
function entryHead(zip: Buffer, e: ZipEntry): Buffer | null {
  const at = e.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL) return null;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, Math.min(zip.length, start + e.compressedSize, start + HEAD_COMPRESSED_BYTES));
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
function zipScreenshots(zip: Buffer): number {
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

/** Image objects in a PDF that are not logo-sized; image objects are streams, never inside compressed object streams. */
function pdfScreenshots(pdf: Buffer): number {
  const text = pdf.toString('latin1', 0, Math.min(pdf.length, PDF_SCAN_BYTES));
  let n = 0;
  let seen = 0;
  for (const m of text.matchAll(/\/Subtype\s{0,8}\/Image\b/g)) {
    if (++seen > PDF_MAX_IMAGES) break;
    const at = m.index ?? 0;
    const dict = text.slice(Math.max(0, at - PDF_DICT_WINDOW), at + PDF_DICT_WINDOW);
    const width = pdfNumber(dict, 'Width');
    const height = pdfNumber(dict, 'Height');
    const size: ImageSize | null = width !== null && height !== null ? { width, height } : null;
    if (size === null || !isDecorationSized(size)) n++;
  }
  return n;
}

const OFFICE = /^application\/(?:vnd\.openxmlformats-officedocument\.|vnd\.oasis\.opendocument\.)/;

/** Whether `screenshotsInside` looks into files of this (sniffed) type. */
export const holdsPictures = (contentType: string): boolean => contentType === 'application/pdf' || OFFICE.test(contentType);

/** How many screenshot-sized pictures a PDF or an Office/OpenDocument file holds; 0 for any other type. */
export function screenshotsInside(content: Buffer, contentType: string): number {
  if (contentType === 'application/pdf') return pdfScreenshots(content);
  if (OFFICE.test(contentType)) return zipScreenshots(content);
  return 0;
}
