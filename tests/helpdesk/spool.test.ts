// One spool path (issue 12): every message is spooled to a file under the content store, read
// from there, and kept by a link to it; a large attachment is linked from the reader's file. No
// spool or part file outlives its message: processed, duplicate, quarantined, over budget.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Helpdesk } from '../../src/helpdesk/helpdesk';
import { SPOOL_FOLDER } from '../../src/helpdesk/spool';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { BudgetedReader, ReadingStopped } from '../../src/inbox/reading-budget';
import type { MessageReader } from '../../src/inbox/reading-budget';
import { attachments, messages } from '../../src/store/schema';
import { openRaw } from '../../src/store/raw-message';
import { PNG, Scenario, type MailSpec } from './scenario-kit';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const scenarios: Scenario[] = [];
const readers: BudgetedReader[] = [];
afterEach(async () => {
  for (const r of readers.splice(0)) await r.close();
  for (const s of scenarios.splice(0)) s.close();
});

function scenario(maxBytes?: number): Scenario {
  const s = new Scenario((c) => (maxBytes === undefined ? c : { ...c, attachments: { ...c.attachments, maxBytes } }));
  scenarios.push(s);
  return s;
}

function helpdeskOf(s: Scenario, reader?: MessageReader): Helpdesk {
  const { config } = s;
  return new Helpdesk({ config, store: s.store, sop: sopFromConfig(config), calendar: calendarFromConfig(config), now: () => new Date('2026-11-30T02:12:00Z'), reader });
}

const stored = (s: Scenario, hash: string): string => path.join(s.config.paths.files, hash.slice(0, 2), hash);
const spoolLeft = (s: Scenario): string[] => fs.readdirSync(path.join(s.config.paths.files, SPOOL_FOLDER));

function report(files: MailSpec['files'], text = 'Saat upload dokumen muncul notifikasi error.\nKode Tender: 10034567000\nUser ID SPSE: pokja3btg\n'): MailSpec {
  return { from: 'Pokja Pemilihan 3 <pokja3@batangkab.go.id>', subject: 'Error upload dokumen', text, at: '2026-11-30 09:12', messageId: '<upload@batangkab.go.id>', files };
}

test('a mail with a 6 MB attachment: the attachment and the message are linked into the store, nothing is left in the spool', async () => {
  const s = scenario();
  const archive = randomBytes(6 * 1024 * 1024);
  const file = await s.eml(report([{ filename: 'dokumen.zip', content: archive, contentType: 'application/zip' }, { filename: 'error.png', content: PNG, contentType: 'image/png' }]));
  const receipt = await helpdeskOf(s).receive(fs.createReadStream(file));
  expect(receipt).toMatchObject({ disposition: 'processed', caseRef: '2026-0001' });
  const rows = s.store.db.select().from(attachments).all();
  expect(rows.map((a) => [a.filename, a.size, a.sha256, a.skippedReason])).toEqual([
    ['dokumen.zip', archive.length, sha(archive), null],
    ['error.png', PNG.length, sha(PNG), null],
  ]);
  expect(fs.readFileSync(stored(s, sha(archive))).equals(archive)).toBe(true);
  const raw = fs.readFileSync(file);
  expect(s.store.db.select().from(messages).get()?.rawSha256).toBe(sha(raw));
  // Kept once: the message's skeleton without the attachments' bytes, rebuilt byte for byte.
  expect(fs.existsSync(stored(s, sha(raw)))).toBe(false);
  expect(fs.statSync(`${stored(s, sha(raw))}.skeleton`).size).toBeLessThan(4096);
  const kept = openRaw(s.config.paths.files, sha(raw));
  const chunks: Buffer[] = [];
  for await (const c of kept?.open() ?? []) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).equals(raw)).toBe(true);
  expect(spoolLeft(s)).toEqual([]);
  // The same mail again is a duplicate, and leaves nothing either.
  expect((await helpdeskOf(s).receive(fs.createReadStream(file))).disposition).toBe('duplicate');
  expect(spoolLeft(s)).toEqual([]);
  expect(fs.existsSync(stored(s, sha(raw)))).toBe(false);
});

test('receive(bytes), receive(a stream) and receive(a file) record the same reading', async () => {
  const spec = report([{ filename: 'dokumen.zip', content: randomBytes(5 * 1024 * 1024), contentType: 'application/zip' }]);
  const [a, b, c] = [scenario(), scenario(), scenario()];
  const file = await a.eml(spec);
  await helpdeskOf(a).receive(fs.readFileSync(file));
  await helpdeskOf(b).receive(fs.createReadStream(file));
  await helpdeskOf(c).receive({ path: file });
  const [ra, rb, rc] = [a, b, c].map((s) => s.store.db.select({ reading: messages.reading, raw: messages.rawSha256 }).from(messages).get());
  expect(ra?.reading).not.toBeNull();
  expect(rb).toEqual(ra);
  expect(rc).toEqual(ra);
  for (const s of [a, b, c]) expect(spoolLeft(s)).toEqual([]);
});

