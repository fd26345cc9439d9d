// Opens the SQLite database (a file or `:memory:`) the same way everywhere (connection.ts: WAL,
// foreign keys, a busy timeout), the committed drizzle migrations applied before anything else runs.
import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_DIR, openConnection } from './connection';
import * as schema from './schema';

export { MIGRATIONS_DIR };

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

export function openStore(file: string): Store {
  const sqlite = openConnection(file);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db, sqlite, close: () => sqlite.close() };
}
