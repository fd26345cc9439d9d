// What a person reads in the digest: lateness in working days and hours, names that keep what
// tells them apart, and a banner while a day the digest covers has no holiday calendar.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../../src/config/load';
import { buildDigest, commonPrefix, fitName, prepareDigest, renderDigest } from '../../src/digest';
import { tickCommand } from '../../src/digest/commands';
import { digestCommand } from '../../src/digest/digest-command';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { formatWorkingMinutes } from '../../src/outbox/format';
import { openStore, type Store } from '../../src/store/db';
import { coveredYears } from '../../src/workflow';
import { seed, wib } from './seed';

const DAY = 510; // the default calendar's usual working day, 8 h 30

describe('formatWorkingMinutes with the working day', () => {
  test.each([
    [170 * 60, 'id', '20 hari kerja'],
    [3 * DAY + 120, 'id', '3 hari kerja 2 jam'],
    [3 * DAY + 120, 'en', '3 working days 2 h'],
    [DAY, 'en', '1 working day'],
    [DAY + 29, 'id', '1 hari kerja'],
    [DAY + 31, 'id', '1 hari kerja 1 jam'],
    [DAY - 1, 'id', '8 jam 29 menit'],
    [45, 'id', '45 menit'],
    [0, 'id', '< 1 menit'],
  ] as const)('%d minutes (%s): %s', (minutes, lang, text) => {
    expect(formatWorkingMinutes(minutes, lang, { minutesPerDay: DAY })).toBe(text);
  });

  test('a remainder that rounds to a whole day carries into the days (an 8-hour day)', () => {
    expect(formatWorkingMinutes(2 * 480 + 470, 'id', { minutesPerDay: 480 })).toBe('3 hari kerja');
  });

  test('without the working day it stays in hours, as mails to staff use it', () => {
    expect(formatWorkingMinutes(3 * DAY + 120, 'id')).toBe('27 jam 30 menit');
  });
});

describe('names in the plain-text lists', () => {
  const names = ['Pokja Pemilihan Dinas Kesehatan', 'Pokja Pemilihan Dinas Pendidikan', 'Pokja Pemilihan 3 RSUD Kalisari'];

  test('the words every name starts with', () => {
    expect(commonPrefix(names)).toBe('Pokja Pemilihan');
    expect(commonPrefix(['Pokja 1', 'Pokja 1'])).toBe(''); // one name: nothing to compare with
    expect(commonPrefix(['Pokja Pemilihan', 'Pokja Pemilihan Dinkes'])).toBe('Pokja'); // never the whole of a name
    expect(commonPrefix(['ULP Setda', 'Pokja 2'])).toBe('');
  });

  test('the shared prefix is left out, then words come out of the middle, never the end', () => {
    expect(fitName('Pokja Pemilihan Dinas Kesehatan', 20, 'Pokja Pemilihan')).toBe('Dinas Kesehatan');
    expect(fitName('Pokja Pemilihan 12 Dinas Pendidikan dan Kebudayaan', 22, 'Pokja Pemilihan')).toBe('12 Dinas … Kebudayaan');
    expect(fitName('Pokja Pemilihan Dinas Kesehatan', 20, '')).toBe('Pokja … Kesehatan');
    expect(fitName('Pokja Pemilihan Dinas Kesehatan', 20, '')).not.toMatch(/…$/);
    expect(fitName('pokja.pemilihan.dinkes@batangkab.go.id', 16, '')).toBe('pokja.pe…b.go.id');
    // A last word too long to keep beside the first: the name is told by its first words.
    expect(fitName('Pokja Pemilihan 7 (pw root = [disembunyikan])', 19, '')).toBe('Pokja Pemilihan 7 …');
  });
});

describe('the calendar banner', () => {
  const base = loadConfig(DEFAULT_CONFIG_PATH);
  let dir: string;
  let store: Store;
  let config: Config;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-reading-'));
    config = { ...base, paths: { ...base.paths, database: path.join(dir, 'db.sqlite') } };
    store = openStore(config.paths.database);
    seed(store.db, [
      { ref: '2027-0001', state: 'in_progress', opened: '2027-01-04 09:00', committeeName: 'Pokja Pemilihan Dinas PUPR', clocks: [{ step: '2', owner: 'lpse', start: '2027-01-04 09:00', due: '2027-01-04 09:30' }] },
    ]);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const render = (now: Date, language: 'id' | 'en' = 'id') =>
    prepareDigest({ config: { ...config, language }, db: store.db, sop: sopFromConfig(config), calendar: calendarFromConfig(config) }, now).rendered;

  test('a digest in a year without a holiday file says so first, in both formats and languages', () => {
    const id = render(wib('2027-01-05 07:00'));
    expect(id.text).toContain('PERHATIAN: kalender hari libur tahun 2027 belum tersedia.');
    expect(id.text.indexOf('PERHATIAN')).toBeLessThan(id.text.indexOf('Kasus terbuka'));
    expect(id.html).toContain('PERHATIAN: kalender hari libur tahun 2027 belum tersedia.');
    expect(render(wib('2027-01-05 07:00'), 'en').text).toContain('WARNING: there is no holiday calendar for 2027.');
  });

  test('`digest` and `tick` warn apart from what they print, naming the year and the folder', async () => {
    const printed: string[] = [];
    const warned: string[] = [];
    expect(await tickCommand(config, store, { now: '2027-01-05T02:00:00Z' }, (l) => printed.push(l), (w) => warned.push(w))).toBe(0);
    expect(warned).toEqual([expect.stringMatching(/^warning: calendar: no holiday file for 2027 in \/.*\/config\/holidays: .* counted as working days now/)]);
    expect(printed.join('\n')).not.toContain('warning');
    warned.length = 0;
    await digestCommand(config, store, { date: '2026-10-30' }, () => undefined, (w) => warned.push(w));
    expect(warned).toEqual([]);
  });

  test('from 1 November it announces the coming year; before, and once the file is there, nothing', () => {
    expect(render(wib('2026-11-02 07:00')).text).toContain('Kalender hari libur tahun 2027 belum tersedia. Mulai 1 Januari 2027');
    expect(render(wib('2026-10-30 07:00')).text).not.toMatch(/Kalender hari libur|PERHATIAN/);
    const calendar = calendarFromConfig(config);
    const withNextYear = coveredYears([...config.holidays, '2027-01-01']);
    const f = buildDigest(store.db, wib('2026-11-02 07:00'), calendar, sopFromConfig(config), withNextYear);
    expect(f.calendar).toEqual({ missingYears: [], comingYear: null });
    expect(renderDigest(f, 'id', { helpdeskName: config.mailbox.name, tagPrefix: 'LPSE' }).text).not.toContain('Kalender hari libur');
  });
});
