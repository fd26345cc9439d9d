// The daily SLA digest: figures from a seeded database at an injected instant, each checked
// against SQL written here, over a weekend (Monday 30 November 2026) and the 2026 Nyepi/Idul
// Fitri holiday block (18–24 March); the rendering; sending it once per day.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../../src/config/load';
import { buildDigest, digestTimeOn, renderDigest, runDigest, type DigestFigures } from '../../src/digest';
import { digestCommand } from '../../src/digest/digest-command';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { openStore, type Store } from '../../src/store/db';
import { fromFilesDir, messageOf } from '../../src/outbox/message';
import { outbox } from '../../src/store/schema';
import { seed, wib, type SeedCase } from './seed';

const base = loadConfig(DEFAULT_CONFIG_PATH);
const calendar = calendarFromConfig(base);
const sop = sopFromConfig(base);
const ms = (s: string) => wib(s).getTime();

let store: Store;
let dir: string;
let config: Config;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-digest-'));
  config = { ...base, paths: { database: path.join(dir, 'db.sqlite'), files: path.join(dir, 'files'), archive: path.join(dir, 'archive'), outbox: path.join(dir, 'outbox') } };
  store = openStore(config.paths.database);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const one = (q: ReturnType<typeof sql>): number => store.db.get<{ n: number }>(q)?.n ?? 0;
const refs = (q: ReturnType<typeof sql>): string[] => store.db.all<{ ref: string }>(q).map((r) => r.ref);

