/**
 * Migration 0012 carries the screenshot readings of an existing database forward: a picture read
 * before it has no code marked unclear (so no committee is asked about it afresh), and readings
 * recorded after it keep the mark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { recordReading } from '../../src/helpdesk/screenshot-jobs';
import { MIGRATIONS_DIR, openStore } from '../../src/store/db';
import { readingsOf } from '../../src/store/screenshot-readings';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-0012-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function databaseBefore(idx: number, file: string): Database.Database {
  const before = path.join(dir, 'drizzle');
  fs.mkdirSync(path.join(before, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; idx: number }[] };
  const old = journal.entries.filter((e) => e.idx < idx);
  for (const e of old) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));
  fs.writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: old }));
  const sqlite = new Database(file);
  sqlite.pragma('foreign_keys = ON');
  migrate(drizzle(sqlite), { migrationsFolder: before });
  return sqlite;
}

const OLD_SHA = 'a'.repeat(64);
const NEW_SHA = 'b'.repeat(64);

test('a reading stored before 0012 reads as not unclear; one recorded after keeps its mark', () => {
  const file = path.join(dir, 'old.sqlite');
  const sqlite = databaseBefore(12, file);
  sqlite
    .prepare(
      `insert into screenshot_readings (sha256, status, error_code, headline, exception, page, notification, details_hidden, confidence, ms, reason, detail, read_at, text)
       values (?, 'read', null, 'Maaf, terjadi error pada aplikasi SPSE', null, null, 1, 0, 61, 2400, null, null, 1, 'Kode Error: 0o1l-b6b2')`,
    )
    .run(OLD_SHA);
  sqlite.close();

  const store = openStore(file);
  expect(store.sqlite.prepare('select code_unclear from screenshot_readings where sha256 = ?').pluck().get(OLD_SHA)).toBe(0);
  recordReading(
    store.db,
    NEW_SHA,
    { status: 'read', text: 'Kode Error : 6yb1$imey', errorCode: null, headline: null, exception: null, page: null, notification: false, detailsHidden: false, codeUnclear: true, confidence: 58, ms: 3100 },
    new Date('2026-12-01T03:00:00Z'),
  );
  const read = readingsOf(store.db, [OLD_SHA, NEW_SHA]);
  expect(read.get(OLD_SHA)).toMatchObject({ status: 'read', errorCode: null, codeUnclear: false, text: 'Kode Error: 0o1l-b6b2' });
  expect(read.get(NEW_SHA)).toMatchObject({ status: 'read', errorCode: null, codeUnclear: true });
  store.close();
});
