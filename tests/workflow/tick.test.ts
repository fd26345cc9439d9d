/**
 * The tick (cron) in the pure workflow: LPSE clock warnings and breach alerts, the reporter's
 * reminder and the no-response close, each exactly once per clock, with an injected clock over
 * weekends and the 2026 Nyepi/Idul Fitri holiday block (18–24 March).
 */

import type { Case, CaseEvent, DecideOptions, Decision } from '../../src/workflow';
import { actions, caseIn, clocks, fmt, report, reporterSays, run, staff, step, wib } from './helpers';

const tick: CaseEvent = { type: 'tick' };

/** Ticks at each time in turn (each on the previous decision's case); returns every decision. */
function ticks(c: Case, times: string[], opts?: DecideOptions): Decision[] {
  const out: Decision[] = [];
  let current = c;
  for (const t of times) {
    const d = step(current, tick, wib(t), opts);
    out.push(d);
    current = d.case;
  }
  return out;
}

const idle = (d: Decision) => {
  expect(d.actions).toEqual([]);
  expect(d.events).toEqual([{ type: 'tick', detail: { state: d.case.state } }]);
};

describe('LPSE clocks: one warning at 80 %, one breach alert', () => {
  const handling = () => run([report(), wib('2026-03-16 09:00')]).case; // step 2, due 09:30 (Monday)

  test('warns at 80 % of the standard, alerts at the breach, and never repeats either', () => {
    const [early, warn, again, breach, later] = ticks(handling(), [
      '2026-03-16 09:23',
      '2026-03-16 09:24',
      '2026-03-16 09:25',
      '2026-03-16 09:31',
      '2026-03-16 11:00',
    ]);
    idle(early!);
    expect(actions(warn!)).toEqual(['staff_clock_warning>staff']);
    expect(warn!.actions[0]).toMatchObject({ data: { step: '2', dueAt: wib('2026-03-16 09:30'), percent: 80, remainingMinutes: 6 } });
    expect(warn!.events).toEqual([{ type: 'clock_warning', detail: { step: '2', dueAt: wib('2026-03-16 09:30'), percent: 80, remainingMinutes: 6 } }]);
    expect(fmt(warn!.case.clocks.at(-1)?.warnedAt)).toBe('2026-03-16 09:24');
    idle(again!);
    expect(actions(breach!)).toEqual(['staff_clock_breached>staff']);
    expect(breach!.actions[0]).toMatchObject({ data: { step: '2', overdueMinutes: 1 } });
    expect(fmt(breach!.case.clocks.at(-1)?.breachAlertedAt)).toBe('2026-03-16 09:31');
    idle(later!);
    // Nothing but the markers changed: the case is otherwise the same.
    expect(later!.case.state).toBe('in_progress');
    expect(clocks(later!.case)).toEqual(clocks(handling()));
  });

  test('a clock first seen past due gets the breach alert only (no late warning)', () => {
    const [breach, after] = ticks(handling(), ['2026-03-16 09:45', '2026-03-16 09:50']);
    expect(actions(breach!)).toEqual(['staff_clock_breached>staff']);
    expect(breach!.actions[0]).toMatchObject({ data: { overdueMinutes: 15 } });
    expect(breach!.case.clocks.at(-1)?.warnedAt ?? null).toBeNull();
    idle(after!);
  });

  test('the share is counted in working time over a weekend (Friday 16:20 -> Monday)', () => {
    const c = run([report(), wib('2026-03-13 16:20')]).case; // 10 min on Friday, 20 on Monday
    expect(fmt(c.clocks.at(-1)?.dueAt)).toBe('2026-03-16 07:50');
    const [sat, sun, before, warn, breach] = ticks(c, ['2026-03-14 12:00', '2026-03-15 23:59', '2026-03-16 07:43', '2026-03-16 07:44', '2026-03-16 07:51']);
    idle(sat!);
    idle(sun!);
    idle(before!);
    expect(warn!.actions[0]).toMatchObject({ kind: 'staff_clock_warning', data: { percent: 80, remainingMinutes: 6 } });
    expect(actions(breach!)).toEqual(['staff_clock_breached>staff']);
  });

  test('and over the Nyepi/Idul Fitri holiday block (18–24 March 2026)', () => {
    const c = run([report(), wib('2026-03-17 15:50')]).case; // 10 min on Tuesday 17th, the rest on Wednesday 25th
    expect(fmt(c.clocks.at(-1)?.dueAt)).toBe('2026-03-25 07:50');
    const [holiday, monday, warn] = ticks(c, ['2026-03-20 10:00', '2026-03-23 10:00', '2026-03-25 07:44']);
    idle(holiday!);
    idle(monday!);
    expect(warn!.actions[0]).toMatchObject({ kind: 'staff_clock_warning', data: { percent: 80, remainingMinutes: 6 } });
  });

  test('a day-long LPSE clock (step 7) warns at 80 % of its 510 working minutes', () => {
    const c = caseIn('lkpp_requested', wib('2026-03-16 09:00')); // step 7 from 09:08 Monday, due Tuesday 09:08
    expect(c.clocks.at(-1)).toMatchObject({ step: '7', owner: 'lpse' });
    const [before, warn] = ticks(c, ['2026-03-16 15:55', '2026-03-16 15:56']);
    idle(before!);
    expect(warn!.actions[0]).toMatchObject({ kind: 'staff_clock_warning', data: { step: '7', percent: 80, remainingMinutes: 102 } });
  });

  test('the share is configurable', () => {
    const [before, warn] = ticks(handling(), ['2026-03-16 09:14', '2026-03-16 09:15'], { warnAtPercent: 50 });
    idle(before!);
    expect(warn!.actions[0]).toMatchObject({ kind: 'staff_clock_warning', data: { percent: 50, remainingMinutes: 15 } });
  });

  test("LKPP's clocks are not alerted on, however late", () => {
    const c = caseIn('lkpp_handling', wib('2026-03-16 09:00'));
    idle(step(c, tick, wib('2026-04-30 10:00')));
  });

  test('a new clock of the same step (after #buka) is warned about again', () => {
    const first = ticks(handling(), ['2026-03-16 09:24', '2026-03-16 09:31']).at(-1)!.case;
    const solved = step(first, staff('resolve'), wib('2026-03-16 09:40')).case;
    const reopened = step(solved, staff('reopen'), wib('2026-03-16 10:00')).case; // new step-2 clock, due 10:30
    const [warn] = ticks(reopened, ['2026-03-16 10:24']);
    expect(actions(warn!)).toEqual(['staff_clock_warning>staff']);
  });
});