/** A working week to Monday 30 November 2026 (no holidays), the digest as at 07:00. */
const WEEK: SeedCase[] = [
  { ref: '2026-0001', state: 'in_progress', opened: '2026-11-27 16:20', clocks: [{ step: '2', owner: 'lpse', start: '2026-11-27 16:20', due: '2026-11-30 07:50' }] },
  { ref: '2026-0002', state: 'in_progress', opened: '2026-11-27 10:00', assignee: 'Agus', clocks: [{ step: '2', owner: 'lpse', start: '2026-11-27 10:00', due: '2026-11-27 10:30' }] },
  {
    ref: '2026-0003',
    state: 'awaiting_reporter',
    opened: '2026-11-26 09:00',
    clocks: [
      { step: '1a', owner: 'lpse', start: '2026-11-26 09:00', due: '2026-11-26 09:30', stop: '2026-11-26 09:00' },
      { step: '1b', owner: 'lpse', start: '2026-11-26 09:00', due: '2026-11-26 09:30', stop: '2026-11-26 09:00' },
      { step: '1c', owner: 'reporter', start: '2026-11-26 09:00', due: '2026-11-27 09:00' },
    ],
  },
  {
    ref: '2026-0004',
    state: 'lkpp_handling',
    opened: '2026-11-25 09:00',
    clocks: [
      { step: '2', owner: 'lpse', start: '2026-11-25 09:00', due: '2026-11-25 09:30', stop: '2026-11-25 09:50' },
      { step: '4', owner: 'lpse', start: '2026-11-25 09:50', due: '2026-11-25 10:20', stop: '2026-11-25 10:10' },
      { step: '5', owner: 'lkpp', start: '2026-11-25 10:10', due: '2026-11-25 10:25', stop: '2026-11-25 10:40' },
      { step: '9', owner: 'lkpp', start: '2026-11-25 10:40', due: '2026-11-26 10:40' },
    ],
  },
  {
    ref: '2026-0005',
    state: 'solved',
    opened: '2026-11-27 09:00',
    clocks: [
      { step: '2', owner: 'lpse', start: '2026-11-27 09:00', due: '2026-11-27 09:30', stop: '2026-11-27 09:20' },
      { step: '3', owner: 'lpse', start: '2026-11-27 09:20', due: '2026-11-27 09:50', stop: '2026-11-27 09:20' },
    ],
  },
  {
    ref: '2026-0006',
    state: 'in_progress',
    opened: '2026-11-28 10:00', // a Saturday
    clocks: [
      { step: '1a', owner: 'lpse', start: '2026-11-28 10:00', due: '2026-11-30 08:00', stop: '2026-11-28 10:00' },
      { step: '2', owner: 'lpse', start: '2026-11-28 10:00', due: '2026-11-30 08:00' },
    ],
  },
  {
    ref: '2026-0007',
    state: 'escalating',
    opened: '2026-11-27 13:00',
    clocks: [
      { step: '2', owner: 'lpse', start: '2026-11-27 13:00', due: '2026-11-27 13:30', stop: '2026-11-27 14:00' },
      { step: '4', owner: 'lpse', start: '2026-11-27 14:00', due: '2026-11-27 14:30' },
    ],
  },
  {
    ref: '2026-0008',
    state: 'closed',
    outcome: 'no_response',
    opened: '2026-11-25 11:00',
    closed: '2026-11-27 11:00',
    clocks: [{ step: '1c', owner: 'reporter', start: '2026-11-25 11:00', due: '2026-11-26 11:00', stop: '2026-11-27 11:00' }],
  },
  {
    ref: '2026-0009',
    state: 'solved',
    opened: '2026-11-10 09:00',
    clocks: [
      { step: '2', owner: 'lpse', start: '2026-11-10 09:00', due: '2026-11-10 09:30', stop: '2026-11-10 09:15' },
      { step: '3', owner: 'lpse', start: '2026-11-10 09:15', due: '2026-11-10 09:45', stop: '2026-11-10 09:15' },
    ],
  },
  {
    ref: '2026-0010',
    state: 'closed',
    outcome: 'closed',
    opened: '2026-10-01 09:00',
    closed: '2026-10-01 10:00',
    clocks: [{ step: '2', owner: 'lpse', start: '2026-10-01 09:00', due: '2026-10-01 09:30', stop: '2026-10-01 10:00' }],
  },
  {
    ref: '2026-0011',
    state: 'lkpp_solved',
    outcome: 'solved_by_lkpp',
    opened: '2026-11-26 08:00',
    clocks: [
      { step: '9', owner: 'lkpp', start: '2026-11-26 09:00', due: '2026-11-27 09:00', stop: '2026-11-27 15:00' },
      { step: '10', owner: 'lpse', start: '2026-11-27 15:00', due: '2026-11-27 15:05', stop: '2026-11-27 15:00' },
      { step: '11', owner: 'reporter', start: '2026-11-27 15:00', due: '2026-11-27 15:05', stop: '2026-11-27 15:00' },
    ],
  },
  { ref: '2026-0012', state: 'checking', opened: '2026-11-30 06:50', clocks: [{ step: '1a', owner: 'lpse', start: '2026-11-30 06:50', due: '2026-11-30 08:00' }] },
  {
    ref: '2026-0013',
    state: 'lkpp_requested',
    opened: '2026-11-26 07:40',
    clocks: [
      { step: '5', owner: 'lkpp', start: '2026-11-26 08:00', due: '2026-11-26 08:15', stop: '2026-11-26 08:10' },
      { step: '6', owner: 'lkpp', start: '2026-11-26 08:10', due: '2026-11-27 08:10', stop: '2026-11-26 08:10' },
      { step: '7', owner: 'lpse', start: '2026-11-26 08:10', due: '2026-11-27 08:10' },
    ],
  },
  {
    ref: '2026-0014',
    state: 'in_progress',
    opened: '2026-11-30 06:55',
    committeeName: 'Pokja 9, password: rahasia123',
    assignee: 'Rina (sandi: rahasia456)',
    clocks: [{ step: '2', owner: 'lpse', start: '2026-11-30 06:55', due: '2026-11-30 08:00' }],
  },
];

