/**
 * Migration 0006 and the case store: a case's description and who opened it for the committee
 * survive a round trip; cases stored before the migration read back with neither.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_DIR, openStore } from '../../src/store/db';
import { loadCase, saveCase } from '../../src/store/case-store';
import { type CaseEvent, createCalendar, decide, defaultSop } from '../../src/workflow';

const now = new Date('2026-11-30T02:00:00.000Z');
const report = (over: Partial<Extract<CaseEvent, { type: 'report' }>> = {}): CaseEvent => ({
  type: 'report',
  from: 'pokja3@batangkab.go.id',
  fromName: 'Pokja 3',
  fields: { committeeName: 'Pokja Pemilihan 3', userId: 'pokja3btg', tenderCode: '10034567000', tenderName: 'Rehabilitasi Jalan', phone: '+6281227459910', errorCode: null },
  missing: [],
  symptoms: [],
  screenshots: 1,
  ref: '2026-0042',
  description: 'Pada menu Evaluasi, tombol Simpan kembali ke halaman utama.',
  ...over,
});

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-0006-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('description and openedBy round-trip through the cases row', () => {
  const store = openStore(path.join(dir, 'h.sqlite'));
  const c = decide(null, report({ openedBy: { staff: 'rina@lpse.batangkab.go.id', via: 'phone' } }), now, defaultSop, createCalendar()).case;
  saveCase(store.db, c, now);
  const back = loadCase(store.db, { ref: '2026-0042' })?.case;
  expect(back?.description).toBe('Pada menu Evaluasi, tombol Simpan kembali ke halaman utama.');
  expect(back?.openedBy).toEqual({ staff: 'rina@lpse.batangkab.go.id', via: 'phone' });
  // Saved again without them (a committee's own report): cleared, not kept.
  saveCase(store.db, { ...c, description: null, openedBy: null }, now);
  expect(loadCase(store.db, { ref: '2026-0042' })?.case).toMatchObject({ description: null, openedBy: null });
  store.close();
});

test('a case stored before migration 0006 reads back with no description and no openedBy', () => {
  const file = path.join(dir, 'old.sqlite');
  // The migrations as they were before 0006.
  const before = path.join(dir, 'drizzle');
  fs.mkdirSync(path.join(before, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; idx: number }[] };
  const old = journal.entries.filter((e) => e.idx < 6);
  expect(journal.entries.map((e) => e.tag)).toContain('0006_case_description_opened_by');
  for (const e of old) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));
  fs.writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: old }));
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: before });
  sqlite
    .prepare(
      `insert into cases (ref, state, reporter, symptoms, missing, requested, screenshots, opened_at, updated_at)
       values ('2026-0007', 'in_progress', 'pokja1@batangkab.go.id', '[]', '[]', '[]', 1, ?, ?)`,
    )
    .run(now.getTime(), now.getTime());
  expect(sqlite.prepare("select name from pragma_table_info('cases') where name = 'description'").get()).toBeUndefined();
  sqlite.close();

  const store = openStore(file); // applies 0006
  const c = loadCase(store.db, { ref: '2026-0007' })?.case;
  expect(c).toMatchObject({ ref: '2026-0007', description: null, openedBy: null });
  store.close();
});
