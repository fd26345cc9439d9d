/**
 * Issue 10 in the workflow: cases staff open for a committee, "still broken" reopening, every
 * command confirmed and copied, #tugaskan from the staff list, the committee told of the
 * escalation and never shown LKPP's text, #minta-data's own sentence, #bantuan and #status.
 */
import { type Case, type CaseEvent, type CaseState, type CommandName, type MissingItem, COMMANDS, STATES, commandsAllowed } from '../../src/workflow';
import {
  LKPP, REPORTER, STAFF, STAFF_LIST, actions, caseIn, clocks, lkpp, lkppSays, report, reporterSays, run, staff, step, wib,
} from './helpers';

const T = '2026-03-16 10:00'; // Monday, working hours
const ACK = ['staff_ack>sender', 'staff_command_copy>other_staff'];
const opts = { staff: STAFF_LIST };
const mailOf = (d: { actions: unknown[] }, kind: string) =>
  d.actions.find((a) => (a as { kind?: string }).kind === kind) as { to: string; data: Record<string, unknown> } | undefined;

describe('the COMMANDS table: #bantuan, #status, #kasus, #kasus-baru', () => {
  test('help and status: staff, every state, no SOP step; offered everywhere', () => {
    for (const name of ['help', 'status'] as const) {
      expect(COMMANDS[name]).toEqual({ step: null, roles: ['staff'], from: STATES.map((r) => r.state) });
      for (const { state } of STATES) expect(commandsAllowed(state, 'staff')).toContain(name);
    }
  });

  test('attach and new_case are caseless: listed for every state, offered in none', () => {
    for (const name of ['attach', 'new_case'] as const) {
      expect(COMMANDS[name]).toMatchObject({ step: null, roles: ['staff'], caseless: true });
      for (const { state } of STATES) expect(commandsAllowed(state, 'staff')).not.toContain(name);
    }
  });

  test.each([
    ['attach', '2026-0041', '#kasus is used in a reply to a relayed message that has no case'],
    ['new_case', 'Email: pokja7@batangkab.go.id', '#kasus-baru is used in a new mail'],
  ] as const)('#%s inside a case is refused as a bad argument, with a clear message', (name, args, message) => {
    const c = caseIn('in_progress');
    const d = step(c, staff(name, args), wib(T));
    expect(d.case).toEqual(c);
    expect(d.actions).toEqual([
      { type: 'mail', kind: 'staff_refusal', to: 'sender', data: expect.objectContaining({ reason: 'bad_argument', command: name, message: expect.stringContaining(message) }) },
    ]);
  });
});

describe('a report: the committee\'s own words, and cases staff open for it', () => {
  test('the description is kept on the case, redacted and trimmed', () => {
    const d = step(null, { ...report(), description: '  Menu Evaluasi error. password: rahasia99  ' }, wib(T));
    expect(d.case.description).toBe('Menu Evaluasi error. password: [disembunyikan]');
    expect(d.case.openedBy).toBeNull();
    expect(JSON.stringify(d)).not.toContain('rahasia99');
  });

  test('an empty description is stored as none', () => {
    expect(step(null, { ...report(), description: ' \n ' }, wib(T)).case.description).toBeNull();
  });

  test.each(['forward', 'phone'] as const)('opened by staff (%s): the committee is acknowledged as if it had written; staff_new_case says who', (via) => {
    const e: CaseEvent = { ...report({ drop: ['userId'] }), openedBy: { staff: STAFF, via } };
    const d = step(null, e, wib(T));
    expect(d.case.reporter).toBe(REPORTER);
    expect(d.case.openedBy).toEqual({ staff: STAFF, via });
    expect(d.actions).toEqual([
      { type: 'mail', kind: 'ack_missing', to: 'reporter', data: { missing: ['userId'] } },
      { type: 'mail', kind: 'staff_new_case', to: 'staff', data: { complete: false, missing: ['userId'], openedBy: { staff: STAFF, via } } },
    ]);
    expect(d.events[0]).toMatchObject({ type: 'case_opened', detail: { openedBy: { staff: STAFF, via } } });
    // Complete: the same, with the complete acknowledgment.
    expect(actions(step(null, { ...report(), openedBy: { staff: STAFF, via } }, wib(T)))).toEqual(['ack_complete>reporter', 'staff_new_case>staff']);
  });
});

