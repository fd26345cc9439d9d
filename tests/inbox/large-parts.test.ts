// Parts too large to read in memory (issue 12): a message read from a file puts each part over
// IN_MEMORY_PART_BYTES in a file of its own, hashed on the way; the reading carries the file,
// not the bytes, and prints the same contract. A large text part is masked a block at a time.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { IN_MEMORY_MESSAGE_BYTES, IN_MEMORY_PART_BYTES } from '../../src/inbox/mime';
import { toContract } from '../../src/inbox/contract';
import { readMessage } from '../../src/inbox/reading';

const OPTS = { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.test'] };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-large-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function message(files: { filename: string; content: Buffer; contentType: string }[]): Promise<{ raw: Buffer; file: string; spillDir: string }> {
  const composer = new MailComposer({
    from: 'Pokja Pemilihan 3 <pokja3@batangkab.go.id>',
    to: 'helpdesk@lpse.test',
    subject: 'Error upload dokumen penawaran',
    messageId: '<upload-besar@batangkab.go.id>',
    date: new Date('2026-11-30T02:12:00Z'),
    text: 'Selamat siang,\n\nSaat upload dokumen muncul error. Kode Tender: 10034567000\nUser ID SPSE: pokja3btg\n',
    attachments: files,
  });
  const raw = await new Promise<Buffer>((res, rej) => composer.compile().build((e, m) => (e ? rej(e) : res(m))));
  const file = path.join(dir, 'pesan.eml');
  fs.writeFileSync(file, raw);
  const spillDir = path.join(dir, 'parts');
  fs.mkdirSync(spillDir);
  return { raw, file, spillDir };
}

/** A server log of `lines` lines with a root password written on line `at`. */
function serverLog(lines: number, at: number, secret: string): Buffer {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(i === at ? `ssh root@10.1.2.3 password: ${secret}` : `2026-11-30 09:${String(i % 60).padStart(2, '0')} spse4 INFO upload paket ${i} selesai dalam 120 ms`);
  return Buffer.from(`${out.join('\n')}\n`, 'utf8');
}

test('a 6 MB attachment is read from its own file: hashed, sized, the same contract as read in memory', async () => {
  const archive = randomBytes(6 * 1024 * 1024);
  const m = await message([
    { filename: 'dokumen-penawaran.zip', content: archive, contentType: 'application/zip' },
    { filename: 'error.png', content: PNG, contentType: 'image/png' },
  ]);
  const fromFile = await readMessage({ path: m.file, spillDir: m.spillDir }, OPTS);
  const big = fromFile.attachments[0];
  expect(big?.file).not.toBeNull();
  expect(big?.content.length).toBe(0);
  expect(big?.size).toBe(archive.length);
  expect(big?.sha256).toBe(sha(archive));
  expect(fs.readFileSync(big?.file ?? '').equals(archive)).toBe(true);
  expect(path.dirname(big?.file ?? '')).toBe(m.spillDir);
  // The screenshot stays in memory, and still counts.
  expect(fromFile.attachments[1]).toMatchObject({ file: null, screenshot: true });
  expect(fromFile.attachments[1]?.content.equals(PNG)).toBe(true);
  expect(toContract(fromFile)).toEqual(toContract(await readMessage(m.raw, OPTS)));
  expect(fs.readdirSync(m.spillDir)).toHaveLength(1);
});

test('a small message read from a file gives the same reading as its bytes, and spills nothing', async () => {
  const m = await message([{ filename: 'error.png', content: PNG, contentType: 'image/png' }]);
  const fromFile = await readMessage({ path: m.file, spillDir: m.spillDir }, OPTS);
  expect(toContract(fromFile)).toEqual(toContract(await readMessage(m.raw, OPTS)));
  expect(fs.readdirSync(m.spillDir)).toEqual([]);
});

test('a large message keeps its framing repairs when streamed: BOM, blank lines and an mbox From line', async () => {
  const m = await message([{ filename: 'rekaman-layar.mp4', content: randomBytes(2 * 1024 * 1024), contentType: 'video/mp4' }]);
  const framed = Buffer.concat([Buffer.from('\ufeff\r\n\r\nFrom pokja3@batangkab.go.id Mon Nov 30 09:12:00 2026\r\n', 'utf8'), m.raw]);
  fs.writeFileSync(m.file, framed);
  const fromFile = await readMessage({ path: m.file, spillDir: m.spillDir }, OPTS);
  expect(fromFile.from).toBe('pokja3@batangkab.go.id');
  expect(fromFile.fields.tenderCode).toBe('10034567000');
  expect(toContract(fromFile)).toEqual(toContract(await readMessage(framed, OPTS)));
});

