/**
 * The reader's side of "never answer": body-only out-of-office texts read as auto-replies,
 * provider JSON notifications as bounces, and list mail and no-reply senders carry `noAnswer`
 * (the kind stays design.md's human/auto_reply/bounce).
 */
import { readMessage } from '../../src/inbox/reading';
import { isNoReplyAddress } from '../../src/inbox/no-answer';
import { COMMITTEE, mail } from './mail';

const read = (headers: Record<string, string>, body: string) => readMessage(mail({ ...COMMITTEE, Subject: 'Re: Jadwal', ...headers }, body), { tagPrefix: 'LPSE' });

test.each([
  'Saya sedang cuti sampai 7 Desember 2026.',
  'Terima kasih atas email Anda. Saat ini saya sedang tidak berada di kantor hingga Senin.',
  'Mohon maaf, saya sedang dinas luar s.d. 4 Desember 2026, dengan akses surel terbatas.',
  'Yth. Bapak/Ibu, saya sedang berada di luar kantor. Email akan saya balas setelah saya kembali.',
  'Pesan Anda sudah diterima. Saya akan membalas email Bapak/Ibu setelah kembali ke kantor tanggal 3 Desember.',
  'Bapak/Ibu Yth., kami sedang dalam perjalanan dinas sampai Jumat.',
  'I am currently out of the office with limited access to email.',
  "I'm on annual leave until 14 December and will reply when I return.",
  'Out of office until 8 Dec.',
  'Thank you for your message. I am away from the office this week. I will get back to you when I am back.',
  'Hi, I am on vacation. I will respond upon my return on 7 December.',
])('absence note %j -> auto_reply', async (body) => {
  expect((await read({}, `${body}\n\nSalam,\nSri Lestari\nPokja Pemilihan 2\n0812-2233-4455`)).kind).toBe('auto_reply');
});

test.each([
  ['a report with its data', 'Saya sedang cuti, tetapi ada kendala.\n\nUser ID: pokja3btg\nKode Tender: 10034567000\nNama Paket: Rehabilitasi Jalan'],
  ['a symptom', 'Saya sedang dinas luar, aplikasi SPSE selalu kembali ke halaman utama saat login.'],
  ['a staff command', '#catatan reporter sedang cuti sampai 7 Desember'],
  ['a long message', `Saya sedang cuti sampai 7 Desember.\n\n${'Kami ingin menanyakan jadwal pelatihan pengadaan berikutnya untuk seluruh anggota pokja. '.repeat(12)}`],
  ['no absence at all', 'Terima kasih, data sudah kami terima dan sedang kami periksa.'],
  ['a sentence about someone else', 'Pak Andi sudah kembali dari cuti, mohon jadwal pelatihan dikirim ulang.'],
])('%s stays human', async (_name, body) => {
  expect((await read({}, body)).kind).toBe('human');
});

test.each([
  ['SNS envelope with x-amz-sns headers', { From: 'AWS Notifications <no-reply@sns.amazonaws.com>', 'x-amz-sns-message-id': 'abc' }, 'Message delivered.'],
  ['raw SES bounce JSON', {}, '{"notificationType":"Bounce","bounce":{"bounceType":"Permanent"},"mail":{"commonHeaders":{"messageId":"<q1@lpse.test>"}}}'],
  ['SES complaint inside SNS JSON', {}, '{"Type":"Notification","Message":"{\\"notificationType\\":\\"Complaint\\",\\"complaint\\":{}}"}'],
])('%s -> bounce', async (_name, headers, body) => {
  expect((await read(headers, body)).kind).toBe('bounce');
});

test('a SES notification names the returned mail so the bounce links to what we sent', async () => {
  const body = '{"notificationType":"Bounce","mail":{"headers":[{"name":"Message-ID","value":"<q1@lpse.test>"}],"commonHeaders":{"messageId":"<q2@lpse.test>"}}}';
  expect((await read({}, body)).bouncedMessageIds).toEqual(expect.arrayContaining(['<q1@lpse.test>', '<q2@lpse.test>']));
});

test.each([
  [{ 'List-Id': '<pokja.googlegroups.com>' }, 'mailing_list'],
  [{ 'List-Unsubscribe': '<mailto:unsub@news.example>' }, 'mailing_list'],
  [{ 'List-Post': '<mailto:forum@lists.example>' }, 'mailing_list'],
  [{ Precedence: 'list' }, 'mailing_list'],
  [{ From: 'SPSE <noreply@spse.batangkab.go.id>' }, 'noreply_sender'],
  [{ From: 'postmaster@batangkab.go.id' }, 'noreply_sender'],
  [{}, null],
  [{ From: 'Noreen <noreen.s@batangkab.go.id>' }, null],
])('%j -> noAnswer %s', async (headers, want) => {
  expect((await read(headers, 'Mohon bantuan, upload gagal.')).noAnswer).toBe(want);
});

