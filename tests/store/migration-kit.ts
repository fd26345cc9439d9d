// A database as an older release left it: the committed migrations before one, run on a file,
// so that a migration's test can fill it with that release's rows and then open it as today.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_DIR } from '../../src/store/db';

/** `file` migrated up to, not including, migration `idx`; `dir` is the test's own folder. */
export function databaseBefore(dir: string, idx: number, file: string): Database.Database {
  const before = path.join(dir, 'drizzle');
  fs.mkdirSync(path.join(before, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; idx: number }[] };
  if (!journal.entries.some((e) => e.idx === idx)) throw new Error(`no migration ${idx} in the journal`);
  const old = journal.entries.filter((e) => e.idx < idx);
  for (const e of old) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));
  fs.writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: old }));
  const sqlite = new Database(file);
  sqlite.pragma('foreign_keys = ON');
  migrate(drizzle(sqlite), { migrationsFolder: before });
  return sqlite;
}
