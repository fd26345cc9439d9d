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
  ['pokja.noreply.fan@x.id', false],
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
