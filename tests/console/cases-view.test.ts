// `cases` and `case REF` for a person: the list's filters run in SQL through indexes, and the
// text views say what the JSON holds, aligned and in calendar.timezone.
import { caseFilterFrom, describeFilter } from '../../src/console/case-filter';
import { caseListText, caseText, type TextContext } from '../../src/console/case-text';
import { findCase, listCases } from '../../src/store/case-views';
import { openStore, type Store } from '../../src/store/db';
import { events, messages } from '../../src/store/schema';
import { seed, wib } from '../digest/seed';

const STAFF = [
  { name: 'Rina Wulandari', email: 'rina@lpse.batangkab.go.id' },
  { name: 'Agus Setiawan', email: 'agus@lpse.batangkab.go.id' },
];
const CTX: TextContext = { lang: 'id', timezone: 'Asia/Jakarta', staff: STAFF };
const FILTER_CTX = { timezone: 'Asia/Jakarta', staff: STAFF };

let store: Store;
beforeEach(() => {
  store = openStore(':memory:');
  seed(store.db, [
    { ref: '2026-0001', state: 'closed', opened: '2026-11-02 08:10', closed: '2026-11-02 15:00', clocks: [{ step: '2', owner: 'lpse', start: '2026-11-02 08:10', due: '2026-11-03 08:10', stop: '2026-11-02 15:00' }] },
    { ref: '2026-0002', state: 'in_progress', opened: '2026-11-20 09:00', assignee: 'agus@lpse.batangkab.go.id', clocks: [{ step: '2', owner: 'lpse', start: '2026-11-20 09:00', due: '2026-11-23 09:00' }] },
    { ref: '2026-0003', state: 'awaiting_reporter', opened: '2026-11-25 10:30', clocks: [{ step: '1c', owner: 'reporter', start: '2026-11-25 10:31', due: '2026-11-27 10:31' }] },
    { ref: '2026-0004', state: 'escalating', opened: '2026-11-30 13:15', assignee: 'rina@lpse.batangkab.go.id', clocks: [{ step: '4', owner: 'lpse', start: '2026-11-30 13:20', due: '2026-11-30 13:50' }] },
  ]);
});
afterEach(() => store.close());

const now = wib('2026-12-01 09:00');
const refs = (opts: Parameters<typeof caseFilterFrom>[0]) => listCases(store.sqlite, now, caseFilterFrom(opts, FILTER_CTX)).map((c) => c.ref);

describe('cases filters', () => {
  it('open cases by default, newest first; --all for every case', () => {
    expect(refs({})).toEqual(['2026-0004', '2026-0003', '2026-0002']);
    expect(refs({ all: true })).toEqual(['2026-0004', '2026-0003', '2026-0002', '2026-0001']);
  });

  it('--state repeatable or as a comma list, --assignee by name or address, --since in the zone, --limit', () => {
    expect(refs({ state: ['closed'] })).toEqual(['2026-0001']);
    expect(refs({ state: ['in_progress,escalating', 'closed'] })).toEqual(['2026-0004', '2026-0002', '2026-0001']);
    expect(refs({ assignee: 'Agus Setiawan' })).toEqual(['2026-0002']);
    expect(refs({ assignee: 'rina' })).toEqual(['2026-0004']);
    expect(refs({ assignee: 'AGUS@lpse.batangkab.go.id' })).toEqual(['2026-0002']);
    // 2026-11-25 in WIB starts at 17:00 UTC the day before: 2026-0003 (10:30 WIB) is in.
    expect(refs({ since: '2026-11-25' })).toEqual(['2026-0004', '2026-0003']);
    expect(refs({ since: '2026-11-25 10:31' })).toEqual(['2026-0004']);
    expect(refs({ all: true, limit: '2' })).toEqual(['2026-0004', '2026-0003']);
  });

  it('refuses a wrong value with one line that says what is expected', () => {
    expect(() => caseFilterFrom({ state: ['selesai'] }, FILTER_CTX)).toThrow(/^--state: unknown state "selesai"; the states are checking, awaiting_reporter/);
    expect(() => caseFilterFrom({ assignee: 'Budi' }, FILTER_CTX)).toThrow('--assignee: no one staff member named "Budi" in config staff (Rina Wulandari, Agus Setiawan); an address works too');
    expect(() => caseFilterFrom({ since: '25/11/2026' }, FILTER_CTX)).toThrow(/^--since: expected a date as YYYY-MM-DD/);
    for (const limit of ['0', '-3', 'ten']) expect(() => caseFilterFrom({ limit }, FILTER_CTX)).toThrow(/^--limit: expected a whole number/);
  });

  it('gives each case its own clocks in the order they started, and a case without clocks none', () => {
    seed(store.db, [
      { ref: '2026-0005', state: 'checking', opened: '2026-11-30 14:00', clocks: [] },
      {
        ref: '2026-0006',
        state: 'in_progress',
        opened: '2026-11-30 15:00',
        // Stored out of order: the list reads them by their start.
        clocks: [
          { step: '2', owner: 'lpse', start: '2026-11-30 15:20', due: '2026-12-01 15:20' },
          { step: '1a', owner: 'lpse', start: '2026-11-30 15:00', due: '2026-11-30 15:30', stop: '2026-11-30 15:20' },
        ],
      },
    ]);
    const list = listCases(store.sqlite, now, caseFilterFrom({ limit: '3' }, FILTER_CTX));
    expect(list.map((c) => [c.ref, c.step, c.clocks.map((k) => `${k.step} ${k.breached ? 'breached' : 'met'}`)])).toEqual([
      ['2026-0006', '2', ['1a met', '2 met']],
      ['2026-0005', null, []],
      ['2026-0004', '4', ['4 breached']],
    ]);
  });

  it('runs through the indexes, not a scan of every case', () => {
    const plan = (sql: string) =>
      store.sqlite
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join(' | ');
    expect(plan("SELECT * FROM cases WHERE state IN ('checking','in_progress') ORDER BY opened_at DESC, id DESC")).toMatch(/USING INDEX cases_state_opened_idx/);
    expect(plan("SELECT * FROM cases WHERE assignee = 'agus@lpse.batangkab.go.id' ORDER BY opened_at DESC, id DESC")).toMatch(/USING INDEX cases_assignee_idx/);
    expect(plan('SELECT * FROM cases WHERE opened_at >= 1764000000000 ORDER BY opened_at DESC, id DESC LIMIT 20')).toMatch(/USING INDEX cases_opened_idx/);
    expect(plan('SELECT * FROM clocks WHERE case_id IN (1, 2, 3)')).toMatch(/USING INDEX clocks_case_step_start_uq/);
  });

  it('the header says when the list was taken, in the zone and language, and what it shows', () => {
    const filter = caseFilterFrom({ assignee: 'agus', limit: '20' }, FILTER_CTX);
    const text = caseListText(listCases(store.sqlite, now, filter), CTX, now, describeFilter(filter, FILTER_CTX));
    expect(text).toEqual([
      'per Selasa, 1 Desember 2026 09.00 WIB (open cases, assigned to Agus Setiawan, newest 20)',
      '2026-0002  in_progress  pokja.2026-0002@batangkab.go.id  step 2 (lpse) due 2026-11-23 09:00 BREACHED  assigned: Agus Setiawan',
    ]);
    expect(caseListText([], { ...CTX, lang: 'en' }, now)).toEqual(['as of Tuesday, 1 December 2026, 09:00 WIB', 'no cases']);
  });
});

