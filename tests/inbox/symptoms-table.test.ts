/**
 * The SOP's four symptoms (step 1a) as committees write them: a table of phrasings each detector
 * must read, and of sentences it must not (denials, a person's own mistakes or actions, mail
 * systems' delivery wording). Quoted text is kept from the detectors by the reading itself.
 */
import { readMessage } from '../../src/inbox/reading';
import { detectSymptoms } from '../../src/inbox/symptoms';
import type { Symptom } from '../../src/inbox/types';
import { COMMITTEE, mail } from './mail';

const MUST_MATCH: Record<Symptom, string[]> = {
  error_notification: [
    'Muncul [::] maaf operasi yang anda lakukan salah',
    'maaf operasi yang anda lakukan salah...',
    'Saat klik simpan keluar tulisan "Maaf, operasi yg Anda lakukan salah"',
    'muncul pesan maaf operasi yang dilakukan salah',
    '[::] Maaf operasi yang Anda lakukan salah. Silakan hubungi admin',
    'operasi yang anda lakukan salah, begitu tulisannya',
    'Terjadi error pada aplikasi SPSE saat menyimpan jadwal',
    'setiap buka menu evaluasi muncul notifikasi error',
    'keluar pesan kesalahan di layar',
    'ada notif error warna merah di pojok',
    'aplikasi SPSE selalu error ketika kami membuka paket',
    'terdapat kesalahan pada sistem waktu membuat paket',
    'halaman menampilkan Internal Server Error',
    'muncul error 500 waktu klik tombol kirim',
    'An error occurred while saving the schedule',
    'an error message appears when we open the tender',
    'error muncul setiap kali membuka halaman jadwal',
  ],
  redirect_home: [
    'tidak ada notifikasi, setiap aksi kembali ke halaman awal',
    'Setiap klik selalu kembali ke halaman awal',
    'langsung balik lagi ke beranda',
    'terlempar ke halaman login terus',
    'setiap klik simpan kembali ke beranda',
    'malah dikembalikan ke halaman utama',
    'habis klik menu paket, langsung ke halaman login lagi',
    'kami disuruh login lagi terus menerus',
    'harus login ulang setiap pindah menu',
    'aplikasi logout sendiri lalu balik ke halaman depan',
    'kembali ke halaman awal tanpa pesan apa pun',
    'halaman terpental ke dashboard',
    'tiba-tiba terlogout dari SPSE',
    'it keeps sending us back to the home page',
    'every action returns to the first page',
    'we get kicked back to the login page',
    'selalu diarahkan ke halaman login kembali',
  ],
  endless_loading: [
    'proses loading tidak berakhir',
    'loading terus tidak berhenti',
    'Loadingnya muter-muter saja',
    'proses loading tidak kunjung selesai',
    'halaman stuck di loading',
    'loading halaman jadwal tahapan tidak selesai-selesai',
    'loading lama sekali sampai berjam-jam',
    'halaman hanya loading, tidak tampil apa-apa',
    'ketika klik kirim, loading nya terus',
    'sudah ditunggu 1 jam loading tanpa henti',
    'memuat terus menerus',
    'layar cuma muter2 aja',
    'proses penyimpanan tidak juga berakhir',
    'the page keeps loading forever',
    'loading never finishes',
    'the spinner keeps spinning forever, infinite loading',
    'tombol simpan diklik, loading tidak pernah selesai',
  ],
  upload_failed: [
    'dokumen pemilihan gagal diupload',
    'tidak bisa upload dokumen penawaran',
    'Upload dokumen kontrak gagal terus',
    'gagal unggah dokumen',
    'file tidak terupload',
    'dokumen penawaran tidak mau terunggah',
    'file tidak mau diupload',
    'upload Dokumen_Pemilihan_Rehabilitasi_Jalan_Desa_Kalisalak_v3.pdf gagal',
    'saat mengunggah dokumen pemilihan paket rehabilitasi gedung kantor kecamatan selalu gagal',
    'dokumen tidak tersimpan setelah klik simpan',
    'berkas adendum tidak tersimpan',
    'belum bisa mengunggah dokumen kualifikasi',
    'kami kesulitan, susah sekali upload hps',
    'upload dokumen error',
    'the upload of the tender documents failed',
    'cannot upload the documents',
    'unable to upload the addendum',
  ],
};

