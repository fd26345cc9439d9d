// Time spent in the database during a stretch of in-process work: every call into drizzle's
// query builders (building the SQL and preparing it) and their prepared queries (running them
// and mapping the rows), and every direct better-sqlite3 call (prepare, exec, pragma and the
// statements' run/get/all/iterate). Nested calls (drizzle calling better-sqlite3) count once,
// at the outermost call. Wrapping costs a few hundred nanoseconds per call, counted as DB time.
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { PreparedQuery } from 'drizzle-orm/better-sqlite3/session';
import { BaseSQLiteDatabase, SQLiteDeleteBase, SQLiteInsertBase, SQLiteSelectBase, SQLiteUpdateBase } from 'drizzle-orm/sqlite-core';

export interface DbMeter {
  /** Milliseconds inside the database since the meter was installed or last reset. */
  readonly ms: number;
  /** Outermost calls counted. */
  readonly calls: number;
  reset(): void;
  uninstall(): void;
}

type Method = (...args: unknown[]) => unknown;

export function installDbMeter(): DbMeter {
  let depth = 0;
  let ms = 0;
  let calls = 0;
  const restore: (() => void)[] = [];
  const wrap = (proto: object, names: readonly string[]) => {
    for (const name of names) {
      const target = proto as Record<string, Method>;
      const original = target[name];
      if (typeof original !== 'function') continue;
      target[name] = function (this: unknown, ...args: unknown[]) {
        if (depth > 0) return original.apply(this, args);
        depth++;
        const t0 = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          ms += performance.now() - t0;
          calls++;
          depth--;
        }
      };
      restore.push(() => {
        target[name] = original;
      });
    }
  };
  wrap(SQLiteInsertBase.prototype, ['_prepare']);
  wrap(SQLiteSelectBase.prototype, ['_prepare']);
  wrap(SQLiteUpdateBase.prototype, ['_prepare']);
  wrap(SQLiteDeleteBase.prototype, ['_prepare']);
  wrap(BaseSQLiteDatabase.prototype, ['run', 'all', 'get', 'values']);
  wrap(PreparedQuery.prototype, ['run', 'all', 'get', 'values']);
  wrap(Database.prototype, ['prepare', 'exec', 'pragma']);
  const probe = new Database(':memory:');
  wrap(Object.getPrototypeOf(probe.prepare('select 1')) as object, ['run', 'get', 'all', 'iterate']);
  probe.close();
  return {
    get ms() {
      return ms;
    },
    get calls() {
      return calls;
    },
    reset() {
      ms = 0;
      calls = 0;
    },
    uninstall() {
      for (const r of restore.reverse()) r();
    },
  };
}
