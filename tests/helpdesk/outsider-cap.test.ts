// A forger writing as a staff member causes one refusal per mail to that member (so the member
// learns of it), but only up to autoReply.maxOutsiderAlertsPerHour an hour: a forger cannot flood
// a staff inbox. Every forged mail is still recorded, and mail staff need keeps coming.
import { Scenario, REPORT } from './scenario-kit';

const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const OUR_FAIL = { 'Authentication-Results': 'mx.lpse.test; spf=fail smtp.mailfrom=lpse.test; dmarc=fail (p=none) header.from=lpse.test' };

let s: Scenario;
afterEach(() => s.close());

it('30 forged staff commands in half an hour: 20 refusals to the staff member, the rest recorded as capped', async () => {
  s = new Scenario((c) => ({ ...c, security: { trustedAuthservId: 'mx.lpse.test', authResultsHeaders: 1, trustFromHeader: false } }));
  await s.send({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<r1@gmail.com>', screenshot: true });
  for (let i = 0; i < 30; i++) {
    const minute = String(i).padStart(2, '0');
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001] Laporan baru', text: '#tutup', at: `2026-11-26 08:${minute}`, messageId: `<forged${i}@evil.example>`, headers: OUR_FAIL });
  }
  expect(s.caseOf('2026-0001').state).toBe('in_progress');
  const refusals = s.outbox().filter((o) => o.kind === 'staff_refusal');
  expect(refusals).toHaveLength(20);
  expect(refusals.every((o) => o.toAddrs.join() === 'staff1@lpse.test')).toBe(true);
  expect(s.eventTypes('2026-0001').filter((t) => t === 'reply_capped')).toHaveLength(10);

  // The cap counts only outsider-caused mail: the next new case still reaches staff one by one.
  await s.send({ from: 'Pokja 4 <pokja4@batangkab.go.id>', subject: 'Tidak bisa upload', text: REPORT, at: '2026-11-26 08:40', messageId: '<r2@batangkab.go.id>', screenshot: true });
  expect(s.outbox().filter((o) => o.kind === 'staff_new_case' || o.kind === 'staff_case_complete').length).toBe(2);

  // An hour later the member hears of forgeries again.
  await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001] Laporan baru', text: '#tutup', at: '2026-11-26 09:45', messageId: '<forged-late@evil.example>', headers: OUR_FAIL });
  expect(s.outbox().filter((o) => o.kind === 'staff_refusal')).toHaveLength(21);
});
