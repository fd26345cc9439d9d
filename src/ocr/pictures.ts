/**
 * The screenshot inside a document: committees paste the SPSE screen into a Word file or print it
 * to PDF. The largest picture of an Office/OpenDocument zip (word/media, xl/media, ppt/media,
 * Pictures), or the largest JPEG stream (/DCTDecode, a JPEG file as it stands) of a PDF, is
 * copied to a file of its own. Read by position with bounded sizes: a zip bomb stops at the
 * output cap.
 */
import * as fs from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { centralDirectory, holdsPictures, inFile, type Bytes, type ZipEntry } from '../inbox/document-images';
import type { Unreadable } from './types';

const LOCAL = 0x04034b50;
/** No screenshot is larger than this, compressed or not. */
const MAX_PICTURE_BYTES = 40 * 1024 * 1024;
const MAX_PDF_BYTES = 64 * 1024 * 1024;
const PICTURE = /^(?:(?:word|xl|ppt)\/media|Pictures)\/[^/]+\.(png|jpe?g|gif|bmp|tiff?|webp|heic|heif)$/i;
const PDF_DICT_WINDOW = 600;

const TYPE_OF_SUFFIX: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

export type Picture = { file: string; contentType: string } | { unreadable: Unreadable; detail: string };

export { holdsPictures };

function zipPicture(zip: Bytes, out: string): Picture {
  const entries = centralDirectory(zip);
  if (entries.length === 0) return { unreadable: 'corrupt', detail: 'the document is not a readable zip archive' };
  let best: { entry: ZipEntry; suffix: string } | null = null;
  for (const entry of entries) {
    const m = PICTURE.exec(entry.name);
    if (m?.[1] !== undefined && (best === null || entry.compressedSize > best.entry.compressedSize)) best = { entry, suffix: m[1].toLowerCase() };
  }
  if (best === null) return { unreadable: 'no_picture', detail: 'the document holds no picture' };
  const { entry, suffix } = best;
  if (entry.compressedSize > MAX_PICTURE_BYTES) return { unreadable: 'too_large', detail: `the document's picture is over ${MAX_PICTURE_BYTES} bytes` };
  const local = zip.read(entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) return { unreadable: 'corrupt', detail: "the document's picture entry is damaged" };
  const data = zip.read(entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28), entry.compressedSize);
  let bytes: Buffer;
  if (entry.method === 0) bytes = data;
  else if (entry.method === 8) {
    try {
      bytes = inflateRawSync(data, { maxOutputLength: MAX_PICTURE_BYTES });
    } catch (e) {
      const tooLarge = e instanceof RangeError || (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return tooLarge
        ? { unreadable: 'too_large', detail: `the document's picture inflates to over ${MAX_PICTURE_BYTES} bytes` }
        : { unreadable: 'corrupt', detail: "the document's picture does not inflate" };
    }
  } else return { unreadable: 'corrupt', detail: `the document's picture uses zip method ${entry.method}` };
  fs.writeFileSync(out, bytes);
  return { file: out, contentType: TYPE_OF_SUFFIX[suffix] ?? 'application/octet-stream' };
}

const DCT = Buffer.from('/DCTDecode');
const STREAM = /stream\r?\n/y;

/**
 * The largest JPEG image stream of a PDF. A stream's bytes run from after "stream" to its
 * /Length (when given directly) or to "endstream".
 */
function pdfPicture(pdf: Buffer, out: string): Picture {
  let best: { start: number; end: number } | null = null;
  for (let hit = pdf.indexOf(DCT); hit >= 0; hit = pdf.indexOf(DCT, hit + 1)) {
    const from = Math.max(0, hit - PDF_DICT_WINDOW);
    const window = pdf.toString('latin1', from, hit + PDF_DICT_WINDOW);
    const at = hit - from;
    const dictStart = window.lastIndexOf('<<', at);
    const streamAt = window.indexOf('stream', at);
    if (dictStart < 0 || streamAt < 0 || !/\/Subtype\s{0,8}\/Image\b/.test(window.slice(dictStart, streamAt))) continue;
    STREAM.lastIndex = streamAt;
    const opened = STREAM.exec(window);
    if (!opened) continue;
    const start = from + streamAt + opened[0].length;
    // "/Length 12 0 R" names another object: then the stream ends at "endstream".
    const length = /\/Length\s{1,8}(\d{1,9})(\s{1,8}\d{1,9}\s{1,8}R)?/.exec(window.slice(dictStart, streamAt));
    const end = length?.[1] !== undefined && length[2] === undefined ? start + Number(length[1]) : pdf.indexOf('endstream', start);
    if (end <= start || end > pdf.length) continue;
    if (best === null || end - start > best.end - best.start) best = { start, end };
  }
  if (best === null) return { unreadable: 'no_picture', detail: 'the PDF holds no JPEG picture' };
  fs.writeFileSync(out, pdf.subarray(best.start, best.end));
  return { file: out, contentType: 'image/jpeg' };
}

/** Copies the screenshot inside a PDF or an Office/OpenDocument file to `out`. */
export function pictureInside(file: string, contentType: string, out: string): Picture {
  if (contentType === 'application/pdf') {
    const size = fs.statSync(file).size;
    if (size > MAX_PDF_BYTES) return { unreadable: 'too_large', detail: `the PDF is over ${MAX_PDF_BYTES} bytes` };
    return pdfPicture(fs.readFileSync(file), out);
  }
  const fd = fs.openSync(file, 'r');
  try {
    return zipPicture(inFile(fd), out);
  } finally {
    fs.closeSync(fd);
  }
}
