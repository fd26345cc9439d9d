import { calendarConfigIssues, createCalendar, defaultCalendarConfig, type CalendarConfig } from '../../src/workflow/calendar';
import { cal, fmt, wib } from './helpers';

// 2026: Fri 13 Mar, Sat 14, Mon 16, Tue 17; holidays Wed 18 – Tue 24 Mar (Nyepi / Idul Fitri),
// Mon 17 Aug, Thu 1 Jan. Mon–Thu 07:30–16:00, Fri 07:30–16:30.

describe('isWorkingTime', () => {
  test.each([
    ['2026-03-16 07:29', false, 'Monday before opening'],
    ['2026-03-16 07:30', true, 'Monday opening'],
    ['2026-03-16 15:59', true, 'Monday last minute'],
    ['2026-03-16 16:00', false, 'Monday closing (half-open)'],
    ['2026-03-13 16:10', true, 'Friday afternoon, Friday closes 16:30'],
    ['2026-03-13 16:30', false, 'Friday closing'],
    ['2026-03-14 10:00', false, 'Saturday'],
    ['2026-03-15 10:00', false, 'Sunday'],
    ['2026-03-19 10:00', false, 'Nyepi / Idul Fitri block'],
    ['2026-08-17 10:00', false, '17 August'],
    ['2026-01-01 10:00', false, 'New Year'],
    ['2025-12-31 10:00', true, 'New Year eve, a Wednesday'],
  ])('%s -> %s (%s)', (t, expected) => {
    expect(cal.isWorkingTime(wib(t))).toBe(expected);
  });
});

describe('nextOpening', () => {
  test.each([
    ['2026-03-16 10:00', '2026-03-16 10:00', 'open: t itself'],
    ['2026-03-16 06:00', '2026-03-16 07:30', 'before opening'],
    ['2026-03-16 16:00', '2026-03-17 07:30', 'at closing'],
    ['2026-03-13 16:30', '2026-03-16 07:30', 'Friday closing -> Monday'],
    ['2026-03-14 12:00', '2026-03-16 07:30', 'Saturday -> Monday'],
    ['2026-03-17 16:05', '2026-03-25 07:30', 'before the holiday block -> after it'],
    ['2026-08-14 17:00', '2026-08-18 07:30', 'Friday before 17 August -> Tuesday'],
    ['2025-12-31 16:00', '2026-01-02 07:30', 'year boundary, 1 January closed'],
  ])('%s -> %s (%s)', (t, expected) => {
    expect(fmt(cal.nextOpening(wib(t)))).toBe(expected);
  });
});

