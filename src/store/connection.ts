// The SQLite connection as every command opens it (WAL, foreign keys, a busy timeout), and
// whether the committed migrations are all applied, without loading drizzle: the read-only
// commands (`cases`, `case REF`) start in a fraction of the time the query builder takes to load.
//
// Public surface:
//   type Connection                           better-sqlite3's Database
//   openConnection(file): Connection          the file (or ':memory:') with the store's pragmas
//   migrationsPending(sqlite): boolean        true when the database lacks a committed migration
//   openForReading(file): Connection          the connection, migrated first when it needs it
/* eslint-disable @typescript-eslint/no-require-imports -- drizzle's migrator loads only when there is work for it */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Connection = Database.Database;

export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'drizzle');

export function openConnection(file: string): Connection {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // WAL with NORMAL sync is durable across process crashes (kill -9); only power loss can
  // drop the last transactions, which intake then repeats from the mailbox checkpoint.
  sqlite.pragma('synchronous = NORMAL');
  // SQLite's own default page cache (2 MB): better-sqlite3 builds with 16 MB, which a long run
  // fills; the pages it would keep are in the operating system's file cache anyway.
  sqlite.pragma('cache_size = -2000');
  return sqlite;
}

/**
 * drizzle's migrator applies every journal entry newer than the last one recorded in
 * __drizzle_migrations: a database is up to date when that record is the journal's newest.
 */
export function migrationsPending(sqlite: Connection): boolean {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  const recorded = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (recorded === undefined) return true;
  const last = sqlite.prepare('SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').pluck().get();
  return last === undefined || Number(last) < newest;
}

/** For a command that only reads: a database that lacks a migration gets it first, as openStore does. */
export function openForReading(file: string): Connection {
  const sqlite = openConnection(file);
  if (!migrationsPending(sqlite)) return sqlite;
  sqlite.close();
  const { openStore } = require('./db') as typeof import('./db');
  return openStore(file).sqlite;
}
