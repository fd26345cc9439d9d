/**
 * saveCase writes only what changed among the clocks (a mail usually moves one clock, or none),
 * keeps the exactly-once markers it was not given, and marks a closed case for the tick's archive.
 */
import { openStore, type Store } from '../../src/store/db';
import { loadCase, saveCase } from '../../src/store/case-store';
import { type Case, type CaseEvent, createCalendar, decide, defaultSop } from '../../src/workflow';

const calendar = createCalendar();
const at = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const report: CaseEvent = {
  type: 'report',
  from: 'pokja3@batangkab.go.id',
  fromName: 'Pokja 3',
  fields: { committeeName: 'Pokja Pemilihan 3', userId: 'pokja3btg', tenderCode: '10034567000', tenderName: 'Rehabilitasi Jalan', phone: '+6281227459910', errorCode: null },
  missing: [],
  symptoms: ['redirect_home'],
  screenshots: 1,
  ref: '2026-0042',
  description: 'Pada menu Evaluasi, tombol Simpan kembali ke halaman utama.',
};

let store: Store;
beforeEach(() => (store = openStore(':memory:')));
afterEach(() => store.close());

/** Rows written by `work`: the case row counts one. */
function rowsWritten(work: () => void): number {
  const total = () => (store.sqlite.prepare('select total_changes() as n').get() as { n: number }).n;
  const before = total();
  work();
  return total() - before;
}
const storedClocks = () => store.sqlite.prepare('select step, stopped_at as stoppedAt, warned_at as warnedAt from clocks order by id').all();

describe('saveCase', () => {
  it('writes the case row alone when no clock changed, and one clock row per changed clock', () => {
    const opened = decide(null, report, at('2026-11-23 08:00'), defaultSop, calendar).case;
    expect(opened.clocks.length).toBeGreaterThanOrEqual(2);
    expect(rowsWritten(() => saveCase(store.db, opened, at('2026-11-23 08:00')))).toBe(1 + opened.clocks.length);

    const loaded = loadCase(store.db, { ref: '2026-0042' })!.case;
    expect(rowsWritten(() => saveCase(store.db, loaded, at('2026-11-23 08:05')))).toBe(1);

    // The running clock stops and a new one starts: two clock rows, not every clock of the case.
    const running = loaded.clocks.findIndex((k) => k.stoppedAt === null);
    const stop = at('2026-11-23 09:00');
    const next: Case = {
      ...loaded,
      clocks: [
        ...loaded.clocks.map((k, i) => (i === running ? { ...k, stoppedAt: stop } : k)),
        { step: '3', owner: 'lpse', startedAt: stop, dueAt: stop, stoppedAt: stop },
      ],
    };
    expect(rowsWritten(() => saveCase(store.db, next, stop))).toBe(3);
    expect(loadCase(store.db, { ref: '2026-0042' })!.case.clocks).toEqual(next.clocks.map((k) => ({ warnedAt: null, breachAlertedAt: null, remindedAt: null, ...k })));
  });

  it('keeps a marker that the saved case lacks, and writes nothing for it', () => {
    const opened = decide(null, report, at('2026-11-23 08:00'), defaultSop, calendar).case;
    const running = opened.clocks.findIndex((k) => k.stoppedAt === null);
    const warned = { ...opened, clocks: opened.clocks.map((k, i) => (i === running ? { ...k, warnedAt: at('2026-11-23 10:00') } : k)) };
    saveCase(store.db, warned, at('2026-11-23 10:00'));
    expect(rowsWritten(() => saveCase(store.db, opened, at('2026-11-23 10:05')))).toBe(1);
    expect(storedClocks()).toContainEqual(expect.objectContaining({ warnedAt: at('2026-11-23 10:00').getTime() }));
  });

  it('given the case as loaded, writes only the columns that changed, with the values a whole save writes', () => {
    const opened = decide(null, report, at('2026-11-23 08:00'), defaultSop, calendar).case;
    saveCase(store.db, opened, at('2026-11-23 08:00'));
    const before = loadCase(store.db, { ref: '2026-0042' })!;
    const reply: CaseEvent = { type: 'reporter_message', from: report.from, fields: { errorCode: 'ERR-502' }, screenshots: 2, text: 'Kode error ERR-502, dua tangkapan layar terlampir.', stillBroken: false };
    const next = decide(before.case, reply, at('2026-11-23 08:30'), defaultSop, calendar).case;
    const row = () => store.sqlite.prepare('select * from cases').get() as Record<string, unknown>;
    // A column the save does not change is not written: a value put there meanwhile stays.
    store.sqlite.prepare("update cases set tender_name = 'Rehabilitasi Jalan Desa'").run();
    saveCase(store.db, next, at('2026-11-23 08:30'), before);
    const partial = row();
    expect(partial).toMatchObject({ error_code: 'ERR-502', screenshots: 3, tender_name: 'Rehabilitasi Jalan Desa', updated_at: at('2026-11-23 08:30').getTime() });
    saveCase(store.db, next, at('2026-11-23 08:30'));
    expect(row()).toEqual({ ...partial, tender_name: 'Rehabilitasi Jalan' });
  });

  it('marks a closed case for the archive, and an open one not', () => {
    const opened = decide(null, report, at('2026-11-23 08:00'), defaultSop, calendar).case;
    const due = () => (store.sqlite.prepare('select archive_due as due from cases').get() as { due: number }).due;
    saveCase(store.db, opened, at('2026-11-23 08:00'));
    expect(due()).toBe(0);
    saveCase(store.db, { ...opened, state: 'closed', closedAt: at('2026-11-23 09:00'), outcome: 'solved' }, at('2026-11-23 09:00'));
    expect(due()).toBe(1);
  });
});
