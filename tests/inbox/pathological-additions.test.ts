/**
 * The issue 10 readers (forward headers, phone reports, verdict, misplaced commands, description)
 * on pathological bodies, each read by `readMessage` within the same bound of CPU time as
 * pathological.test.ts.
 */
import { headerDate, senderOf } from '../../src/inbox/forwarded';
import { readMessage } from '../../src/inbox/reading';
import { stillBroken } from '../../src/inbox/verdict';
import { mail } from './mail';
import { cpuMsSince } from '../cpu-time';

const BOUND_MS = 2000;
const OPTS = { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.batangkab.go.id'] };
const RUN = 200_000;
const LINES = 100_000;
const STAFF = { From: 'Rina <rina@lpse.batangkab.go.id>', To: 'helpdesk@lpse.batangkab.go.id', 'Message-ID': '<p@lpse>', Subject: 'Fwd: Error SPSE', 'Content-Transfer-Encoding': '8bit' };
const plain = (body: string): Buffer => mail(STAFF, body);
const MARKER = '---------- Forwarded message ---------';

const cases: Array<[string, () => Buffer]> = [
  [`a forward whose From line is ${RUN} spaces`, () => plain(`${MARKER}\nFrom:${' '.repeat(RUN)}x\nDate: Mon, 30 Nov 2026 at 08:00\n\nKode Tender: 10034567000`)],
  [`a forward whose From line is ${RUN} "<"`, () => plain(`${MARKER}\nFrom: ${'<'.repeat(RUN)}@\nSubject: x\n\ny`)],
  [`a forward whose From line is ${RUN} "a@"`, () => plain(`${MARKER}\nFrom: ${'a@'.repeat(RUN / 2)}\nSubject: x\n\ny`)],
  [`a forward whose Date is ${RUN} digits and dots`, () => plain(`${MARKER}\nFrom: Pokja <p@b.id>\nDate: ${'1.'.repeat(RUN / 2)}\nSubject: x\n\ny`)],
  ['an attribution line of 100,000 commas', () => plain(`x\n\nPada ${','.repeat(LINES)} <a@b.id> menulis:\ny`)],
  [`${LINES} forward markers with header blocks`, () => plain(`${MARKER}\nFrom: Pokja <p@b.id>\nDate: Mon, 30 Nov 2026 at 08:00\nSubject: x\n\n`.repeat(LINES / 5))],
  [`#kasus-baru then ${LINES} data lines`, () => plain(`#kasus-baru\n${'Email: pokja3@batangkab.go.id\nNama: Budi\n'.repeat(LINES / 2)}`)],
  [`#kasus-baru then a line of ${RUN} "a." (an address that never ends)`, () => plain(`#kasus-baru\n${'a.'.repeat(RUN / 2)}@${'b.'.repeat(RUN / 2)}`)],
  [`#kasus-baru then addresses glued together`, () => plain(`#kasus-baru\n${'a.b@c.d'.repeat(RUN / 7)}!`)],
  [`${RUN / 10} misplaced "#selesai" on one line`, () => plain(`tolong ${'#selesai '.repeat(RUN / 10)}`)],
  [`${LINES} lines of "masih error, sudah bisa"`, () => plain('masih error, sudah bisa\n'.repeat(LINES))],
  [`a line of ${RUN} "masih "`, () => plain(`${'masih '.repeat(RUN / 6)}x`)],
  [`${LINES} greeting lines`, () => plain('Selamat pagi,\n'.repeat(LINES))],
  [`${LINES} closing lines`, () => plain(`Upload gagal.\n${'Terima kasih\n'.repeat(LINES)}`)],
];

test.each(cases)('%s: read within the bound', async (_name, build) => {
  const raw = build();
  const started = process.cpuUsage();
  const r = await readMessage(raw, OPTS);
  expect(cpuMsSince(started)).toBeLessThan(BOUND_MS);
  expect(r.from).toBe('rina@lpse.batangkab.go.id');
});

test('the header readers and the verdict on long values stay fast', () => {
  const started = process.cpuUsage();
  senderOf(`${'x'.repeat(RUN)}@${'y'.repeat(RUN)}`);
  headerDate(`${'30 '.repeat(RUN / 3)}`);
  stillBroken(`${'tidak '.repeat(RUN / 6)}bisa`);
  stillBroken(`${'belum juga '.repeat(RUN / 11)}`);
  expect(cpuMsSince(started)).toBeLessThan(BOUND_MS);
});
