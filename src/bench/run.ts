// `npm run bench`: measures what the README quotes. Reading (the parser over the shared corpus
// and the bundled fixtures) and intake (Helpdesk.receive end to end into a SQLite file: parse,
// thread, decide, commit, render and queue the answers), with timings per message and the
// process's peak memory. Run on an otherwise idle machine; numbers vary with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../config/load';
import { Helpdesk } from '../helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../helpdesk/wiring';
import { readMessage } from '../inbox/reading';
import { BudgetedReader, type MessageReader } from '../inbox/reading-budget';
import { buildMessage } from '../outbox/compose';
import { messageFiles } from '../inbox/sources';
import { openStore } from '../store/db';

const ROOT = path.resolve(__dirname, '..', '..');

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function summary(name: string, times: number[], wallMs: number): void {
  const sorted = [...times].sort((a, b) => a - b);
  const rate = (times.length / wallMs) * 1000;
  console.log(
    `${name.padEnd(44)} ${String(times.length).padStart(6)} msgs  ${rate.toFixed(0).padStart(6)} msg/s  ` +
      `p50 ${quantile(sorted, 0.5).toFixed(2)} ms  p95 ${quantile(sorted, 0.95).toFixed(2)} ms  max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms`,
  );
}

async function benchReading(read: MessageReader, how: string): Promise<void> {
  const corpus = process.env.LPSE_CORPUS_DIR ?? path.resolve(ROOT, '..', 'shared', 'corpus');
  const files = [
    ...(fs.existsSync(corpus) ? messageFiles([corpus]).concat(fs.readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => messageFiles([path.join(corpus, d.name)]))) : []),
    ...messageFiles([path.join(ROOT, 'fixtures', 'emails')]),
  ];
  const raws = files.map((f) => fs.readFileSync(f));
  const bytes = raws.reduce((n, r) => n + r.length, 0);
  const rounds = 5;
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    for (const raw of raws) {
      const t = performance.now();
      try {
        await read(raw, { tagPrefix: 'LPSE' });
      } catch {
        // Unparseable samples are part of the load; the reading is what is timed.
      }
      times.push(performance.now() - t);
    }
  }
  summary(`reading${how}: ${raws.length} messages (${(bytes / 1e6).toFixed(1)} MB) x ${rounds}`, times, performance.now() - start);
}

function report(i: number): Promise<Buffer> {
  const complete = i % 3 !== 0;
  const text = [
    'Selamat pagi, mohon bantuan: muncul notifikasi "maaf operasi yang anda lakukan salah".',
    `Nama Pokja Pemilihan: Pokja Pemilihan ${i % 40}`,
    complete ? `User ID: pokja${i}btg` : '',
    `Kode Tender: ${String(10000000 + i)}000`,
    `Nama Paket: Rehabilitasi Jalan Ruas ${i}`,
    `No. HP: 0812${String(1000000 + i).padStart(7, '0')}`,
  ].join('\n');
  return buildMessage({
    from: `pokja${i}@batangkab.go.id`,
    to: 'helpdesk@lpse.test',
    subject: `Error SPSE paket ${i}`,
    text,
    messageId: `<bench-${i}@batangkab.go.id>`,
    date: new Date(Date.UTC(2026, 10, 26, 1, 0, i)),
    attachments: complete ? [{ filename: 'error.png', content: PNG, contentType: 'image/png' }] : [],
  });
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function benchIntake(n: number, reader?: MessageReader): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-bench-'));
  const base = loadConfig(DEFAULT_CONFIG_PATH);
  const config = {
    ...base,
    // Every report answered in full: the mailbox-wide flood caps would fold some of these.
    autoReply: { ...base.autoReply, maxNewCaseAcksPerHour: n, staffNewCaseNoticesPerInterval: n },
    paths: { database: path.join(dir, 'db.sqlite'), files: path.join(dir, 'files'), archive: path.join(dir, 'archive'), outbox: path.join(dir, 'outbox') },
  };
  const store = openStore(config.paths.database);
  // One report every 30 seconds: 2000 reports are two busy working days.
  let now = new Date('2026-11-26T00:30:00Z');
  const helpdesk = new Helpdesk({ config, store, sop: sopFromConfig(config), calendar: calendarFromConfig(config), now: () => now, reader });
  const how = reader ? ' (worker)' : '';
  const raws = await Promise.all(Array.from({ length: n }, (_, i) => report(i)));
  const times: number[] = [];
  const start = performance.now();
  for (const raw of raws) {
    now = new Date(now.getTime() + 30_000);
    const t = performance.now();
    await helpdesk.receive(raw);
    times.push(performance.now() - t);
  }
  const wall = performance.now() - start;
  summary(`intake${how}: ${n} new reports -> cases + answers`, times, wall);
  const replays: number[] = [];
  const again = performance.now();
  for (const raw of raws.slice(0, 200)) {
    const t = performance.now();
    await helpdesk.receive(raw);
    replays.push(performance.now() - t);
  }
  summary(`intake${how}: 200 duplicates (crash replay)`, replays, performance.now() - again);
  const size = fs.statSync(config.paths.database).size + (fs.existsSync(`${config.paths.database}-wal`) ? fs.statSync(`${config.paths.database}-wal`).size : 0);
  console.log(`database after ${n} cases: ${(size / 1e6).toFixed(1)} MB`);
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
  const reports = Number(process.env.LPSE_BENCH_REPORTS ?? 2000);
  await benchReading(readMessage, '');
  await benchIntake(reports);
  // What the daemon, `process` and `parse` do: each message read in the budgeted worker thread.
  const worker = new BudgetedReader(loadConfig(DEFAULT_CONFIG_PATH).reading.budgetSeconds);
  try {
    await worker.warm();
    await benchReading(worker.reader, ' (worker)');
    await benchIntake(reports, worker.reader);
  } finally {
    await worker.close();
  }
  console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