test.each([
  ['noreply@x.id', true],
  ['no-reply@x.id', true],
  ['no_reply@x.id', true],
  ['no.reply@x.id', true],
  ['NoReply-Billing@x.id', true],
  ['noreply+abc@x.id', true],
  ['do-not-reply@x.id', true],
  ['donotreply@x.id', true],
  ['do_not_reply@x.id', true],
  ['postmaster@x.id', true],
  ['abuse@x.id', true],
  ['mailer-daemon@x.id', true],
  ['MAILER_DAEMON@x.id', true],
  ['bounce@x.id', true],
  ['bounces+123-abc@x.id', true],
  ['bounce-mc.us21_1.2-helpdesk=lpse.test@mcsv.net', true],
  ['noreen@x.id', false],
  ['abusenko@x.id', false],
  // A no-reply word anywhere in the address, as a whole token (tester finding 6).
  ['pokja.noreply.fan@x.id', true],
  ['spse-noreply@lpse.kemenkeu.go.id', true],
  ['drive-shares-dm-noreply@google.com', true],
  ['x-noreply-y@x.id', true],
  ['info-noreply@bank.id', true],
  ['notifications-noreply@linkedin.com', true],
  ['sirup_donotreply@x.id', true],
  ['noreply2@x.id', true],
  ['jangan-balas@x.id', true],
  ['notifications@github.com', true],
  ['notification@facebookmail.com', true],
  ['notify@x.id', true],
  ['alerts@x.id', true],
  ['alert+disk@x.id', true],
  ['notifikasi@bkd.batangkab.go.id', true],
  ['pemberitahuan@x.id', true],
  // A robot word joined to a committee's own name is that committee's shared mailbox.
  ['pokja.notifikasi@batangkab.go.id', false],
  ['notifikasi.pokja3@batangkab.go.id', false],
  ['alerta.siti@x.id', false],
  ['noreplyanto@x.id', false],
  ['snoreply@x.id', false],
  ['postmasters.office@x.id', false],
  ['pokja3@batangkab.go.id', false],
])('%s no-reply: %s', (address, want) => {
  expect(isNoReplyAddress(address)).toBe(want);
});

test('the address test stays linear on a long hostile local part', () => {
  const start = process.hrtime.bigint();
  isNoReplyAddress(`${'no-'.repeat(50_000)}x@x.id`);
  isNoReplyAddress(`noreply${'-'.repeat(100_000)}!@x.id`);
  expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(200);
});

// Tester finding 6: lists that write no List-* header, bulk mail weighed against a person's signs.
test.each([
  [{ 'Mailing-List': 'contact forum-help@pengadaan.id; run by ezmlm' }, 'mailing_list'],
  [{ 'X-BeenThere': 'forum-lpse@lists.jatengprov.go.id' }, 'mailing_list'],
  [{ 'X-Mailman-Version': '2.1.39' }, 'mailing_list'],
  [{ Sender: 'forum-lpse-bounces@lists.jatengprov.go.id' }, 'mailing_list'],
  [{ Sender: '"Forum" <forum-lpse-bounces+helpdesk=lpse.test@lists.example>' }, 'mailing_list'],
  [{ Sender: 'owner-pbj-l@listserv.lkpp.go.id' }, 'mailing_list'],
  [{ 'Errors-To': 'pbj-l-request@listserv.lkpp.go.id' }, 'mailing_list'],
  [{ 'X-Mailing-List': '<pengadaan@lists.kendalkab.go.id>' }, 'mailing_list'],
  // Outlook's "on behalf of" and Thunderbird write a person in Sender.
  [{ Sender: 'Sri Lestari <sri.lestari@batangkab.go.id>' }, null],
  [{ Sender: 'owner.pokja3@batangkab.go.id' }, null],
  [{ 'Errors-To': 'pokja3@batangkab.go.id' }, null],
  [{ 'X-Campaign-Id': '7781' }, 'bulk_mail'],
  [{ 'X-MC-User': '4a1b2c3d4e5f' }, 'bulk_mail'],
  [{ 'X-Mailer': 'MailChimp Mailer - **CID4a1b2**' }, 'bulk_mail'],
  [{ 'X-Mailer': 'phpList v3.6.14' }, 'bulk_mail'],
  [{ 'Feedback-ID': '1.ap-southeast-1.Xy9=:AmazonSES', 'X-SES-Outgoing': '2026.11.26-54.240.1.1' }, 'bulk_mail'],
  [{ 'Feedback-ID': 'campaign-2211:newsletter:belanja:esp' }, 'bulk_mail'],
  [{ 'Feedback-ID': '1.ap-southeast-1.Xy9=:AmazonSES', 'X-Mailer': 'Zimbra 8.8.15_GA_4484 (ZimbraWebClient - GC119 (Win)/8.8.15_GA_4484)' }, null],
  [{ 'Feedback-ID': '1.ap-southeast-1.Xy9=:AmazonSES', 'Thread-Index': 'AdrA1b2C3d4E5f6G7h8I9j0K1l2M3n==' }, null],
  [{ 'Feedback-ID': 'relay:kab', 'In-Reply-To': '<a1@lpse.test>' }, null],
  [{ 'X-SES-Outgoing': '2026.11.26-54.240.1.1' }, null],
  [{ 'X-Mailgun-Tag': 'tag', 'X-Mailgun-Mailing-List-Id': '1q' }, null],
  [{ 'X-Mailer': 'Microsoft Outlook 16.0' }, null],
])('%j -> noAnswer %s', async (headers, want) => {
  expect((await read({ Subject: 'Kendala SPSE', ...headers }, 'Mohon bantuan, upload gagal.')).noAnswer).toBe(want);
});

