/** Shared fixtures for the workflow tests: WIB time helpers, the test calendar, case builders. */

import {
  type Case,
  type CaseEvent,
  type Decision,
  type DecideOptions,
  type Fields,
  createCalendar,
  decide,
  defaultSop,
  emptyFields,
  missingItems,
  runningClock,
  stateRow,
} from '../../src/workflow';

/** An instant given as Asia/Jakarta wall time, 'YYYY-MM-DD HH:MM'. */
export function wib(s: string): Date {
  const d = new Date(`${s.replace(' ', 'T')}:00+07:00`);
  if (Number.isNaN(d.getTime())) throw new Error(`bad test time ${s}`);
  return d;
}

/** An instant shown as Asia/Jakarta wall time, 'YYYY-MM-DD HH:MM' (seconds shown only if any). */
export function fmt(d: Date | null | undefined): string | null {
  if (!d) return null;
  const iso = new Date(d.getTime() + 7 * 3_600_000).toISOString();
  const s = `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(16, 23) === ':00.000' ? s : `${s}${iso.slice(16, 23)}`;
}

/** The test calendar: default hours plus 2026's Nyepi/Idul Fitri block, 17 August and New Year. */
export const holidays = ['2026-01-01', '2026-03-18', '2026-03-19', '2026-03-20', '2026-03-23', '2026-03-24', '2026-08-17'];
export const cal = createCalendar({ holidays });
export const sop = defaultSop;

export const REPORTER = 'pokja3@batangkab.go.id';
export const STAFF = 'helpdesk@lpse.batangkab.go.id';
export const LKPP = 'helpdesk@lkpp.go.id';
/** The staff list #assign chooses from (config `staff`); STAFF is its coordinator. */
export const STAFF_LIST = [
  { name: 'Koordinator Helpdesk', email: STAFF },
  { name: 'Rina Wulandari', email: 'rina@lpse.batangkab.go.id' },
  { name: 'Budi Santoso', email: 'budi@lpse.batangkab.go.id' },
  { name: 'Budi Hartono', email: 'budi.h@lpse.batangkab.go.id' },
] as const;

export const fullFields: Fields = {
  committeeName: 'Pokja Pemilihan 3',
  userId: 'pokja3btg',
  tenderCode: '10034567000',
  tenderName: 'Rehabilitasi Jalan Kandeman',
  phone: '+6281227459910',
  errorCode: null,
};

/** A report event; `drop` leaves out fields, `screenshots` defaults to 1. */
export function report(opts: { drop?: (keyof Fields)[]; screenshots?: number } = {}): Extract<CaseEvent, { type: 'report' }> {
  const fields = { ...fullFields };
  for (const k of opts.drop ?? []) fields[k] = null;
  const screenshots = opts.screenshots ?? 1;
  return {
    type: 'report',
    from: REPORTER,
    fromName: 'Pokja 3',
    fields,
    missing: missingItems(fields, screenshots),
    symptoms: ['error_notification'],
    screenshots,
    ref: '2026-0042',
    description: 'Saat mengunggah dokumen penawaran pada menu Evaluasi muncul pesan error.',
  };
}

export const staff = (name: Extract<CaseEvent, { type: 'command' }>['name'], args = '', extra: { items?: Extract<CaseEvent, { type: 'command' }>['items'] } = {}): CaseEvent =>
  ({ type: 'command', from: STAFF, role: 'staff', name, args, ...extra });
export const lkpp = (name: Extract<CaseEvent, { type: 'command' }>['name'], args = ''): CaseEvent =>
  ({ type: 'command', from: LKPP, role: 'lkpp', name, args });
export const reporterSays = (text: string, fields: Partial<Fields> = {}, screenshots = 0): CaseEvent =>
  ({ type: 'reporter_message', from: REPORTER, fields, screenshots, text });
export const lkppSays = (text: string, ticket: string | null = null): CaseEvent =>
  ({ type: 'lkpp_message', from: LKPP, text, ticket });

/**
 * decide() with the invariants every decision must keep checked: the input is not mutated
 * (it is deep-frozen, and compared after), at least one log event, at most one running clock
 * and it is the clock the STATES table names for the state.
 */
export function step(c: Case | null, e: CaseEvent, now: Date, opts?: DecideOptions): Decision {
  const before = c === null ? null : JSON.stringify(c);
  const d = decide(c === null ? null : deepFreeze(c), e, now, sop, cal, opts);
  if (c !== null) expect(JSON.stringify(c)).toBe(before);
  expect(d.events.length).toBeGreaterThanOrEqual(1);
  const running = d.case.clocks.filter((k) => k.stoppedAt === null);
  expect(running.length).toBeLessThanOrEqual(1);
  expect(runningClock(d.case)?.step ?? null).toBe(stateRow(d.case.state).clock);
  return d;
}

/** Runs events in order from a fresh report; returns the last decision. */
export function run(first: [CaseEvent, Date], ...rest: [CaseEvent, Date, DecideOptions?][]): Decision {
  let d = step(null, first[0], first[1]);
  for (const [e, now, opts] of rest) d = step(d.case, e, now, opts);
  return d;
}

/** The clocks as readable rows: [step, owner, startedAt, dueAt, stoppedAt] in WIB. */
export function clocks(c: Case): [string, string, string | null, string | null, string | null][] {
  return c.clocks.map((k) => [k.step, k.owner, fmt(k.startedAt), fmt(k.dueAt), fmt(k.stoppedAt)]);
}

/** The actions as short labels: 'kind>to' for mails, 'escalation:mode'. */
export function actions(d: Decision): string[] {
  return d.actions.map((a) => (a.type === 'mail' ? `${a.kind}>${a.to}` : `escalation:${a.mode}`));
}

/** A case in a given state, reached the way the product reaches it (for state-table tests). */
export function caseIn(state: Case['state'], at = wib('2026-03-16 09:00')): Case {
  const later = (min: number) => new Date(at.getTime() + min * 60_000);
  const complete: [CaseEvent, Date] = [report(), at];
  switch (state) {
    case 'checking': {
      const c = step(null, report(), at).case;
      return { ...c, state: 'checking', clocks: [{ step: '1a', owner: 'lpse', startedAt: at, dueAt: later(30), stoppedAt: null }] };
    }
    case 'awaiting_reporter':
      return run([report({ drop: ['phone'] }), at]).case;
    case 'in_progress':
      return run(complete).case;
    case 'solved':
      return run(complete, [staff('resolve'), later(5)]).case;
    case 'escalating':
      return run(complete, [staff('escalate'), later(5)]).case;
    case 'at_lkpp':
      return run(complete, [staff('escalate'), later(5)], [{ type: 'escalation_sent', at: later(6) }, later(7)]).case;
    case 'lkpp_requested':
      return run(complete, [staff('escalate'), later(5), { escalationMode: 'send' }], [lkpp('lkpp_request', 'minta akses'), later(8)]).case;
    case 'lkpp_checking':
      return run(complete, [staff('escalate'), later(5), { escalationMode: 'send' }], [lkpp('lkpp_request'), later(8)], [staff('data_sent'), later(9)]).case;
    case 'lkpp_handling':
      return run(complete, [staff('escalate'), later(5), { escalationMode: 'send' }], [lkppSays('diterima'), later(8)]).case;
    case 'lkpp_solved':
      return run(complete, [staff('escalate'), later(5), { escalationMode: 'send' }], [lkpp('lkpp_resolved'), later(8)]).case;
    case 'closed':
      return run(complete, [staff('resolve'), later(5)], [staff('close'), later(6)]).case;
  }
}

export { emptyFields };

export function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