test('an attachment over attachments.maxBytes is recorded too_large and leaves no file', async () => {
  const s = scenario(5 * 1024 * 1024);
  const video = randomBytes(6 * 1024 * 1024);
  const file = await s.eml(report([{ filename: 'rekaman.mp4', content: video, contentType: 'video/mp4' }]));
  await helpdeskOf(s).receive(fs.createReadStream(file));
  expect(s.store.db.select({ size: attachments.size, skipped: attachments.skippedReason }).from(attachments).all()).toEqual([{ size: video.length, skipped: 'too_large' }]);
  expect(fs.existsSync(stored(s, sha(video)))).toBe(false);
  expect(spoolLeft(s)).toEqual([]);
});

test('a large log with a root password is stored masked, and the message only as its redacted copy', async () => {
  const s = scenario();
  const secret = 'Rahasia#2026xq';
  const lines = Array.from({ length: 90_000 }, (_, i) => (i === 70_000 ? `ssh root@10.1.2.3 password: ${secret}` : `2026-11-30 09:12 spse4 INFO upload paket ${i} selesai dalam 120 ms`));
  const log = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  const file = await s.eml(report([{ filename: 'server.log', content: log, contentType: 'text/plain' }]));
  await helpdeskOf(s).receive(fs.createReadStream(file));
  const row = s.store.db.select().from(attachments).get();
  expect(row?.skippedReason).toBeNull();
  const kept = fs.readFileSync(stored(s, row?.sha256 ?? ''), 'utf8');
  expect(kept).toContain('password: [disembunyikan]');
  expect(kept).not.toContain(secret);
  expect(fs.existsSync(stored(s, sha(log)))).toBe(false);
  const message = s.store.db.select().from(messages).get();
  expect(message?.rawSha256).not.toBe(sha(fs.readFileSync(file)));
  expect(fs.existsSync(stored(s, sha(fs.readFileSync(file))))).toBe(false);
  expect(spoolLeft(s)).toEqual([]);
});

/** A 4.5 MB attachment the reader spills first, then a body that takes seconds to read. */
function slowWithLargePart(): Buffer {
  const head = ['From: x@example.com', 'To: helpdesk@lpse.test', 'Subject: log', 'Message-ID: <slow-large@example.com>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b'];
  const part = ['Content-Type: application/zip; name="a.zip"', 'Content-Transfer-Encoding: base64', '', randomBytes(4.5 * 1024 * 1024).toString('base64').replace(/.{76}/g, '$&\r\n'), '--b'];
  const body = ['Content-Type: text/plain; charset=utf-8', '', `Kode Tender: 10034567000 ${'Rehabilitasi Jalan - '.repeat(3_000_000)}`, '--b--', ''];
  return Buffer.from([...head, ...part, ...body].join('\r\n'), 'utf8');
}

/** Whether the reader has put a part in a file (a `.parts` folder of the spool is not empty). */
function hasSpilled(s: Scenario): boolean {
  const spool = path.join(s.config.paths.files, SPOOL_FOLDER);
  return fs.existsSync(spool) && fs.readdirSync(spool).some((entry) => entry.endsWith('.parts') && fs.readdirSync(path.join(spool, entry)).length > 0);
}

test('a read killed after it spilled a part (a stop) leaves neither the spool nor the part', async () => {
  const s = scenario();
  const reader = new BudgetedReader(60);
  readers.push(reader);
  await reader.warm();
  const receipt = helpdeskOf(s, reader.reader).receive(slowWithLargePart());
  receipt.catch(() => undefined);
  while (!hasSpilled(s)) await new Promise((done) => setTimeout(done, 5));
  await reader.close();
  await expect(receipt).rejects.toBeInstanceOf(ReadingStopped);
  expect(spoolLeft(s)).toEqual([]);
});

test('a read over budget is quarantined, and nothing is left in the spool', async () => {
  const s = scenario();
  const reader = new BudgetedReader(0.2);
  readers.push(reader);
  await reader.warm();
  const receipt = await helpdeskOf(s, reader.reader).receive(slowWithLargePart());
  expect(receipt).toMatchObject({ disposition: 'quarantined', reason: 'reading took longer than 0.2 s' });
  expect(spoolLeft(s)).toEqual([]);
});

test('what a crash left in the spool a day ago is removed by the next message; a message in hand is not', async () => {
  const s = scenario();
  const spool = path.join(s.config.paths.files, SPOOL_FOLDER);
  fs.mkdirSync(path.join(spool, 'old.parts'), { recursive: true });
  fs.writeFileSync(path.join(spool, 'old.eml'), 'From: x@example.com\r\n\r\nhalo\r\n');
  fs.writeFileSync(path.join(spool, 'fresh.eml'), 'From: y@example.com\r\n\r\nhalo\r\n');
  const dayAgo = new Date(Date.now() - 25 * 3600 * 1000);
  for (const entry of ['old.parts', 'old.eml']) fs.utimesSync(path.join(spool, entry), dayAgo, dayAgo);
  await helpdeskOf(s).receive(await fs.promises.readFile(await s.eml(report(undefined))));
  expect(spoolLeft(s)).toEqual(['fresh.eml']);
});