describe('a reporter answers a solved notice with "masih error"', () => {
  const broken = (text = 'masih error pak, belum bisa upload') => ({ ...(reporterSays(text) as Extract<CaseEvent, { type: 'reporter_message' }>), stillBroken: true });
  const solvedThenClosed = (outcome: 'solved' | 'solved_by_lkpp'): Case =>
    outcome === 'solved' ? caseIn('closed') : step(caseIn('lkpp_solved'), staff('close'), wib('2026-03-16 09:30')).case;

  test.each<[string, () => Case]>([
    ['solved', () => caseIn('solved')],
    ['lkpp_solved', () => caseIn('lkpp_solved')],
    ['closed after being solved', () => solvedThenClosed('solved')],
    ['closed after LKPP solved it', () => solvedThenClosed('solved_by_lkpp')],
  ])('in %s: reopens to step 2 with a fresh clock; the committee and staff are told', (_name, make) => {
    const c = make();
    const d = step(c, broken(), wib(T));
    expect([d.case.state, d.case.outcome, d.case.closedAt]).toEqual(['in_progress', null, null]);
    expect(clocks(d.case).at(-1)).toEqual(['2', 'lpse', T, '2026-03-16 10:30', null]);
    expect(d.actions).toEqual([
      { type: 'mail', kind: 'reopened_notice', to: 'reporter', data: {} },
      { type: 'mail', kind: 'staff_case_reopened', to: 'staff', data: { from: REPORTER, text: 'masih error pak, belum bisa upload' } },
    ]);
    expect(d.events).toContainEqual({ type: 'case_reopened', detail: expect.objectContaining({ reason: 'reporter_still_broken' }) });
  });

  test('a plain "terima kasih" is relayed, and the solved case still closes on schedule', () => {
    const thanks = { ...(reporterSays('terima kasih, sudah bisa') as Extract<CaseEvent, { type: 'reporter_message' }>), stillBroken: false };
    const d = step(caseIn('solved'), thanks, wib(T));
    expect(d.case.state).toBe('solved');
    expect(actions(d)).toEqual(['staff_relay_reporter>staff']);
    const later = step(d.case, { type: 'tick' }, wib('2026-03-26 09:10')); // two working days after the solved notice
    expect([later.case.state, later.case.outcome]).toEqual(['closed', 'solved']);
  });

  test.each<CaseState>(['in_progress', 'at_lkpp', 'awaiting_reporter'])('in %s (not solved) "still broken" changes no state', (state) => {
    const c = caseIn(state);
    const d = step(c, broken(), wib(T));
    expect(d.case.state).toBe(state);
    expect(d.events.map((e) => e.type)).not.toContain('case_reopened');
  });

  test('a case staff closed without solving it is not reopened by "still broken"', () => {
    const c = step(caseIn('in_progress'), staff('close'), wib(T)).case;
    expect(c.outcome).toBe('closed');
    const d = step(c, broken(), wib('2026-03-16 11:00'));
    expect([d.case.state, actions(d)]).toEqual(['closed', ['staff_relay_reporter>staff']]);
  });
});

