// Which years the holiday files cover, and which a day needs: its own, and from 1 November the
// coming one; a single extra holiday from config does not make a year's national calendar known.
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';
import {
  calendarWarnings,
  comingYearMissing,
  coveredYears,
  createCalendar,
  missingCalendarYears,
  uncoveredYearsBetween,
  workingDayMinutes,
} from '../../src/workflow';

const FILE_2026 = ['2026-01-01', '2026-03-19', '2026-12-25'];

describe('coveredYears', () => {
  test('the years some holiday file lists a date in', () => {
    expect([...coveredYears([...FILE_2026, '2025-12-25'])].sort()).toEqual([2025, 2026]);
  });

  test("config's extraHolidays alone do not cover a year", () => {
    const extra = ['2027-04-20']; // a regional holiday typed into config for next year
    expect([...coveredYears([...FILE_2026, ...extra], extra)]).toEqual([2026]);
  });

  test('the shipped config covers 2026', () => {
    const cfg = loadConfig(DEFAULT_CONFIG_PATH);
    expect(coveredYears(cfg.holidays, cfg.calendar.extraHolidays).has(2026)).toBe(true);
  });
});

describe('missingCalendarYears: a day needs its own year, and from 1 November the coming one', () => {
  const only2026 = coveredYears(FILE_2026);
  test.each([
    ['2026-06-15', []],
    ['2026-10-31', []],
    ['2026-11-01', [2027]],
    ['2026-12-31', [2027]],
    ['2027-01-04', [2027]],
    ['2027-11-02', [2027, 2028]],
  ])('on %s: %j', (date, missing) => {
    expect(missingCalendarYears(only2026, date)).toEqual(missing);
  });

  test('nothing is missing once next year is there', () => {
    expect(missingCalendarYears(coveredYears([...FILE_2026, '2027-01-01']), '2026-12-01')).toEqual([]);
  });
});

describe('comingYearMissing and uncoveredYearsBetween', () => {
  const only2026 = coveredYears(FILE_2026);
  test('the coming year only from 1 November', () => {
    expect(comingYearMissing(only2026, '2026-10-31')).toBeNull();
    expect(comingYearMissing(only2026, '2026-11-01')).toBe(2027);
    expect(comingYearMissing(coveredYears([...FILE_2026, '2027-01-01']), '2026-11-01')).toBeNull();
  });

  test('the years of a span of days that have no calendar (a digest window across New Year)', () => {
    expect(uncoveredYearsBetween(only2026, '2026-12-05', '2027-01-04')).toEqual([2027]);
    expect(uncoveredYearsBetween(only2026, '2026-10-01', '2026-10-31')).toEqual([]);
  });
});

describe('calendarWarnings', () => {
  test('one line per missing year, naming the folder and the decree', () => {
    const lines = calendarWarnings(coveredYears(FILE_2026), '2027-01-04', '/etc/lpse/holidays');
    expect(lines).toEqual([
      'calendar: no holiday file for 2027 in /etc/lpse/holidays: national holidays and cuti bersama of 2027 are counted as working days now; add 2027.yaml from the SKB 3 Menteri',
    ]);
    expect(calendarWarnings(coveredYears(FILE_2026), '2026-11-20', 'config/holidays')[0]).toMatch(/^calendar: no holiday file for 2027 .*from 1 January 2027/);
    expect(calendarWarnings(coveredYears(FILE_2026), '2026-07-01', 'config/holidays')).toEqual([]);
  });
});

describe('workingDayMinutes: the usual working day, for reading spans in days', () => {
  test('the default office hours: Mon–Thu 07:30–16:00 (Friday is longer)', () => {
    expect(workingDayMinutes(createCalendar().config)).toBe(510);
  });

  test('the length most weekdays have', () => {
    const h = { start: '08:00', end: '16:00' };
    const cal = createCalendar({ workingHours: { mon: h, tue: h, wed: h, thu: h, fri: { start: '08:00', end: '11:00' } } });
    expect(workingDayMinutes(cal.config)).toBe(480);
  });
});
