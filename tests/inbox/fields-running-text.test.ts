/**
 * Data in running text: a report written as a sentence or two, without labels. What a person
 * reads is read (the committee, the user ID, the code and the package name that follows it), and
 * no fragment of the sentence is taken for a value.
 */
import { extractFields } from '../../src/inbox/fields';
import { splitFresh } from '../../src/inbox/fresh-text';
import { normalizeText } from '../../src/inbox/text';
import type { Fields } from '../../src/inbox/types';

const read = (body: string) => extractFields(splitFresh(normalizeText(body), { forward: false }).lines);

test.each<[string, Partial<Fields>]>([
  [
    'Kami dari Pokja Pemilihan 7 dengan user id pokja7btg melaporkan bahwa tender 10034575000 Pembangunan Gedung Puskesmas Subah tidak bisa dibuka sejak tadi pagi.',
    { committeeName: 'Pokja Pemilihan 7', userId: 'pokja7btg', tenderCode: '10034575000', tenderName: 'Pembangunan Gedung Puskesmas Subah' },
  ],
  [
    'Selamat sore, saya anggota Pokja Pemilihan II, login dengan akun pokja2.btg. Paket kode 7654322 Pengadaan Mebel Sekolah Dasar Negeri tidak tampil di daftar.',
    { committeeName: 'Pokja Pemilihan II', userId: 'pokja2.btg', tenderCode: '7654322', tenderName: 'Pengadaan Mebel Sekolah Dasar Negeri' },
  ],
  [
    'Kami Pokja Pemilihan 21 (user: pokja21btg) mengalami kendala pada paket nomor 10034596000 dengan nama Rehabilitasi Saluran Irigasi Desa Kedawung, upload dokumen gagal terus.',
    { committeeName: 'Pokja Pemilihan 21', userId: 'pokja21btg', tenderCode: '10034596000', tenderName: 'Rehabilitasi Saluran Irigasi Desa Kedawung' },
  ],
  [
    'Mohon bantuan, kode tender 10034580000 (Peningkatan Jalan Desa Sidomulyo) selalu kembali ke halaman utama. Username saya pokja12.btg',
    { userId: 'pokja12.btg', tenderCode: '10034580000', tenderName: 'Peningkatan Jalan Desa Sidomulyo' },
  ],
  [
    'Paket dengan kode 10034581000 - Rehab Gedung Kantor Kec. Bandar di Batang tidak bisa upload dokumen.',
    { tenderCode: '10034581000', tenderName: 'Rehab Gedung Kantor Kec. Bandar di Batang' },
  ],
  [
    'Pokja Pemilihan 24, user pokja24btg, tender 10034599000 selalu kembali ke halaman login.',
    { committeeName: 'Pokja Pemilihan 24', userId: 'pokja24btg', tenderCode: '10034599000', tenderName: null },
  ],
  [
    'Kami dari Pokja Pemilihan 5 ingin melaporkan lelang nomor 7654329 yaitu Pengadaan Bibit Tanaman Keras yang tidak bisa dievaluasi.',
    { committeeName: 'Pokja Pemilihan 5', tenderCode: '7654329', tenderName: 'Pengadaan Bibit Tanaman Keras' },
  ],
  [
    'Mohon bantuan untuk kode tender 10034582000 paket Pembangunan Jembatan Kali Sambong — tidak bisa upload dokumen.',
    { tenderCode: '10034582000', tenderName: 'Pembangunan Jembatan Kali Sambong' },
  ],
  [
    'Kode paket 10034583000 — PENGADAAN ALAT KESEHATAN RSUD KALISARI TIDAK BISA DIBUKA',
    { tenderCode: '10034583000', tenderName: 'PENGADAAN ALAT KESEHATAN RSUD KALISARI' },
  ],
  [
    'Good morning, we are Pokja Pemilihan 9, user id pokja9btg; tender 10034593000 Rehabilitasi Gedung SD Negeri 2 Limpung keeps loading.',
    { committeeName: 'Pokja Pemilihan 9', userId: 'pokja9btg', tenderCode: '10034593000', tenderName: 'Rehabilitasi Gedung SD Negeri 2 Limpung' },
  ],
])('%s', (body, want) => {
  expect(read(body)).toMatchObject(want);
});

// What follows a code is often the sentence going on: no name is taken from it.
test.each([
  'kode tender 10034580000 tidak bisa diproses sejak 16/01/2026.',
  'tender 10034575000 sejak pagi tidak bisa dibuka',
  'paket kode 7654322. Mohon Segera Dibantu',
  'kode tender 10034567000 Mohon dibantu ya',
  'tender 10034567000 Tidak Bisa Dibuka',
  'paket nomor 10034567000 dengan nama yang sama seperti kemarin',
  'tender 10034567000 Pokja Pemilihan 3 mohon dicek',
  'kode paket 10034567000 Rehab.',
])('no package name in %j', (body) => {
  expect(read(body).tenderName).toBeNull();
});

// Words after "akun"/"login"/"user" that are not shaped like an ID.
test.each([
  'Sudah login 3 kali tetap gagal',
  'login 10.30 tadi masih error',
  'akun saya terkunci sejak kemarin',
  'user tidak bisa masuk',
  'Sudah dicoba dengan akun anggota dan akun ketua',
])('no user ID in %j', (body) => {
  expect(read(body).userId).toBeNull();
});

test('a bare number still needs a word saying it is the code, or the national shape', () => {
  expect(read('Paket 7654321 error').tenderCode).toBeNull();
  expect(read('Paket 10034567123 error').tenderCode).toBeNull();
  expect(read('Paket kode 7654321 error').tenderCode).toBe('7654321');
});