describe('every accepted staff command is confirmed to its sender and copied to the other staff', () => {
  // One applicable staff command per name, with the state it applies in.
  const cases: [CommandName, CaseState, string][] = [
    ['resolve', 'in_progress', 'sudah normal'],
    ['escalate', 'in_progress', ''],
    ['request_data', 'in_progress', 'mohon kirim kode error'],
    ['reply', 'in_progress', 'Mohon dicoba lagi'],
    ['note', 'in_progress', 'cek server'],
    ['priority', 'in_progress', 'tinggi'],
    ['assign', 'in_progress', 'Rina Wulandari'],
    ['called', 'solved', 'sudah ditelepon'],
    ['close', 'solved', ''],
    ['reopen', 'closed', ''],
    ['lkpp_request', 'at_lkpp', 'LKPP minta akses'],
    ['data_sent', 'lkpp_requested', 'akses dibuka'],
    ['lkpp_resolved', 'lkpp_handling', 'sudah diperbaiki LKPP'],
  ];

  test('the table covers every command that runs on a case', () => {
    const runs = (Object.keys(COMMANDS) as CommandName[]).filter((n) => COMMANDS[n].caseless !== true && n !== 'help' && n !== 'status');
    expect(cases.map(([n]) => n).sort()).toEqual(runs.sort());
  });

  test.each(cases)('#%s (in %s)', (name, state, args) => {
    const d = step(caseIn(state), staff(name, args), wib(T), opts);
    expect(actions(d).slice(-2)).toEqual(ACK);
    expect(mailOf(d, 'staff_ack')?.data).toEqual({ command: name, state: d.case.state });
    expect(mailOf(d, 'staff_command_copy')?.data).toEqual({ command: name, by: 'Koordinator Helpdesk', args });
  });

  test('the copy carries only the first line, redacted; a sender not on the list is named by address', () => {
    const d = step(caseIn('in_progress'), staff('note', 'root password: S3cret!\nbaris kedua'), wib(T));
    expect(mailOf(d, 'staff_command_copy')?.data).toEqual({ command: 'note', by: STAFF, args: 'root password: [disembunyikan]' });
    expect(JSON.stringify(d)).not.toContain('S3cret');
  });

  test('LKPP\'s commands get no staff confirmation', () => {
    expect(actions(step(caseIn('at_lkpp'), lkpp('lkpp_request', 'minta akses'), wib(T)))).toEqual(['staff_lkpp_request>staff']);
  });

  test('a refused command gets its refusal only', () => {
    expect(actions(step(caseIn('awaiting_reporter'), staff('resolve'), wib(T)))).toEqual(['staff_refusal>sender']);
  });

  test('#bantuan answers the sender with the commands valid now; no confirmation, no copy', () => {
    const c = caseIn('awaiting_reporter');
    const d = step(c, staff('help'), wib(T));
    expect(d.case).toEqual(c);
    expect(d.actions).toEqual([{ type: 'mail', kind: 'staff_help', to: 'sender', data: { allowed: commandsAllowed('awaiting_reporter', 'staff') } }]);
    expect(commandsAllowed('awaiting_reporter', 'staff')).toEqual(['request_data', 'reply', 'note', 'priority', 'assign', 'called', 'close', 'help', 'status']);
  });

  test.each<CaseState>(['in_progress', 'lkpp_handling', 'closed'])('#status in %s answers the sender only and changes nothing', (state) => {
    const c = caseIn(state);
    const d = step(c, staff('status'), wib(T));
    expect(d.case).toEqual(c);
    expect(d.actions).toEqual([{ type: 'mail', kind: 'staff_status_case', to: 'sender', data: {} }]);
  });
});

describe('#tugaskan: a name or address from the staff list', () => {
  test.each([
    ['the full name, any case', 'rina WULANDARI', 'rina@lpse.batangkab.go.id'],
    ['a first name only one member has', 'Rina', 'rina@lpse.batangkab.go.id'],
    ['the address', 'Budi@LPSE.batangkab.go.id', 'budi@lpse.batangkab.go.id'],
    ['the address in angle brackets', '<budi.h@lpse.batangkab.go.id>', 'budi.h@lpse.batangkab.go.id'],
    ['the full name of one of two Budis', 'Budi Hartono', 'budi.h@lpse.batangkab.go.id'],
    ['the name on the first line, a note below', 'Rina Wulandari\nkarena Budi cuti', 'rina@lpse.batangkab.go.id'],
  ])('%s: the case stores the address and the assignee is told who assigned it', (_name, args, address) => {
    const d = step(caseIn('in_progress'), staff('assign', args), wib(T), opts);
    expect(d.case.assignee).toBe(address);
    expect(d.actions[0]).toEqual({ type: 'mail', kind: 'staff_assigned', to: 'assignee', data: { by: 'Koordinator Helpdesk' } });
    expect(actions(d)).toEqual(['staff_assigned>assignee', ...ACK]);
  });

  test('assigning oneself needs no notice', () => {
    const d = step(caseIn('in_progress'), staff('assign', 'koordinator helpdesk'), wib(T), opts);
    expect([d.case.assignee, actions(d)]).toEqual([STAFF, ACK]);
  });

  test.each([
    ['someone not on the list', 'Siti'],
    ['an ambiguous first name', 'Budi'],
    ['an unknown address', 'budi@gmail.com'],
    ['nobody', '  '],
  ])('%s: refused, and the refusal lists the staff', (_name, args) => {
    const c = caseIn('in_progress');
    const d = step(c, staff('assign', args), wib(T), opts);
    expect(d.case).toEqual(c);
    const choices = STAFF_LIST.map((m) => `${m.name} <${m.email}>`);
    expect(d.actions).toEqual([
      { type: 'mail', kind: 'staff_refusal', to: 'sender', data: expect.objectContaining({ reason: 'bad_argument', command: 'assign', choices }) },
    ]);
    expect(mailOf(d, 'staff_refusal')?.data.message).toContain('Rina Wulandari <rina@lpse.batangkab.go.id>');
  });

  test('without a staff list nobody can be assigned', () => {
    const d = step(caseIn('in_progress'), staff('assign', 'rina@lpse.batangkab.go.id'), wib(T));
    expect(d.actions).toEqual([{ type: 'mail', kind: 'staff_refusal', to: 'sender', data: expect.objectContaining({ reason: 'bad_argument', choices: [] }) }]);
  });
});

