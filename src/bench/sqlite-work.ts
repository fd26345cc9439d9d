// Its SQLite work against plain better-sqlite3 inserts of the same rows.
//
// The product: Helpdesk.receive in this process over the same Maildir as the intake figure,
// into a fresh store, with a reader that returns readings computed beforehand (so no parsing is
// timed), the clock at each mail's Date as `process --clock message` sets it. Its DB time is
// what db-meter.ts measures inside drizzle and better-sqlite3 during receive; receive's whole
// time (DB, routing, rendering, files) is printed beside it. Nothing is subtracted.
//
// The floor: every row the product wrote in the intake figure's last `process` run (cases,
// clocks, messages, attachments, events, outbox, outbox_recipients) inserted with plain
// prepared statements into an empty store of the same schema (openStore), one transaction per
// mail. Each row goes to the mail at whose time it was written (its recorded_at, at, created_at
// or started_at, never before its case's), at its final values; a later mail of an existing
// case also updates the case's state. The floor writes each row once, so the product's updates
// of clocks and rows it rewrites count against it, as they should.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Helpdesk } from '../helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../helpdesk/wiring';
import { readMessage, type Reading } from '../inbox/reading';
import { openStore } from '../store/db';
import { runInZone } from '../workflow/zone-clock';
import { installDbMeter } from './db-meter';
import type { MailSet } from './mail-generator';
import { median } from './measure';
import { atMost, type Row } from './table';
import { workspace, type Workspace } from './workspace';

type Value = number | string | bigint | Buffer | null;
type Record_ = Record<string, Value>;

function maildirRaws(set: MailSet): Buffer[] {
  const dir = path.join(set.dir, 'new');
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f)));
}

function dateOf(raw: Buffer): Date {
  const head = raw.subarray(0, 16 * 1024).toString('latin1');
  const value = /^Date:[ \t]*(.+)$/m.exec(head)?.[1];
  const t = value ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new Error('generated mail without a Date');
  return new Date(t);
}

/** Each mail's reading, made once for every round. */
async function readingsOf(raws: readonly Buffer[], ws: Workspace): Promise<Reading[]> {
  const readOpts = { tagPrefix: ws.config.cases.tagPrefix, ownAddresses: [ws.config.mailbox.address] };
  const readings: Reading[] = [];
  for (const raw of raws) readings.push(await readMessage(raw, readOpts));
  return readings;
}

async function productTime(raws: readonly Buffer[], readings: readonly Reading[], ws: Workspace): Promise<{ dbMs: number; receiveMs: number; calls: number }> {
  const cfg = ws.config;
  // In the helpdesk's zone, as `process` runs (cli.ts).
  runInZone(cfg.calendar.timezone);
  const store = openStore(ws.database);
  let now = new Date(0);
  // receive reads each mail once, in turn: the reader hands over the reading made for it.
  let current: Reading | undefined;
  const reader = () => (current ? Promise.resolve(current) : Promise.reject(new Error('sqlite figure: no reading for this mail')));
  const helpdesk = new Helpdesk({ config: cfg, store, sop: sopFromConfig(cfg), calendar: calendarFromConfig(cfg), now: () => now, reader });
  const meter = installDbMeter();
  let receiveMs = 0;
  try {
    meter.reset();
    for (const [i, raw] of raws.entries()) {
      now = new Date(Math.max(now.getTime(), dateOf(raw).getTime()));
      current = readings[i];
      const t0 = performance.now();
      await helpdesk.receive(raw);
      receiveMs += performance.now() - t0;
    }
    return { dbMs: meter.ms, receiveMs, calls: meter.calls };
  } finally {
    meter.uninstall();
    store.close();
  }
}

