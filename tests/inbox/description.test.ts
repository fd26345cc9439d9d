/** The report in its writer's words: no data lines, no greeting or closing, passwords masked. */
import { describe as description, MAX_DESCRIPTION_CHARS } from '../../src/inbox/description';
import { readMessage } from '../../src/inbox/reading';
import { COMMITTEE, mail } from './mail';

const lines = (text: string): string[] => text.split('\n');

test('a committee report: the data lines go, the greeting and the closing go', () => {
  const text = [
    'Yth. Helpdesk LPSE Kabupaten Batang,',
    '',
    'Selamat pagi, kami mengalami kendala saat upload dokumen pemilihan di menu Jadwal.',
    'Setelah klik Simpan muncul tulisan "Maaf, operasi yang Anda lakukan salah".',
    '',
    'Nama Pokja: Pokja Pemilihan 3',
    'User ID: pokja3btg',
    '- Kode Tender : 10034567000',
    'Nama Paket: Rehabilitasi Jalan Desa Sidomulyo',
    'No. HP: 0812-2745-9910',
    '',
    'Demikian, atas perhatiannya kami ucapkan terima kasih.',
    '',
    'Hormat kami,',
    'Budi Santoso',
  ].join('\n');
  expect(description(lines(text))).toBe(
    'kami mengalami kendala saat upload dokumen pemilihan di menu Jadwal.\nSetelah klik Simpan muncul tulisan "Maaf, operasi yang Anda lakukan salah".',
  );
});

test.each([
  ['Assalamualaikum wr. wb.\nMohon bantuan, tombol Kirim Penawaran tidak muncul.\nWassalam', 'Mohon bantuan, tombol Kirim Penawaran tidak muncul.'],
  ['Dear Sir/Madam,\nThe upload page keeps loading after I choose the file.\nBest regards,\nPokja 7', 'The upload page keeps loading after I choose the file.'],
  ['Halo admin, upload gagal terus.\nTerima kasih', 'upload gagal terus.'],
  ['Selamat siang Bapak/Ibu,\nKendala: tidak bisa membuka menu Evaluasi.', 'Kendala: tidak bisa membuka menu Evaluasi.'],
  ['Kode Tender:\n10034567000\nLayar kembali ke beranda setiap klik Simpan.', 'Layar kembali ke beranda setiap klik Simpan.'],
  ['Email: pokja3@batangkab.go.id\nNama: Budi\nTidak bisa login.', 'Tidak bisa login.'],
  ['Terima kasih atas balasannya, tapi menu Evaluasi masih error.', 'Terima kasih atas balasannya, tapi menu Evaluasi masih error.'],
])('%j', (text, expected) => {
  expect(description(lines(text))).toBe(expected);
});

test('only data, or nothing: an empty description', () => {
  expect(description(lines('Kode Tender: 10034567000\nUser ID: pokja3btg'))).toBe('');
  expect(description([])).toBe('');
});

test('passwords are masked and the text is cut at the limit', () => {
  expect(description(['Sudah saya coba login dengan password: Btg#2026x tetap gagal.'])).toBe('Sudah saya coba login dengan password: [disembunyikan] tetap gagal.');
  expect(description([`Upload gagal. ${'Mohon dibantu segera. '.repeat(200)}`]).length).toBeLessThanOrEqual(MAX_DESCRIPTION_CHARS);
});

describe('on the reading', () => {
  test('a report\'s description, its own words only; quoted text is not part of it', async () => {
    const body = 'Selamat pagi,\nhalaman Jadwal selalu kembali ke beranda.\nKode Tender: 10034567000\n\nPada Sen, 30 Nov 2026 08.00 Helpdesk <helpdesk@lpse.batangkab.go.id> menulis:\n> Mohon lengkapi data berikut\n';
    const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Re: [LPSE#2026-0042] data' }, body), { tagPrefix: 'LPSE' });
    expect(r.description).toBe('halaman Jadwal selalu kembali ke beranda.');
  });

  test('a forwarded report\'s words follow the sender\'s, without the forward\'s header', async () => {
    const body = 'Mohon dibantu.\n\n---------- Forwarded message ---------\nFrom: Pokja 8 <pokja8@batangkab.go.id>\nDate: Tue, 13 Jan 2026 at 08:55\nSubject: Error\n\nDokumen gagal diupload.\nKode Tender: 10034576000\n';
    const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Fwd: Error' }, body), { tagPrefix: 'LPSE' });
    expect(r.description).toBe('Mohon dibantu.\n\nDokumen gagal diupload.');
  });

  test('staff command lines are no description', async () => {
    const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Re: [LPSE#2026-0042] x' }, '#prioritas tinggi\nPokja 3 sudah ditelepon.'), { tagPrefix: 'LPSE' });
    expect(r.description).toBe('Pokja 3 sudah ditelepon.');
  });
});

test('answers by position, rules and phone footers are no description', () => {
  const fields = { committeeName: 'Pokja Pemilihan 23', userId: 'pokja23btg', tenderCode: '10034586000', tenderName: 'Penataan Alun-Alun Batang', phone: '+6281277889900', errorCode: null };
  const text = 'Jawaban kami di bawah.\n\nPokja Pemilihan 23\npokja23btg\n10034586000\nPenataan Alun-Alun Batang\n0812 7788 9900\n________________________________\nDikirim dari Yahoo Mail di Android';
  expect(description(lines(text), fields)).toBe('Jawaban kami di bawah.');
});

test.each([
  ['a sign-off with a signature under it', 'Menu Evaluasi tidak bisa dibuka.\n\nDemikian, terima kasih.\n\nHormat kami,\nBudi Santoso, S.T.\nPokja Pemilihan 3', 'Menu Evaluasi tidak bisa dibuka.'],
  ['thanks at the top are part of the report', 'Terima kasih atas bantuannya kemarin.\nUpload dokumen penawaran\nHormat kami,\nBudi', 'Terima kasih atas bantuannya kemarin.\nUpload dokumen penawaran'],
  ['a thanks that carries the verdict is kept', 'Sudah saya coba lagi.\nTerima kasih, tapi menu Evaluasi masih error.', 'Sudah saya coba lagi.\nTerima kasih, tapi menu Evaluasi masih error.'],
  ['"Siang ini" is no greeting', 'Siang ini upload gagal terus.', 'Siang ini upload gagal terus.'],
  ['a formal opening', 'Dengan hormat,\nBersama ini kami laporkan menu Jadwal tidak bisa disimpan.', 'Bersama ini kami laporkan menu Jadwal tidak bisa disimpan.'],
  ['only a sign-off', 'Demikian, terima kasih.', ''],
  ['a thanks opening a short report', 'Terima kasih sebelumnya.\nHalaman evaluasi blank putih', 'Terima kasih sebelumnya.\nHalaman evaluasi blank putih'],
])('%s', (_what, text, expected) => {
  expect(description(lines(text))).toBe(expected);
});

test('a staff mail: command lines and the paragraphs they carry are no description', async () => {
  const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Re: [LPSE#2026-0042] x' }, 'Pokja 3 menelepon lagi.\n\n#balas Silakan coba lagi.\nJika masih error, balas email ini.\n#prioritas tinggi'), { tagPrefix: 'LPSE' });
  expect(r.description).toBe('Pokja 3 menelepon lagi.');
});