describe('the committee is told when its case reaches LKPP (step 5)', () => {
  const told = (d: { actions: unknown[] }) => actions(d as never).filter((a) => a === 'escalated_notice>reporter').length;

  test('send mode: at once', () => {
    expect(told(step(caseIn('in_progress'), staff('escalate'), wib(T), { escalationMode: 'send' }))).toBe(1);
  });

  test('draft mode: not while the draft waits, but when it is seen sent', () => {
    const drafted = step(caseIn('in_progress'), staff('escalate'), wib(T));
    expect(told(drafted)).toBe(0);
    expect(told(step(drafted.case, { type: 'escalation_sent', at: wib('2026-03-16 10:10') }, wib('2026-03-16 10:15')))).toBe(1);
  });

  test('when LKPP answers before the sent draft was seen', () => {
    expect(told(step(caseIn('escalating'), lkppSays('tiket kami terima'), wib(T)))).toBe(1);
    expect(told(step(caseIn('escalating'), lkpp('lkpp_request', 'minta akses'), wib(T)))).toBe(1);
  });

  test('once only: later LKPP steps tell the committee nothing more', () => {
    const d = run(
      [report(), wib('2026-03-16 09:00')],
      [staff('escalate'), wib('2026-03-16 09:10'), { escalationMode: 'send' }],
      [lkppSays('diterima'), wib('2026-03-16 09:20')],
      [lkpp('lkpp_request', 'minta akses'), wib('2026-03-16 09:30')],
    );
    expect(told(d)).toBe(0);
  });

  test('not when LKPP solves it straight from escalating (the solved notice says it went to LKPP), nor when staff solve it', () => {
    expect(actions(step(caseIn('escalating'), lkpp('lkpp_resolved', 'selesai'), wib(T)))).toEqual(['lkpp_solved_notice>reporter', 'staff_lkpp_solved>staff']);
    expect(told(step(caseIn('escalating'), staff('resolve'), wib(T)))).toBe(0);
  });
});

describe('LKPP solves it: step 10 is the LPSE\'s', () => {
  const lkppText = 'Sudah kami perbaiki. Akses VPN untuk LKPP dapat ditutup kembali.\n-- \nTim Helpdesk LKPP';

  test('from LKPP: the committee gets the LPSE\'s notice without a word of LKPP\'s; staff get the whole text', () => {
    const d = step(caseIn('lkpp_handling'), lkpp('lkpp_resolved', lkppText), wib(T));
    const notice = d.actions.filter((a) => a.type === 'mail' && a.to === 'reporter');
    expect(notice).toEqual([{ type: 'mail', kind: 'lkpp_solved_notice', to: 'reporter', data: { staffText: '' } }]);
    expect(JSON.stringify(notice)).not.toMatch(/VPN|Tim Helpdesk LKPP/);
    expect(mailOf(d, 'staff_lkpp_solved')).toEqual({ type: 'mail', kind: 'staff_lkpp_solved', to: 'staff', data: { from: LKPP, text: lkppText, textSentToReporter: false } });
  });

  test('from staff: their own words go to the committee', () => {
    const d = step(caseIn('lkpp_handling'), staff('lkpp_resolved', 'LKPP telah memperbaiki server; mohon dicoba kembali.'), wib(T));
    expect(mailOf(d, 'lkpp_solved_notice')?.data).toEqual({ staffText: 'LKPP telah memperbaiki server; mohon dicoba kembali.' });
    expect(mailOf(d, 'staff_lkpp_solved')?.data).toMatchObject({ textSentToReporter: true });
  });
});