describe("the reporter's clock (step 1c): one reminder, then the no-response close", () => {
  // Thursday 12 March 10:00, phone missing: 1c due Friday 13 March 10:00.
  const waiting = () => run([report({ drop: ['phone'] }), wib('2026-03-12 10:00')]).case;

  test('reminds once after the standard, closes three working days later (over the holiday block)', () => {
    const [inTime, remind, again, holiday, before, close, afterClose] = ticks(waiting(), [
      '2026-03-13 10:00',
      '2026-03-13 10:01',
      '2026-03-16 09:00',
      '2026-03-23 10:00',
      '2026-03-25 10:00',
      '2026-03-25 10:01',
      '2026-03-26 10:00',
    ]);
    idle(inTime!);
    expect(actions(remind!)).toEqual(['reporter_reminder>reporter']);
    // Three working days after Friday 13th: Monday 16th, Tuesday 17th, then Wednesday 25th.
    expect(remind!.actions[0]).toMatchObject({ data: { items: ['phone'], closeAt: wib('2026-03-25 10:01') } });
    expect(fmt(remind!.case.clocks.at(-1)?.remindedAt)).toBe('2026-03-13 10:01');
    expect(remind!.case.state).toBe('awaiting_reporter');
    idle(again!);
    idle(holiday!);
    idle(before!);
    expect(actions(close!)).toEqual(['no_response_notice>reporter']);
    expect(close!.actions[0]).toMatchObject({ data: { items: ['phone'] } });
    expect(close!.case).toMatchObject({ state: 'closed', outcome: 'no_response', closedAt: wib('2026-03-25 10:01') });
    expect(clocks(close!.case).at(-1)).toEqual(['1c', 'reporter', '2026-03-12 10:00', '2026-03-13 10:00', '2026-03-25 10:01']);
    expect(close!.events.map((e) => e.type)).toEqual(['closed_no_response', 'state_changed']);
    idle(afterClose!);
  });

  test('a reminder sent late (the daemon was down) still leaves the full grace period', () => {
    const [remind, before, close] = ticks(waiting(), ['2026-03-25 12:00', '2026-03-30 11:59', '2026-03-30 12:00']);
    expect(remind!.actions[0]).toMatchObject({ kind: 'reporter_reminder', data: { closeAt: wib('2026-03-30 12:00') } });
    idle(before!);
    expect(close!.case.outcome).toBe('no_response');
  });

  test('the grace period is configurable', () => {
    const [, before, close] = ticks(waiting(), ['2026-03-13 10:01', '2026-03-16 10:00', '2026-03-16 10:01'], { closeAfterWorkingDays: 1 });
    idle(before!);
    expect(close!.case.state).toBe('closed');
  });

  test('reminds of what staff asked for with #minta-data', () => {
    const asked = step(run([report(), wib('2026-03-16 09:00')]).case, staff('request_data', 'user id', { items: ['userId'] }), wib('2026-03-16 09:10')).case;
    const [remind] = ticks(asked, ['2026-03-17 09:11']);
    expect(remind!.actions[0]).toMatchObject({ kind: 'reporter_reminder', data: { items: ['userId'] } });
  });

  const closedForNoResponse = () => ticks(waiting(), ['2026-03-13 10:01', '2026-03-25 10:01']).at(-1)!.case;

  test('an answer with the data reopens the case to step 2', () => {
    const d = step(closedForNoResponse(), reporterSays('Nomor HP saya 081227459910', { phone: '+6281227459910' }), wib('2026-03-26 08:00'));
    expect(d.case).toMatchObject({ state: 'in_progress', outcome: null, closedAt: null, requested: [], missing: [] });
    expect(actions(d)).toEqual(['data_complete>reporter', 'staff_case_complete>staff']);
    expect(d.events.map((e) => e.type)).toEqual(['reporter_message', 'case_reopened', 'state_changed']);
    expect(clocks(d.case).at(-1)).toEqual(['2', 'lpse', '2026-03-26 08:00', '2026-03-26 08:30', null]);
  });

  test('an answer without it reopens the case to 1b/1c, with a fresh day and a fresh reminder', () => {
    const d = step(closedForNoResponse(), reporterSays('Maaf, baru sempat membalas.'), wib('2026-03-26 08:00'));
    expect(d.case).toMatchObject({ state: 'awaiting_reporter', outcome: null, closedAt: null, requested: ['phone'] });
    expect(actions(d)).toEqual(['ack_missing>reporter', 'staff_relay_reporter>staff']);
    expect(clocks(d.case).slice(-2)).toEqual([
      ['1b', 'lpse', '2026-03-26 08:00', '2026-03-26 08:30', '2026-03-26 08:00'],
      ['1c', 'reporter', '2026-03-26 08:00', '2026-03-27 08:00', null],
    ]);
    const [remind] = ticks(d.case, ['2026-03-27 08:01']);
    expect(actions(remind!)).toEqual(['reporter_reminder>reporter']);
  });

  test('a case closed by staff is not reopened by the reporter (staff hear of it)', () => {
    const closed = run([report(), wib('2026-03-16 09:00')], [staff('close'), wib('2026-03-16 09:10')]).case;
    const d = step(closed, reporterSays('Masih error.'), wib('2026-03-16 10:00'));
    expect(d.case.state).toBe('closed');
    expect(actions(d)).toEqual(['staff_relay_reporter>staff']);
  });
});

