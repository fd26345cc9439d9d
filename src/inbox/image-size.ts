/**
 * An image's size in pixels, from the first bytes of its file (PNG, JPEG, GIF, BMP, WebP): what
 * tells an office logo or a social-media icon from a screenshot. Only headers are read; a file
 * whose header is cut or odd has no known size.
 */

export interface ImageSize {
  width: number;
  height: number;
}

// A JPEG's size sits in its SOF segment, after the EXIF and colour-profile segments: a person's
// photo puts it within the first few hundred kilobytes.
export const JPEG_SCAN_BYTES = 512 * 1024;

function png(b: Buffer): ImageSize | null {
  // Signature (8 bytes), IHDR length and type (8), then width and height, big-endian.
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function gif(b: Buffer): ImageSize | null {
  if (b.length < 10 || !/^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) return null;
  return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
}

function bmp(b: Buffer): ImageSize | null {
  if (b.length < 26 || b.toString('latin1', 0, 2) !== 'BM') return null;
  return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
}

function webp(b: Buffer): ImageSize | null {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return null;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return null;
}

// Start-of-frame markers (baseline, progressive, lossless…); C4, C8 and CC are not frames.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(b: Buffer): ImageSize | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  const end = Math.min(b.length, JPEG_SCAN_BYTES);
  let i = 2;
  // Each segment names its own length, so the walk is one step per segment.
  while (i + 9 < end) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (SOF.has(marker)) return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
    if (marker === 0xd9 || marker === 0xda) return null;
    i += 2 + b.readUInt16BE(i + 2);
  }
  return null;
}

/** The size of a PNG, JPEG, GIF, BMP or WebP image from its header; null for other or damaged files. */
export function imageSize(content: Buffer): ImageSize | null {
  const size = png(content) ?? jpeg(content) ?? gif(content) ?? bmp(content) ?? webp(content);
  return size !== null && size.width > 0 && size.height > 0 ? size : null;
}

/**
 * Logo-sized: at most 300×150, the size of an office logo, a banner's height, a social-media
 * icon or a tracking pixel. The SOP's screenshot shows a browser window or a dialog, larger.
 */
export function isDecorationSized(size: ImageSize): boolean {
  return size.width <= 300 && size.height <= 150;
}
