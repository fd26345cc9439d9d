/**
 * One rule for the subject, for fields and symptoms alike: it counts when its writer wrote it for
 * this mail (no case tag, no reply or forward prefix), whatever the threading headers say.
 */
import { readMessage } from '../../src/inbox/reading';
import { COMMITTEE, mail } from './mail';

const OPTS = { tagPrefix: 'LPSE' };
const read = (headers: Record<string, string>, body: string) => readMessage(mail({ ...COMMITTEE, ...headers }, body), OPTS);
const REPLY = { 'In-Reply-To': '<case-2026-0042.r1@lpse.batangkab.go.id>', References: '<case-2026-0042.r1@lpse.batangkab.go.id>' };

test('a new report: its subject gives a symptom and a tender code', async () => {
  const r = await read({ Subject: 'Gagal upload dokumen tender 10034567000' }, 'Mohon bantuannya.');
  expect(r.symptoms).toEqual(['upload_failed']);
  expect(r.fields.tenderCode).toBe('10034567000');
});

test.each([
  ['our tagged subject echoed back', 'Re: [LPSE#2026-0042] Gagal upload dokumen tender 10034567000', REPLY],
  ['a reply prefix, even without threading headers', 'Re: Gagal upload dokumen tender 10034567000', {}],
  ['a forward prefix', 'Fwd: Gagal upload dokumen tender 10034567000', {}],
])('%s: the subject gives neither', async (_name, subject, headers) => {
  const r = await read({ Subject: subject, ...headers }, 'Mohon bantuannya.');
  expect(r.symptoms).toEqual([]);
  expect(r.fields.tenderCode).toBeNull();
});

test('a reply whose writer rewrote the subject: it gives both', async () => {
  const r = await read({ Subject: 'Kode tender 10034567000 - loading tidak selesai', ...REPLY }, 'Data sudah kami lengkapi di atas.');
  expect(r.symptoms).toEqual(['endless_loading']);
  expect(r.fields.tenderCode).toBe('10034567000');
});
