/** Human, auto-reply or bounce: header evidence first, subjects as the last resort. */
import { readMessage } from '../../src/inbox/reading';
import { COMMITTEE, mail } from './mail';

const kindOf = async (headers: Record<string, string>, body = 'Terima kasih.'): Promise<string> =>
  (await readMessage(mail({ ...COMMITTEE, ...headers }, body), { tagPrefix: 'LPSE' })).kind;

test.each([
  [{ Subject: 'Laporan error SPSE' }, 'human'],
  [{ Subject: 'Laporan', 'Auto-Submitted': 'no' }, 'human'],
  [{ Subject: 'Out of Office?', 'Auto-Submitted': 'no' }, 'human'],
  [{ Subject: 'Laporan', 'X-Auto-Response-Suppress': 'All' }, 'human'],
  [{ Subject: 'Laporan', Precedence: 'list' }, 'human'],
  [{ Subject: 'Re: laporan', 'Auto-Submitted': 'auto-replied' }, 'auto_reply'],
  [{ Subject: 'Re: laporan', 'Auto-Submitted': 'auto-generated' }, 'auto_reply'],
  [{ Subject: 'Re: laporan', 'X-Autoreply': 'yes' }, 'auto_reply'],
  [{ Subject: 'Re: laporan', 'X-Autorespond': 'vacation' }, 'auto_reply'],
  [{ Subject: 'Re: laporan', Precedence: 'bulk' }, 'auto_reply'],
  [{ Subject: 'Re: laporan', Precedence: 'junk' }, 'auto_reply'],
  [{ Subject: 'Re: laporan', Precedence: 'auto_reply' }, 'auto_reply'],
  [{ Subject: 'Re: laporan', 'X-MS-Exchange-Inbox-Rules-Loop': 'pokja3@batangkab.go.id' }, 'auto_reply'],
  [{ Subject: 'Re: laporan', 'Return-Path': '<>' }, 'auto_reply'],
  [{ Subject: 'Automatic reply: [LPSE#2026-0042] data' }, 'auto_reply'],
  [{ Subject: 'Out of Office: laporan' }, 'auto_reply'],
  [{ Subject: 'Balasan Otomatis: laporan' }, 'auto_reply'],
  [{ Subject: 'Pesan Otomatis - laporan' }, 'auto_reply'],
  [{ Subject: 'AUTO: Budi is out of the office (returning 12/01/2026)' }, 'auto_reply'],
  [{ Subject: 'Re: laporan (Automatic Response)' }, 'auto_reply'],
  [{ Subject: 'Undelivered Mail Returned to Sender', From: 'MAILER-DAEMON@mail.batangkab.go.id (Mail Delivery System)' }, 'bounce'],
  [{ Subject: 'Delivery Status Notification (Failure)', From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>' }, 'bounce'],
  [{ Subject: 'Undeliverable: laporan', From: 'postmaster@outlook.com', 'Return-Path': '<>' }, 'bounce'],
  [{ Subject: 'Mail delivery failed', 'X-Failed-Recipients': 'x@y.z', 'Auto-Submitted': 'auto-replied' }, 'bounce'],
  [{ Subject: 'Pesan tidak terkirim: laporan', 'Return-Path': '<>' }, 'bounce'],
])('%j -> %s', async (headers, want) => {
  expect(await kindOf(headers)).toBe(want);
});

test('multipart/report delivery-status is a bounce, disposition-notification a receipt (auto-reply)', async () => {
  const report = (type: string): Record<string, string> => ({ Subject: 'Report', 'Content-Type': `multipart/report; report-type=${type}; boundary="b"` });
  const body = '--b\r\nContent-Type: text/plain\r\n\r\nreport\r\n--b--\r\n';
  expect(await kindOf(report('delivery-status'), body)).toBe('bounce');
  expect(await kindOf(report('disposition-notification'), body)).toBe('auto_reply');
});

test('a postmaster who writes like a person is a person', async () => {
  expect(await kindOf({ From: 'postmaster@batangkab.go.id', Subject: 'Kendala SPSE' }, 'Mohon bantuan, upload gagal.')).toBe('human');
});
