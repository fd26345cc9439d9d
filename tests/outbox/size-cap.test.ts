// The size cap decides at queue time, without composing the files: the bound each file counts
// is never below what it adds to the message built at send time (so the cap always holds),
// and not far above it (so files are not listed that would have fitted).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storeAttachment } from '../../src/inbox/attachment-intake';
import { fromFilesDir, messageOf, sizeWithoutFilesAtMost, type MessageParts } from '../../src/outbox/message';
import { attachedBound, fitWithinCap, MIXED_WRAPPER_BYTES } from '../../src/outbox/size-cap';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-size-cap-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const source = () => fromFilesDir(dir, 'Helpdesk LPSE Kabupaten Batang');

function keep(filename: string, size: number, contentType: string) {
  const content = randomBytes(size);
  const sha256 = createHash('sha256').update(content).digest('hex');
  storeAttachment(dir, { content, sha256 }, { maxBytes: Number.MAX_SAFE_INTEGER });
  return { sha256, filename, contentType, size };
}

const parts = (files: MessageParts['files'], text = 'Kasus baru dari Pokja Pemilihan 3.\n'): MessageParts => ({
  messageId: '<5d1e@lpse.test>',
  fromAddr: 'helpdesk@lpse.test',
  toAddrs: ['staff1@lpse.test', 'staff2@lpse.test'],
  ccAddrs: [],
  subject: '[LPSE#2026-0012] Kasus baru: jadwal evaluasi tidak dapat disimpan',
  createdAt: new Date('2026-11-26T02:00:00Z'),
  inReplyTo: '<r7@gmail.com>',
  references: ['<r7@gmail.com>'],
  autoSubmitted: 'auto-generated',
  files,
  text,
  html: `<p>${text}</p>`,
  raw: null,
});

const built = (p: MessageParts) => messageOf(p, source()).size();

describe('attachedBound', () => {
  const names: [string, number, string][] = [
    ['error.png', 1, 'image/png'],
    ['Tangkapan Layar 2026-11-26 pukul 08.15.42.png', 48_211, 'image/png'],
    ['laporan "final" (revisi; 2).pdf', 120_000, 'application/pdf'],
    [`${'Surat Permohonan Perubahan Jadwal Evaluasi Tender '.repeat(5).slice(0, 240)}.docx`, 77_777, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    [`${'ジャカルタ事務所のスクリーンショット'.repeat(4)}.png`, 3_001, 'image/png'],
    [`${'é'.repeat(120)}.jpg`, 2, 'image/jpeg'],
    ['catatan-server.log', 9_999, 'text/plain'],
    ['IMG_2041.HEIC', 1_048_576, 'image/heic'],
  ];

  it.each(names)('%s (%d bytes): at least what the file adds, and close to it', async (filename, size, contentType) => {
    const bare = await built(parts([]));
    const file = keep(filename, size, contentType);
    // The first file also brings the multipart/mixed wrapper; a second one only its own part.
    const one = await built(parts([file]));
    const two = await built(parts([file, keep(`b-${filename}`, size, contentType)]));
    expect(one - bare).toBeLessThanOrEqual(MIXED_WRAPPER_BYTES + attachedBound(file));
    const second = two - one;
    expect(second).toBeLessThanOrEqual(attachedBound({ ...file, filename: `b-${filename}` }));
    expect(attachedBound(file) - second).toBeLessThan(2_000 + size / 100);
  });
});

describe('fitWithinCap', () => {
  it('attaches in order what fits, lists the rest, and the built message is under the cap', async () => {
    const files = [keep('layar-1.png', 600_000, 'image/png'), keep('layar-2.png', 900_000, 'image/png'), keep('pesan-error.png', 40_000, 'image/png')];
    const cap = 1_000_000;
    const rendered: number[] = [];
    const { attached } = await fitWithinCap(files, cap, async (fitting) => {
      // Each file not attached is listed in the text, which makes it longer.
      const listed = files.filter((f) => !fitting.includes(f)).map((f) => `${f.filename} – tidak dilampirkan, terlalu besar untuk surel\n`);
      rendered.push(fitting.length);
      return { rendered: null, bytesWithoutFiles: await built(parts([], `Tangkapan layar:\n${listed.join('')}`)) };
    });
    expect(attached.map((f) => f.filename)).toEqual(['layar-1.png', 'pesan-error.png']);
    expect(rendered).toEqual([3, 2]);
    const listed = `Tangkapan layar:\nlayar-2.png – tidak dilampirkan, terlalu besar untuk surel\n`;
    expect(await built(parts(attached, listed))).toBeLessThanOrEqual(cap);
  });

  it('a cap just above a message with one file attaches that file, and the result holds', async () => {
    const file = keep('layar-penuh.png', 250_000, 'image/png');
    const bare = await built(parts([]));
    const cap = bare + MIXED_WRAPPER_BYTES + attachedBound(file);
    const fits = await fitWithinCap([file], cap, async () => ({ rendered: null, bytesWithoutFiles: bare }));
    expect(fits.attached).toEqual([file]);
    expect(await built(parts([file]))).toBeLessThanOrEqual(cap);
    const tight = await fitWithinCap([file], cap - 1, async () => ({ rendered: null, bytesWithoutFiles: bare }));
    expect(tight.attached).toEqual([]);
  });
});

describe('sizeWithoutFilesAtMost', () => {
  const name = 'Helpdesk LPSE Kabupaten Batang';
  const rows: [string, MessageParts][] = [
    ['a plain notice', parts([])],
    ['Indonesian text with long lines', parts([], `${'Jadwal evaluasi penawaran tidak dapat disimpan pada aplikasi SPSE versi 4.5. '.repeat(40)}\n`)],
    ['every character outside ASCII', { ...parts([], `${'é'.repeat(3000)}\n${'ジャカルタ'.repeat(500)}\n`), subject: `[LPSE#2026-0012] ${'ü'.repeat(300)}`, toAddrs: ['pokja@xn--lpse-batang-9db.test'] }],
    ['a long thread', { ...parts([], 'Terima kasih.\n'), references: Array.from({ length: 20 }, (_, i) => `<reply-${i}.${'x'.repeat(60)}@mail.gmail.com>`), ccAddrs: ['helpdesk@lpse.test'] }],
    ['text only, bare CR and control characters', { ...parts([], `baris\r${'\u0001\t '.repeat(500)}\n`), html: null }],
    ['emoji and a right-to-left name', { ...parts([], `${'🙏'.repeat(800)}\n`), subject: `${'שלום '.repeat(40)}😀`, autoSubmitted: null }],
  ];

  it.each(rows)('%s: never below the message as it is built', async (_what, p) => {
    expect(sizeWithoutFilesAtMost(p, name)).toBeGreaterThanOrEqual(await built(p));
  });

  it('fitWithinCap composes the message only when the bound leaves too little room', async () => {
    const file = keep('layar.png', 300_000, 'image/png');
    const bare = await built(parts([]));
    let counted = 0;
    const size = (atMost: number) => ({ atMost, exact: () => ((counted += 1), Promise.resolve(bare)) });
    const cap = bare + MIXED_WRAPPER_BYTES + attachedBound(file);
    expect((await fitWithinCap([file], cap, async () => ({ rendered: null, bytesWithoutFiles: size(bare) }))).attached).toEqual([file]);
    expect(counted).toBe(0);
    // A bound over the room: the exact count decides, and the file still fits.
    expect((await fitWithinCap([file], cap, async () => ({ rendered: null, bytesWithoutFiles: size(bare + 1) }))).attached).toEqual([file]);
    expect(counted).toBe(1);
  });
});
