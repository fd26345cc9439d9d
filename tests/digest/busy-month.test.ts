// A busy month — 3000 cases in November 2026 — must still give a digest a person reads in a
// browser and in a mail client's plain-text view: exact counts, short lists with "and N more",
// table lines within 78 columns, a sane size. The sample is written to var/digest-sample/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';
import { buildDigest, renderDigest } from '../../src/digest';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { openStore, type Store } from '../../src/store/db';
import { dueAt, type StepId } from '../../src/workflow';
import { seed, wib, type SeedCase, type SeedClock } from './seed';

const config = loadConfig(DEFAULT_CONFIG_PATH);
const calendar = calendarFromConfig(config);
const sop = sopFromConfig(config);
const NOW = wib('2026-11-30 07:00');
const CASES = 3000;
const SAMPLE_DIR = path.resolve(__dirname, '..', '..', 'var', 'digest-sample');

/** A small deterministic PRNG (mulberry32): the same month every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The state a case is in while the clock of `step` runs. */
const RUNNING_STATE: Partial<Record<StepId, string>> = {
  '1a': 'checking',
  '1c': 'awaiting_reporter',
  '2': 'in_progress',
  '4': 'escalating',
  '5': 'at_lkpp',
  '7': 'lkpp_requested',
  '8': 'lkpp_checking',
  '9': 'lkpp_handling',
};

/**
 * A month as a helpdesk lives it: most cases solved by the LPSE within the hour, some waiting
 * on reporters (a few closed for no response), a quarter escalated to LKPP, a few stuck; every
 * path cut at the digest's instant, so the open cases are mostly the recent ones.
 */
function month(): SeedCase[] {
  const rnd = prng(20261130);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + rnd() * (hi - lo);
  const first = wib('2026-11-02 07:30').getTime();
  const last = wib('2026-11-30 06:59').getTime();
  const list: SeedCase[] = [];
  for (let i = 1; i <= CASES; i++) {
    // Reports come in at any hour, mostly in office hours; the clocks start at the next opening.
    let opened = new Date(first + rnd() * (last - first));
    while (!calendar.isWorkingTime(opened) && rnd() < 0.85) opened = new Date(first + rnd() * (last - first));
    const clocks: SeedClock[] = [];
    let t = opened;
    /** A clock of `s` taking `taken` working minutes (null: never stops). */
    const step = (s: StepId, taken: number | null) => {
      const due = dueAt(sop, calendar, s, t);
      const stop = taken === null ? null : taken === 0 ? t : calendar.addWorkingMinutes(t, taken);
      clocks.push({ step: s, owner: sop.find((x) => x.step === s)!.owner, start: t, due, stop });
      if (stop) t = stop;
    };
    let outcome: string | null = null;
    let finalState = 'solved';
    const r = rnd();
    step('1a', 0);
    if (r < 0.45) {
      step('2', rnd() < 0.1 ? between(40, 240) : between(3, 35));
      step('3', 0);
      outcome = 'solved';
    } else if (r < 0.6) {
      step('1b', 0);
      if (rnd() < 0.2) {
        const due = dueAt(sop, calendar, '1c', t);
        clocks.push({ step: '1c', owner: 'reporter', start: t, due, stop: calendar.addWorkingDays(due, 3) });
        outcome = 'no_response';
        finalState = 'closed';
      } else {
        step('1c', rnd() < 0.8 ? between(20, 480) : between(480, 1200));
        step('2', between(3, 40));
        step('3', 0);
        outcome = 'solved';
      }
    } else if (r < 0.99) {
      step('2', between(5, 45));
      step('4', rnd() < 0.8 ? between(5, 30) : between(30, 120));
      step('5', rnd() < 0.7 ? between(3, 15) : between(15, 90));
      if (rnd() < 0.4) {
        step('6', 0);
        step('7', rnd() < 0.8 ? between(30, 500) : between(500, 1500));
        step('8', between(30, 900));
      }
      step('9', rnd() < 0.97 ? (rnd() < 0.7 ? between(60, 500) : between(500, 1500)) : null);
      step('10', 0);
      step('11', 0);
      outcome = 'solved_by_lkpp';
      finalState = 'lkpp_solved';
    } else {
      step('2', null); // stuck with the LPSE
    }
    // Cut at the digest's instant: the first clock still going then runs, the rest never began.
    let state = finalState;
    const cut = clocks.findIndex((k) => k.stop === null || (k.stop as Date).getTime() > NOW.getTime());
    if (cut >= 0) {
      clocks.splice(cut + 1);
      clocks[cut]!.stop = null;
      state = RUNNING_STATE[clocks[cut]!.step as StepId] ?? 'in_progress';
      outcome = null;
    }
    const end = clocks.at(-1)?.stop as Date | null | undefined;
    let closed: Date | null = null;
    if (state === 'closed') closed = end ?? null;
    else if (end && (state === 'solved' || state === 'lkpp_solved') && rnd() < 0.5) {
      const at = calendar.addWorkingDays(end, 1);
      if (at.getTime() < NOW.getTime()) {
        closed = at;
        state = 'closed';
      }
    }
    list.push({
      ref: `2026-${String(i).padStart(4, '0')}`,
      state,
      opened,
      closed,
      outcome,
      committeeName: `Pokja Pemilihan ${1 + Math.floor(rnd() * 40)} ${pick(['Dinas PUPR', 'Dinas Kesehatan', 'RSUD Kalisari', 'Dinas Pendidikan', 'Setda'])}`,
      assignee: rnd() < 0.5 ? pick(['Rina Wulandari', 'Agus Setiawan']) : null,
      clocks,
    });
  }
  return list;
}

