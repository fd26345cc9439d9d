/**
 * Out-of-office texts with no header or subject saying so: typed by hand or set in a webmail's
 * vacation settings, they read as auto-replies; a person who mentions leave, or asks for help
 * while on it, wrote a message.
 */
import { isOutOfOfficeText } from '../../src/inbox/kind';
import { readMessage } from '../../src/inbox/reading';
import { COMMITTEE, mail } from './mail';

const kindOf = async (body: string): Promise<string> =>
  (await readMessage(mail({ ...COMMITTEE, Subject: 'Re: Laporan kendala SPSE' }, body), { tagPrefix: 'LPSE' })).kind;

const ABSENCE_NOTES = [
  'Saya sedang cuti sampai 7 Desember 2026.',
  'Saya sedang cuti tahunan s.d. tanggal 11 Desember 2026. Untuk keperluan mendesak silakan hubungi Bapak Wahyu (0812-3456-7890).',
  'Terima kasih atas surel Bapak/Ibu. Saat ini saya sedang dinas luar dan akan membalas setelah kembali ke kantor.',
  'Sedang dinas luar kota s.d. 3 Desember, akses email terbatas.',
  'Saat ini sedang cuti melahirkan hingga Februari 2027.',
  'Mulai 1 s.d. 5 Desember 2026 saya cuti. Email akan dibalas setelah masa cuti.',
  'Kami sedang mengikuti bimtek di luar kota sampai Jumat, email akan kami balas sekembalinya.',
  'Saya tidak berada di kantor sampai tanggal 10 Desember 2026.',
  'Mohon maaf, saya izin sakit hari ini.',
  'I am out of the office until Monday, 7 December.',
  "I'm away from my desk this week with limited access to e-mail.",
  'Thank you for your e-mail. I will be out of the office from 1 to 4 December and will reply when I am back.',
  'I am currently on sick leave.',
];

test.each(ABSENCE_NOTES)('absence note, no header: %j', async (body) => {
  expect(isOutOfOfficeText(body)).toBe(true);
  expect(await kindOf(`${body}\n\nSalam,\nRina Oktaviani\nPokja Pemilihan 5`)).toBe('auto_reply');
});

const PEOPLES_MAIL = [
  ['a colleague on leave', 'Operator kami sedang cuti sampai Senin, siapa yang bisa membantu reset user pokja?'],
  ['a question while on leave', 'Saya sedang cuti, apakah jadwal pelatihan SPSE bulan depan sudah ada?'],
  ['help asked while away', 'Saya sedang dinas luar, mohon bantuan reset password user pokja2btg.'],
  ['leave as the reason for a late report', 'Maaf baru melapor karena kemarin saya cuti. Dokumen penawaran tidak mau terunggah sejak Jumat.'],
  ['leave in the past', 'Pak Andi sudah kembali dari cuti, mohon jadwal pelatihan dikirim ulang.'],
  ['the word cuti in a holiday', 'Selama cuti bersama 24-26 Desember, apakah helpdesk tetap melayani?'],
  ['a report with data', 'Saya sedang cuti tetapi ada kendala.\nUser ID: pokja3btg\nKode Tender: 10034567000'],
];

test.each(PEOPLES_MAIL)('%s stays human', async (_name, body) => {
  expect(await kindOf(body)).toBe('human');
});
