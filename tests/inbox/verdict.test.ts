/** The committee's answer to a solved notice: still broken (reopen) or not (close on schedule). */
import { stillBroken } from '../../src/inbox/verdict';
import { cpuMsSince } from '../cpu-time';

test.each([
  'masih error',
  'Mohon maaf pak, masih error.',
  'masih belum bisa',
  'belum bisa juga pak',
  'tetap gagal upload',
  'masih sama seperti kemarin',
  'errornya muncul lagi',
  'masih loading terus',
  'Sudah saya coba clear cache tapi tetap tidak bisa.',
  'Terima kasih pak, tapi masih muncul notifikasi error saat upload.',
  'kok masih kembali ke halaman awal ya pak',
  'masih gak bisa login',
  'Sudah dicoba lagi, hasilnya sama saja.',
  'Tidak ada perubahan pak, dokumen belum terupload.',
  'gagal lagi pak',
  'Sudah bisa login, tapi upload masih gagal.',
  'Kemarin sempat bisa, sekarang error lagi.',
  'Upload dokumen penawaran gagal pak.',
  'Belum normal pak, masih mental ke beranda',
  'Maaf, sampai sekarang masih belum berhasil upload.',
  'tidak bisa upload dokumen pak',
  'still not working',
  'the problem is still there',
  "Thanks, but it still doesn't work.",
  'Still getting the same error when uploading.',
  'It is not fixed yet.',
  'The issue persists.',
  'It no longer works after the update.',
  'Sekarang sudah tidak bisa login lagi.',
])('%j says the problem is still there', (text) => {
  expect(stillBroken(text)).toBe(true);
});

test.each([
  'sudah bisa, terima kasih',
  'sudah tidak error lagi',
  'terima kasih, sudah normal',
  'alhamdulillah sudah bisa',
  'kemarin masih error, sekarang sudah bisa',
  'Tadi pagi sempat gagal, tapi sekarang sudah berhasil upload.',
  'thanks, it works now',
  'Problem solved, thank you.',
  'Terima kasih banyak atas bantuannya.',
  'Baik pak, terima kasih.',
  'Kalau masih error nanti saya kabari lagi.',
  'Sudah bisa pak. Jika nanti error lagi, saya hubungi helpdesk.',
  'Errornya sudah tidak muncul lagi, terima kasih.',
  'Siap, terima kasih. Masalah sudah teratasi.',
  'Sudah lancar kembali, terima kasih.',
  'Tidak ada kendala lagi pak.',
  'Sudah kami coba dan berhasil.',
  'Apakah masih perlu kami kirim datanya?',
  '> masih error\n\nSudah bisa, terima kasih.',
  '> masih error',
  'No more errors, thanks!',
])('%j does not', (text) => {
  expect(stillBroken(text)).toBe(false);
});

test('a long answer is read in linear time', () => {
  const started = process.cpuUsage();
  stillBroken(`${'masih '.repeat(50_000)}${'x'.repeat(100_000)} ${'tidak '.repeat(20_000)}`);
  stillBroken(`error ${'a'.repeat(200_000)} lagi ${','.repeat(100_000)}`);
  expect(cpuMsSince(started)).toBeLessThan(1000);
});
