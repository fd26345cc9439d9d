/**
 * The body a person reads is bounded: a mail of millions of lines is read only to the cut-off, so
 * its reading (fresh text, fields, the redacted copy's text) stays small and quick, the cut is
 * said where it is made, and a message not read to its end keeps only its redacted copy.
 */
import { BODY_CUT_NOTE, MAX_BODY_CHARS } from '../../src/inbox/body-cap';
import { readMessage } from '../../src/inbox/reading';
import { COMMITTEE, mail } from './mail';

const OPTS = { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.batangkab.go.id'] };
const REPORT = 'Nama Pokja Pemilihan: Pokja Pemilihan 3\nUser ID: pokja3btg\nKode Tender: 10034567000\n';

test('a 25 MB mail of password lines is read quickly into a bounded reading', async () => {
  const raw = mail({ ...COMMITTEE, Subject: 'Error' }, REPORT + 'password: x\n'.repeat(2_100_000));
  expect(raw.length).toBeGreaterThan(25_000_000);
  const t0 = performance.now();
  const r = await readMessage(raw, OPTS);
  // Generous: the reading takes about two seconds; before the cut-off it took over ten and 2 GB.
  expect(performance.now() - t0).toBeLessThan(20_000);
  expect(r.fields.userId).toBe('pokja3btg');
  expect(r.secretsRedacted).toBe(true);
  expect(r.redactedBody.endsWith(BODY_CUT_NOTE)).toBe(true);
  expect(r.freshText.length).toBeLessThan(3 * MAX_BODY_CHARS);
  expect(JSON.stringify({ ...r, attachments: [] }).length).toBeLessThan(8 * MAX_BODY_CHARS);
});

test.each([
  ['a pasted server log (English)', 'Here is the log from the server:\n', '2026-11-26 08:00:01 INFO worker started pid=4411\n', 'root password: Zz9-Tail#x'],
  ['a long quoted thread (Indonesian)', 'Mohon dibantu, masih error.\n\n', '> Pada Sen, 23 Nov 2026 Helpdesk menulis:\n> Laporan sudah kami terima dan sedang diproses.\n', 'kata sandi root: Zz9-Tail#x'],
])('%s past the cut-off: the report read, the cut said, the password past it never kept', async (_name, head, filler, secret) => {
  const body = head + REPORT + filler.repeat(Math.ceil((MAX_BODY_CHARS * 1.5) / filler.length)) + secret + '\n';
  const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Error jadwal' }, body), OPTS);
  expect(r.fields.tenderCode).toBe('10034567000');
  expect(r.secretsRedacted).toBe(true);
  expect(r.redactedBody).toContain(BODY_CUT_NOTE);
  expect(r.redactedBody).not.toContain('Zz9-Tail#x');
  expect(r.redactedBody.length).toBeLessThan(MAX_BODY_CHARS + 1000);
});

test('a mail under the cut-off is read whole, with no note', async () => {
  const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Error' }, REPORT + 'Jadwal tidak tersimpan.\n'.repeat(20_000)), OPTS);
  expect(r.secretsRedacted).toBe(false);
  expect(r.redactedBody).not.toContain(BODY_CUT_NOTE);
});
