import { type Case, type CaseEvent, type CaseState, type Decision, breached, decide, met, redactSecrets, STATES } from '../../src/workflow';
import {
  LKPP, REPORTER, STAFF, STAFF_LIST, actions, cal, caseIn, clocks, fmt, lkpp, lkppSays, report, reporterSays, run, sop, staff, step, wib,
} from './helpers';

// Times are WIB (Asia/Jakarta). 2026: Fri 13 Mar, Mon 16, Tue 17; Wed 18 – Tue 24 Mar closed
// (Nyepi / Idul Fitri); Mon 17 Aug closed; Thu 1 Jan closed. Fridays close 16:30, Mon–Thu 16:00.

const T = '2026-03-16 10:00'; // "now" of the single-transition tables: Monday, working hours
const tail = (d: Decision, n: number) => clocks(d.case).slice(-n);
const refused = (d: Decision) => d.events.some((e) => e.type === 'command_refused');

describe('report: step 1a, then 2 (complete) or 1b + the reporter\'s 1c (incomplete)', () => {
  test('complete, in working hours: in_progress, step-2 clock 30 min', () => {
    const d = step(null, report(), wib('2026-03-16 09:00'));
    expect(d.case.state).toBe('in_progress');
    expect(d.case.missing).toEqual([]);
    expect(d.case.reporter).toBe(REPORTER);
    expect(d.case.reporterName).toBe('Pokja 3');
    expect(d.case.ref).toBe('2026-0042');
    expect(d.case.outcome).toBeNull();
    expect(clocks(d.case)).toEqual([
      ['1a', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', '2026-03-16 09:00'],
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', null],
    ]);
    expect(actions(d)).toEqual(['ack_complete>reporter', 'staff_new_case>staff']);
    expect(d.actions[1]).toMatchObject({ data: { complete: true, missing: [] } });
    expect(d.events[0]).toMatchObject({ type: 'case_opened' });
  });

  test('incomplete: awaiting_reporter, asks for exactly what is missing', () => {
    const d = step(null, report({ drop: ['phone'], screenshots: 0 }), wib('2026-03-16 09:00'));
    expect(d.case.state).toBe('awaiting_reporter');
    expect(d.case.missing).toEqual(['phone', 'screenshot']);
    expect(d.case.requested).toEqual(['phone', 'screenshot']);
    expect(clocks(d.case)).toEqual([
      ['1a', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', '2026-03-16 09:00'],
      ['1b', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', '2026-03-16 09:00'],
      ['1c', 'reporter', '2026-03-16 09:00', '2026-03-17 09:00', null],
    ]);
    expect(d.actions).toEqual([
      { type: 'mail', kind: 'ack_missing', to: 'reporter', data: { missing: ['phone', 'screenshot'] } },
      { type: 'mail', kind: 'staff_new_case', to: 'staff', data: { complete: false, missing: ['phone', 'screenshot'] } },
    ]);
  });

  test.each([
    // [when, complete?, step due, why]
    ['2026-03-13 16:10', true, '2026-03-16 07:40', 'Friday 16:10: 20 min Friday (closes 16:30) + 10 min Monday'],
    ['2026-03-13 16:10', false, '2026-03-16 16:00', 'Friday 16:10 + 1 day = Monday 16:10, clamped to Monday closing'],
    ['2026-03-14 10:00', true, '2026-03-16 08:00', 'Saturday: counted from Monday 07:30'],
    ['2026-03-14 10:00', false, '2026-03-17 07:30', 'Saturday: a day from Monday opening'],
    ['2026-08-17 10:00', true, '2026-08-18 08:00', '17 August: counted from Tuesday 07:30'],
    ['2026-08-17 10:00', false, '2026-08-19 07:30', '17 August: a day from Tuesday opening'],
    ['2026-03-17 10:00', false, '2026-03-25 10:00', 'before the Nyepi / Idul Fitri block'],
    ['2025-12-31 15:45', true, '2026-01-02 07:45', 'New Year eve: 15 min Wednesday, 1 January closed, 15 min Friday'],
  ])('at %s (complete: %s) the running clock is due %s (%s)', (when, complete, due) => {
    const d = step(null, complete ? report() : report({ drop: ['userId'] }), wib(when));
    const running = d.case.clocks.at(-1);
    expect(running?.step).toBe(complete ? '2' : '1c');
    expect(fmt(running?.dueAt)).toBe(due);
    expect(d.case.clocks.filter((k) => k.stoppedAt !== null).every(met)).toBe(true);
  });

  test('the case lists missing items itself; a disagreeing parser is logged', () => {
    const e = { ...report({ drop: ['tenderName'] }), missing: [] };
    const d = step(null, e, wib(T));
    expect(d.case.missing).toEqual(['tenderName']);
    expect(d.events[0]?.detail).toMatchObject({ missing: ['tenderName'], parserMissing: [] });
  });
});

describe('reporter_message', () => {
  const waiting = () => step(null, report({ drop: ['phone'], screenshots: 0 }), wib('2026-03-13 16:10')).case;

  test('completes the data: 1c stops, step 2 starts', () => {
    const d = step(waiting(), reporterSays('Berikut nomor saya', { phone: '+6281200000000' }, 1), wib('2026-03-16 09:00'));
    expect(d.case.state).toBe('in_progress');
    expect(d.case.fields.phone).toBe('+6281200000000');
    expect(d.case.screenshots).toBe(1);
    expect(d.case.missing).toEqual([]);
    expect(d.case.requested).toEqual([]);
    expect(tail(d, 2)).toEqual([
      ['1c', 'reporter', '2026-03-13 16:10', '2026-03-16 16:00', '2026-03-16 09:00'],
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', null],
    ]);
    expect(actions(d)).toEqual(['data_complete>reporter', 'staff_case_complete>staff']);
  });

  test('still incomplete: asks again for what remains, the reporter clock keeps running', () => {
    const before = waiting();
    const d = step(before, reporterSays('nomor: 0812', { phone: '+62812' }), wib('2026-03-16 09:00'));
    expect(d.case.state).toBe('awaiting_reporter');
    expect(d.case.requested).toEqual(['screenshot']);
    expect(d.case.clocks).toEqual(before.clocks);
    expect(d.actions).toEqual([
      { type: 'mail', kind: 'ack_missing', to: 'reporter', data: { missing: ['screenshot'] } },
      { type: 'mail', kind: 'staff_relay_reporter', to: 'staff', data: { from: REPORTER, text: 'nomor: 0812' } },
    ]);
  });

  test('nothing new and no text: asks again, staff not bothered', () => {
    const d = step(waiting(), reporterSays(''), wib('2026-03-16 09:00'));
    expect(actions(d)).toEqual(['ack_missing>reporter']);
  });

  test('late data: the reporter\'s clock is breached, not the LPSE\'s', () => {
    const d = step(waiting(), reporterSays('', { phone: '+62812' }, 2), wib('2026-03-16 16:30'));
    const [c1, c2] = d.case.clocks.slice(-2);
    expect(c1 && [c1.step, c1.owner, breached(c1, wib('2026-03-16 16:30')), met(c1)]).toEqual(['1c', 'reporter', true, false]);
    expect(c2 && [c2.step, fmt(c2.dueAt)]).toEqual(['2', '2026-03-17 08:00']); // after closing: from Tuesday 07:30
  });

  test('an item staff asked for again must come in the reply, even if the case had one', () => {
    let d = step(caseIn('in_progress'), staff('request_data', 'kode tender salah', { items: ['tenderCode'] }), wib(T));
    d = step(d.case, reporterSays('maaf, belum ketemu'), wib('2026-03-16 10:30'));
    expect([d.case.state, d.case.requested]).toEqual(['awaiting_reporter', ['tenderCode']]);
    d = step(d.case, reporterSays('kode: 10034567999', { tenderCode: '10034567999' }), wib('2026-03-16 11:00'));
    expect([d.case.state, d.case.fields.tenderCode]).toEqual(['in_progress', '10034567999']);
  });

  test.each<CaseState>(['in_progress', 'escalating', 'at_lkpp', 'lkpp_handling', 'solved', 'lkpp_solved', 'closed'])(
    'in %s: merged and relayed to staff, state unchanged (never reopens by itself)',
    (state) => {
      const c = caseIn(state);
      const d = step(c, reporterSays('masih error pak', { userId: 'pokja3baru', phone: null }), wib(T));
      expect(d.case.state).toBe(state);
      expect(d.case.clocks).toEqual(c.clocks);
      expect(d.case.fields).toEqual({ ...c.fields, userId: 'pokja3baru' });
      expect(d.actions).toEqual([{ type: 'mail', kind: 'staff_relay_reporter', to: 'staff', data: { from: REPORTER, text: 'masih error pak' } }]);
    },
  );
});

describe('commands: every transition', () => {
  type Row = [string, CaseState, CaseEvent, CaseState, string[], ReturnType<typeof clocks>, ('draft' | 'send')?];
  const rows: Row[] = [
    ['resolve (step 3)', 'in_progress', staff('resolve', 'sudah diperbaiki'), 'solved', ['solved_notice>reporter', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', T],
      ['3', 'lpse', T, '2026-03-16 10:30', T],
    ]],
    ['resolve while escalating (solved anyway)', 'escalating', staff('resolve'), 'solved', ['solved_notice>reporter', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['4', 'lpse', '2026-03-16 09:05', '2026-03-16 09:35', T],
      ['3', 'lpse', T, '2026-03-16 10:30', T],
    ]],
    ['escalate, draft mode (step 4 waits for staff)', 'in_progress', staff('escalate'), 'escalating', ['escalation:draft', 'staff_escalation_draft>staff', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', T],
      ['4', 'lpse', T, '2026-03-16 10:30', null],
    ], 'draft'],
    ['escalate, send mode (4 done at once, 5 runs)', 'in_progress', staff('escalate'), 'at_lkpp', ['escalation:send', 'escalated_notice>reporter', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', T],
      ['4', 'lpse', T, '2026-03-16 10:30', T],
      ['5', 'lkpp', T, '2026-03-16 10:15', null],
    ], 'send'],
    ['request_data from in_progress (1b, then the reporter\'s 1c)', 'in_progress', staff('request_data', 'mohon user id', { items: ['userId'] }), 'awaiting_reporter', ['request_data>reporter', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', T],
      ['1b', 'lpse', T, '2026-03-16 10:30', T],
      ['1c', 'reporter', T, '2026-03-17 10:00', null],
    ]],
    ['request_data from checking', 'checking', staff('request_data', '', { items: ['screenshot'] }), 'awaiting_reporter', ['request_data>reporter', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['1a', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', T],
      ['1b', 'lpse', T, '2026-03-16 10:30', T],
      ['1c', 'reporter', T, '2026-03-17 10:00', null],
    ]],
    ['request_data again while waiting (the reporter clock keeps running)', 'awaiting_reporter', staff('request_data', '', { items: ['screenshot'] }), 'awaiting_reporter', ['request_data>reporter', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['1c', 'reporter', '2026-03-16 09:00', '2026-03-17 09:00', null],
    ]],
    ['lkpp_request from at_lkpp (5 done, 6 recorded, 7 is ours)', 'at_lkpp', lkpp('lkpp_request', 'mohon akses ssh'), 'lkpp_requested', ['staff_lkpp_request>staff'], [
      ['5', 'lkpp', '2026-03-16 09:06', '2026-03-16 09:21', T],
      ['6', 'lkpp', T, '2026-03-17 10:00', T],
      ['7', 'lpse', T, '2026-03-17 10:00', null],
    ]],
    ['lkpp_request by staff (LKPP asked by phone)', 'at_lkpp', staff('lkpp_request', 'LKPP minta kode error'), 'lkpp_requested', ['staff_lkpp_request>staff', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['5', 'lkpp', '2026-03-16 09:06', '2026-03-16 09:21', T],
      ['6', 'lkpp', T, '2026-03-17 10:00', T],
      ['7', 'lpse', T, '2026-03-17 10:00', null],
    ]],
    ['lkpp_request from lkpp_checking (8: not right yet, back to 7)', 'lkpp_checking', lkpp('lkpp_request'), 'lkpp_requested', ['staff_lkpp_request>staff'], [
      ['8', 'lkpp', '2026-03-16 09:09', '2026-03-17 09:09', T],
      ['6', 'lkpp', T, '2026-03-17 10:00', T],
      ['7', 'lpse', T, '2026-03-17 10:00', null],
    ]],
    ['lkpp_request from lkpp_handling', 'lkpp_handling', lkpp('lkpp_request'), 'lkpp_requested', ['staff_lkpp_request>staff'], [
      ['9', 'lkpp', '2026-03-16 09:08', '2026-03-17 09:08', T],
      ['6', 'lkpp', T, '2026-03-17 10:00', T],
      ['7', 'lpse', T, '2026-03-17 10:00', null],
    ]],
    ['lkpp_request while escalating (the draft evidently went out)', 'escalating', lkpp('lkpp_request'), 'lkpp_requested', ['escalated_notice>reporter', 'staff_lkpp_request>staff'], [
      ['4', 'lpse', '2026-03-16 09:05', '2026-03-16 09:35', T],
      ['5', 'lkpp', T, '2026-03-16 10:15', T],
      ['6', 'lkpp', T, '2026-03-17 10:00', T],
      ['7', 'lpse', T, '2026-03-17 10:00', null],
    ]],
    ['data_sent with text (7 done, LKPP checks: 8)', 'lkpp_requested', staff('data_sent', 'akses VPN sudah dibuka'), 'lkpp_checking', ['to_lkpp_data>lkpp', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['7', 'lpse', '2026-03-16 09:08', '2026-03-17 09:08', T],
      ['8', 'lkpp', T, '2026-03-17 10:00', null],
    ]],
    ['data_sent without text (staff mailed LKPP themselves)', 'lkpp_requested', staff('data_sent'), 'lkpp_checking', ['staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['7', 'lpse', '2026-03-16 09:08', '2026-03-17 09:08', T],
      ['8', 'lkpp', T, '2026-03-17 10:00', null],
    ]],
    ['lkpp_resolved from at_lkpp (5 ends when its 15 minutes ran out, 9 from then, 10, 11)', 'at_lkpp', lkpp('lkpp_resolved', 'sudah diperbaiki'), 'lkpp_solved', ['lkpp_solved_notice>reporter', 'staff_lkpp_solved>staff'], [
      ['5', 'lkpp', '2026-03-16 09:06', '2026-03-16 09:21', '2026-03-16 09:21'],
      ['9', 'lkpp', '2026-03-16 09:21', '2026-03-17 09:21', T],
      ['10', 'lpse', T, '2026-03-16 10:05', T],
      ['11', 'reporter', T, '2026-03-16 10:05', T],
    ]],
    ['lkpp_resolved from lkpp_checking, within the check\'s day (8 ends at the solve)', 'lkpp_checking', lkpp('lkpp_resolved'), 'lkpp_solved', ['lkpp_solved_notice>reporter', 'staff_lkpp_solved>staff'], [
      ['8', 'lkpp', '2026-03-16 09:09', '2026-03-17 09:09', T],
      ['9', 'lkpp', T, '2026-03-17 10:00', T],
      ['10', 'lpse', T, '2026-03-16 10:05', T],
      ['11', 'reporter', T, '2026-03-16 10:05', T],
    ]],
    ['lkpp_resolved from lkpp_handling, by staff', 'lkpp_handling', staff('lkpp_resolved'), 'lkpp_solved', ['lkpp_solved_notice>reporter', 'staff_lkpp_solved>staff', 'staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['9', 'lkpp', '2026-03-16 09:08', '2026-03-17 09:08', T],
      ['10', 'lpse', T, '2026-03-16 10:05', T],
      ['11', 'reporter', T, '2026-03-16 10:05', T],
    ]],
    ['close stops the running clock', 'in_progress', staff('close'), 'closed', ['staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', T],
    ]],
    ['close while the reporter owes data', 'awaiting_reporter', staff('close'), 'closed', ['staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['1c', 'reporter', '2026-03-16 09:00', '2026-03-17 09:00', T],
    ]],
    ['reopen a solved case: a fresh step-2 clock', 'solved', staff('reopen'), 'in_progress', ['staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['3', 'lpse', '2026-03-16 09:05', '2026-03-16 09:35', '2026-03-16 09:05'],
      ['2', 'lpse', T, '2026-03-16 10:30', null],
    ]],
    ['reopen a case LKPP solved', 'lkpp_solved', staff('reopen'), 'in_progress', ['staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['11', 'reporter', '2026-03-16 09:08', '2026-03-16 09:13', '2026-03-16 09:08'],
      ['2', 'lpse', T, '2026-03-16 10:30', null],
    ]],
    ['reopen a closed case', 'closed', staff('reopen'), 'in_progress', ['staff_ack>sender', 'staff_command_copy>other_staff'], [
      ['3', 'lpse', '2026-03-16 09:05', '2026-03-16 09:35', '2026-03-16 09:05'],
      ['2', 'lpse', T, '2026-03-16 10:30', null],
    ]],
  ];

  test.each(rows)('%s: %s -> %s', (...[_name, from, e, to, expectedActions, expectedTail, mode]: Row) => {
    const c = caseIn(from);
    const d = step(c, e, wib(T), mode ? { escalationMode: mode } : undefined);
    expect(d.case.state).toBe(to);
    expect(actions(d)).toEqual(expectedActions);
    expect(tail(d, expectedTail.length)).toEqual(expectedTail);
    expect(d.events.some((ev) => ev.type === 'command')).toBe(true);
  });

  test('the default escalation mode is draft', () => {
    expect(step(caseIn('in_progress'), staff('escalate'), wib(T)).case.state).toBe('escalating');
  });

  test('outcomes and dates', () => {
    expect(step(caseIn('in_progress'), staff('resolve'), wib(T)).case.outcome).toBe('solved');
    expect(step(caseIn('at_lkpp'), lkpp('lkpp_resolved'), wib(T)).case.outcome).toBe('solved_by_lkpp');
    const closed = step(caseIn('in_progress'), staff('close'), wib(T)).case;
    expect([closed.outcome, fmt(closed.closedAt)]).toEqual(['closed', T]);
    expect(step(caseIn('solved'), staff('close'), wib(T)).case.outcome).toBe('solved');
    const reopened = step(caseIn('closed'), staff('reopen'), wib(T)).case;
    expect([reopened.outcome, reopened.closedAt]).toEqual([null, null]);
  });

  test.each(STATES.map((r) => r.state).filter((s) => s !== 'closed'))('close from %s', (state) => {
    const d = step(caseIn(state), staff('close'), wib(T));
    expect(d.case.state).toBe('closed');
    expect(d.case.clocks.every((k) => k.stoppedAt !== null)).toBe(true);
  });

  test('the mails carry what the templates need', () => {
    expect(step(caseIn('in_progress'), staff('request_data', 'mohon user id', { items: ['userId', 'phone', 'userId'] }), wib(T)).actions[0])
      .toEqual({ type: 'mail', kind: 'request_data', to: 'reporter', data: { items: ['userId', 'phone'], text: 'mohon user id' } });
    expect(step(caseIn('at_lkpp'), lkpp('lkpp_request', 'mohon akses ssh'), wib(T)).actions[0])
      .toEqual({ type: 'mail', kind: 'staff_lkpp_request', to: 'staff', data: { from: LKPP, text: 'mohon akses ssh' } });
    expect(step(caseIn('lkpp_requested'), staff('data_sent', ' akses VPN sudah dibuka '), wib(T)).actions[0])
      .toEqual({ type: 'mail', kind: 'to_lkpp_data', to: 'lkpp', data: { text: 'akses VPN sudah dibuka' } });
    expect(step(caseIn('in_progress'), staff('resolve', 'cache dibersihkan'), wib(T)).actions)
      .toEqual([
        { type: 'mail', kind: 'solved_notice', to: 'reporter', data: { text: 'cache dibersihkan' } },
        { type: 'mail', kind: 'staff_ack', to: 'sender', data: { command: 'resolve', state: 'solved' } },
        { type: 'mail', kind: 'staff_command_copy', to: 'other_staff', data: { command: 'resolve', by: STAFF, args: 'cache dibersihkan' } },
      ]);
    expect(step(caseIn('lkpp_handling'), lkpp('lkpp_resolved', 'patch dipasang'), wib(T)).actions)
      .toEqual([
        // LKPP's words never reach the committee (step 10 is the LPSE's); staff get them whole.
        { type: 'mail', kind: 'lkpp_solved_notice', to: 'reporter', data: { staffText: '' } },
        { type: 'mail', kind: 'staff_lkpp_solved', to: 'staff', data: { from: LKPP, text: 'patch dipasang', textSentToReporter: false } },
      ]);
  });

  test('request_data without items asks for what is missing; with a note only, for that', () => {
    const c = caseIn('checking');
    const missingOne = { ...c, fields: { ...c.fields, phone: null }, missing: ['phone' as const] };
    expect(step(missingOne, staff('request_data'), wib(T)).actions[0]).toMatchObject({ data: { items: ['phone'], text: '' } });
    const d = step(caseIn('in_progress'), staff('request_data', 'mohon kirim kode error'), wib(T));
    expect([d.case.state, d.case.requested, d.actions[0]]).toEqual(['awaiting_reporter', [], expect.objectContaining({ data: { items: [], text: 'mohon kirim kode error' } })]);
    // Nothing itemised was asked, so any reply completes it.
    expect(step(d.case, reporterSays('kode error: 500'), wib('2026-03-16 10:30')).case.state).toBe('in_progress');
  });

  describe('commands that change no state', () => {
    const ack = ['staff_ack>sender', 'staff_command_copy>other_staff'];
    test.each<[string, CaseEvent, Partial<Case>, string[]]>([
      ['reply', staff('reply', 'Mohon dicoba lagi'), {}, ['relay_to_reporter>reporter', ...ack]],
      ['note', staff('note', 'sudah dicek di server'), {}, ack],
      ['priority tinggi', staff('priority', 'tinggi'), { priority: 'tinggi' }, ack],
      ['priority High', staff('priority', 'High karena batas waktu'), { priority: 'tinggi' }, ack],
      ['priority medium', staff('priority', 'medium'), { priority: 'sedang' }, ack],
      ['priority RENDAH', staff('priority', 'RENDAH'), { priority: 'rendah' }, ack],
      ['assign', staff('assign', ' budi@lpse.batangkab.go.id '), { assignee: 'budi@lpse.batangkab.go.id' }, ['staff_assigned>assignee', ...ack]],
      ['called', staff('called', 'sudah ditelepon'), { phoneConfirmedAt: wib(T) }, ack],
    ])('%s', (_name, e, changes, expectedActions) => {
      for (const state of ['in_progress', 'at_lkpp', 'closed'] as const) {
        const c = caseIn(state);
        const d = step(c, e, wib(T), { staff: STAFF_LIST });
        expect(d.case).toEqual({ ...c, ...changes });
        expect(actions(d)).toEqual(expectedActions);
        expect(d.events).toContainEqual({ type: 'command', detail: expect.objectContaining({ name: (e as { name: string }).name, from: STAFF }) });
      }
    });

    test('reply carries the text', () => {
      expect(step(caseIn('in_progress'), staff('reply', 'Mohon dicoba lagi'), wib(T)).actions[0]).toEqual(
        { type: 'mail', kind: 'relay_to_reporter', to: 'reporter', data: { text: 'Mohon dicoba lagi' } },
      );
    });
  });
});

describe('escalation_sent: step 4 -> 5 when staff send the draft', () => {
  test('stops 4 and starts 5 at the time it was sent', () => {
    const d = step(caseIn('escalating'), { type: 'escalation_sent', at: wib('2026-03-16 09:50') }, wib(T));
    expect(d.case.state).toBe('at_lkpp');
    expect(tail(d, 2)).toEqual([
      ['4', 'lpse', '2026-03-16 09:05', '2026-03-16 09:35', '2026-03-16 09:50'],
      ['5', 'lkpp', '2026-03-16 09:50', '2026-03-16 10:05', null],
    ]);
    const four = d.case.clocks.at(-2);
    expect(four && breached(four, wib(T))).toBe(true);
    expect(d.actions).toEqual([{ type: 'mail', kind: 'escalated_notice', to: 'reporter', data: {} }]);
  });

  test.each([
    ['2026-03-16 08:00', '2026-03-16 09:05', 'before the draft existed: when step 4 began'],
    ['2026-03-16 11:00', T, 'in the future: now'],
  ])('a sent time of %s is read as %s (%s)', (at, expected) => {
    const d = step(caseIn('escalating'), { type: 'escalation_sent', at: wib(at) }, wib(T));
    expect(fmt(d.case.clocks.at(-1)?.startedAt)).toBe(expected);
  });

  test.each<CaseState>(['in_progress', 'at_lkpp', 'solved', 'closed'])('in %s it is ignored, and logged', (state) => {
    const c = caseIn(state);
    const d = step(c, { type: 'escalation_sent', at: wib(T) }, wib(T));
    expect(d.case).toEqual(c);
    expect(d.actions).toEqual([]);
    expect(d.events).toEqual([{ type: 'ignored', detail: expect.objectContaining({ event: 'escalation_sent' }) }]);
  });
});

describe('steps 8 and 9: LKPP checks what was sent, then handles the problem', () => {
  const checking = () => caseIn('lkpp_checking'); // data sent Mon 16 Mar 09:09; step 8 due Tue 17 Mar 09:09

  test('an answer ends the check: 8 stops at the answer, 9 runs from it to the solve', () => {
    const answered = step(checking(), lkppSays('data sudah kami terima, sedang kami tangani'), wib('2026-03-16 13:00'));
    const d = step(answered.case, lkpp('lkpp_resolved', 'server sudah normal'), wib('2026-03-17 11:00'));
    expect(tail(d, 4)).toEqual([
      ['8', 'lkpp', '2026-03-16 09:09', '2026-03-17 09:09', '2026-03-16 13:00'],
      ['9', 'lkpp', '2026-03-16 13:00', '2026-03-17 13:00', '2026-03-17 11:00'],
      ['10', 'lpse', '2026-03-17 11:00', '2026-03-17 11:05', '2026-03-17 11:00'],
      ['11', 'reporter', '2026-03-17 11:00', '2026-03-17 11:05', '2026-03-17 11:00'],
    ]);
    expect(d.case.clocks.filter((k) => ['8', '9'].includes(k.step)).map(met)).toEqual([true, true]);
  });

  test('solved with no word after the data: the check ends at its due time, the rest is step 9', () => {
    // Tue 17 Mar 15:00: 8 ran out Tue 09:09; 9 runs from then (Wed 18 – Tue 24 Mar are closed).
    const d = step(checking(), lkpp('lkpp_resolved', 'sudah diperbaiki'), wib('2026-03-17 15:00'));
    expect(d.case.state).toBe('lkpp_solved');
    expect(tail(d, 4).slice(0, 2)).toEqual([
      ['8', 'lkpp', '2026-03-16 09:09', '2026-03-17 09:09', '2026-03-17 09:09'],
      ['9', 'lkpp', '2026-03-17 09:09', '2026-03-25 09:09', '2026-03-17 15:00'],
    ]);
  });

  test('a late solve is a breach of step 9, not of the check', () => {
    // Data sent Mon 16 Mar 09:09; solved Thu 26 Mar 10:00: 8 due Tue 17 09:09, 9 due Wed 25 09:09.
    const d = step(checking(), lkpp('lkpp_resolved', 'sudah diperbaiki'), wib('2026-03-26 10:00'));
    const [eight, nine] = d.case.clocks.filter((k) => k.step === '8' || k.step === '9');
    expect(eight && met(eight)).toBe(true);
    expect(nine && breached(nine, wib('2026-03-26 10:00'))).toBe(true);
  });

  test('asking again late is a late check (8 breached), and the LPSE owes step 7 again', () => {
    const d = step(checking(), lkpp('lkpp_request', 'port SSH masih tertutup'), wib('2026-03-17 15:00'));
    expect(d.case.state).toBe('lkpp_requested');
    const eight = d.case.clocks.find((k) => k.step === '8');
    expect(eight && breached(eight, wib('2026-03-17 15:00'))).toBe(true);
    expect(d.case.clocks.some((k) => k.step === '9')).toBe(false);
  });

  test('solved by staff for LKPP (#lkpp-selesai after a phone call) splits the same way', () => {
    const d = step(checking(), staff('lkpp_resolved', 'LKPP menyampaikan melalui telepon: sudah diperbaiki'), wib('2026-03-17 15:00'));
    expect(tail(d, 4)[1]).toEqual(['9', 'lkpp', '2026-03-17 09:09', '2026-03-25 09:09', '2026-03-17 15:00']);
  });
});

describe('lkpp_message: LKPP replies without a command', () => {
  test('first reply at at_lkpp: 5 done, LKPP handles (9); 6 and 8 skipped', () => {
    const d = step(caseIn('at_lkpp'), lkppSays('Tiket TUS-0001 kami terima', 'TUS-0001'), wib(T));
    expect(d.case.state).toBe('lkpp_handling');
    expect(d.case.lkppTicket).toBe('TUS-0001');
    expect(tail(d, 2)).toEqual([
      ['5', 'lkpp', '2026-03-16 09:06', '2026-03-16 09:21', T],
      ['9', 'lkpp', T, '2026-03-17 10:00', null],
    ]);
    expect(d.actions).toEqual([
      { type: 'mail', kind: 'staff_relay_lkpp', to: 'staff', data: { from: LKPP, text: 'Tiket TUS-0001 kami terima', ticket: 'TUS-0001' } },
    ]);
  });

  test('a ticket number on an LKPP command is kept as on a plain reply', () => {
    const d = step(caseIn('at_lkpp'), { ...lkpp('lkpp_request', 'mohon akses VPN'), ticket: 'LKPP-2026-11873' } as CaseEvent, wib(T));
    expect(d.case.state).toBe('lkpp_requested');
    expect(d.case.lkppTicket).toBe('LKPP-2026-11873');
  });

  test('at lkpp_checking: 8 done, 9 starts', () => {
    const d = step(caseIn('lkpp_checking'), lkppSays('data sudah kami terima'), wib(T));
    expect(d.case.state).toBe('lkpp_handling');
    expect(tail(d, 2)).toEqual([
      ['8', 'lkpp', '2026-03-16 09:09', '2026-03-17 09:09', T],
      ['9', 'lkpp', T, '2026-03-17 10:00', null],
    ]);
  });

  test('while escalating: the draft evidently went out; 4 ends now, 5 is recorded, 9 starts', () => {
    const d = step(caseIn('escalating'), lkppSays('sudah kami terima'), wib(T));
    expect(d.case.state).toBe('lkpp_handling');
    expect(tail(d, 3)).toEqual([
      ['4', 'lpse', '2026-03-16 09:05', '2026-03-16 09:35', T],
      ['5', 'lkpp', T, '2026-03-16 10:15', T],
      ['9', 'lkpp', T, '2026-03-17 10:00', null],
    ]);
    expect(d.events.map((e) => e.type)).toContain('escalation_assumed_sent');
  });

  test.each<CaseState>(['lkpp_handling', 'lkpp_requested', 'in_progress', 'lkpp_solved', 'closed'])('in %s: relayed only', (state) => {
    const c = caseIn(state);
    const d = step(c, lkppSays('info tambahan'), wib(T));
    expect(d.case).toEqual(c);
    expect(actions(d)).toEqual(['staff_relay_lkpp>staff']);
  });

  test('a known ticket is kept when a reply has none', () => {
    const first = step(caseIn('at_lkpp'), lkppSays('diterima', 'TUS-0001'), wib(T));
    const second = step(first.case, lkppSays('masih dicek'), wib('2026-03-16 11:00'));
    expect(second.case.lkppTicket).toBe('TUS-0001');
    expect(second.actions[0]).toMatchObject({ data: { ticket: 'TUS-0001' } });
  });
});

describe('refusals change nothing; staff are told, LKPP and reporters only logged', () => {
  const REPORTER_CMD = (name: Extract<CaseEvent, { type: 'command' }>['name']): CaseEvent => ({ type: 'command', from: REPORTER, role: 'reporter', name, args: '' });
  type Row = [string, CaseState, CaseEvent, string, boolean];
  const rows: Row[] = [
    ['reporter tries #selesai', 'in_progress', REPORTER_CMD('resolve'), 'not_allowed_for_role', false],
    ['reporter tries #buka', 'solved', REPORTER_CMD('reopen'), 'not_allowed_for_role', false],
    ['LKPP tries staff-only #eskalasi', 'in_progress', lkpp('escalate'), 'not_allowed_for_role', false],
    ['LKPP tries staff-only #data-dikirim', 'lkpp_requested', lkpp('data_sent'), 'not_allowed_for_role', false],
    ['LKPP tries staff-only #tutup', 'at_lkpp', lkpp('close'), 'not_allowed_for_role', false],
    ['LKPP #lkpp-selesai on a case never escalated', 'in_progress', lkpp('lkpp_resolved'), 'not_allowed_in_state', false],
    ['LKPP #lkpp-minta-data on a closed case', 'closed', lkpp('lkpp_request'), 'not_allowed_in_state', false],
    ['staff unknown command', 'in_progress', { type: 'unknown_command', from: STAFF, role: 'staff', word: 'hapus' }, 'unknown_command', true],
    ['LKPP unknown command', 'at_lkpp', { type: 'unknown_command', from: LKPP, role: 'lkpp', word: 'batal' }, 'unknown_command', false],
    ['reporter unknown command', 'in_progress', { type: 'unknown_command', from: REPORTER, role: 'reporter', word: 'urgent' }, 'unknown_command', false],
    ['staff command in quoted text', 'in_progress', { type: 'quoted_command', from: STAFF, role: 'staff', name: 'resolve' }, 'quoted_command', true],
    ['reporter quoting our #minta-data', 'awaiting_reporter', { type: 'quoted_command', from: REPORTER, role: 'reporter', name: 'request_data' }, 'quoted_command', false],
    ['LKPP command in quoted text', 'at_lkpp', { type: 'quoted_command', from: LKPP, role: 'lkpp', name: 'lkpp_resolved' }, 'quoted_command', false],
    ['staff #selesai while the reporter owes data', 'awaiting_reporter', staff('resolve'), 'not_allowed_in_state', true],
    ['staff #selesai at LKPP', 'at_lkpp', staff('resolve'), 'not_allowed_in_state', true],
    ['staff #eskalasi on a solved case', 'solved', staff('escalate'), 'not_allowed_in_state', true],
    ['staff #eskalasi twice', 'escalating', staff('escalate'), 'not_allowed_in_state', true],
    ['staff #buka on an open case', 'in_progress', staff('reopen'), 'not_allowed_in_state', true],
    ['staff #data-dikirim before LKPP asked', 'at_lkpp', staff('data_sent'), 'not_allowed_in_state', true],
    ['staff #tutup on a closed case', 'closed', staff('close'), 'not_allowed_in_state', true],
    ['staff #lkpp-selesai before escalating', 'in_progress', staff('lkpp_resolved'), 'not_allowed_in_state', true],
    ['staff #lkpp-minta-data while we owe data', 'lkpp_requested', staff('lkpp_request'), 'not_allowed_in_state', true],
    ['staff #minta-data on a solved case', 'solved', staff('request_data', '', { items: ['phone'] }), 'not_allowed_in_state', true],
    ['staff #prioritas with a bad level', 'in_progress', staff('priority', 'urgent'), 'bad_argument', true],
    ['staff #tugaskan with nobody', 'in_progress', staff('assign', '  '), 'bad_argument', true],
    ['staff #balas with no text', 'in_progress', staff('reply', ''), 'bad_argument', true],
    ['staff #minta-data with nothing to ask', 'in_progress', staff('request_data'), 'bad_argument', true],
    ['a command name the table does not know', 'in_progress', staff('delete' as never), 'unknown_command', true],
  ];

  test.each(rows)('%s (%s)', (_name, state, e, reason, staffTold) => {
    const c = caseIn(state);
    const d = step(c, e, wib(T));
    expect(d.case).toEqual(c);
    expect(refused(d)).toBe(true);
    expect(d.events).toContainEqual({ type: 'command_refused', detail: expect.objectContaining({ reason, state }) });
    if (staffTold) {
      expect(d.actions).toEqual([{ type: 'mail', kind: 'staff_refusal', to: 'sender', data: expect.objectContaining({ reason, state }) }]);
    } else {
      expect(d.actions).toEqual([]);
    }
  });

  test('a staff refusal names the state and what is allowed now', () => {
    const d = step(caseIn('awaiting_reporter'), staff('resolve'), wib(T));
    expect(d.actions[0]).toEqual({
      type: 'mail',
      kind: 'staff_refusal',
      to: 'sender',
      data: {
        reason: 'not_allowed_in_state',
        command: 'resolve',
        state: 'awaiting_reporter',
        allowed: ['request_data', 'reply', 'note', 'priority', 'assign', 'called', 'close', 'help', 'status'],
        message:
          "#resolve does not apply to case 2026-0042 in state 'awaiting_reporter' (asked the reporter for missing data; the reporter owes it); " +
          'allowed now: #request_data, #reply, #note, #priority, #assign, #called, #close, #help, #status',
      },
    });
  });
});

// Alerts, reminders and the no-response close: tests/workflow/tick.test.ts.
describe('tick', () => {
  test.each<CaseState>(['lkpp_handling', 'closed'])('in %s (an LKPP clock, no clock): nothing changes, but it is logged', (state) => {
    const c = caseIn(state);
    const d = step(c, { type: 'tick' }, wib('2026-03-20 10:00'));
    expect(d.case).toEqual(c);
    expect(d.actions).toEqual([]);
    expect(d.events).toEqual([{ type: 'tick', detail: { state } }]);
  });
});

describe('full paths', () => {
  test('complete -> solved -> closed', () => {
    const d = run(
      [report(), wib('2026-03-16 09:00')],
      [staff('resolve', 'sudah normal'), wib('2026-03-16 09:20')],
      [staff('close'), wib('2026-03-16 11:00')],
    );
    expect([d.case.state, d.case.outcome, fmt(d.case.closedAt)]).toEqual(['closed', 'solved', '2026-03-16 11:00']);
    expect(clocks(d.case)).toEqual([
      ['1a', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', '2026-03-16 09:00'],
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', '2026-03-16 09:20'],
      ['3', 'lpse', '2026-03-16 09:20', '2026-03-16 09:50', '2026-03-16 09:20'],
    ]);
    expect(d.case.clocks.every(met)).toBe(true);
  });

  test('incomplete on a Friday afternoon -> data on Monday -> solved late', () => {
    const d = run(
      [report({ drop: ['phone'], screenshots: 0 }), wib('2026-03-13 16:10')],
      [reporterSays('terlampir', { phone: '+6281227459910' }, 1), wib('2026-03-16 08:00')],
      [staff('resolve'), wib('2026-03-16 08:45')],
    );
    expect([d.case.state, d.case.outcome]).toEqual(['solved', 'solved']);
    expect(clocks(d.case)).toEqual([
      ['1a', 'lpse', '2026-03-13 16:10', '2026-03-16 07:40', '2026-03-13 16:10'],
      ['1b', 'lpse', '2026-03-13 16:10', '2026-03-16 07:40', '2026-03-13 16:10'],
      ['1c', 'reporter', '2026-03-13 16:10', '2026-03-16 16:00', '2026-03-16 08:00'],
      ['2', 'lpse', '2026-03-16 08:00', '2026-03-16 08:30', '2026-03-16 08:45'],
      ['3', 'lpse', '2026-03-16 08:45', '2026-03-16 09:15', '2026-03-16 08:45'],
    ]);
    expect(d.case.clocks.map((k) => met(k))).toEqual([true, true, true, false, true]);
  });

  test('escalation (draft) -> LKPP asks -> data sent across the holiday block -> LKPP solves -> closed -> reopened -> solved', () => {
    const d = run(
      [report({ drop: ['phone'], screenshots: 0 }), wib('2026-03-13 16:10')],
      [reporterSays('terlampir', { phone: '+6281227459910' }, 1), wib('2026-03-16 09:00')],
      [staff('escalate'), wib('2026-03-16 09:20'), { escalationMode: 'draft' }],
      [{ type: 'escalation_sent', at: wib('2026-03-16 10:00') }, wib('2026-03-16 10:05')],
      [lkpp('lkpp_request', 'mohon akses VPN'), wib('2026-03-16 10:10')],
      [staff('data_sent', 'akses VPN sudah dibuka'), wib('2026-03-17 15:00')],
      [lkppSays('data kami terima, sedang ditangani', 'TUS-0042'), wib('2026-03-25 09:00')],
      [lkpp('lkpp_resolved', 'sudah diperbaiki'), wib('2026-03-27 08:00')],
      [staff('close'), wib('2026-03-27 08:30')],
      [reporterSays('masih error'), wib('2026-03-30 08:00')],
      [staff('reopen'), wib('2026-03-30 08:10')],
      [staff('resolve'), wib('2026-03-30 08:30')],
    );
    expect([d.case.state, d.case.outcome, d.case.lkppTicket]).toEqual(['solved', 'solved', 'TUS-0042']);
    expect(clocks(d.case)).toEqual([
      ['1a', 'lpse', '2026-03-13 16:10', '2026-03-16 07:40', '2026-03-13 16:10'],
      ['1b', 'lpse', '2026-03-13 16:10', '2026-03-16 07:40', '2026-03-13 16:10'],
      ['1c', 'reporter', '2026-03-13 16:10', '2026-03-16 16:00', '2026-03-16 09:00'],
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', '2026-03-16 09:20'],
      ['4', 'lpse', '2026-03-16 09:20', '2026-03-16 09:50', '2026-03-16 10:00'],
      ['5', 'lkpp', '2026-03-16 10:00', '2026-03-16 10:15', '2026-03-16 10:10'],
      ['6', 'lkpp', '2026-03-16 10:10', '2026-03-17 10:10', '2026-03-16 10:10'],
      ['7', 'lpse', '2026-03-16 10:10', '2026-03-17 10:10', '2026-03-17 15:00'],
      ['8', 'lkpp', '2026-03-17 15:00', '2026-03-25 15:00', '2026-03-25 09:00'],
      ['9', 'lkpp', '2026-03-25 09:00', '2026-03-26 09:00', '2026-03-27 08:00'],
      ['10', 'lpse', '2026-03-27 08:00', '2026-03-27 08:05', '2026-03-27 08:00'],
      ['11', 'reporter', '2026-03-27 08:00', '2026-03-27 08:05', '2026-03-27 08:00'],
      ['2', 'lpse', '2026-03-30 08:10', '2026-03-30 08:40', '2026-03-30 08:30'],
      ['3', 'lpse', '2026-03-30 08:30', '2026-03-30 09:00', '2026-03-30 08:30'],
    ]);
    expect(new Set(d.case.clocks.map((k) => k.step)).size).toBe(13); // every SOP step is in the archive
    const late = d.case.clocks.filter((k) => !met(k)).map((k) => [k.step, k.owner]);
    expect(late).toEqual([['4', 'lpse'], ['7', 'lpse'], ['9', 'lkpp']]);
  });

  test('escalation (send) -> LKPP answers -> LKPP solves on the next day', () => {
    const d = run(
      [report(), wib('2026-03-16 09:00')],
      [staff('escalate'), wib('2026-03-16 09:10'), { escalationMode: 'send' }],
      [lkppSays('diterima'), wib('2026-03-16 09:20')],
      [lkpp('lkpp_resolved'), wib('2026-03-17 11:00')],
    );
    expect([d.case.state, d.case.outcome]).toEqual(['lkpp_solved', 'solved_by_lkpp']);
    expect(clocks(d.case)).toEqual([
      ['1a', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', '2026-03-16 09:00'],
      ['2', 'lpse', '2026-03-16 09:00', '2026-03-16 09:30', '2026-03-16 09:10'],
      ['4', 'lpse', '2026-03-16 09:10', '2026-03-16 09:40', '2026-03-16 09:10'],
      ['5', 'lkpp', '2026-03-16 09:10', '2026-03-16 09:25', '2026-03-16 09:20'],
      ['9', 'lkpp', '2026-03-16 09:20', '2026-03-17 09:20', '2026-03-17 11:00'],
      ['10', 'lpse', '2026-03-17 11:00', '2026-03-17 11:05', '2026-03-17 11:00'],
      ['11', 'reporter', '2026-03-17 11:00', '2026-03-17 11:05', '2026-03-17 11:00'],
    ]);
  });
});

describe('secrets', () => {
  test('a password given to #data-dikirim is neither sent by the bot nor logged', () => {
    const d = step(caseIn('lkpp_requested'), staff('data_sent', 'IP 10.0.0.5 port 22, password root: S3cr3t!x'), wib(T));
    expect(d.actions[0]).toEqual({ type: 'mail', kind: 'to_lkpp_data', to: 'lkpp', data: { text: 'IP 10.0.0.5 port 22, password root: [disembunyikan]' } });
    expect(JSON.stringify(d)).not.toContain('S3cr3t');
    expect(d.events.map((e) => e.type)).toContain('secret_redacted');
  });

  test('nor one relayed from a reporter or LKPP', () => {
    const a = step(caseIn('in_progress'), reporterSays('user pokja3, passwordnya adalah rahasia123'), wib(T));
    const b = step(caseIn('lkpp_handling'), lkppSays('kata sandi: rahasia123'), wib(T));
    expect(JSON.stringify([a, b])).not.toContain('rahasia123');
  });
});

describe('redactSecrets', () => {
  test.each([
    ['password root: S3cr3t', 'password root: [disembunyikan]'],
    ['Password = abc123 port 22', 'Password = [disembunyikan] port 22'],
    ['passwordnya adalah abc123', 'passwordnya adalah [disembunyikan]'],
    ['kata sandi: abc123', 'kata sandi: [disembunyikan]'],
    ['pwd:abc123', 'pwd:[disembunyikan]'],
    ['muncul pesan password salah', 'muncul pesan password salah'],
    ['lupa password, mohon reset', 'lupa password, mohon reset'],
  ])('%s -> %s', (input, output) => {
    expect(redactSecrets(input)).toEqual({ text: output, redacted: input !== output });
  });
});

describe('contract', () => {
  test('a report needs no case, everything else needs one', () => {
    const c = caseIn('in_progress');
    expect(() => decide(c, report(), wib(T), sop, cal)).toThrow(/report opens a case/);
    expect(() => decide(null, { type: 'tick' }, wib(T), sop, cal)).toThrow(/needs its case/);
  });
});
