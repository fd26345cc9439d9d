// Retention of paths.files (retention.ts): the raw mail and attachments of a case closed more
// than retention.filesAfterDays ago leave the store once its archive is written and current;
// a file anything else still needs stays; the tick prunes in small batches, oldest first; an
// archive rewritten after pruning keeps every file it had.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { markArchived, writeArchive, type ArchiveDeps, type CaseRecord } from '../../src/archive/archive';
import { pruneCaseFiles, PRUNE_BATCH, restoreReopened, type CaseFiles } from '../../src/archive/retention';
import { archiveCommand } from '../../src/digest/commands';
import { DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../../src/config/load';
import { Helpdesk } from '../../src/helpdesk/helpdesk';
import { archiveDepsFrom, calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { storeAttachment } from '../../src/inbox/attachment-intake';
import { openStore, type Store } from '../../src/store/db';
import { attachments, cases, events, messages, outbox } from '../../src/store/schema';

const DAY = 86_400_000;
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const REPORTER = 'pokja3.batang@gmail.com';

/** A screenshot as a committee sends it: a PNG, told apart by its text chunk. */
const screenshot = (label: string) =>
  Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`tEXtComment\0${label}`), Buffer.alloc(200, label.length)]);

const eml = (messageId: string, subject: string, text: string) =>
  Buffer.from(
    [`From: Pokja Pemilihan 3 <${REPORTER}>`, 'To: helpdesk@lpse.test', `Subject: ${subject}`, `Message-ID: ${messageId}`, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n'),
  );

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let dir: string;
let cfg: Config;
let store: Store;
let deps: ArchiveDeps;

function setUp(filesAfterDays: number | null = 90): void {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-retention-'));
  const base = loadConfig(DEFAULT_CONFIG_PATH);
  cfg = {
    ...base,
    retention: { filesAfterDays },
    paths: { database: path.join(dir, 'db.sqlite'), files: path.join(dir, 'files'), archive: path.join(dir, 'archive'), outbox: path.join(dir, 'outbox') },
  };
  store = openStore(cfg.paths.database);
  deps = archiveDepsFrom(cfg, store.db, sopFromConfig(cfg), calendarFromConfig(cfg));
}

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const stored = (b: Buffer) => path.join(cfg.paths.files, sha(b).slice(0, 2), sha(b));
const keep = (b: Buffer) => storeAttachment(cfg.paths.files, { content: b, sha256: sha(b) }, { maxBytes: Number.MAX_SAFE_INTEGER });

interface Mail {
  raw: Buffer;
  screenshots?: Buffer[];
}

/** Records a message with its screenshots on a case (or none), as intake keeps them. */
function record(caseId: number | null, mail: Mail, at: Date): void {
  keep(mail.raw);
  const messageId = /Message-ID: (\S+)/.exec(mail.raw.toString())?.[1] ?? '';
  const rowId = store.db
    .insert(messages)
    .values({ messageId, caseId, direction: 'in', kind: 'report', fromAddr: REPORTER, subject: 'Error jadwal evaluasi', rawSha256: sha(mail.raw), disposition: 'processed', recordedAt: at })
    .returning({ id: messages.id })
    .get().id;
  (mail.screenshots ?? []).forEach((s, i) => {
    keep(s);
    store.db.insert(attachments).values({ messageRowId: rowId, sha256: sha(s), filename: `error-${i + 1}.png`, contentType: 'image/png', size: s.length, screenshot: true }).run();
  });
}

/** Archives the case as the tick does: the folder, the case_archived event, the mark cleared. */
async function archive(ref: string, at: Date): Promise<void> {
  const id = store.db.select({ id: cases.id }).from(cases).where(eq(cases.ref, ref)).get()!.id;
  await writeArchive(deps, ref, cfg.paths.archive, at);
  store.db.insert(events).values({ caseId: id, at, type: 'case_archived', detail: {} }).run();
  markArchived(store.db, id);
}

/** A case opened an hour before `closedAt` with these mails, closed, and archived at its close. */
async function closedCase(ref: string, closedAt: Date, mails: Mail[]): Promise<number> {
  const openedAt = new Date(closedAt.getTime() - 3_600_000);
  const id = store.db
    .insert(cases)
    .values({ ref, state: 'open', reporter: REPORTER, openedAt, updatedAt: openedAt })
    .returning({ id: cases.id })
    .get().id;
  mails.forEach((m, i) => record(id, m, new Date(openedAt.getTime() + i * 60_000)));
  store.db.update(cases).set({ state: 'closed', closedAt, updatedAt: closedAt, outcome: 'solved' }).where(eq(cases.id, id)).run();
  await archive(ref, closedAt);
  return id;
}

function openCase(ref: string, openedAt: Date, mails: Mail[]): number {
  const id = store.db
    .insert(cases)
    .values({ ref, state: 'open', reporter: REPORTER, openedAt, updatedAt: openedAt })
    .returning({ id: cases.id })
    .get().id;
  mails.forEach((m) => record(id, m, openedAt));
  return id;
}

const prunedAt = (ref: string) => store.db.select({ at: cases.filesPrunedAt }).from(cases).where(eq(cases.ref, ref)).get()?.at ?? null;
const prunedEvents = (ref: string) =>
  store.db
    .select({ detail: events.detail })
    .from(events)
    .innerJoin(cases, eq(cases.id, events.caseId))
    .where(sql`${cases.ref} = ${ref} and ${events.type} = 'case_files_pruned'`)
    .all()
    .map((e) => e.detail);
const readRecord = (ref: string) => JSON.parse(fs.readFileSync(path.join(cfg.paths.archive, ref, 'record.json'), 'utf8')) as CaseRecord;

const closed = wib('2026-08-03 10:00');
const ninetyOneDaysLater = new Date(closed.getTime() + 91 * DAY);

describe('pruning the files of old closed cases', () => {
  it("removes a case's raw mail and screenshots 90 days after its close, keeps its archive, marks it and logs what went", async () => {
    setUp();
    const report = { raw: eml('<r1@gmail.com>', 'Error jadwal evaluasi', 'Saat membuat jadwal evaluasi muncul notifikasi error.'), screenshots: [screenshot('jadwal'), screenshot('notifikasi')] };
    const answer = { raw: eml('<r2@gmail.com>', 'Re: [LPSE#2026-0101] Error jadwal evaluasi', 'Terima kasih, sudah bisa.') };
    await closedCase('2026-0101', closed, [report, answer]);
    const archived = fs.readdirSync(path.join(cfg.paths.archive, '2026-0101'), { recursive: true, encoding: 'utf8' }).sort();

    expect(await pruneCaseFiles(store.db, cfg, new Date(closed.getTime() + 89 * DAY))).toEqual([]); // not yet 90 days
    const bytes = [report.raw, answer.raw, ...report.screenshots].reduce((n, b) => n + b.length, 0);
    expect(await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater)).toEqual([{ ref: '2026-0101', files: 4, bytes }]);

    for (const b of [report.raw, answer.raw, ...report.screenshots]) expect(fs.existsSync(stored(b))).toBe(false);
    expect(prunedAt('2026-0101')).toEqual(ninetyOneDaysLater);
    expect(prunedEvents('2026-0101')).toEqual([{ files: 4, bytes }]);
    expect(fs.readdirSync(path.join(cfg.paths.archive, '2026-0101'), { recursive: true, encoding: 'utf8' }).sort()).toEqual(archived);
    expect(fs.readFileSync(path.join(cfg.paths.archive, '2026-0101', 'attachments', 'error-1.png'))).toEqual(report.screenshots[0]);
  });

  it('keeps a file another case, a mail without a case or an unsent mail still needs, and removes it once nothing does', async () => {
    setUp();
    const shared = screenshot('sama');
    const relayed = screenshot('relay');
    const queued = screenshot('antrean');
    const copying = screenshot('salinan');
    const old = { raw: eml('<o1@gmail.com>', 'Error upload dokumen', 'Dokumen penawaran gagal diunggah.'), screenshots: [shared, relayed, queued, copying] };
    await closedCase('2026-0102', closed, [old]);
    // The same screenshot sent again in a case still open, once in a mail of no case ...
    openCase('2026-0140', wib('2026-10-30 09:00'), [{ raw: eml('<n1@gmail.com>', 'Masih gagal upload', 'Masih gagal.'), screenshots: [shared] }]);
    record(null, { raw: eml('<x1@gmail.com>', 'Fwd: gagal upload', 'Mohon dibantu.'), screenshots: [relayed] }, wib('2026-10-30 09:05'));
    // ... attached by a mail not yet put in Drafts, and by a sent one whose Sent-folder copy is
    // still to be filed; a sent mail with its copy filed holds nothing.
    const file = (b: Buffer) => ({ sha256: sha(b), filename: 'error.png', contentType: 'image/png', size: b.length });
    const at = wib('2026-10-30 09:10');
    const mail = (key: string, status: string, files: ReturnType<typeof file>[], copiedAt: Date | null = null) =>
      store.db
        .insert(outbox)
        .values({ idempotencyKey: key, kind: 'escalation', messageId: `<${key}@lpse.test>`, fromAddr: 'helpdesk@lpse.test', toAddrs: ['lkpp@lpse.test'], subject: 'Eskalasi', status, createdAt: at, sentAt: status === 'sent' ? at : null, sentCopyAt: copiedAt, files })
        .run();
    mail('draft-1', 'draft', [file(queued)]);
    mail('sent-1', 'sent', [file(copying)]);
    mail('sent-2', 'sent', [file(old.raw)], at);

    expect(await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater)).toEqual([{ ref: '2026-0102', files: 1, bytes: old.raw.length }]);
    expect(fs.existsSync(stored(old.raw))).toBe(false);
    for (const b of [shared, relayed, queued, copying]) expect(fs.existsSync(stored(b))).toBe(true);

    // The open case closes and is pruned in its turn: the screenshot both cases had goes then.
    store.db.update(cases).set({ state: 'closed', closedAt: wib('2026-10-30 10:00'), updatedAt: wib('2026-10-30 10:00') }).where(eq(cases.ref, '2026-0140')).run();
    await archive('2026-0140', wib('2026-10-30 10:00'));
    const later = new Date(wib('2026-10-30 10:00').getTime() + 91 * DAY);
    expect((await pruneCaseFiles(store.db, cfg, later)).map((p) => [p.ref, p.files])).toEqual([['2026-0140', 2]]);
    expect(fs.existsSync(stored(shared))).toBe(false);
    expect(fs.existsSync(stored(relayed))).toBe(true);
    expect(fs.existsSync(stored(queued))).toBe(true);
  });

  it('leaves a case alone while its archive is due or older than its last change, and with filesAfterDays null', async () => {
    setUp();
    const due = await closedCase('2026-0103', closed, [{ raw: eml('<d1@gmail.com>', 'Error', 'Gagal login.'), screenshots: [screenshot('due')] }]);
    const stale = await closedCase('2026-0104', closed, [{ raw: eml('<s1@gmail.com>', 'Error', 'Gagal simpan.') }]);
    store.db.update(cases).set({ archiveDue: true }).where(eq(cases.id, due)).run();
    store.db.update(cases).set({ updatedAt: new Date(closed.getTime() + DAY) }).where(eq(cases.id, stale)).run();
    expect(await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater)).toEqual([]);

    store.db.update(cases).set({ archiveDue: false, updatedAt: closed }).where(sql`1 = 1`).run();
    expect(await pruneCaseFiles(store.db, { ...cfg, retention: { filesAfterDays: null } }, ninetyOneDaysLater)).toEqual([]);
    expect((await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater)).map((p) => p.ref)).toEqual(['2026-0103', '2026-0104']);
  });

  it('marks a case whose archive folder has gone due again instead of removing its only copy', async () => {
    setUp();
    const mail = { raw: eml('<g1@gmail.com>', 'Error', 'Gagal unggah.'), screenshots: [screenshot('gone')] };
    await closedCase('2026-0105', closed, [mail]);
    fs.rmSync(path.join(cfg.paths.archive, '2026-0105'), { recursive: true });

    expect(await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater)).toEqual([]);
    expect(fs.existsSync(stored(mail.raw))).toBe(true);
    expect(store.db.select({ due: cases.archiveDue }).from(cases).where(eq(cases.ref, '2026-0105')).get()?.due).toBe(true);
    await archive('2026-0105', ninetyOneDaysLater);
    expect((await pruneCaseFiles(store.db, cfg, new Date(ninetyOneDaysLater.getTime() + 60_000))).map((p) => p.ref)).toEqual(['2026-0105']);
  });

  it('takes at most one batch per call, oldest close first, and is idempotent', async () => {
    setUp();
    const refs: string[] = [];
    // Closed on consecutive days, recorded in reverse: the order is by close, not by row.
    for (let i = 119; i >= 0; i--) {
      const ref = `2026-${String(200 + i).padStart(4, '0')}`;
      await closedCase(ref, new Date(closed.getTime() + i * DAY), [{ raw: eml(`<b${i}@gmail.com>`, `Error ${i}`, `Laporan ${i}.`) }]);
      refs.unshift(ref);
    }
    const now = new Date(closed.getTime() + 300 * DAY);
    const batches: CaseFiles[][] = [];
    for (let i = 0; i < 4; i++) batches.push(await pruneCaseFiles(store.db, cfg, now));
    expect(batches.map((b) => b.length)).toEqual([PRUNE_BATCH, PRUNE_BATCH, 20, 0]);
    expect(batches.flat().map((b) => b.ref)).toEqual(refs);
    expect(batches.flat().every((b) => b.files === 1)).toBe(true);
    expect(prunedEvents(refs[0]!)).toHaveLength(1);
    expect(fs.readdirSync(cfg.paths.files).flatMap((d) => fs.readdirSync(path.join(cfg.paths.files, d)))).toEqual([]);
  });

  it('reads its batch through the partial index, never every closed case', async () => {
    setUp();
    await closedCase('2026-0109', closed, [{ raw: eml('<p1@gmail.com>', 'Error', 'Gagal login.') }]);
    const prepared: string[] = [];
    const prepare = store.sqlite.prepare.bind(store.sqlite);
    jest.spyOn(store.sqlite, 'prepare').mockImplementation((source: string) => (prepared.push(source), prepare(source)));
    await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater);
    const selection = prepared.find((q) => q.includes('files_pruned_at is null'));
    expect(selection).toBeDefined();
    const plan = store.sqlite.prepare(`explain query plan ${selection!}`).all(0) as { detail: string }[];
    expect(plan[0]?.detail).toMatch(/^SEARCH c USING INDEX cases_unpruned_idx \(closed_at<\?\)/);
    expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it('costs a tick a few milliseconds with 100,000 closed cases in the database', async () => {
    setUp();
    // 100,000 cases closed in the last 90 days (not due) and one batch of old ones with their archives.
    const recent = closed.getTime() + 120 * DAY;
    store.sqlite.exec('BEGIN');
    const insert = store.sqlite.prepare(`insert into cases (ref, state, reporter, opened_at, closed_at, updated_at) values (?, 'closed', ?, ?, ?, ?)`);
    for (let i = 0; i < 100_000; i++) insert.run(`2025-${i}`, REPORTER, recent, recent + i, recent + i);
    store.sqlite.exec('COMMIT');
    for (let i = 0; i < PRUNE_BATCH; i++) await closedCase(`2026-${5000 + i}`, new Date(closed.getTime() + i * 60_000), [{ raw: eml(`<t${i}@gmail.com>`, 'Error', `Laporan ${i}.`), screenshots: [screenshot(`t${i}`)] }]);
    const now = new Date(closed.getTime() + 200 * DAY);
    // Each case is one unit of the lane: intake waits for one of them at a time, never for the batch.
    const units: number[] = [];
    const timed = async <T>(work: () => Promise<T>): Promise<T> => {
      const start = process.hrtime.bigint();
      try {
        return await work();
      } finally {
        units.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    };
    expect(await pruneCaseFiles(store.db, cfg, now, timed)).toHaveLength(PRUNE_BATCH);
    expect(await pruneCaseFiles(store.db, cfg, now, timed)).toEqual([]);
    expect(units).toHaveLength(PRUNE_BATCH + 1); // a full batch stops at its size; the next call's one unit finds nothing
    units.sort((a, b) => a - b);
    expect(units[Math.floor(units.length / 2)]).toBeLessThan(3);
    expect(units[units.length - 1]).toBeLessThan(50); // the first prepares its statements
  });

  it('runs from the tick, which reports the cases pruned', async () => {
    setUp();
    await closedCase('2026-0106', closed, [{ raw: eml('<k1@gmail.com>', 'Error', 'Gagal kirim penawaran.'), screenshots: [screenshot('tick')] }]);
    const helpdesk = new Helpdesk({ config: cfg, store, sop: deps.sop, calendar: deps.calendar, now: () => ninetyOneDaysLater });
    expect((await helpdesk.tick(ninetyOneDaysLater)).pruned).toEqual(['2026-0106']);
    expect((await helpdesk.tick(ninetyOneDaysLater)).pruned).toEqual([]);
  });
});

