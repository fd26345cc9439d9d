import { COMMANDS, STATES, STEP_IDS, commandsAllowed, defaultSop, dueAt, sopStep, sopWith, stateRow, type CommandName } from '../../src/workflow/sop';
import { cal, fmt, wib } from './helpers';

describe('the SOP table', () => {
  test('has the SOP steps, owners and time standards, in order', () => {
    expect(defaultSop.map((s) => [s.step, s.owner, s.standard])).toEqual([
      ['1a', 'lpse', { minutes: 30 }],
      ['1b', 'lpse', { minutes: 30 }],
      ['1c', 'reporter', { days: 1 }],
      ['2', 'lpse', { minutes: 30 }],
      ['3', 'lpse', { minutes: 30 }],
      ['4', 'lpse', { minutes: 30 }],
      ['5', 'lkpp', { minutes: 15 }],
      ['6', 'lkpp', { days: 1 }],
      ['7', 'lpse', { days: 1 }],
      ['8', 'lkpp', { days: 1 }],
      ['9', 'lkpp', { days: 1 }],
      ['10', 'lpse', { minutes: 5 }],
      ['11', 'reporter', { minutes: 5 }],
    ]);
    expect(STEP_IDS).toHaveLength(13);
  });

  test('sopWith replaces only the given standards and leaves the default alone', () => {
    const sop = sopWith({ '2': { minutes: 60 }, '9': { days: 2 } });
    expect(sopStep(sop, '2').standard).toEqual({ minutes: 60 });
    expect(sopStep(sop, '9').standard).toEqual({ days: 2 });
    expect(sopStep(sop, '5').standard).toEqual({ minutes: 15 });
    expect(sopStep(defaultSop, '2').standard).toEqual({ minutes: 30 });
    expect(Object.isFrozen(sop)).toBe(true);
  });

  test('sopWith names every bad override', () => {
    const bad = { '2': { minutes: 0 }, '9': { days: 1.5 }, '12': { minutes: 5 }, '3': { minutes: 5, days: 1 } } as never;
    expect(() => sopWith(bad)).toThrow(
      /2: minutes must be a positive number, got 0\n.*3: give exactly one of minutes or days\n.*9: days must be a positive whole number, got 1.5\n.*12: not an SOP step/s,
    );
  });

  test('dueAt counts minutes and days in working time', () => {
    expect(fmt(dueAt(defaultSop, cal, '2', wib('2026-03-13 16:10')))).toBe('2026-03-16 07:40');
    expect(fmt(dueAt(defaultSop, cal, '5', wib('2026-03-16 15:50')))).toBe('2026-03-17 07:35');
    expect(fmt(dueAt(defaultSop, cal, '1c', wib('2026-03-13 16:10')))).toBe('2026-03-16 16:00');
    expect(fmt(dueAt(sopWith({ '1c': { days: 2 } }), cal, '1c', wib('2026-03-13 16:10')))).toBe('2026-03-17 16:00');
  });
});

describe('the state table', () => {
  test('each running clock belongs to the owner the SOP names', () => {
    for (const row of STATES) {
      expect(row.owner).toBe(row.clock === null ? null : sopStep(defaultSop, row.clock).owner);
      if (row.clock !== null) expect(row.steps).toContain(row.clock);
    }
  });

  test('names only known states', () => {
    const states = STATES.map((r) => r.state);
    for (const row of STATES) for (const next of row.next) expect(states).toContain(next);
    for (const rule of Object.values(COMMANDS)) for (const s of rule.from) expect(states).toContain(s);
    expect(() => stateRow('nowhere' as never)).toThrow(/unknown case state/);
  });

  test('who may do what', () => {
    expect(commandsAllowed('in_progress', 'staff')).toEqual(['resolve', 'escalate', 'request_data', 'reply', 'note', 'priority', 'assign', 'called', 'close', 'help', 'status']);
    expect(commandsAllowed('at_lkpp', 'lkpp')).toEqual(['lkpp_request', 'lkpp_resolved']);
    expect(commandsAllowed('in_progress', 'lkpp')).toEqual([]);
    expect(commandsAllowed('closed', 'staff')).toEqual(['reply', 'note', 'priority', 'assign', 'called', 'reopen', 'help', 'status']);
    for (const name of Object.keys(COMMANDS) as CommandName[]) {
      expect(commandsAllowed('solved', 'reporter')).not.toContain(name);
    }
  });
});
