// The benchmark's generated mail must be what it claims to be: the stated mix, real PNG
// screenshots in the stated size range, read by the product as reports, replies in their case,
// staff commands and auto-replies.
import zlib from 'node:zlib';
import { readMessage } from '../../src/inbox/reading';
import { mails } from '../../src/bench/mail-generator';
import { Random, screenshot } from '../../src/bench/screenshot';

const opts = { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.test'] };

/** The PNG's chunks, each CRC checked, and its image data inflated. */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(zlib.crc32(png.subarray(at + 4, at + 8 + length)) >>> 0);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  return { width, height, pixels: zlib.inflateSync(Buffer.concat(idat)) };
}

describe('bench screenshots', () => {
  it.each([55_000, 250_000, 495_000])('a %i-byte target gives a valid 1366×768 PNG within 15 %% of it', (target) => {
    const png = screenshot(new Random(target), target);
    const { width, height, pixels } = decodePng(png);
    expect([width, height]).toEqual([1366, 768]);
    expect(pixels.length).toBe(height * (1 + width * 3));
    expect(Math.abs(png.length - target) / target).toBeLessThan(0.15);
  });

  it('never gives the same image twice (content-addressed storage must not dedupe them)', () => {
    const rnd = new Random(1);
    expect(screenshot(rnd, 60_000).equals(screenshot(rnd, 60_000))).toBe(false);
  });
});

describe('bench mail mix', () => {
  const set = [...mails(40, { seed: 3 })];

  it('is 60 % reports, 20 % replies, 10 % staff commands and 10 % auto-replies, in time order', () => {
    const count = (kind: string) => set.filter((m) => m.kind === kind).length;
    expect([count('report'), count('reply'), count('command'), count('auto')]).toEqual([24, 8, 4, 4]);
    for (let i = 1; i < set.length; i++) expect(set[i]!.date.getTime()).toBeGreaterThan(set[i - 1]!.date.getTime());
  });

  it('is read by the product as what each mail is meant to be', async () => {
    const readings = await Promise.all(set.map((m) => readMessage(m.raw, opts)));
    set.forEach((m, i) => {
      const r = readings[i]!;
      if (m.kind === 'report') {
        expect(r.caseRef).toBeNull();
        expect(r.attachments.filter((a) => a.screenshot && a.contentType === 'image/png')).toHaveLength(1);
        expect(r.attachments[0]!.size).toBeGreaterThanOrEqual(45_000);
        expect(r.attachments[0]!.size).toBeLessThanOrEqual(520_000);
      } else {
        expect(r.caseRef).toMatch(/^2026-\d{4}$/);
      }
      if (m.kind === 'command') expect(r.commands.length).toBeGreaterThan(0);
      if (m.kind === 'auto') expect(r.kind).not.toBe('human');
    });
  });
});
