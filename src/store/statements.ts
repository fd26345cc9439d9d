// Queries prepared once per connection. Drizzle builds the SQL of a query and prepares it again
// on every call, which costs several times what running it does; a mail runs a few dozen. A
// query here is built once per Db with placeholders and then only run, with each call's values.
//
// Values bound to a placeholder skip drizzle's column encoding (and drizzle would encode a null
// as the text 'null' in a JSON column), so callers pass them through `encoded`, which encodes
// each the way an unprepared query does: null stays NULL, a Date becomes its milliseconds, JSON
// its text, a boolean 0 or 1.
import { getTableColumns, sql, type Column, type Placeholder, type SQL, type Table } from 'drizzle-orm';
import type { Db } from './db';

const cache = new WeakMap<Db, Map<string, unknown>>();

/**
 * The query `build` makes, built and prepared once per connection under `key`. One key is one
 * SQL text: a key names what changes the text (the columns given, the length of a list).
 */
export function prepared<P>(db: Db, key: string, build: () => P): P {
  let known = cache.get(db);
  if (!known) {
    known = new Map();
    cache.set(db, known);
  }
  if (!known.has(key)) known.set(key, build());
  return known.get(key) as P;
}

/** Placeholders named by the columns they fill, for a prepared insert's values or update's set. */
export function slots<K extends string>(keys: readonly K[]): Record<K, SQL> {
  return Object.fromEntries(keys.map((k) => [k, sql`${sql.placeholder(k)}`])) as Record<K, SQL>;
}

/** `count` placeholders for an `in (…)` list of text, named `name0`, `name1`…; their values come from `listed`. */
export function listSlots(name: string, count: number): Placeholder[] {
  return Array.from({ length: count }, (_, i) => sql.placeholder(`${name}${i}`));
}

export function listed(name: string, values: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(values.map((v, i) => [`${name}${i}`, v]));
}

/** One value as `column` stores it. */
export function encode(column: Column, value: unknown): unknown {
  return value === null || value === undefined ? null : column.mapToDriverValue(value);
}

/** `values` keyed by `table`'s column names, each as its column stores it; other keys pass as they are. */
export function encoded(table: Table, values: Record<string, unknown>): Record<string, unknown> {
  const columns = getTableColumns(table) as Record<string, Column>;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, columns[k] ? encode(columns[k], v) : v]));
}