test('a large text attachment with a password is kept masked, a block at a time, and the reading says so', async () => {
  const secret = 'Rahasia#2026xq';
  // Past a 1 MB read block and past the in-memory limit: the password sits deep inside.
  const log = serverLog(90_000, 61_234, secret);
  expect(log.length).toBeGreaterThan(IN_MEMORY_PART_BYTES);
  const m = await message([{ filename: 'spse-server.log', content: log, contentType: 'text/plain' }]);
  const r = await readMessage({ path: m.file, spillDir: m.spillDir }, OPTS);
  const kept = r.attachments[0];
  expect(r.secretsRedacted).toBe(true);
  expect(kept?.file).not.toBeNull();
  const stored = fs.readFileSync(kept?.file ?? '');
  const text = stored.toString('utf8');
  expect(text).not.toContain(secret);
  expect(text).toContain('ssh root@10.1.2.3 password: [disembunyikan]');
  expect(text.split('\n')).toHaveLength(90_001);
  expect(kept?.sha256).toBe(sha(stored));
  expect(kept?.size).toBe(stored.length);
  expect(toContract(r).attachments[0]?.sha256).toBe(sha(stored));
});

test('a large UTF-16 text attachment with a password is masked in its own encoding', async () => {
  const secret = 'Kunci!Server77';
  const log = Buffer.from(`\ufeff${serverLog(40_000, 39_000, secret).toString('utf8')}`, 'utf16le');
  expect(log.length).toBeGreaterThan(IN_MEMORY_PART_BYTES);
  const m = await message([{ filename: 'catatan-server.txt', content: log, contentType: 'text/plain' }]);
  const r = await readMessage({ path: m.file, spillDir: m.spillDir }, OPTS);
  const stored = fs.readFileSync(r.attachments[0]?.file ?? '');
  expect(stored.subarray(0, 2).equals(Buffer.from([0xff, 0xfe]))).toBe(true);
  expect(stored.toString('utf16le')).not.toContain(secret);
  expect(stored.toString('utf16le')).toContain('password: [disembunyikan]');
  expect(stored.toString('utf16le').match(/\ufeff/g)).toHaveLength(1);
});

test('a large text attachment without a password is kept as it came', async () => {
  const log = serverLog(90_000, -1, '');
  const m = await message([{ filename: 'spse-server.log', content: log, contentType: 'text/plain' }]);
  const r = await readMessage({ path: m.file, spillDir: m.spillDir }, OPTS);
  expect(r.secretsRedacted).toBe(false);
  expect(r.attachments[0]?.sha256).toBe(sha(log));
  expect(fs.readFileSync(r.attachments[0]?.file ?? '').equals(log)).toBe(true);
  expect(fs.readdirSync(m.spillDir)).toHaveLength(1);
});

test('a large attached message holding a password is replaced by a note', async () => {
  const inner = [
    'From: Admin SPSE <admin@lpse.batangkab.go.id>',
    'To: pokja3@batangkab.go.id',
    'Subject: akses server',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Akses server: ssh root@10.1.2.3 password: Rahasia#2026xq',
    '',
    'Lampiran log:',
    serverLog(90_000, -1, '').toString('utf8'),
  ].join('\r\n');
  const m = await message([{ filename: 'terusan.eml', content: Buffer.from(inner, 'utf8'), contentType: 'message/rfc822' }]);
  const r = await readMessage({ path: m.file, spillDir: m.spillDir }, OPTS);
  expect(r.secretsRedacted).toBe(true);
  expect(r.attachments[0]?.file).toBeNull();
  expect(r.attachments[0]?.content.toString('utf8')).toMatch(/tidak disimpan karena memuat password/);
});

