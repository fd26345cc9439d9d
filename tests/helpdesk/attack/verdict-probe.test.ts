// Attack: the committee's answer to a solved notice, read by stillBroken (src/inbox/verdict.ts).
import { stillBroken } from '../../../src/inbox/verdict';

const MUST_NOT_REOPEN = [
  'terima kasih, sudah tidak error lagi',
  'Terima kasih pak, sudah tidak error lagi.',
  'kemarin masih error, sekarang sudah bisa',
  'Kemarin masih error pak, tapi pagi ini sudah bisa upload. Terima kasih.',
  'apakah masih perlu kirim screenshot?',
  'Apakah masih perlu kami kirimkan screenshot lagi pak',
  'Terima kasih banyak atas bantuannya, masalah sudah teratasi.',
  'Siap pak, sudah normal kembali. Mohon maaf merepotkan.',
  'Baik, terima kasih. Kalau masih error nanti kami kabari lagi.',
  'Sudah bisa pak. Tidak ada kendala lagi.',
  'Alhamdulillah sudah berhasil, tidak gagal lagi.',
  'ok pak, mantap sudah bisa',
  'Sudah beres pak, makasih',
  'Terima kasih, jadwal sudah bisa disimpan. Masih ada satu paket lain yang akan kami laporkan terpisah.',
  'Sudah bisa, terima kasih. Saya masih di kantor sampai jam 4 kalau perlu dihubungi.',
  'Terima kasih, tidak ada masalah lagi.',
  'Baik pak, terima kasih. Tidak error lagi.',
  'Sudah bisa login pak, terima kasih.',
];

const MUST_REOPEN = [
  'masih belum bisa pak',
  'tetap gagal',
  'errornya muncul lagi',
  'Maaf pak, masih error.',
  'Terima kasih pak, tapi masih belum bisa upload.',
  'Sudah dicoba, tetap tidak bisa.',
  'Sama saja pak, muncul notifikasi yang sama.',
  'Mohon maaf, sekarang error lagi',
  'Sudah saya coba clear cache, tapi hasilnya masih sama.',
  'Belum bisa pak',
  'Masih gagal upload pak',
  'Terima kasih. Namun setelah dicoba ulang pagi ini, errornya muncul kembali.',
  'Tidak bisa disimpan pak jadwalnya',
  'Maaf pak, masih muncul pesan maaf operasi yang anda lakukan salah',
  'Sudah tidak error, tapi sekarang jadwalnya tidak tersimpan.',
];

describe('stillBroken: answers that must not reopen', () => {
  it.each(MUST_NOT_REOPEN)('%s', (text) => expect(stillBroken(text)).toBe(false));
});

describe('stillBroken: answers that must reopen', () => {
  it.each(MUST_REOPEN)('%s', (text) => expect(stillBroken(text)).toBe(true));
});