describe('a pruned case that reopens', () => {
  it('gets back from its archive every file whose bytes match their sha256, once it is no longer closed', async () => {
    setUp();
    const report = { raw: eml('<u1@gmail.com>', 'Error', 'Gagal buka halaman evaluasi.'), screenshots: [screenshot('asli'), screenshot('diubah')] };
    const id = await closedCase('2026-0110', closed, [report]);
    await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater);
    // Someone edited one copy in the archive folder: it is not the file the committee sent.
    fs.writeFileSync(path.join(cfg.paths.archive, '2026-0110', 'attachments', 'error-2.png'), screenshot('palsu'));
    expect(await restoreReopened(store.db, cfg, ninetyOneDaysLater)).toEqual([]); // still closed
    store.db.update(cases).set({ state: 'in_progress', closedAt: null }).where(eq(cases.id, id)).run();

    const restored = await restoreReopened(store.db, cfg, ninetyOneDaysLater);
    expect(restored).toEqual([{ ref: '2026-0110', files: 2, bytes: report.raw.length + report.screenshots[0]!.length }]);
    expect(fs.readFileSync(stored(report.raw))).toEqual(report.raw);
    expect(fs.readFileSync(stored(report.screenshots[0]!))).toEqual(report.screenshots[0]);
    expect(fs.existsSync(stored(report.screenshots[1]!))).toBe(false);
    expect(prunedAt('2026-0110')).toBeNull();
    expect(await restoreReopened(store.db, cfg, ninetyOneDaysLater)).toEqual([]);
  });
});