const fresh = (headers: Record<string, string>, body: string) =>
  readMessage(mail({ ...COMMITTEE, Subject: 'Permintaan diterima', ...headers }, body), { tagPrefix: 'LPSE' });

test.each([
  'Terima kasih, tiket Anda telah kami terima dan akan segera diproses. Mohon tidak membalas email ini.',
  'Laporan Anda sudah tercatat dengan nomor 4411. Mohon untuk tidak membalas surel ini karena dikirim oleh sistem.',
  'Paket telah diumumkan.\n\nEmail ini dikirim secara otomatis oleh sistem SIRUP.',
  'Disposisi baru untuk Anda. Surel ini merupakan pemberitahuan otomatis.',
  'Harap jangan membalas pesan ini.',
  'Your request (40112) has been received. This is an automated message. Please do not reply to this email.',
  'Your payslip is ready. Please do not reply to this email address.',
  'This email was sent automatically by the e-procurement portal.',
  'Your ticket was updated. This mailbox is not monitored.',
  'Replies to this message are not read.',
])('system notice %j -> auto_reply', async (body) => {
  expect((await fresh({}, body)).kind).toBe('auto_reply');
});

test('a ticket system acknowledgment that repeats our subject is a notice, not a report', async () => {
  const r = await fresh({ Subject: '[Request #40112] Re: Error upload gagal', 'In-Reply-To': '<abc@lpse.test>' }, 'Your request has been received. This is an automated message, please do not reply.');
  expect(r.kind).toBe('auto_reply');
});

test.each([
  ['a person asking us not to write to an old address', 'Mohon tidak membalas ke alamat lama, balas ke alamat ini saja. Upload gagal.'],
  ['a person asking for the answer elsewhere', 'Mohon jangan membalas email ini ke alamat pribadi saya, tetapi ke pokja3@batangkab.go.id.'],
  ['a report with its data', 'Mohon tidak membalas email ini.\n\nUser ID: pokja3btg\nKode Tender: 10034567000\nNama Paket: Rehabilitasi Jalan'],
  ['a staff command', '#catatan sistem mereka bilang: mohon tidak membalas email ini.'],
  ['a complaint about a feature', 'Fitur laporan otomatis di SPSE tidak berfungsi sejak kemarin.'],
  ['a long message', `Mohon tidak membalas email ini.\n\n${'Kami ingin menanyakan jadwal pelatihan pengadaan berikutnya untuk seluruh anggota pokja. '.repeat(12)}`],
  ['an English note about an old address', 'Please do not reply to my old address; use this one. The upload fails.'],
])('%s stays human', async (_name, body) => {
  expect((await fresh({}, body)).kind).toBe('human');
});

test('a notice inside a forwarded message is the forwarder\'s report', async () => {
  const body = 'Mohon bantuan, ini muncul terus.\n\n---------- Forwarded message ---------\nFrom: SPSE <spse-noreply@lpse.batangkab.go.id>\nSubject: Jadwal berubah\n\nEmail ini dikirim secara otomatis, mohon tidak membalas email ini.';
  expect((await fresh({ Subject: 'Fwd: Jadwal berubah' }, body)).kind).toBe('human');
});

test.each([
  ['Please confirm your message', 'Thank you for your email. I am using a spam filter. Please click the link below to verify you are a human.'],
  ['Verification required', 'Your message has been held until you confirm that you sent it.'],
  ['Konfirmasi pengirim', 'Silakan klik tautan di bawah ini untuk memverifikasi bahwa Anda pengirim pesan tersebut.'],
  ['Konfirmasi', 'Pesan Anda akan ditahan sampai Anda mengonfirmasi alamat Anda.'],
  ['Sender verification', 'This mailbox only accepts mail from approved senders. Click the link to confirm your message.'],
])('challenge screen %j -> auto_reply', async (subject, body) => {
  expect((await fresh({ Subject: subject }, body)).kind).toBe('auto_reply');
});

test('the notice and challenge wordings stay linear on hostile text', () => {
  const start = process.hrtime.bigint();
  return Promise.all([
    fresh({}, `mohon tidak membalas email ini${' '.repeat(200_000)}x`),
    fresh({}, `${'please do not reply to this email '.repeat(5_000)}`),
    fresh({}, `Pesan Anda kepada ${'a'.repeat(100_000)}@x`),
  ]).then(() => expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(2_000));
});
