/**
 * The pretty log must not pass terminal escapes or forged lines from values a sender controls
 * (subjects, addresses, file names, error messages quoting them).
 */
import { prettyLine } from '../../src/daemon/logger';

const TZ = 'Asia/Jakarta';
const line = (o: Record<string, unknown>) => prettyLine(JSON.stringify({ level: 'info', time: '2026-12-01T01:00:00.000Z', pid: 1, ...o }), TZ);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

test.each([
  ['a value that is one ESC sequence with no spaces', { msg: 'message read', subject: '\u001b[2J\u001b[31mPWNED' }],
  ['an OSC title-setting sequence in a file name', { msg: 'attachment stored', filename: '\u001b]0;owned\u0007x.png' }],
  ['a C1 CSI in an address', { msg: 'message read', from: 'a\u009b31m@b.id' }],
  ['escapes in msg itself', { msg: 'quarantined \u001b[31mred\u001b[0m' }],
  ['escapes in err.message', { msg: 'failed', err: { message: 'bad subject \u001b[2J', stack: 'Error: bad subject \u001b[2J\n    at x' } }],
])('%s: no control characters reach the terminal', (_n, o) => {
  expect(line(o).replace(/\n/g, '')).not.toMatch(CONTROL);
});

test('a newline in msg cannot forge a second log line', () => {
  const out = line({ msg: 'reading subject\n19:48:05 ERROR IMAP password rejected' });
  expect(out.trimEnd().split('\n')).toHaveLength(1);
});
