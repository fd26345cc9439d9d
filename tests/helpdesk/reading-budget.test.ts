// The per-message reading budget (issue 9, point 1): `Helpdesk.receive` reads through the
// budgeted worker (dist/inbox/reading-worker.js: `npm run build` first, as `pretest` does); a
// message over budget is quarantined with the reason, staff are told, and the next message is
// processed; closing the reader (a stop) ends a read in hand at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { Helpdesk } from '../../src/helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { toContract } from '../../src/inbox/contract';
import { readMessage } from '../../src/inbox/reading';
import { BudgetedReader, ReadingOverBudget, ReadingOverMemory, ReadingStopped, workerScript } from '../../src/inbox/reading-budget';
import { events, messages, outbox } from '../../src/store/schema';
import { mail } from '../inbox/mail';
import { Scenario } from './scenario-kit';

const OPTS = { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.test'] };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A complete report, Outlook's shape: multipart/mixed, a base64 screenshot. */
function report(n: number): Buffer {
  const text = [
    'Selamat siang Helpdesk LPSE,',
    '',
    'Pada saat upload dokumen pemilihan muncul notifikasi "Maaf, operasi yang Anda lakukan salah".',
    '',
    'Nama Pokja Pemilihan : Pokja Pemilihan 3',
    'User ID SPSE : pokja3btg',
    `Kode Tender : 1003456${n}000`,
    'Nama Paket : Rehabilitasi Jalan Ruas Kandeman - Tulis',
    'No. HP : 0812-2745-9910',
  ].join('\r\n');
  return Buffer.from(
    [
      'From: Pokja Pemilihan 3 <pokja3@batangkab.go.id>',
      'To: helpdesk@lpse.test',
      `Subject: Error SPSE paket ${n}`,
      `Message-ID: <report-${n}@batangkab.go.id>`,
      'Date: Mon, 30 Nov 2026 09:12:00 +0700',
      'MIME-Version: 1.0',
      'X-Mailer: Microsoft Outlook 16.0',
      'Content-Type: multipart/mixed; boundary="----=_NextPart_000_0001"',
      '',
      '------=_NextPart_000_0001',
      'Content-Type: text/plain; charset="iso-8859-1"',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      '------=_NextPart_000_0001',
      'Content-Type: image/png; name="error.png"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="error.png"',
      '',
      PNG.toString('base64'),
      '------=_NextPart_000_0001--',
      '',
    ].join('\r\n'),
  );
}

/** Takes far longer than a tenth of a second to read: a 24 MB line. */
const slow = (): Buffer =>
  mail({ From: 'x@example.com', To: 'helpdesk@lpse.test', Subject: 'log', 'Message-ID': '<slow@example.com>' }, `Kode Tender: 10034567000 ${'Rehabilitasi Jalan - '.repeat(1_200_000)}`);

let s: Scenario | null = null;
const readers: BudgetedReader[] = [];
const scratch: string[] = [];
afterEach(async () => {
  for (const r of readers.splice(0)) await r.close();
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  s?.close();
  s = null;
});

function reader(seconds: number): BudgetedReader {
  const r = new BudgetedReader(seconds);
  readers.push(r);
  return r;
}

it('reads in the worker exactly what readMessage reads, attachment bytes as Buffers', async () => {
  const r = reader(20);
  const inWorker = await r.read(report(1), OPTS);
  const here = await readMessage(report(1), OPTS);
  expect(toContract(inWorker)).toEqual(toContract(here));
  expect(inWorker.date).toEqual(here.date);
  expect(Buffer.isBuffer(inWorker.attachments[0]?.content)).toBe(true);
  expect(inWorker.attachments[0]?.content.equals(PNG)).toBe(true);
});

/**
 * The product's reader, but its worker never ends reading the slow message (its Message-ID):
 * a budget every other message meets on a slow, shared machine is then over for that one alone.
 */
function stallingReader(seconds: number): BudgetedReader {
  return scriptedReader(
    'stalling-reader',
    [
      "const fs = require('node:fs');",
      "const { parentPort } = require('node:worker_threads');",
      // Registered before the real worker's listener, so it runs first.
      "parentPort.on('message', (job) => { const bytes = job.source instanceof Uint8Array ? Buffer.from(job.source) : fs.readFileSync(job.source.path); if (bytes.includes('<slow@example.com>')) for (;;); });",
      `require(${JSON.stringify(workerScript())});`,
    ],
    seconds,
  );
}

/** A reader whose worker is the script of these lines, in a scratch folder. */
function scriptedReader(name: string, lines: readonly string[], seconds: number, memoryMb?: number): BudgetedReader {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  scratch.push(dir);
  const script = path.join(dir, `${name}.js`);
  fs.writeFileSync(script, lines.join('\n'));
  const r = new BudgetedReader(seconds, script, memoryMb);
  readers.push(r);
  return r;
}

it('gives up on a message over budget and reads the next one in a fresh worker', async () => {
  // The slow message itself, through the real worker, is over a tenth of a second.
  const real = reader(0.1);
  await real.warm();
  await expect(real.read(slow(), OPTS)).rejects.toThrow(new ReadingOverBudget(0.1));
  const r = stallingReader(2);
  await r.warm();
  await expect(r.read(slow(), OPTS)).rejects.toThrow(new ReadingOverBudget(2));
  await expect(r.read(report(2), OPTS)).resolves.toMatchObject({ fields: { tenderCode: '10034562000' } });
});

/**
 * A reader that runs out of memory on every message, as the heap cap ends it: many small arrays,
 * the shape Node always ends with ERR_WORKER_OUT_OF_MEMORY (one huge allocation can abort the
 * whole process instead, nodejs/node#47224).
 */
function hungryReader(): BudgetedReader {
  return scriptedReader(
    'hungry-reader',
    [
      "const { parentPort } = require('node:worker_threads');",
      "parentPort.on('message', () => { const kept = []; for (;;) kept.push(new Array(10000).fill(kept.length)); });",
      "parentPort.postMessage({ type: 'ready' });",
    ],
    30,
    32,
  );
}

it('gives up on a message that needs more memory than the cap and reads the next one in a fresh worker', async () => {
  const r = hungryReader();
  await expect(r.read(report(3), OPTS)).rejects.toThrow(new ReadingOverMemory(32));
  await expect(r.read(report(3), OPTS)).rejects.toMatchObject({ reason: 'reading needed more than 32 MB of memory' });
  const capped = reader(20);
  await expect(capped.read(report(3), OPTS)).resolves.toMatchObject({ fields: { tenderCode: '10034563000' } });
});

it('Helpdesk.receive: a message over the memory cap is quarantined with the reason', async () => {
  s = new Scenario();
  const config = s.config;
  const helpdesk = new Helpdesk({ config, store: s.store, sop: sopFromConfig(config), calendar: calendarFromConfig(config), now: () => new Date('2026-11-30T02:12:00Z'), reader: hungryReader().reader });
  const bad = await helpdesk.receive(report(4));
  expect(bad).toMatchObject({ disposition: 'quarantined', reason: 'reading needed more than 32 MB of memory', caseRef: null });
  expect(s.store.db.select().from(messages).where(eq(messages.messageId, bad.messageId)).get()).toMatchObject({ disposition: 'quarantined', reason: 'reading needed more than 32 MB of memory' });
});

it('Helpdesk.receive: an over-budget message is quarantined with the reason, staff are told, the next report is answered', async () => {
  s = new Scenario();
  const config = s.config;
  const r = stallingReader(2);
  await r.warm();
  const helpdesk = new Helpdesk({ config, store: s.store, sop: sopFromConfig(config), calendar: calendarFromConfig(config), now: () => new Date('2026-11-30T02:12:00Z'), reader: r.reader });

  const bad = await helpdesk.receive(slow());
  expect(bad).toMatchObject({ disposition: 'quarantined', reason: 'reading took longer than 2 s', caseRef: null });
  const stored = s.store.db.select().from(messages).where(eq(messages.messageId, bad.messageId)).get();
  expect(stored).toMatchObject({ disposition: 'quarantined', reason: 'reading took longer than 2 s' });
  expect(s.store.db.select().from(events).where(eq(events.type, 'message_quarantined')).all()).toHaveLength(1);
  const notice = s.store.db.select().from(outbox).where(eq(outbox.kind, 'staff_quarantine')).all();
  expect(notice).toHaveLength(1);
  expect(notice[0]?.toAddrs).toEqual(config.staff.map((m) => m.email));
  expect(await s.mailOf(notice[0]!)).toContain('melebihi batas waktu 2 detik');

  const good = await helpdesk.receive(report(3));
  expect(good).toMatchObject({ disposition: 'processed', caseRef: '2026-0001' });
  expect(s.store.db.select().from(outbox).where(eq(outbox.kind, 'ack_complete')).all()).toHaveLength(1);
});

it('closing the reader (a stop) ends a read in hand at once', async () => {
  const r = reader(60);
  await r.warm();
  const reading = r.read(slow(), OPTS);
  const started = performance.now();
  await new Promise((done) => setTimeout(done, 50));
  await r.close();
  await expect(reading).rejects.toBeInstanceOf(ReadingStopped);
  expect(performance.now() - started).toBeLessThan(1000);
  await expect(r.read(report(4), OPTS)).rejects.toBeInstanceOf(ReadingStopped);
});