test('a large multipart/digest is read whole from its file, its untyped parts as the messages they are', async () => {
  const video = randomBytes(2 * 1024 * 1024).toString('base64').replace(/.{76}/g, '$&\r\n');
  const raw = Buffer.from(
    [
      'From: Pokja Pemilihan 3 <pokja3@batangkab.go.id>',
      'To: helpdesk@lpse.test',
      'Subject: Kumpulan laporan minggu ini',
      'Message-ID: <digest-besar@batangkab.go.id>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="luar"',
      '',
      '--luar',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Terlampir kumpulan laporan.',
      '--luar',
      'Content-Type: Multipart/Digest; boundary="dg"',
      '',
      '--dg',
      '',
      'From: Pokja Pemilihan 5 <pokja5@batangkab.go.id>',
      'Subject: Error upload',
      '',
      'Kode Tender: 10034567000',
      '#tutup',
      '--dg--',
      '--luar',
      'Content-Type: video/mp4; name="rekaman.mp4"',
      'Content-Transfer-Encoding: base64',
      '',
      video,
      '--luar--',
      '',
    ].join('\r\n'),
  );
  const file = path.join(dir, 'digest.eml');
  fs.writeFileSync(file, raw);
  const fromFile = await readMessage({ path: file }, OPTS);
  expect(fromFile.attachments.map((a) => a.claimedContentType)).toEqual(['message/rfc822', 'video/mp4']);
  expect(fromFile.commands).toEqual([]);
  expect(toContract(fromFile)).toEqual(toContract(await readMessage(raw, OPTS)));
});

/** A JPEG whose size (SOF) sits after 300 KB of EXIF, as a phone photo's does. */
function phonePhoto(width: number, height: number): Buffer {
  const exif = Buffer.alloc(4 + 60_000);
  exif.writeUInt16BE(0xffe1, 0);
  exif.writeUInt16BE(60_002, 2);
  const app = Buffer.concat(Array.from({ length: 5 }, () => exif));
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app, sof, randomBytes(400_000), Buffer.from([0xff, 0xd9])]);
}

test('past IN_MEMORY_MESSAGE_BYTES of parts, small ones go to files too, and a photo there is still sized and counted', async () => {
  // Each scan is under IN_MEMORY_PART_BYTES; 136 of them fill the message's 8 MB, the rest spill.
  const scan = 60 * 1024;
  const fit = Math.floor(IN_MEMORY_MESSAGE_BYTES / scan);
  const scans = Array.from({ length: fit + 2 }, (_, i) => ({ filename: `scan-${i}.bin`, content: randomBytes(scan), contentType: 'application/octet-stream' }));
  const photo = phonePhoto(1280, 720);
  const m = await message([...scans, { filename: 'IMG_0412.JPG', content: photo, contentType: 'image/jpeg' }]);
  const fromFile = await readMessage({ path: m.file, spillDir: m.spillDir }, OPTS);
  expect(scan).toBeLessThan(IN_MEMORY_PART_BYTES);
  expect(fromFile.attachments.map((a) => a.file !== null)).toEqual([...Array<boolean>(fit).fill(false), true, true, true]);
  expect(fromFile.attachments[fit + 2]).toMatchObject({ contentType: 'image/jpeg', dimensions: { width: 1280, height: 720 }, screenshot: true, sha256: sha(photo) });
  expect(toContract(fromFile)).toEqual(toContract(await readMessage(m.raw, OPTS)));
});

test('a screenshot past IN_MEMORY_PART_BYTES is in its own file, a small icon stays in memory; both read as in memory', async () => {
  const screenshot = phonePhoto(1366, 768);
  const icon = PNG;
  const m = await message([
    { filename: 'logo.png', content: icon, contentType: 'image/png' },
    { filename: 'error.jpg', content: screenshot, contentType: 'image/jpeg' },
  ]);
  expect(screenshot.length).toBeGreaterThan(IN_MEMORY_PART_BYTES);
  const fromFile = await readMessage({ path: m.file, spillDir: m.spillDir }, OPTS);
  const [logo, shot] = fromFile.attachments;
  expect(logo).toMatchObject({ file: null, sha256: sha(icon) });
  expect(shot).toMatchObject({ screenshot: true, dimensions: { width: 1366, height: 768 }, sha256: sha(screenshot), size: screenshot.length });
  expect(shot?.content.length).toBe(0);
  expect(fs.readFileSync(shot?.file ?? '')).toEqual(screenshot);
  expect(toContract(fromFile)).toEqual(toContract(await readMessage(m.raw, OPTS)));
});