describe('figures on the Monday after a weekend', () => {
  const NOW = wib('2026-11-30 07:00');
  const FROM = ms('2026-11-27 00:00'); // Friday, the previous working day
  const TO = ms('2026-11-30 00:00');
  let f: DigestFigures;
  beforeEach(() => {
    seed(store.db, WEEK);
    f = buildDigest(store.db, NOW, calendar, sop);
  });

  it('is the digest of that day, as at 07:00 (digest.schedule), covering Friday and the weekend', () => {
    expect(digestTimeOn('2026-11-30', config.digest.schedule, calendar)).toEqual(NOW);
    expect(f).toMatchObject({ date: '2026-11-30', workingDay: true, timezone: 'Asia/Jakarta' });
    expect(f.period).toEqual({ from: new Date(FROM), to: new Date(TO), firstDay: '2026-11-27', lastDay: '2026-11-29' });
  });

  it('counts open cases by step and owner as the running clocks do', () => {
    const now = NOW.getTime();
    expect(f.open.total).toBe(one(sql`select count(*) as n from clocks where stopped_at is null`));
    const bySql = store.db.all<{ step: string; owner: string; count: number; overdue: number }>(
      sql`select step, owner, count(*) as count, sum(due_at < ${now}) as overdue from clocks where stopped_at is null group by step, owner`,
    );
    expect([...f.open.byStep].sort((a, b) => a.step.localeCompare(b.step))).toEqual(bySql.sort((a, b) => a.step.localeCompare(b.step)));
    expect(f.open.byStep.map((s) => s.step)).toEqual(['1a', '1c', '2', '4', '7', '9']); // SOP order
    for (const o of ['lpse', 'reporter', 'lkpp'] as const) {
      expect(f.open.byOwner[o]).toBe(one(sql`select count(*) as n from clocks where stopped_at is null and owner = ${o}`));
    }
  });

  it('gives each running clock its due time and the working time left or overdue (over the weekend)', () => {
    const line = (ref: string) => f.open.clocks.find((k) => k.ref === ref)!;
    expect(line('2026-0001')).toMatchObject({ step: '2', remainingMinutes: 20, overdueMinutes: 0 }); // Monday 07:30–07:50
    expect(line('2026-0002')).toMatchObject({ remainingMinutes: -360, overdueMinutes: 360 }); // Friday 10:30–16:30, not the weekend
    expect(line('2026-0004')).toMatchObject({ step: '9', owner: 'lkpp', overdueMinutes: 320 + 540 });
    expect(f.open.clocks[0]!.ref).toBe('2026-0004'); // most overdue first
  });

  it('lists breaches worst first with their owners: running past due now, and stopped late in the period', () => {
    const now = NOW.getTime();
    const running = one(sql`select count(*) as n from clocks where stopped_at is null and due_at < ${now}`);
    const stopped = one(sql`select count(*) as n from clocks where stopped_at >= ${FROM} and stopped_at < ${TO} and stopped_at > due_at`);
    expect(f.breached).toMatchObject({ running, stopped, total: running + stopped });
    expect([running, stopped]).toEqual([5, 3]);
    for (const o of ['lpse', 'reporter', 'lkpp'] as const) {
      const n = one(
        sql`select count(*) as n from clocks where owner = ${o} and ((stopped_at is null and due_at < ${now}) or (stopped_at >= ${FROM} and stopped_at < ${TO} and stopped_at > due_at))`,
      );
      expect(f.breached.byOwner[o]).toBe(n);
    }
    expect(f.breached.clocks.map((k) => `${k.ref}/${k.step}/${k.overdueMinutes}`)).toEqual([
      '2026-0004/9/860',
      '2026-0008/1c/510',
      '2026-0013/7/500',
      '2026-0003/1c/450',
      '2026-0011/9/360',
      '2026-0002/2/360',
      '2026-0007/4/120',
      '2026-0007/2/30',
    ]);
  });

  it('lists what falls due in the next two working hours (to Monday 09:30)', () => {
    expect(f.dueSoon.until).toEqual(wib('2026-11-30 09:30'));
    const expected = refs(
      sql`select c.ref as ref from clocks k join cases c on c.id = k.case_id where k.stopped_at is null and k.due_at >= ${NOW.getTime()} and k.due_at <= ${ms('2026-11-30 09:30')} order by k.due_at, c.ref`,
    );
    expect(f.dueSoon.clocks.map((k) => k.ref)).toEqual(expected);
    expect(expected).toEqual(['2026-0001', '2026-0006', '2026-0012', '2026-0014']);
  });

  it('lists cases waiting on reporters and at LKPP with their age', () => {
    expect(f.waitingReporter.map((a) => a.ref)).toEqual(refs(sql`select ref from cases where state = 'awaiting_reporter' order by opened_at`));
    expect(f.atLkpp.map((a) => a.ref).sort()).toEqual(refs(sql`select ref from cases where state in ('at_lkpp', 'lkpp_requested', 'lkpp_checking', 'lkpp_handling') order by ref`));
    expect(f.waitingReporter[0]).toMatchObject({ since: wib('2026-11-26 09:00'), ageDays: 3, overdue: true });
    expect(f.atLkpp.find((a) => a.ref === '2026-0004')).toMatchObject({ since: wib('2026-11-25 10:10'), ageDays: 4 });
  });

  it("counts the period's new, solved, escalated and closed cases", () => {
    const reached = (step: string) => one(sql`select count(distinct case_id) as n from clocks where step = ${step} and started_at >= ${FROM} and started_at < ${TO}`);
    expect(f.activity).toEqual({
      opened: one(sql`select count(*) as n from cases where opened_at >= ${FROM} and opened_at < ${TO}`),
      solved: reached('3'),
      solvedByLkpp: reached('10'),
      escalated: reached('4'),
      closed: one(sql`select count(*) as n from cases where state = 'closed' and closed_at >= ${FROM} and closed_at < ${TO}`),
      closedNoResponse: one(sql`select count(*) as n from cases where outcome = 'no_response' and closed_at >= ${FROM} and closed_at < ${TO}`),
    });
    expect(f.activity).toEqual({ opened: 5, solved: 1, solvedByLkpp: 1, escalated: 1, closed: 1, closedNoResponse: 1 });
  });

  it('computes per-step compliance over the last 30 days, with the median time taken', () => {
    const cFrom = ms('2026-10-31 00:00');
    const now = NOW.getTime();
    const bySql = store.db.all<{ step: string; total: number; met: number }>(
      sql`select step, count(*) as total, sum(stopped_at is not null and stopped_at <= due_at) as met from clocks
          where (stopped_at >= ${cFrom} and stopped_at < ${now}) or (stopped_at is null and due_at >= ${cFrom} and due_at < ${now})
          group by step order by step`,
    );
    expect(f.compliance.from).toEqual(new Date(cFrom));
    expect(f.compliance.steps.map(({ step, total, met }) => ({ step, total, met })).sort((a, b) => a.step.localeCompare(b.step))).toEqual(bySql);
    const two = f.compliance.steps.find((s) => s.step === '2')!;
    expect(two).toMatchObject({ total: 5, met: 2, percent: 40, medianMinutes: 35 }); // 15, 20, 50, 60 taken; 0002 still running late
    // Pooled by whose time it is: the LPSE's own steps that it can miss, apart from the rest.
    const pooled = (steps: string[]) => bySql.filter((s) => steps.includes(s.step)).reduce((n, s) => ({ total: n.total + s.total, met: n.met + s.met }), { total: 0, met: 0 });
    expect(f.compliance.byKind.lpse).toMatchObject({ steps: ['2', '4', '7'], ...pooled(['2', '4', '7']) });
    expect(f.compliance.byKind.reporter).toMatchObject({ steps: ['1c'], ...pooled(['1c']) });
    expect(f.compliance.byKind.lkpp).toMatchObject({ steps: ['5', '8', '9'], ...pooled(['5', '8', '9']) });
    expect(f.compliance.byKind.instant).toMatchObject({ steps: ['1a', '1b', '3', '6', '10', '11'], ...pooled(['1a', '1b', '3', '6', '10', '11']) });
  });
});