describe('the archive of a pruned case, rewritten after a late message', () => {
  it('keeps the earlier archive copies of the files that left the store, beside the new message', async () => {
    setUp();
    const report = { raw: eml('<a1@gmail.com>', 'Error jadwal evaluasi', 'Jadwal evaluasi tidak bisa disimpan.'), screenshots: [screenshot('arsip')] };
    const id = await closedCase('2026-0107', closed, [report]);
    const before = readRecord('2026-0107');
    await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater);
    expect(fs.existsSync(stored(report.raw))).toBe(false);

    // An auto-reply recorded on the closed case: the 0008 trigger marks its archive due.
    const late = { raw: eml('<a2@gmail.com>', 'Otomatis: Re: [LPSE#2026-0107]', 'Saya sedang cuti sampai 20 November.') };
    record(id, late, new Date(ninetyOneDaysLater.getTime() + DAY));
    expect(store.db.select({ due: cases.archiveDue }).from(cases).where(eq(cases.id, id)).get()?.due).toBe(true);
    await archive('2026-0107', new Date(ninetyOneDaysLater.getTime() + DAY));

    const after = readRecord('2026-0107');
    const folder = path.join(cfg.paths.archive, '2026-0107');
    expect(after.messages.map((m) => [m.sha256, m.file !== null, m.bytes])).toEqual([
      [sha(report.raw), true, report.raw.length],
      [sha(late.raw), true, late.raw.length],
    ]);
    expect(fs.readFileSync(path.join(folder, after.messages[0]!.file!))).toEqual(report.raw);
    expect(fs.readFileSync(path.join(folder, after.messages[1]!.file!))).toEqual(late.raw);
    expect(after.attachments).toEqual(before.attachments);
    expect(fs.readFileSync(path.join(folder, 'attachments', 'error-1.png'))).toEqual(report.screenshots[0]);
    // The late message's file goes at the next pass; the archive keeps it.
    const next = new Date(ninetyOneDaysLater.getTime() + DAY + 60_000);
    expect(await pruneCaseFiles(store.db, cfg, next)).toEqual([{ ref: '2026-0107', files: 1, bytes: late.raw.length }]);
    expect(fs.existsSync(stored(late.raw))).toBe(false);
    expect(fs.readFileSync(path.join(folder, after.messages[1]!.file!))).toEqual(late.raw);
    expect(await pruneCaseFiles(store.db, cfg, next)).toEqual([]);
  });

  it('is whole when written elsewhere by archive REF --out DIR: the files come from the archive in paths.archive', async () => {
    setUp();
    const report = { raw: eml('<e1@gmail.com>', 'Error', 'Gagal unduh dokumen pemilihan.'), screenshots: [screenshot('ekspor')] };
    await closedCase('2026-0111', closed, [report]);
    await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater);
    const out = path.join(dir, 'arsip-bidang');
    const lines: string[] = [];
    expect(await archiveCommand(cfg, store, '2026-0111', { out, now: ninetyOneDaysLater }, (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/: 1 message, 1 attachment, 0 step clocks$/);
    const r = JSON.parse(fs.readFileSync(path.join(out, '2026-0111', 'record.json'), 'utf8')) as CaseRecord;
    expect(fs.readFileSync(path.join(out, '2026-0111', r.messages[0]!.file!))).toEqual(report.raw);
    expect(fs.readFileSync(path.join(out, '2026-0111', 'attachments', 'error-1.png'))).toEqual(report.screenshots[0]);
  });

  it('lists a file as missing only when neither the store nor the earlier archive has it', async () => {
    setUp();
    const report = { raw: eml('<m1@gmail.com>', 'Error', 'Gagal unggah.'), screenshots: [screenshot('hilang')] };
    await closedCase('2026-0108', closed, [report]);
    await pruneCaseFiles(store.db, cfg, ninetyOneDaysLater);
    fs.rmSync(path.join(cfg.paths.archive, '2026-0108', 'attachments', 'error-1.png'));
    await writeArchive(deps, '2026-0108', cfg.paths.archive, ninetyOneDaysLater);
    const r = readRecord('2026-0108');
    expect(r.messages[0]?.file).not.toBeNull();
    expect(r.attachments.map((a) => [a.file, a.skipped])).toEqual([[null, 'missing']]);
  });
});