let store: Store;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-busy-'));
  store = openStore(path.join(dir, 'db.sqlite'));
  seed(store.db, month());
}, 60_000);
afterAll(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`the digest of a busy month (${CASES} cases)`, () => {
  it('is built and rendered quickly, with exact counts and summarised lists', () => {
    const started = Date.now();
    const f = buildDigest(store.db, NOW, calendar, sop);
    const id = renderDigest(f, 'id', { helpdeskName: config.mailbox.name, tagPrefix: 'LPSE' });
    const en = renderDigest(f, 'en', { helpdeskName: config.mailbox.name, tagPrefix: 'LPSE' });
    expect(Date.now() - started).toBeLessThan(10_000);

    const n = (q: ReturnType<typeof sql>) => store.db.get<{ n: number }>(q)?.n ?? 0;
    expect(n(sql`select count(*) as n from cases`)).toBe(CASES);
    expect(f.open.total).toBe(n(sql`select count(*) as n from clocks where stopped_at is null`));
    expect(f.open.total).toBeGreaterThan(100);
    expect(f.breached.running).toBe(n(sql`select count(*) as n from clocks where stopped_at is null and due_at < ${NOW.getTime()}`));
    const decided = Object.values(f.compliance.byKind).reduce((sum, p) => sum + p.total, 0);
    expect(decided).toBe(f.compliance.steps.reduce((sum, c) => sum + c.total, 0));
    expect(decided).toBeGreaterThan(5000);
    // The headline is the LPSE's own steps, not a pool where the instant steps lift it.
    const lpse = f.compliance.byKind.lpse;
    expect(lpse.steps).toEqual(['2', '4', '7']);
    expect(id.text).toMatch(new RegExp(`Kepatuhan LPSE 30 hari \\(langkah 2, 4, 7\\) +${lpse.percent}%`));
    expect(f.compliance.steps.filter((c) => c.kind === 'instant').every((c) => c.met === c.total)).toBe(true);
    // Lateness reads in working days and hours, never in dozens of hours.
    expect(id.text).toMatch(/terlambat \d+ hari kerja( \d+ jam)?/);
    expect(id.text).not.toMatch(/\b\d{2,} jam\b/);
    expect(en.text).not.toMatch(/\b\d{2,} h\b/);
    // Every name starts "Pokja Pemilihan": the text lists keep what tells them apart.
    const rows = id.text.split('\n').filter((l) => /^ {2}2026-\d{4} /.test(l));
    expect(rows.some((l) => /\b\d{1,2} (Dinas|RSUD|Setda)/.test(l))).toBe(true);
    expect(rows.some((l) => l.includes('Pokja Pemilihan'))).toBe(false);
    expect(id.text).toContain('tanpa awalan bersama "Pokja Pemilihan"');

    fs.mkdirSync(SAMPLE_DIR, { recursive: true });
    fs.writeFileSync(path.join(SAMPLE_DIR, 'digest-busy-month.html'), id.html);
    fs.writeFileSync(path.join(SAMPLE_DIR, 'digest-busy-month.txt'), `Subject: ${id.subject}\n\n${id.text}`);
    fs.writeFileSync(path.join(SAMPLE_DIR, 'digest-busy-month.en.txt'), `Subject: ${en.subject}\n\n${en.text}`);

    for (const r of [id, en]) {
      for (const out of [r.subject, r.text, r.html]) expect(out).not.toMatch(/undefined|NaN|\[object|\{\{|Infinity/);
      expect(r.html.length).toBeLessThan(250_000);
      expect(r.text.length).toBeLessThan(40_000);
      for (const line of r.text.split('\n').filter((l) => l.startsWith('  '))) expect(line.length).toBeLessThanOrEqual(78);
      expect(r.html).not.toMatch(/<script|<img|https?:\/\//i);
    }
    // Every list is cut to ten (five per step) and says how many more.
    const more = id.text.match(/… dan \d+ lainnya/g) ?? [];
    expect(more.length).toBeGreaterThanOrEqual(5);
    expect(id.text).toContain(`… dan ${f.breached.total - 10} lainnya`);
    expect(id.text.split('\n').filter((l) => /^ {2}2026-\d{4} /.test(l)).length).toBeLessThanOrEqual(10 * 4 + 5 * 13);
  });
});