/** Index of the last mail at or before `t` (the first mail for anything earlier). */
function mailAt(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((times[mid] ?? 0) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function plainTime(raws: readonly Buffer[], written: string, ws: Workspace): { ms: number; rows: number } {
  const times = raws.map((r) => dateOf(r).getTime());
  const src = new Database(written, { readonly: true });
  const all = (table: string) => src.prepare(`select * from ${table} order by rowid`).all() as Record_[];
  const dst = openStore(ws.database);
  const inserts = new Map<string, Database.Statement>();
  const insert = (table: string, row: Record_) => {
    let s = inserts.get(table);
    if (!s) {
      const cols = Object.keys(row);
      s = dst.sqlite.prepare(`insert into ${table} (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})`);
      inserts.set(table, s);
    }
    return { s, v: Object.values(row) };
  };
  const caseUpdate = dst.sqlite.prepare('update cases set state = ?, updated_at = ? where id = ?');
  const perMail: { s: Database.Statement; v: Value[] }[][] = raws.map(() => []);
  const caseMail = new Map<Value, number>();
  const caseRows = new Map<Value, Record_>();
  const place = (mail: number, op: { s: Database.Statement; v: Value[] }) => perMail[mail]?.push(op);
  const after = (t: Value, caseId: Value) => Math.max(mailAt(times, Number(t)), caseMail.get(caseId) ?? 0);
  for (const c of all('cases')) {
    const m = mailAt(times, Number(c.opened_at));
    caseMail.set(c.id ?? null, m);
    caseRows.set(c.id ?? null, c);
    place(m, insert('cases', c));
  }
  const messageMail = new Map<Value, number>();
  const updated = new Set<string>();
  for (const msg of all('messages')) {
    const m = after(msg.recorded_at ?? null, msg.case_id ?? null);
    messageMail.set(msg.id ?? null, m);
    place(m, insert('messages', msg));
    const c = msg.case_id === null ? undefined : caseRows.get(msg.case_id ?? null);
    if (c && m > (caseMail.get(c.id ?? null) ?? 0) && !updated.has(`${m}/${String(c.id)}`)) {
      updated.add(`${m}/${String(c.id)}`);
      place(m, { s: caseUpdate, v: [c.state ?? null, c.updated_at ?? null, c.id ?? null] });
    }
  }
  for (const a of all('attachments')) place(messageMail.get(a.message_row_id ?? null) ?? 0, insert('attachments', a));
  for (const k of all('clocks')) place(after(k.started_at ?? null, k.case_id ?? null), insert('clocks', k));
  for (const e of all('events')) place(after(e.at ?? null, e.case_id ?? null), insert('events', e));
  const outboxMail = new Map<Value, number>();
  for (const o of all('outbox')) {
    const m = after(o.created_at ?? null, o.case_id ?? null);
    outboxMail.set(o.id ?? null, m);
    place(m, insert('outbox', o));
  }
  for (const r of all('outbox_recipients')) place(outboxMail.get(r.outbox_id ?? null) ?? 0, insert('outbox_recipients', r));
  src.close();
  const t0 = performance.now();
  for (const ops of perMail) {
    dst.sqlite.exec('BEGIN IMMEDIATE');
    for (const op of ops) op.s.run(...op.v);
    dst.sqlite.exec('COMMIT');
  }
  const ms = performance.now() - t0;
  dst.close();
  return { ms, rows: perMail.reduce((n, ops) => n + ops.length, 0) };
}

/**
 * The two sides alternate, `rounds` times (each round into fresh stores), and the figure is the
 * ratio of their medians: a machine that slows down weighs on both alike.
 */
export async function sqliteFigure(set: MailSet, written: Workspace, tmp: string, rounds: number): Promise<{ row: Row; notes: string[] }> {
  const raws = maildirRaws(set);
  const readings = await readingsOf(raws, workspace(path.join(tmp, 'sqlite-product')));
  const products: Awaited<ReturnType<typeof productTime>>[] = [];
  const plains: ReturnType<typeof plainTime>[] = [];
  for (let i = 0; i < rounds; i++) {
    const runProduct = async () => products.push(await productTime(raws, readings, workspace(path.join(tmp, 'sqlite-product'))));
    const runPlain = () => plains.push(plainTime(raws, written.database, workspace(path.join(tmp, 'sqlite-plain'))));
    if (i % 2 === 0) {
      await runProduct();
      runPlain();
    } else {
      runPlain();
      await runProduct();
    }
  }
  const product = { dbMs: median(products.map((p) => p.dbMs)), receiveMs: median(products.map((p) => p.receiveMs)), calls: products[0]?.calls ?? 0 };
  const plain = { ms: median(plains.map((p) => p.ms)), rows: plains[0]?.rows ?? 0 };
  const per = (ms: number) => ms / raws.length;
  const ratio = product.dbMs / plain.ms;
  return {
    row: {
      figure: `its SQLite work vs plain better-sqlite3 inserts of the same rows (median of ${rounds})`,
      goal: atMost(2, ' ×'),
      value: ratio,
      measured: `${ratio.toFixed(1)} (${per(product.dbMs).toFixed(2)} vs ${per(plain.ms).toFixed(2)} ms per mail)`,
    },
    notes: [
      `SQLite work: ${(product.calls / raws.length).toFixed(0)} DB calls per mail; receive after reading takes ${per(product.receiveMs).toFixed(2)} ms per mail in all; the plain side writes ${(plain.rows / raws.length).toFixed(1)} statements per mail`,
    ],
  };
}