describe('figures over the 2026 Nyepi/Idul Fitri holiday block (18–24 March)', () => {
  const BLOCK: SeedCase[] = [
    { ref: '2026-0101', state: 'in_progress', opened: '2026-03-17 15:50', clocks: [{ step: '2', owner: 'lpse', start: '2026-03-17 15:50', due: '2026-03-25 07:50' }] },
    { ref: '2026-0102', state: 'in_progress', opened: '2026-03-17 14:00', clocks: [{ step: '2', owner: 'lpse', start: '2026-03-17 14:00', due: '2026-03-17 14:30' }] },
    { ref: '2026-0103', state: 'awaiting_reporter', opened: '2026-03-19 10:00', clocks: [{ step: '1c', owner: 'reporter', start: '2026-03-19 10:00', due: '2026-03-26 07:30' }] },
    {
      ref: '2026-0104',
      state: 'solved',
      opened: '2026-03-17 09:00',
      clocks: [
        { step: '2', owner: 'lpse', start: '2026-03-17 09:00', due: '2026-03-17 09:30', stop: '2026-03-17 09:10' },
        { step: '3', owner: 'lpse', start: '2026-03-17 09:10', due: '2026-03-17 09:40', stop: '2026-03-17 09:10' },
      ],
    },
  ];

  it('on Monday 23 March (cuti bersama): a holiday digest covering the block since Tuesday 17th', () => {
    seed(store.db, BLOCK);
    const now = digestTimeOn('2026-03-23', config.digest.schedule, calendar);
    const f = buildDigest(store.db, now, calendar, sop);
    expect(f).toMatchObject({ date: '2026-03-23', workingDay: false });
    expect(f.period).toMatchObject({ firstDay: '2026-03-17', lastDay: '2026-03-22', from: wib('2026-03-17 00:00'), to: wib('2026-03-23 00:00') });
    // The next two working hours are Wednesday 25th's first two.
    expect(f.dueSoon.until).toEqual(wib('2026-03-25 09:30'));
    expect(f.dueSoon.clocks.map((k) => [k.ref, k.remainingMinutes])).toEqual([['2026-0101', 20]]);
    // Tuesday 14:30–16:00 only: the holidays do not count against the LPSE.
    expect(f.breached.clocks.map((k) => [k.ref, k.overdueMinutes])).toEqual([['2026-0102', 90]]);
    const from = ms('2026-03-17 00:00');
    const to = ms('2026-03-23 00:00');
    expect(f.activity.opened).toBe(one(sql`select count(*) as n from cases where opened_at >= ${from} and opened_at < ${to}`));
    expect(f.activity).toMatchObject({ opened: 4, solved: 1 });
    expect(f.waitingReporter).toEqual([expect.objectContaining({ ref: '2026-0103', ageDays: 3, overdue: false })]);
    const r = renderDigest(f, 'id', { helpdeskName: config.mailbox.name, tagPrefix: 'LPSE' });
    expect(r.text).toContain('Senin, 23 Maret 2026, per 07.00 WIB (hari libur)');
    expect(r.text).toContain('5. AKTIVITAS Selasa, 17 Maret 2026 – Minggu, 22 Maret 2026');
  });

  it('on Wednesday 25 March, the first working day after it, the period is the whole block', () => {
    seed(store.db, BLOCK);
    const f = buildDigest(store.db, digestTimeOn('2026-03-25', config.digest.schedule, calendar), calendar, sop);
    expect(f).toMatchObject({ workingDay: true, period: { firstDay: '2026-03-17', lastDay: '2026-03-24' } });
    expect(f.dueSoon.until).toEqual(wib('2026-03-25 09:30'));
  });
});