describe('addWorkingMinutes', () => {
  test.each([
    ['2026-03-16 10:00', 30, '2026-03-16 10:30', 'inside working hours'],
    ['2026-03-16 15:50', 30, '2026-03-17 07:50', '10 today, 20 tomorrow'],
    ['2026-03-13 16:10', 30, '2026-03-16 07:40', 'Friday 16:10: 20 on Friday, 10 on Monday'],
    ['2026-03-13 16:00', 30, '2026-03-13 16:30', 'due exactly at Friday closing'],
    ['2026-03-14 09:00', 30, '2026-03-16 08:00', 'weekend start begins Monday 07:30'],
    ['2026-03-16 06:00', 30, '2026-03-16 08:00', 'early start begins at opening'],
    ['2026-03-17 15:45', 30, '2026-03-25 07:45', 'across the holiday block'],
    ['2026-08-14 16:20', 15, '2026-08-18 07:35', 'Friday, then 17 August closed'],
    ['2025-12-31 15:50', 30, '2026-01-02 07:50', 'year boundary'],
    ['2026-03-16 07:30', 510, '2026-03-16 16:00', 'a whole Monday'],
    ['2026-03-16 07:30', 511, '2026-03-17 07:31', 'a whole Monday and a minute'],
    ['2026-03-14 10:00', 0, '2026-03-16 07:30', 'zero minutes from Saturday: the next opening'],
    ['2026-03-16 10:00', 3000, '2026-03-31 08:30', 'long: Mon 360, Tue 510, Wed 25..Fri 27 1560, Mon 30 510, Tue 60'],
  ])('%s + %i min -> %s (%s)', (t, n, expected) => {
    expect(fmt(cal.addWorkingMinutes(wib(t), n))).toBe(expected);
  });

  test('rejects negative or non-finite minutes', () => {
    expect(() => cal.addWorkingMinutes(wib('2026-03-16 10:00'), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingMinutes(wib('2026-03-16 10:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  test.each([
    ['2026-03-16 10:00', 1, '2026-03-17 10:00', 'same clock time next working day'],
    ['2026-03-12 15:00', 1, '2026-03-13 15:00', 'Thursday -> Friday'],
    ['2026-03-13 10:00', 1, '2026-03-16 10:00', 'Friday -> Monday'],
    ['2026-03-13 16:20', 1, '2026-03-16 16:00', 'Friday 16:20 clamps to Monday closing 16:00'],
    ['2026-03-13 17:00', 1, '2026-03-17 07:30', 'after Friday closing: from Monday opening'],
    ['2026-03-14 11:00', 1, '2026-03-17 07:30', 'Saturday: from Monday opening'],
    ['2026-03-17 10:00', 1, '2026-03-25 10:00', 'across the holiday block'],
    ['2026-08-14 16:20', 1, '2026-08-18 16:00', 'Friday 16:20, Monday 17 August closed, clamp on Tuesday'],
    ['2025-12-31 10:00', 1, '2026-01-02 10:00', 'year boundary'],
    ['2025-12-31 10:00', 2, '2026-01-05 10:00', 'year boundary, two days'],
    ['2026-03-16 10:00', 5, '2026-03-30 10:00', 'five working days around the holiday block'],
    ['2026-03-14 11:00', 0, '2026-03-16 07:30', 'zero days from Saturday: the next opening'],
  ])('%s + %i day -> %s (%s)', (t, n, expected) => {
    expect(fmt(cal.addWorkingDays(wib(t), n))).toBe(expected);
  });

  test('rejects fractional or negative days', () => {
    expect(() => cal.addWorkingDays(wib('2026-03-16 10:00'), 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(wib('2026-03-16 10:00'), -1)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  test.each([
    ['2026-03-16 10:00', '2026-03-16 11:00', 60, 'same day'],
    ['2026-03-13 16:00', '2026-03-16 08:00', 60, 'Friday 30 + Monday 30'],
    ['2026-03-16 11:00', '2026-03-16 10:00', -60, 'reversed: negative'],
    ['2026-03-09 00:00', '2026-03-16 00:00', 2580, 'a week: 4 x 510 + 540'],
    ['2026-03-14 08:00', '2026-03-15 18:00', 0, 'a weekend'],
    ['2026-03-17 15:00', '2026-03-25 08:00', 90, 'across the holiday block'],
    ['2025-12-31 15:00', '2026-01-02 08:30', 120, 'year boundary'],
    ['2026-03-16 10:00', '2026-03-16 10:00', 0, 'empty'],
  ])('%s .. %s = %i (%s)', (a, b, expected) => {
    expect(cal.workingMinutesBetween(wib(a), wib(b))).toBe(expected);
  });

  test('is fractional below a minute', () => {
    const a = wib('2026-03-16 10:00');
    expect(cal.workingMinutesBetween(a, new Date(a.getTime() + 30_000))).toBe(0.5);
  });

  test('inverts addWorkingMinutes', () => {
    for (const t of ['2026-03-13 16:10', '2026-03-14 03:00', '2026-03-17 12:00', '2025-12-31 15:59']) {
      for (const n of [1, 29, 30, 510, 2000]) {
        const start = cal.nextOpening(wib(t));
        expect(cal.workingMinutesBetween(start, cal.addWorkingMinutes(wib(t), n))).toBe(n);
      }
    }
  });
});

describe('localDate', () => {
  test('is the Jakarta date, not the UTC one', () => {
    expect(cal.localDate(new Date('2026-03-13T17:30:00Z'))).toBe('2026-03-14');
    expect(cal.localDate(new Date('2025-12-31T16:59:59Z'))).toBe('2025-12-31');
    expect(cal.localDate(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
  });
});

describe('other time zones', () => {
  const berlin = createCalendar({
    timezone: 'Europe/Berlin',
    workingHours: { mon: { start: '09:00', end: '17:00' }, tue: { start: '09:00', end: '17:00' }, wed: { start: '09:00', end: '17:00' }, thu: { start: '09:00', end: '17:00' }, fri: { start: '09:00', end: '17:00' } },
  });
  const iso = (d: Date) => d.toISOString().slice(0, 16);

  test('a weekend with the spring-forward jump between Friday (CET) and Monday (CEST)', () => {
    expect(iso(berlin.addWorkingMinutes(new Date('2026-03-27T15:30:00Z'), 60))).toBe('2026-03-30T07:30');
    expect(iso(berlin.addWorkingDays(new Date('2026-03-27T09:00:00Z'), 1))).toBe('2026-03-30T08:00');
    expect(berlin.workingMinutesBetween(new Date('2026-03-27T08:00:00Z'), new Date('2026-03-30T15:00:00Z'))).toBe(960);
  });

  test('a weekend with the fall-back jump', () => {
    expect(iso(berlin.addWorkingDays(new Date('2026-10-23T08:00:00Z'), 1))).toBe('2026-10-26T09:00');
  });

  test('days of 23 and 25 hours', () => {
    const allSunday = createCalendar({ timezone: 'Europe/Berlin', workingHours: { sun: { start: '00:00', end: '24:00' } } });
    expect(allSunday.workingMinutesBetween(new Date('2026-03-28T12:00:00Z'), new Date('2026-03-30T00:00:00Z'))).toBe(23 * 60);
    expect(allSunday.workingMinutesBetween(new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T00:00:00Z'))).toBe(25 * 60);
  });

  test('an opening time skipped by the jump opens when the clocks jump', () => {
    const odd = createCalendar({ timezone: 'Europe/Berlin', workingHours: { sun: { start: '02:30', end: '04:00' } } });
    expect(iso(odd.nextOpening(new Date('2026-03-28T12:00:00Z')))).toBe('2026-03-29T01:30'); // 03:30 CEST
    expect(odd.workingMinutesBetween(new Date('2026-03-29T00:00:00Z'), new Date('2026-03-29T03:00:00Z'))).toBe(30);
  });

  test('a half-hour offset zone', () => {
    const kolkata = createCalendar({ timezone: 'Asia/Kolkata' });
    expect(iso(kolkata.nextOpening(new Date('2026-03-16T00:00:00Z')))).toBe('2026-03-16T02:00'); // 07:30 IST
  });
});

describe('config', () => {
  test('defaults are Perpres 21/2023 in Asia/Jakarta', () => {
    const c = createCalendar();
    expect(c.config).toEqual(defaultCalendarConfig);
    expect(defaultCalendarConfig.timezone).toBe('Asia/Jakarta');
    expect(defaultCalendarConfig.workingHours.fri).toEqual({ start: '07:30', end: '16:30' });
    expect(defaultCalendarConfig.workingHours.sat).toBeNull();
  });

  test('a partial override keeps the other weekdays', () => {
    const c = createCalendar({ workingHours: { sat: { start: '08:00', end: '12:00' } } });
    expect(c.config.workingHours.mon).toEqual({ start: '07:30', end: '16:00' });
    expect(fmt(c.nextOpening(wib('2026-03-13 17:00')))).toBe('2026-03-14 08:00');
  });

  test('every issue is listed with its path', () => {
    const bad = {
      timezone: 'Mars/Olympus',
      workingHours: { ...defaultCalendarConfig.workingHours, mon: { start: '7:30', end: '16:00' }, tue: { start: '16:00', end: '08:00' }, xyz: null },
      holidays: ['2026-02-30', '17-08-2026'],
    } as unknown as CalendarConfig;
    expect(calendarConfigIssues(bad)).toEqual([
      "timezone: unknown time zone 'Mars/Olympus'",
      'workingHours.xyz: not a weekday (use sun, mon, tue, wed, thu, fri, sat)',
      `workingHours.mon.start: expected 'HH:MM', got "7:30"`,
      'workingHours.tue: start 16:00 is not before end 08:00',
      `holidays[0]: expected a date 'YYYY-MM-DD', got "2026-02-30"`,
      `holidays[1]: expected a date 'YYYY-MM-DD', got "17-08-2026"`,
    ]);
    expect(() => createCalendar(bad)).toThrow(/timezone: unknown time zone/);
  });

  test('a calendar that is never open is refused', () => {
    const closed = { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null };
    expect(() => createCalendar({ workingHours: closed })).toThrow(/no weekday has working hours/);
  });

  test('the config is frozen and the input is not', () => {
    const hours = { start: '08:00', end: '12:00' };
    const c = createCalendar({ workingHours: { sat: hours } });
    expect(Object.isFrozen(c.config.workingHours)).toBe(true);
    expect(Object.isFrozen(hours)).toBe(false);
  });
});
