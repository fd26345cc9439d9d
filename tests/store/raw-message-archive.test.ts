// A report kept as a skeleton (raw-message.ts) in the case archive and under retention: the
// archive's .eml is the message byte for byte as it came, retention removes the skeleton with
// its screenshot, and a reopened case gets a readable message back from its archive.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { markArchived, writeArchive, type ArchiveDeps } from '../../src/archive/archive';
import { pruneCaseFiles, restoreReopened } from '../../src/archive/retention';
import { DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../../src/config/load';
import { archiveDepsFrom, calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { storeAttachment } from '../../src/inbox/attachment-intake';
import { openStore, type Store } from '../../src/store/db';
import { compact, openRaw } from '../../src/store/raw-message';
import { attachments, cases, events, messages } from '../../src/store/schema';

const DAY = 86_400_000;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const closedAt = new Date('2026-08-03T03:00:00Z');

const screenshot = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('tEXtComment\0jadwal evaluasi'), Buffer.alloc(20_000, 7)]);
const b64 = (screenshot.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
const report = Buffer.from(
  [
    'From: Pokja Pemilihan 3 <pokja3.batang@gmail.com>',
    'To: helpdesk@lpse.test',
    'Subject: Error jadwal evaluasi',
    'Message-ID: <r1@mail.gmail.com>',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Saat membuat jadwal evaluasi muncul notifikasi error.',
    '--b1',
    'Content-Type: image/png; name="jadwal.png"',
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    '--b1--',
    '',
  ].join('\r\n'),
);

let dir: string;
let cfg: Config;
let store: Store;
let deps: ArchiveDeps;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-skeleton-'));
  const base = loadConfig(DEFAULT_CONFIG_PATH);
  cfg = { ...base, retention: { filesAfterDays: 90 }, paths: { database: path.join(dir, 'db.sqlite'), files: path.join(dir, 'files'), archive: path.join(dir, 'archive'), outbox: path.join(dir, 'outbox') } };
  store = openStore(cfg.paths.database);
  deps = archiveDepsFrom(cfg, store.db, sopFromConfig(cfg), calendarFromConfig(cfg));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const keep = (b: Buffer) => storeAttachment(cfg.paths.files, { content: b, sha256: sha(b) }, { maxBytes: Number.MAX_SAFE_INTEGER });

/** A closed case with the report, kept as intake keeps it (the skeleton), and archived. */
async function closedCase(): Promise<number> {
  const openedAt = new Date(closedAt.getTime() - 3_600_000);
  const id = store.db.insert(cases).values({ ref: '2026-0101', state: 'checking', reporter: 'pokja3.batang@gmail.com', openedAt, updatedAt: openedAt }).returning({ id: cases.id }).get().id;
  keep(report);
  keep(screenshot);
  const rowId = store.db
    .insert(messages)
    .values({ messageId: '<r1@mail.gmail.com>', caseId: id, direction: 'in', kind: 'report', fromAddr: 'pokja3.batang@gmail.com', subject: 'Error jadwal evaluasi', rawSha256: sha(report), disposition: 'processed', recordedAt: openedAt })
    .returning({ id: messages.id })
    .get().id;
  store.db.insert(attachments).values({ messageRowId: rowId, sha256: sha(screenshot), filename: 'jadwal.png', contentType: 'image/png', size: screenshot.length, screenshot: true }).run();
  expect(await compact(cfg.paths.files, sha(report), new Set([sha(screenshot)]))).toBe(true);
  store.db.update(cases).set({ state: 'closed', closedAt, updatedAt: closedAt, outcome: 'solved' }).where(eq(cases.id, id)).run();
  await writeArchive(deps, '2026-0101', cfg.paths.archive, closedAt);
  store.db.insert(events).values({ caseId: id, at: closedAt, type: 'case_archived', detail: {} }).run();
  markArchived(store.db, id);
  return id;
}

const archivedEml = () => {
  const folder = path.join(cfg.paths.archive, '2026-0101', 'messages');
  return fs.readFileSync(path.join(folder, fs.readdirSync(folder)[0] ?? ''));
};

test("the archive's .eml of a message kept as a skeleton is the message byte for byte", async () => {
  await closedCase();
  expect(archivedEml().equals(report)).toBe(true);
});

test('retention removes the skeleton with its screenshot; a reopened case gets the message back, readable', async () => {
  const id = await closedCase();
  const [pruned] = await pruneCaseFiles(store.db, cfg, new Date(closedAt.getTime() + 91 * DAY));
  expect(pruned?.files).toBe(2);
  expect(openRaw(cfg.paths.files, sha(report))).toBeNull();
  expect(fs.readdirSync(path.join(cfg.paths.files, sha(report).slice(0, 2)))).toEqual([]);

  // A rewrite after pruning still has the .eml (from the previous archive).
  await writeArchive(deps, '2026-0101', cfg.paths.archive, new Date(closedAt.getTime() + 92 * DAY));
  expect(archivedEml().equals(report)).toBe(true);

  store.db.update(cases).set({ state: 'in_progress', closedAt: null }).where(eq(cases.id, id)).run();
  await restoreReopened(store.db, cfg, new Date(closedAt.getTime() + 93 * DAY));
  const back = openRaw(cfg.paths.files, sha(report));
  const chunks: Buffer[] = [];
  for await (const c of back?.open() ?? []) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).equals(report)).toBe(true);
});

test('a skeleton still needed keeps its screenshot, even when another case that had it is pruned', async () => {
  await closedCase();
  // The same report recorded again without a case (a relay): its message row keeps the skeleton.
  store.db.insert(messages).values({ messageId: '<r1-relay@mail.gmail.com>', caseId: null, direction: 'in', kind: 'report', fromAddr: 'pokja3.batang@gmail.com', subject: 'Fwd', rawSha256: sha(report), disposition: 'processed', recordedAt: closedAt }).run();
  await pruneCaseFiles(store.db, cfg, new Date(closedAt.getTime() + 91 * DAY));
  const kept = openRaw(cfg.paths.files, sha(report));
  expect(kept).not.toBeNull();
  expect(kept?.size).toBe(report.length);
});
