/** What is left of mail text on its way to a mail we write or to a terminal. */
import { forTerminal, jsonForTerminal, oneLine, withoutControls } from '../../src/inbox/control-characters';

test.each([
  ['Budi\u001b[2J Santoso', 'Budi Santoso'],
  ['Siti Aminah\u001b]0;pwned\u0007', 'Siti Aminah'],
  ['Pokja Pemilihan 3\r\nBcc: x@evil.example', 'Pokja Pemilihan 3 Bcc: x@evil.example'],
  ['Agus\u202e Wibowo\u2066', 'Agus Wibowo'],
  ['Rehabilitasi Jalan\u0085Warungasem', 'Rehabilitasi Jalan Warungasem'],
  ['Helpdesk\u009b31m LPSE\u009b0m', 'Helpdesk LPSE'],
  ['Dinas\u001b]8;;http://evil.example\u001b\\PUPR\u001b]8;;\u001b\\', 'DinasPUPR'],
  ['Kode\u2028Tender\u2029 10034567000', 'Kode Tender 10034567000'],
  ['\ufeff\u200bPokja\u200f 7', 'Pokja 7'],
  ['Nama\tPaket:  Pengadaan\u0000 Alat', 'Nama Paket: Pengadaan Alat'],
  ['Unterminated\u001b]0;title', 'Unterminated'],
])('oneLine(%j) = %j', (input, want) => {
  expect(oneLine(input)).toBe(want);
});

test('multi-line text keeps its lines and tabs, loses controls and escape sequences', () => {
  const relay = 'Sudah saya coba lagi\u001b[2J, masih error.\r\n\u009b1;1HTerima kasih\u0007\r\n\tBudi\u202e';
  expect(withoutControls(relay)).toBe('Sudah saya coba lagi, masih error.\nTerima kasih\n\tBudi');
  // An unterminated title command ends with its line.
  expect(forTerminal('Salam\u001b]0;pwned\nBaris berikut')).toBe('Salam\nBaris berikut');
  expect(forTerminal('a\u2028b')).toBe('a\nb');
});

/* eslint-disable no-control-regex -- control characters are what these patterns are for */
test('JSON for a terminal escapes C1, U+2028/2029 and bidi controls and parses back to the same value', () => {
  const value = { name: 'Pokja\u001b[2J\u009b2J\u202e\u2028\u2029\u0085', note: 'Laporan é ü 日本' };
  const out = jsonForTerminal(value);
  expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  expect(out).toContain('\\u009b2J\\u202e\\u2028\\u2029\\u0085');
  expect(out).toContain('Laporan é ü 日本');
  expect(JSON.parse(out)).toEqual(value);
});

test('long runs of escapes and controls are read in linear time', () => {
  const started = Date.now();
  for (const run of ['\u001b[', '\u001b]', '\u009b0;', '\u001b', '\u0085 ', '\u202e']) {
    const text = run.repeat(100_000);
    oneLine(text);
    withoutControls(text);
  }
  expect(Date.now() - started).toBeLessThan(2000);
});
