/**
 * A label word inside a sentence is not a label: "…terjadi di beberapa paket: tampilan terus
 * memuat" names no package. After a label in a sentence, or a weak label ("paket", "pokja",
 * "user", "akun", "kode"), only what reads like a value of that field counts.
 */
import { extractFields } from '../../src/inbox/fields';
import { splitFresh } from '../../src/inbox/fresh-text';
import { normalizeText } from '../../src/inbox/text';
import type { FieldKey } from '../../src/inbox/types';

const read = (body: string) => extractFields(splitFresh(normalizeText(body), { forward: false }).lines);

test.each<[FieldKey, string]>([
  ['tenderName', 'Kami informasikan bahwa masalah ini terjadi di beberapa paket: tampilan terus memuat dan tidak berhenti.'],
  ['tenderName', 'Hal ini terjadi pada semua paket: halaman kembali ke beranda setiap klik simpan.'],
  ['tenderName', 'Sudah kami cek nama paket: ternyata tidak tampil di daftar paket.'],
  ['tenderName', 'Kendala muncul di tahap evaluasi untuk paket: sistem selalu error saat disimpan'],
  ['tenderName', 'paket: tampilan terus memuat sejak pagi'],
  ['tenderName', 'Pekerjaan: sudah kami coba upload berkali-kali'],
  ['tenderName', 'Untuk lelang: kami belum bisa membuka dokumen penawaran'],
  ['userId', 'Sudah dicoba dengan user: tidak bisa juga, baik akun ketua maupun anggota.'],
  ['userId', 'Kami login dengan user id: sama seperti kemarin.'],
  ['userId', 'Masalahnya di akun: terkunci sejak kemarin sore'],
  ['userId', 'akun: terkunci sejak kemarin'],
  ['userId', 'Sudah saya coba login: gagal terus'],
  ['committeeName', 'Kami sebagai panitia: sudah mencoba berkali-kali sejak kemarin.'],
  ['committeeName', 'Mohon maaf, dari pihak pokja: belum bisa melanjutkan evaluasi.'],
  ['committeeName', 'Panitia: sudah mencoba ganti browser'],
])('%s: nothing from %j', (field, line) => {
  expect(read(line)[field]).toBeNull();
});

test.each<[FieldKey, string, string]>([
  ['tenderName', 'Mohon bantuan untuk paket: Rehabilitasi Jalan Ruas Kalisalak, sejak pagi tidak bisa dibuka.', 'Rehabilitasi Jalan Ruas Kalisalak'],
  ['tenderName', 'Masalah terjadi di paket: Pembangunan Gedung SD Negeri 2 Limpung yang kami tangani.', 'Pembangunan Gedung SD Negeri 2 Limpung'],
  ['tenderName', 'Sudah kami cek nama paket: Pengadaan Mebel Sekolah tidak tampil di daftar.', 'Pengadaan Mebel Sekolah'],
  ['userId', 'Kami login dengan user id: pokja3btg tapi gagal.', 'pokja3btg'],
  ['userId', 'Sudah dicoba dengan user: pokja3.btg dan akun anggota.', 'pokja3.btg'],
  ['committeeName', 'Kami dari panitia: Pokja Pemilihan 3 mengalami kendala.', 'Pokja Pemilihan 3'],
  ['tenderCode', 'Mohon dicek untuk kode: 10034567000 karena tidak bisa dibuka.', '10034567000'],
  ['phone', 'Bila perlu konfirmasi hubungi saya di HP: 0812-2745-9910 ya.', '+6281227459910'],
])('%s from %j', (field, line, want) => {
  expect(read(line)[field]).toBe(want);
});

test('labels at the start of a line keep their values as typed', () => {
  expect(read('Nama Paket: rehab jalan kalisalak\nPaket: Rehabilitasi Jalan\nUser ID: pokja 3 btg\nPokja: 3')).toMatchObject({
    tenderName: 'rehab jalan kalisalak',
    userId: 'pokja 3 btg',
    committeeName: 'Pokja 3',
  });
});

test('data listed inside a sentence are read, each up to its comma', () => {
  expect(read('Berikut kami sampaikan data, Nama Pokja: Pokja Pemilihan 3, User ID: pokjabtg, Kode Tender: 10034567000, Nama Paket: rehab jalan kalisalak')).toEqual({
    committeeName: 'Pokja Pemilihan 3',
    userId: 'pokjabtg',
    tenderCode: '10034567000',
    tenderName: 'rehab jalan kalisalak',
    phone: null,
    errorCode: null,
  });
  expect(read('Mohon dicek, nama paket: rehab jalan kalisalak, mohon dibantu').tenderName).toBe('rehab jalan kalisalak');
  expect(read('Mohon dicek, Nama Paket: Rehab Jalan, mohon dibantu').tenderName).toBe('Rehab Jalan');
});

test('a line of labels after one word is a data line, not a sentence', () => {
  expect(read('Data: Nama Paket: rehab jalan, User ID: pokja3btg')).toMatchObject({ tenderName: 'rehab jalan', userId: 'pokja3btg' });
});

test.each([
  ['Kendala terjadi pada paket Rehabilitasi Gedung Kantor Kecamatan Bawang, loading terus.', 'Rehabilitasi Gedung Kantor Kecamatan Bawang'],
  ['Mohon bantuan untuk paket Pengadaan Alat Kesehatan RSUD Kalisari yang tidak bisa dibuka.', 'Pengadaan Alat Kesehatan RSUD Kalisari'],
  ['Error muncul untuk nama paket Belanja Modal Jalan Desa Tulis, mohon dicek.', 'Belanja Modal Jalan Desa Tulis'],
])('a package named after the word "paket" in a sentence is read: %j', (line, name) => {
  expect(read(line).tenderName).toBe(name);
});

test.each(['masalah ini terjadi di beberapa paket: tampilan terus memuat', 'semua paket Kami tidak bisa dibuka', 'paket tersebut gagal diupload'])('no name after "paket" in %j', (line) => {
  expect(read(line).tenderName).toBeNull();
});
