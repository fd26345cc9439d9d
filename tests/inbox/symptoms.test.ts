/** The SOP's four symptoms (step 1a), recognised however a committee phrases them. */
import { detectSymptoms } from '../../src/inbox/symptoms';
import type { Symptom } from '../../src/inbox/types';

test.each<[string, Symptom[]]>([
  ['Muncul [::] maaf operasi yang anda lakukan salah', ['error_notification']],
  ['maaf, operasi yg Anda lakukan salah...', ['error_notification']],
  ['Terjadi error pada aplikasi SPSE saat menyimpan jadwal', ['error_notification']],
  ['muncul notifikasi error ketika klik simpan', ['error_notification']],
  ['keluar pesan kesalahan di layar', ['error_notification']],
  ['An error occurred while saving', ['error_notification']],
  ['halaman menampilkan Internal Server Error', ['error_notification']],
  ['Setiap klik selalu kembali ke halaman awal', ['redirect_home']],
  ['langsung balik lagi ke beranda', ['redirect_home']],
  ['terlempar ke halaman login terus', ['redirect_home']],
  ['it keeps sending us back to the home page', ['redirect_home']],
  ['every action returns to the first page', ['redirect_home']],
  ['loading terus tidak berhenti', ['endless_loading']],
  ['Loadingnya muter-muter saja', ['endless_loading']],
  ['proses loading tidak kunjung selesai', ['endless_loading']],
  ['halaman stuck di loading', ['endless_loading']],
  ['the page keeps loading forever', ['endless_loading']],
  ['loading never finishes', ['endless_loading']],
  ['dokumen pemilihan gagal diupload', ['upload_failed']],
  ['tidak bisa upload dokumen penawaran', ['upload_failed']],
  ['Upload dokumen kontrak gagal terus', ['upload_failed']],
  ['gagal unggah dokumen', ['upload_failed']],
  ['file tidak terupload', ['upload_failed']],
  ['the upload of the tender documents failed', ['upload_failed']],
  ['cannot upload the documents', ['upload_failed']],
])('%j', (text, want) => {
  expect(detectSymptoms('', text)).toEqual(want);
});

test('a denied symptom is not a symptom (SOP 2: no notification, back to the home page)', () => {
  expect(detectSymptoms('', 'Tidak ada notifikasi error, tapi setiap klik kembali ke halaman awal')).toEqual(['redirect_home']);
  expect(detectSymptoms('', 'tanpa pesan error apapun')).toEqual([]);
});

test('the subject counts, and symptoms come in the SOP order', () => {
  expect(detectSymptoms('Gagal upload & loading terus', 'Muncul notifikasi error')).toEqual([
    'error_notification',
    'endless_loading',
    'upload_failed',
  ]);
});

test('words that merely contain the keywords do not count', () => {
  expect(detectSymptoms('', 'Upload dokumen berhasil, terima kasih. Download lama.')).toEqual([]);
  expect(detectSymptoms('', 'Mohon info jadwal pelatihan SPSE')).toEqual([]);
});

test('long input stays fast (patterns are bounded)', () => {
  const started = Date.now();
  detectSymptoms('', `${'loading '.repeat(20000)}${'a'.repeat(100000)} upload ${'x '.repeat(50000)}`);
  expect(Date.now() - started).toBeLessThan(2000);
});
