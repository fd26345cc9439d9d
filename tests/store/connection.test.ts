/**
 * The read-only commands open the database without drizzle (connection.ts) and still never read a
 * database that lacks a migration: it is migrated first, as openStore does for every command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsPending, MIGRATIONS_DIR, openForReading } from '../../src/store/connection';
import { openStore } from '../../src/store/db';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-connection-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database as the migrations before 0010 left it. */
function olderDatabase(file: string): void {
  const before = path.join(dir, 'drizzle');
  fs.mkdirSync(path.join(before, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; idx: number }[] };
  const old = journal.entries.filter((e) => e.idx < 10);
  for (const e of old) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));
  fs.writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: old }));
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: before });
  sqlite.close();
}

test('an empty file and a database of older migrations are pending; one openStore made is not', () => {
  const empty = new Database(path.join(dir, 'empty.sqlite'));
  expect(migrationsPending(empty)).toBe(true);
  empty.close();
  const older = path.join(dir, 'older.sqlite');
  olderDatabase(older);
  const sqlite = new Database(older);
  expect(migrationsPending(sqlite)).toBe(true);
  sqlite.close();
  const current = openStore(path.join(dir, 'current.sqlite'));
  expect(migrationsPending(current.sqlite)).toBe(false);
  current.close();
});

test('openForReading migrates an older database before the command reads it, with the store pragmas', () => {
  const file = path.join(dir, 'older.sqlite');
  olderDatabase(file);
  const sqlite = openForReading(file);
  try {
    expect(migrationsPending(sqlite)).toBe(false);
    // Migration 0010's column is there for the command to read.
    expect(sqlite.prepare("SELECT name FROM pragma_table_info('mailbox_checkpoints') WHERE name = 'taking_attempts'").pluck().get()).toBe('taking_attempts');
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    // SQLite's 2 MB page cache, not the 16 MB better-sqlite3 builds with.
    expect(sqlite.pragma('cache_size', { simple: true })).toBe(-2000);
  } finally {
    sqlite.close();
  }
});
