// Screenshots as committees attach them: an SPSE page in a browser (flat colours, a navigation
// bar, a table, the red "maaf operasi…" notification, lines of text drawn as bars) and a
// photo-like area of noise whose size sets the file's size, so that the PNGs land where real
// ones do (50–500 KB). Encoded as a real PNG with node's zlib; every image is different.
import zlib from 'node:zlib';

const WIDTH = 1366;
const HEIGHT = 768;
type Rgb = readonly [number, number, number];

/** A small deterministic generator (xorshift32): the same seed gives the same mail set. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 0x1_0000_0000;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

class Canvas {
  readonly stride = 1 + WIDTH * 3;
  readonly rows = Buffer.alloc(this.stride * HEIGHT);

  rect(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    const x1 = Math.min(WIDTH, x + w);
    const y1 = Math.min(HEIGHT, y + h);
    for (let yy = Math.max(0, y); yy < y1; yy++) {
      const row = yy * this.stride + 1;
      for (let xx = Math.max(0, x); xx < x1; xx++) {
        const o = row + xx * 3;
        this.rows[o] = r;
        this.rows[o + 1] = g;
        this.rows[o + 2] = b;
      }
    }
  }

  /** A line of "text": words as bars of the glyph height. */
  text(rnd: Random, x: number, y: number, maxWidth: number, colour: Rgb, height = 9): void {
    let at = x;
    const end = x + rnd.int(maxWidth >> 2, maxWidth);
    while (at < end) {
      const w = rnd.int(12, 70);
      this.rect(at, y, Math.min(w, end - at), height, colour);
      at += w + rnd.int(5, 8);
    }
  }

  noise(rnd: Random, x: number, y: number, w: number, h: number): void {
    for (let yy = y; yy < Math.min(HEIGHT, y + h); yy++) {
      const row = yy * this.stride + 1;
      for (let xx = x * 3; xx < Math.min(WIDTH, x + w) * 3; xx++) this.rows[row + xx] = (rnd.next() * 256) | 0;
    }
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function encode(c: Canvas): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(WIDTH, 0);
  ihdr.writeUInt32BE(HEIGHT, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(c.rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const INK: Rgb = [51, 51, 51];
const MUTED: Rgb = [130, 130, 130];

/** One SPSE error screenshot of about `targetBytes` (the noise area is sized for it). */
export function screenshot(rnd: Random, targetBytes: number): Buffer {
  const c = new Canvas();
  c.rect(0, 0, WIDTH, HEIGHT, [244, 246, 249]);
  // Browser chrome: tabs, the address bar with the SPSE URL.
  c.rect(0, 0, WIDTH, 34, [222, 225, 230]);
  c.rect(8, 6, 220, 28, [255, 255, 255]);
  c.text(rnd, 20, 16, 160, INK, 8);
  c.rect(0, 34, WIDTH, 40, [255, 255, 255]);
  c.rect(90, 40, 900, 28, [241, 243, 244]);
  c.text(rnd, 110, 50, 420, MUTED, 8);
  // SPSE header and menu.
  c.rect(0, 74, WIDTH, 56, [169, 29, 34]);
  c.text(rnd, 24, 96, 260, [255, 255, 255], 12);
  c.rect(0, 130, WIDTH, 36, [51, 51, 51]);
  for (let x = 24; x < WIDTH - 120; x += rnd.int(110, 160)) c.text(rnd, x, 144, 90, [230, 230, 230], 8);
  // The photo-like part (a banner, a scanned document in view): incompressible, sized to the target.
  const base = 22_000;
  const noisyPixels = Math.max(0, Math.round((targetBytes - base) / 3));
  const nw = 1000;
  const nh = Math.min(HEIGHT - 180, Math.ceil(noisyPixels / nw));
  const ny = 180;
  c.noise(rnd, 40, ny, nw, nh);
  // The notification and the table below it (drawn over the lower part).
  const top = Math.min(HEIGHT - 300, ny + nh + 10);
  c.rect(40, top, WIDTH - 80, 70, [242, 222, 222]);
  c.rect(40, top, 6, 70, [169, 68, 66]);
  c.text(rnd, 60, top + 16, 700, [169, 68, 66], 10);
  c.text(rnd, 60, top + 40, 900, [169, 68, 66], 9);
  c.rect(40, top + 84, WIDTH - 80, HEIGHT - top - 100, [255, 255, 255]);
  for (let y = top + 96; y < HEIGHT - 30; y += 26) {
    c.rect(40, y + 18, WIDTH - 80, 1, [221, 221, 221]);
    for (const [x, w] of [[56, 60], [140, 380], [560, 300], [900, 160], [1100, 200]] as const) c.text(rnd, x, y + 4, w, INK);
  }
  return encode(c);
}