describe('the rendered digest', () => {
  const NOW = wib('2026-11-30 07:00');
  beforeEach(() => seed(store.db, WEEK));
  const render = (lang: 'id' | 'en', limit?: number) => {
    return renderDigest(buildDigest(store.db, NOW, calendar, sop), lang, { helpdeskName: config.mailbox.name, tagPrefix: 'LPSE', limit });
  };

  it('is HTML that any mail client renders (tables and inline styles, no scripts or images) with a plain-text twin', () => {
    const r = render('id');
    expect(r.subject).toBe('[LPSE] Ringkasan SLA harian Senin, 30 November 2026: 9 kasus terbuka, 5 terlambat');
    expect(r.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(r.html).not.toMatch(/<script|<img|<link|<style|https?:\/\/|url\(/i);
    expect(r.html).toMatch(/<td width="\d+%" bgcolor="#[0-9a-f]{6}" style="width:\d+%;background-color:#[0-9a-f]{6};/);
    for (const out of [r.subject, r.text, r.html]) expect(out).not.toMatch(/undefined|NaN|\[object|\{\{/);
    expect(r.text).toContain('  2026-0004 9   LKPP     Kam, 26 Nov 10.40  terlambat 1 hari kerja 6 jam');
    expect(r.text).toContain('  2026-0001 Sen, 30 Nov 07.50 sisa 20 menit');
    expect(r.text).toContain('\n  2        LPSE            4          1  [!!!!!###############]\n');
    // Every table line fits a plain-text mail view.
    for (const line of r.text.split('\n').filter((l) => l.startsWith('  '))) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('never shows a password, even one typed into a committee name or an assignment', () => {
    for (const lang of ['id', 'en'] as const) {
      const r = render(lang);
      for (const out of [r.subject, r.text, r.html]) {
        expect(out).not.toContain('rahasia123');
        expect(out).not.toContain('rahasia456');
      }
      expect(r.html).toContain('Pokja 9, password: [disembunyikan]');
    }
  });

  it('is in English on request', () => {
    const r = render('en');
    expect(r.subject).toBe('[LPSE] Daily SLA digest Monday, 30 November 2026: 9 open cases, 5 overdue');
    expect(r.text).toContain('Monday, 30 November 2026, as at 07:00 WIB');
    expect(r.html).toContain('<html lang="en">');
  });

  it('shows the first entries of each list and says how many more there are', () => {
    const r = render('id', 3);
    expect(r.text).toContain('… dan 5 lainnya'); // 8 breaches
    expect(r.text).toContain('… dan 1 lainnya'); // 4 due soon
  });
});

describe('sending', () => {
  const deps = () => ({ config, db: store.db, sop, calendar, exclusive: <T>(work: () => Promise<T>) => work() });

  it('queues one outbox row per working day, never on a holiday, never twice', async () => {
    seed(store.db, WEEK);
    const holiday = await runDigest(deps(), digestTimeOn('2026-03-23', config.digest.schedule, calendar), { workingDaysOnly: true });
    expect(holiday).toMatchObject({ queued: false, skipped: 'not a working day' });
    const first = await runDigest(deps(), wib('2026-11-30 07:00'), { workingDaysOnly: true });
    const again = await runDigest(deps(), wib('2026-11-30 07:05'), { workingDaysOnly: true });
    expect(first).toMatchObject({ queued: true, key: 'digest:2026-11-30' });
    expect(again).toMatchObject({ queued: false, reason: 'already queued for this day' });
    const rows = store.db.select().from(outbox).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'digest', caseId: null, toAddrs: ['kepala@lpse.test'], status: 'pending' });
    const raw = (await messageOf(rows[0]!, fromFilesDir(config.paths.files, config.mailbox.name)).buffer()).toString('utf8');
    expect(raw).toMatch(/^Auto-Submitted: auto-generated/m);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
  });

  it('`digest --date --out --send` prints the text, writes the HTML and queues the mail once for the daemon', async () => {
    seed(store.db, WEEK);
    const lines: string[] = [];
    const warnings: string[] = [];
    const out = path.join(dir, 'digest.html');
    expect(await digestCommand(config, store, { date: '2026-11-30', out, send: true }, (l) => lines.push(l), (w) => warnings.push(w))).toBe(0);
    // December: the coming year has no holiday file yet (config/holidays ships 2026 only).
    expect(warnings).toEqual([expect.stringMatching(/^warning: calendar: no holiday file for 2027 in .*holidays: from 1 January 2027/)]);
    expect(lines.slice(0, 2)).toEqual(['Subject: [LPSE] Ringkasan SLA harian Senin, 30 November 2026: 9 kasus terbuka, 5 terlambat', '']);
    expect(fs.readFileSync(out, 'utf8')).toContain('Ringkasan SLA Harian');
    expect(lines).toContain('queued for kepala@lpse.test (digest:2026-11-30)');
    expect(store.db.select().from(outbox).all().map((o) => [o.kind, o.status])).toEqual([['digest', 'pending']]);
    expect(fs.existsSync(config.paths.outbox)).toBe(false);
    await digestCommand(config, store, { date: '2026-11-30', send: true }, (l) => lines.push(l), () => undefined);
    expect(lines).toContain('not queued: already queued for this day');
    await expect(digestCommand(config, store, { date: '30-11-2026' }, () => undefined)).rejects.toThrow(/--date/);
  });
});