describe('#minta-data: the sentence staff wrote reaches the committee, the bare item list does not repeat', () => {
  const ask = (args: string, named: { items?: MissingItem[] }) =>
    mailOf(step(caseIn('in_progress'), staff('request_data', args, named), wib(T)), 'request_data')?.data;

  test.each([
    ['user id, telepon\nMohon dikirim hari ini agar dapat kami teruskan.', ['userId', 'phone'], 'Mohon dikirim hari ini agar dapat kami teruskan.'],
    ['user id dan tangkapan layar\nTangkapan layar mohon memuat alamat URL.', ['userId', 'screenshot'], 'Tangkapan layar mohon memuat alamat URL.'],
    ['screenshot', ['screenshot'], ''],
    ['kode tender, nama paket, hp', ['tenderCode', 'tenderName', 'phone'], ''],
    ['mohon user id', ['userId'], 'mohon user id'],
    ['Mohon kirimkan User ID SPSE Bapak/Ibu.', ['userId'], 'Mohon kirimkan User ID SPSE Bapak/Ibu.'],
    ['Tolong kirim tangkapan layar yang menampilkan kode error, terima kasih', ['screenshot'], 'Tolong kirim tangkapan layar yang menampilkan kode error, terima kasih'],
  ] as const)('%j -> %j items, text %j', (args, items, text) => {
    expect(ask(args, { items: [...items] })).toEqual({ items: [...items], text });
  });

  test('with no items named, the text is the request itself and stays whole', () => {
    expect(ask('kode error', {})).toMatchObject({ text: 'kode error' });
  });
});

describe('refusals the reading adds', () => {
  test('a command mid-line does not run; staff are told to put it at the start of a line', () => {
    const c = caseIn('in_progress');
    const d = step(c, { type: 'misplaced_command', from: STAFF, role: 'staff', name: 'resolve' }, wib(T));
    expect(d.case).toEqual(c);
    expect(d.actions).toEqual([{ type: 'mail', kind: 'staff_refusal', to: 'sender', data: expect.objectContaining({ reason: 'misplaced_command', command: 'resolve' }) }]);
  });

  test('from a reporter a misplaced word is only logged', () => {
    const d = step(caseIn('in_progress'), { type: 'misplaced_command', from: REPORTER, role: 'reporter', name: 'resolve' }, wib(T));
    expect(d.actions).toEqual([]);
    expect(d.events).toContainEqual({ type: 'command_refused', detail: expect.objectContaining({ reason: 'misplaced_command' }) });
  });

  test('an unknown command carries the nearest known word', () => {
    const d = step(caseIn('in_progress'), { type: 'unknown_command', from: STAFF, role: 'staff', word: 'selsai', suggestion: 'selesai' }, wib(T));
    expect(mailOf(d, 'staff_refusal')?.data).toMatchObject({ reason: 'unknown_command', suggestion: '#selesai', message: 'unknown command #selsai; did you mean #selesai?' });
    const none = step(caseIn('in_progress'), { type: 'unknown_command', from: STAFF, role: 'staff', word: 'xyz', suggestion: null }, wib(T));
    expect(mailOf(none, 'staff_refusal')?.data).not.toHaveProperty('suggestion');
  });
});

describe('a case opened by staff from a forward, through escalation and reopening', () => {
  test('the whole path', () => {
    const d = run(
      [{ ...report(), openedBy: { staff: 'rina@lpse.batangkab.go.id', via: 'forward' } }, wib('2026-03-16 09:00')],
      [staff('escalate'), wib('2026-03-16 09:10'), { escalationMode: 'send', ...opts }],
      [lkppSays('diterima', 'TUS-1'), wib('2026-03-16 09:20')],
      [lkpp('lkpp_resolved', 'Sudah diperbaiki, akses VPN dapat ditutup.'), wib('2026-03-17 10:00')],
      [{ ...(reporterSays('masih error') as Extract<CaseEvent, { type: 'reporter_message' }>), stillBroken: true }, wib('2026-03-17 11:00')],
      [staff('resolve', 'Cache server dibersihkan.'), wib('2026-03-17 11:20'), opts],
    );
    expect([d.case.state, d.case.outcome, d.case.openedBy]).toEqual(['solved', 'solved', { staff: 'rina@lpse.batangkab.go.id', via: 'forward' }]);
    expect(clocks(d.case).slice(-2)).toEqual([
      ['2', 'lpse', '2026-03-17 11:00', '2026-03-17 11:30', '2026-03-17 11:20'],
      ['3', 'lpse', '2026-03-17 11:20', '2026-03-17 11:50', '2026-03-17 11:20'],
    ]);
  });
});
