// `cases --json` streamed: the pieces make the same text as the whole array through jsonForTerminal.
import { jsonArrayPieces } from '../../src/console/json-array';
import { jsonForTerminal } from '../../src/inbox/control-characters';

const caseOf = (n: number) => ({
  ref: `2026-${String(n).padStart(4, '0')}`,
  state: n % 3 === 0 ? 'closed' : 'in_progress',
  // A display name from mail can carry bidi and C1 controls: escaped the same in both.
  reporter: n === 7 ? 'pokja\u202egnp.exe\u009b2J@batangkab.go.id' : `pokja${n}@batangkab.go.id`,
  fields: { committeeName: `Pokja Pemilihan ${n}`, tenderCode: null },
  missing: n % 2 === 0 ? ['user_id', 'phone'] : [],
  clocks: [{ step: '2', owner: 'lpse', startedAt: '2026-11-20T02:00:00.000Z', stoppedAt: null, breached: true }],
});

test.each([0, 1, 20, 45])('%i cases in pieces of 20 read as the array does', (count) => {
  const list = Array.from({ length: count }, (_, i) => caseOf(i + 1));
  const pieces = [...jsonArrayPieces(list, 20)];
  expect(pieces.join('')).toBe(jsonForTerminal(list));
  expect(pieces).toHaveLength(Math.floor(count / 20) + 1);
});