/** Each must read as no symptom at all. */
const MUST_NOT_MATCH: string[] = [
  // denials
  'Tidak ada notifikasi error sama sekali',
  'tanpa pesan error apapun',
  'tidak kembali ke halaman awal, hanya diam',
  'sudah tidak loading terus lagi, terima kasih',
  'upload dokumen sudah tidak gagal',
  'loading tidak lama kok',
  // a person's own mistakes and actions
  'mohon maaf ada kesalahan ketik pada kode tender sebelumnya',
  'terdapat kesalahan penulisan nama paket di surel kami',
  'saya kembali ke halaman utama lalu memilih paket',
  'silakan kembali ke halaman awal lalu ulangi',
  'kami belum upload dokumen karena masih direviu',
  'dokumen sudah berhasil diupload tetapi tidak bisa dibuka',
  'Upload dokumen berhasil, terima kasih. Download lama.',
  // mail systems' delivery wording
  'Mail delivery failed: returning message to sender',
  'An error occurred while trying to deliver this message to the recipient',
  'Mail System Error - Returned Mail',
  'Pesan Anda tidak dapat terkirim ke alamat tujuan',
  'lampiran tidak terkirim karena ukuran terlalu besar',
  // unrelated
  'Mohon info jadwal pelatihan SPSE',
  'Apakah bisa dibantu reset password user pokja?',
];

const TABLE = Object.entries(MUST_MATCH).flatMap(([symptom, texts]) => texts.map((t): [Symptom, string] => [symptom as Symptom, t]));

test.each(TABLE)('%s: %j', (symptom, text) => {
  expect(detectSymptoms('', text)).toContain(symptom);
});

test('each symptom has at least 15 phrasings', () => {
  for (const texts of Object.values(MUST_MATCH)) expect(texts.length).toBeGreaterThanOrEqual(15);
});

test.each(MUST_NOT_MATCH)('no symptom: %j', (text) => {
  expect(detectSymptoms('', text)).toEqual([]);
});

test('the SOP symptom 2 wording denies the notification but keeps the redirect', () => {
  expect(detectSymptoms('', 'Tidak ada notifikasi error, tapi setiap klik kembali ke halaman awal')).toEqual(['redirect_home']);
});

test('symptoms come in the SOP order', () => {
  expect(detectSymptoms('Gagal upload & loading terus', 'Muncul notifikasi error, lalu kembali ke beranda')).toEqual([
    'error_notification',
    'redirect_home',
    'endless_loading',
    'upload_failed',
  ]);
});

test('a gap is whole words within one sentence: a long run of words or one huge word stays fast', () => {
  const started = Date.now();
  detectSymptoms('', `upload ${'dokumen '.repeat(50_000)} ${'x'.repeat(100_000)} gagal ${'loading '.repeat(20_000)}`);
  detectSymptoms('', `${'tidak bisa '.repeat(20_000)}${'upload'.repeat(20_000)}`);
  expect(Date.now() - started).toBeLessThan(1500);
});

describe('quoted text is not the writer\'s report', () => {
  const quotedAck = [
    'Baik, data kami lengkapi di bawah.',
    'User ID: pokja3btg',
    '',
    'Pada Sen, 30 Nov 2026 pukul 09.12, Helpdesk LPSE <helpdesk@lpse.batangkab.go.id> menulis:',
    '> Kami belum dapat mengenali gejala permasalahan dari laporan Bapak/Ibu. Apabila berkenan, mohon',
    '> jelaskan secara singkat apa yang terjadi pada SPSE, misalnya muncul notifikasi kesalahan, setiap',
    '> aksi kembali ke halaman utama, proses loading tidak selesai, atau gagal mengunggah dokumen.',
  ].join('\n');

  test('our own list of example symptoms, quoted in a reply, reads as none', async () => {
    const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Re: [LPSE#2026-0042] Laporan diterima', 'In-Reply-To': '<ack@lpse.test>' }, quotedAck), { tagPrefix: 'LPSE' });
    expect(r.symptoms).toEqual([]);
  });

  test('a symptom in the writer\'s own words above the quote still reads', async () => {
    const body = `Uploadnya tetap gagal Pak.\n\n${quotedAck}`;
    const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Re: [LPSE#2026-0042] Laporan diterima', 'In-Reply-To': '<ack@lpse.test>' }, body), { tagPrefix: 'LPSE' });
    expect(r.symptoms).toEqual(['upload_failed']);
  });
});
