/** Human, auto-reply or bounce: header evidence first, subjects as the last resort. */
import { readMessage } from '../../src/inbox/reading';
import { COMMITTEE, mail } from './mail';

const kindOf = async (headers: Record<string, string>, body = 'Terima kasih.'): Promise<string> =>
  (await readMessage(mail({ ...COMMITTEE, ...headers }, body), { tagPrefix: 'LPSE' })).kind;

test.each([
  [{ Subject: 'Laporan error SPSE' }, 'human'],
  [{ Subject: 'Laporan', 'Auto-Submitted': 'no' }, 'human'],
  [{ Subject: 'Out of Office?', 'Auto-Submitted': 'no' }, 'human'],
  // Outlook writes Thread-Index on what a person composes: it outweighs Exchange's suppress header.
  [{ Subject: 'Laporan', 'X-Auto-Response-Suppress': 'All', 'Thread-Index': 'AdrA1b2C3d4E5f6G7h8I9j0K1l2M3n==' }, 'human'],
  [{ Subject: 'Laporan', 'X-Auto-Response-Suppress': 'All', 'In-Reply-To': '<a1@lpse.test>' }, 'human'],
  [{ Subject: 'Laporan', 'X-Auto-Response-Suppress': 'All', 'X-Mailer': 'Microsoft Outlook 16.0' }, 'human'],
  [{ Subject: 'Laporan', 'X-Auto-Response-Suppress': 'OOF, AutoReply' }, 'human'],
  [{ Subject: 'Laporan harian', 'X-Auto-Response-Suppress': 'All' }, 'auto_reply'],
  [{ Subject: 'Alert: disk penuh', 'X-Auto-Response-Suppress': 'all' }, 'auto_reply'],
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

// Tester finding 6: the bounce wordings of Domino, MDaemon, Barracuda and Indonesian servers, each
// from a sender that is not a mailer-daemon, so the subject needs the body's word to count.
test.each([
  ['Domino Server <NotesAdmin@pemda.test>', 'DELIVERY FAILURE: User budi not listed in Domino Directory', 'Your message\n\n  Subject: Error\n\nwas not delivered to:\n\n  budi@pemda.test\n\nbecause:\n\n  User budi not listed'],
  ['Mail Router <router@notes.pemda.test>', 'DELIVERY_FAILURE: Mailbox is full', 'Your message\n\n  Subject: Laporan\n\nwas not delivered to:\n\n  sekda@notes.pemda.test'],
  ['Mail Server <mailserver@pemda.test>', 'Permanent Delivery Failure', 'The attached message had PERMANENT fatal errors!\n\nSession transcript:\n550 5.1.1 user unknown'],
  ['MDaemon at desa.test <admin@desa.test>', 'Permanent Delivery Failure', 'Recipient mailbox not found.'],
  ['Barracuda <barracuda@pemda.test>', '**Message you sent blocked by our bulk email filter**', 'Your message to: budi@pemda.test was blocked by our Spam Firewall.'],
  ['Email Security <noc@esg.pemda.test>', 'Message you sent blocked by our bulk email filter', 'The email you sent with the following subject has NOT BEEN DELIVERED: Laporan'],
  ['Email Security <noc@esg.pemda.test>', 'Your message could not be delivered', 'Your message could not be delivered to sekretariat@pemda.test.'],
  ['Server Email <server@pemda.test>', 'Surel tidak dapat diantar', 'Pesan Anda kepada budi@pemda.test tidak dapat diantarkan. Alamat tidak ditemukan.'],
  ['Admin Surel <admin.surel@kab.test>', 'Email tidak dapat dikirim: Laporan', 'Pesan Anda ke pokja9@kab.test gagal dikirim karena kotak surat penuh.'],
  ['Layanan Surel <layanan@kab.test>', 'Pesan Anda tidak dapat dikirim', 'Pesan Anda untuk kabag@kab.test tidak dapat dikirim.'],
  ['Layanan Surel <layanan@kab.test>', 'Pesan tidak dapat diantar', 'Surel gagal diantarkan ke kabag@kab.test.'],
])('%s: %j -> bounce', async (from, subject, body) => {
  expect(await kindOf({ From: from, Subject: subject }, body)).toBe('bounce');
});

test.each([
  ['Email tidak dapat dikirim', 'Email undangan pembuktian tidak dapat dikirim ke penyedia, muncul pesan alamat tidak ditemukan.'],
  ['Pesan Anda tidak dapat dikirim', "Saat kirim penawaran muncul tulisan 'Pesan Anda tidak dapat dikirim'. Mohon bantuan."],
  ['Permanent delivery failure di SPSE', 'Notifikasi ke penyedia selalu gagal, mohon dicek.'],
  ['Delivery failure undangan', 'Undangan klarifikasi tidak sampai ke penyedia.'],
])('a person writing about failed mail (%j) is a person', async (subject, body) => {
  expect(await kindOf({ Subject: subject }, body)).toBe('human');
});

test('the new bounce wordings stay linear on hostile text', async () => {
  const start = process.hrtime.bigint();
  await kindOf({ Subject: 'Undeliverable' }, `your message to: ${'a'.repeat(200_000)}`);
  await kindOf({ Subject: 'Undeliverable' }, `pesan anda kepada ${'b@'.repeat(100_000)}`);
  expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(2_000);
});
