/**
 * Raw messages kept once (src/store/raw-message.ts): a message whose base64 attachments are
 * kept on their own is stored as a skeleton, and read back byte for byte; a body re-encoding
 * cannot give back is kept as it came.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { storeAttachment } from '../../src/inbox/attachment-intake';
import { readMessage } from '../../src/inbox/reading';
import { compact, openRaw, removeRaw, skeletonRefs } from '../../src/store/raw-message';
import { CORPUS_DIR, describeWithCorpus, manifest } from '../inbox/corpus-dir';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'raw-message-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function keepRaw(raw: Buffer): string {
  const s = sha(raw);
  storeAttachment(dir, { content: raw, sha256: s }, { maxBytes: Number.MAX_SAFE_INTEGER });
  return s;
}

async function readBack(s: string): Promise<Buffer> {
  const stored = openRaw(dir, s);
  if (stored === null) throw new Error('not readable');
  const chunks: Buffer[] = [];
  for await (const c of stored.open()) chunks.push(c as Buffer);
  const out = Buffer.concat(chunks);
  expect(stored.size).toBe(out.length);
  return out;
}

/** Keeps the message and its attachments as intake does, compacts it; whether a skeleton replaced it. */
async function keepAll(raw: Buffer): Promise<{ sha256: string; compacted: boolean }> {
  const s = keepRaw(raw);
  const r = await readMessage(raw, { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.test'] });
  for (const a of r.attachments) {
    const content = a.file !== null ? fs.readFileSync(a.file) : a.content;
    storeAttachment(dir, { content, sha256: a.sha256 }, { maxBytes: Number.MAX_SAFE_INTEGER });
  }
  return { sha256: s, compacted: await compact(dir, s, new Set(r.attachments.map((a) => a.sha256))) };
}

const png = (n: number) => {
  const b = Buffer.alloc(n);
  b.write('\x89PNG\r\n\x1a\n', 'latin1');
  for (let i = 8; i < n; i++) b[i] = (i * 7919) % 251;
  return b;
};
const wrap = (b64: string, width: number, eol: string) => (b64.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(eol);

function report(opts: { width: number; eol: string; finalNewline?: boolean; body?: (b64: string) => string }): Buffer {
  const { eol } = opts;
  const b64 = png(30_001).toString('base64');
  const body = opts.body ? opts.body(b64) : wrap(b64, opts.width, eol);
  const lines = [
    'From: Budi Santoso <budi@batangkab.go.id>',
    'To: helpdesk@lpse.test',
    'Subject: Error upload dokumen penawaran',
    'Message-ID: <CAfoo123@mail.gmail.com>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="000000000000a1b2c3"',
    '',
    '--000000000000a1b2c3',
    'Content-Type: multipart/alternative;',
    '\tboundary=inner-7f',
    '',
    '--inner-7f',
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    'Selamat siang, saat upload dokumen muncul error. Kode tender 12345678.',
    '--inner-7f--',
    '',
    '--000000000000a1b2c3',
    'Content-Type: image/png; name="layar.png"',
    'Content-Disposition: attachment; filename="layar.png"',
    'Content-Transfer-Encoding: base64',
    '',
    body,
    '--000000000000a1b2c3--',
  ];
  return Buffer.from(lines.join(eol) + (opts.finalNewline === false ? '' : eol), 'latin1');
}

test.each([
  ['Gmail-style 76 columns, LF', { width: 76, eol: '\n' }],
  ['Outlook-style CRLF', { width: 76, eol: '\r\n' }],
  ['72 columns, no final newline', { width: 72, eol: '\r\n', finalNewline: false }],
])('%s: stored once, read back byte for byte', async (_name, opts) => {
  const raw = report(opts);
  const { sha256, compacted } = await keepAll(raw);
  expect(compacted).toBe(true);
  expect(fs.existsSync(path.join(dir, sha256.slice(0, 2), sha256))).toBe(false);
  const skeleton = fs.statSync(path.join(dir, sha256.slice(0, 2), `${sha256}.skeleton`)).size;
  expect(skeleton).toBeLessThan(2000);
  expect(sha(await readBack(sha256))).toBe(sha256);
  expect(skeletonRefs(dir, sha256)).toEqual([sha(png(30_001))]);
});

test('a single-part base64 message running to the end without a newline', async () => {
  const b64 = wrap(png(5000).toString('base64'), 76, '\r\n');
  const raw = Buffer.from(`From: a@b.go.id\r\nSubject: x\r\nContent-Type: image/png; name=a.png\r\nContent-Disposition: attachment; filename=a.png\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}`, 'latin1');
  const { sha256, compacted } = await keepAll(raw);
  expect(compacted).toBe(true);
  expect((await readBack(sha256)).equals(raw)).toBe(true);
});

test.each([
  ['odd line lengths', (b64: string) => [b64.slice(0, 70), b64.slice(70, 146), b64.slice(146)].join('\n')],
  ['a line ending in mixed style', (b64: string) => `${b64.slice(0, 76)}\r\n${wrap(b64.slice(76), 76, '\n')}`],
  ['spaces after the data', (b64: string) => `${wrap(b64, 76, '\n')}  `],
])('%s: kept as it came', async (_name, body) => {
  const raw = report({ width: 76, eol: '\n', body });
  const { sha256, compacted } = await keepAll(raw);
  expect(compacted).toBe(false);
  expect(fs.readFileSync(path.join(dir, sha256.slice(0, 2), sha256)).equals(raw)).toBe(true);
  expect((await readBack(sha256)).equals(raw)).toBe(true);
});

test('a body that is not a kept attachment stays in the skeleton', async () => {
  const raw = report({ width: 76, eol: '\n' });
  const s = keepRaw(raw);
  expect(await compact(dir, s, new Set([sha('another file')]))).toBe(false);
  expect((await readBack(s)).equals(raw)).toBe(true);
});

test('a crash between the skeleton and the raw removal leaves both, read from the raw', async () => {
  const raw = report({ width: 76, eol: '\n' });
  const { sha256 } = await keepAll(raw);
  // As if the process died before the unlink: the raw is back beside its skeleton.
  keepRaw(raw);
  expect((await readBack(sha256)).equals(raw)).toBe(true);
  expect(removeRaw(dir, sha256)).toBeGreaterThan(raw.length);
  expect(openRaw(dir, sha256)).toBeNull();
});

test('a skeleton whose attachment is gone cannot be opened', async () => {
  const raw = report({ width: 76, eol: '\n' });
  const { sha256 } = await keepAll(raw);
  const att = sha(png(30_001));
  fs.unlinkSync(path.join(dir, att.slice(0, 2), att));
  expect(openRaw(dir, sha256)).toBeNull();
});

describeWithCorpus('raw messages of the corpus', () => {
  const files = manifest().map((r) => r.file);
  test('every message is read back byte for byte, compacted or not', async () => {
    let compacted = 0;
    for (const file of files) {
      const raw = fs.readFileSync(path.join(CORPUS_DIR, file));
      const kept = await keepAll(raw).catch(() => null);
      if (kept === null) continue;
      if (kept.compacted) compacted++;
      expect({ file, sha: sha(await readBack(kept.sha256)) }).toEqual({ file, sha: kept.sha256 });
    }
    expect(compacted).toBeGreaterThan(10);
  }, 120_000);
});

test('a raw looked up before it was compacted is still read whole, from its skeleton', async () => {
  const raw = report({ width: 76, eol: '\r\n' });
  const s = keepRaw(raw);
  const looked = openRaw(dir, s);
  const r = await readMessage(raw, { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.test'] });
  for (const a of r.attachments) storeAttachment(dir, { content: a.content, sha256: a.sha256 }, { maxBytes: Number.MAX_SAFE_INTEGER });
  expect(await compact(dir, s, new Set(r.attachments.map((a) => a.sha256)))).toBe(true);
  const chunks: Buffer[] = [];
  for await (const c of looked?.open() ?? []) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).equals(raw)).toBe(true);
});

test('a message nested thousands deep, full of delimiter-like lines, is walked in linear time and kept as it came', async () => {
  const open = Array.from({ length: 5000 }, (_, i) => `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}\n`).join('');
  const raw = Buffer.from(`From: a@b.go.id\nSubject: x\n${open}Content-Type: text/plain\n\n${'--n0 \n--n1--\n'.repeat(50_000)}`, 'latin1');
  const s = keepRaw(raw);
  const t0 = Date.now();
  expect(await compact(dir, s, new Set([sha('x')]))).toBe(false);
  expect(Date.now() - t0).toBeLessThan(2000);
  expect((await readBack(s)).equals(raw)).toBe(true);
});