describe('case REF as text', () => {
  it('shows the data, the clocks with due times and verdicts, the timeline with commands, and the messages', () => {
    const id = store.sqlite.prepare("SELECT id FROM cases WHERE ref = '2026-0004'").pluck().get() as number;
    store.db
      .insert(events)
      .values([
        { caseId: id, at: wib('2026-11-30 13:15'), type: 'case_opened', actor: 'pokja.2026-0004@batangkab.go.id', detail: { ref: '2026-0004', from: 'pokja.2026-0004@batangkab.go.id', missing: [], symptoms: ['upload_failed'], screenshots: 1 } },
        { caseId: id, at: wib('2026-11-30 13:20'), type: 'command', actor: 'rina@lpse.batangkab.go.id', detail: { name: 'escalate', from: 'rina@lpse.batangkab.go.id', role: 'staff', args: 'Server\n  tidak merespons sejak pagi' } },
        { caseId: id, at: wib('2026-11-30 13:20'), type: 'state_changed', actor: 'rina@lpse.batangkab.go.id', detail: { from: 'in_progress', to: 'escalating', stopped: '2', passed: [], started: '4' } },
        { caseId: id, at: wib('2026-11-30 13:20'), type: 'mail_queued', actor: null, detail: { kind: 'staff_ack', to: ['rina@lpse.batangkab.go.id'], outboxId: 9 } },
      ])
      .run();
    store.db
      .insert(messages)
      .values({ messageId: '<r4@batangkab.go.id>', caseId: id, direction: 'in', kind: 'human', fromAddr: 'pokja.2026-0004@batangkab.go.id', subject: 'Gagal unggah dokumen', date: wib('2026-11-30 13:14'), rawSha256: 'ab', disposition: 'processed', recordedAt: wib('2026-11-30 13:15') })
      .run();
    const c = findCase(store.sqlite, '2026-0004', now);
    if (!c) throw new Error('case 2026-0004 not found');
    const text = caseText(c, CTX);
    expect(text.slice(0, 3)).toEqual(['Case 2026-0004  (times in Asia/Jakarta)', '  state        escalating', '  reporter     pokja.2026-0004@batangkab.go.id']);
    expect(text).toContain('  assigned     Rina Wulandari');
    expect(text).toContain('  opened       2026-11-30 13:15');
    const clocks = text.slice(text.indexOf('Clocks') + 1, text.indexOf('Clocks') + 3);
    expect(clocks).toEqual(['  step  owner  started           due               stopped', '  4     lpse   2026-11-30 13:20  2026-11-30 13:50  -        running, BREACHED']);
    expect(text).toContain('  2026-11-30 13:20  command        Rina Wulandari                   escalate Server tidak merespons sejak pagi');
    expect(text).toContain('  2026-11-30 13:20  state_changed  Rina Wulandari                   in_progress -> escalating  (stopped 2; started 4)');
    expect(text).toContain('  2026-11-30 13:20  mail_queued    -                                staff_ack to Rina Wulandari');
    expect(text).toContain('  2026-11-30 13:15  case_opened    pokja.2026-0004@batangkab.go.id  symptoms=upload_failed screenshots=1');
    expect(text[text.indexOf('Messages') + 1]).toBe('  2026-11-30 13:14  in  human  pokja.2026-0004@batangkab.go.id  processed  Gagal unggah dokumen');
  });
});