describe('a solved case closes after the reporter has had time to answer', () => {
  const solvedFriday = () => run([report(), wib('2026-03-13 15:00')], [staff('resolve', 'sudah diperbaiki'), wib('2026-03-13 15:20')]).case;

  test('two working days after the notice (Friday 15:20 -> Tuesday 15:20), without a mail', () => {
    const [monday, tuesdayEarly, tuesday, after] = ticks(solvedFriday(), ['2026-03-16 15:20', '2026-03-17 15:19', '2026-03-17 15:20', '2026-03-17 15:21']);
    idle(monday!);
    idle(tuesdayEarly!);
    expect(tuesday!.case).toMatchObject({ state: 'closed', outcome: 'solved' });
    expect(fmt(tuesday!.case.closedAt)).toBe('2026-03-17 15:20');
    expect(tuesday!.actions).toEqual([]);
    expect(tuesday!.events.map((e) => e.type)).toContain('closed_solved');
    idle(after!);
  });

  test('counted in working days over the Nyepi/Idul Fitri block, and configurable', () => {
    const solved = run([report(), wib('2026-03-17 10:00')], [staff('resolve'), wib('2026-03-17 10:10')]).case;
    const [blockEnd, thursday] = ticks(solved, ['2026-03-24 23:00', '2026-03-26 10:10']);
    idle(blockEnd!);
    expect(thursday!.case.state).toBe('closed');
    const [wednesday] = ticks(solved, ['2026-03-25 10:10'], { closeSolvedAfterWorkingDays: 1 });
    expect(wednesday!.case.state).toBe('closed');
  });

  test('after LKPP solved it too, and a reopened case is not closed', () => {
    const reopened = step(solvedFriday(), staff('reopen'), wib('2026-03-16 08:00')).case;
    const [later] = ticks(reopened, ['2026-03-20 08:00']);
    expect(later!.case.state).not.toBe('closed');
    expect(step(caseIn('lkpp_solved'), tick, wib('2026-03-30 09:00')).case.state).toBe('closed');
  });
});
