/**
 * Placeholders are not values: a committee that writes that an item follows later, is in the
 * attachment or is not known yet has not given it, so the item stays missing (and is asked for).
 */
import { extractFields } from '../../src/inbox/fields';
import { splitFresh } from '../../src/inbox/fresh-text';
import { isPlaceholder } from '../../src/inbox/placeholder';
import { normalizeText } from '../../src/inbox/text';
import type { FieldKey } from '../../src/inbox/types';

const read = (body: string) => extractFields(splitFresh(normalizeText(body), { forward: false }).lines);

const PLACEHOLDERS = [
  'akan kami kirimkan kemudian',
  'Akan kami kirim menyusul',
  'menyusul',
  'Menyusul ya pak',
  'menyusul (sedang dicek ketua)',
  'belum ada',
  'belum ada, masih menunggu ketua',
  'blm ada',
  '-',
  '—',
  '(isi user id SPSE)',
  '[diisi]',
  '<kode tender>',
  'lihat lampiran',
  'Terlampir',
  'ada di lampiran',
  'sesuai lampiran',
  'lihat screenshot terlampir',
  'nanti',
  'nanti kami kabari',
  'akan diinformasikan kemudian',
  'segera kami lengkapi',
  'TBA',
  'tbd',
  '...',
  '…',
  'xxx',
  'XXXXXX',
  'n/a',
  'will send later',
  'see attachment',
  'to follow',
  'lihat screenshot',
  'ada di gambar terlampir',
  'sedang kami konfirmasi ke ketua',
  'masih diproses',
  'nanti sore kami kirim',
  'ditanyakan dulu ke sekretaris',
];

// The fields a placeholder can be stored in: a code and a phone need digits anyway.
const LABELS: ReadonlyArray<[FieldKey, string]> = [
  ['committeeName', 'Nama Pokja Pemilihan: '],
  ['committeeName', '• Nama Panitia\t'],
  ['userId', 'User ID SPSE: '],
  ['userId', 'Username = '],
  ['tenderName', 'Nama Paket/Tender: '],
  ['tenderName', '2. Nama Pekerjaan - '],
];

describe.each(LABELS)('%s (%j)', (field, label) => {
  test.each(PLACEHOLDERS)('%j leaves it missing', (v) => {
    expect(read(`${label}${v}`)[field]).toBeNull();
  });
});

test.each(PLACEHOLDERS)('"Nama Paket:" then %j on the next line leaves the name missing', (v) => {
  expect(read(`Nama Paket:\n${v}\nKode Tender: 10034567000`)).toMatchObject({ tenderName: null, tenderCode: '10034567000' });
});

test.each(PLACEHOLDERS)('%j typed under the quoted template label leaves the user ID missing', (v) => {
  expect(read(`On Mon, 5 Jan 2026 at 09:58, Helpdesk <h@lpse.go.id> wrote:\n> User ID SPSE:\n${v}\n`).userId).toBeNull();
});

// Values that share a word with a placeholder are still values.
test.each<[FieldKey, string, string]>([
  ['committeeName', 'Nama Pokja: Pokja Pemilihan 3', 'Pokja Pemilihan 3'],
  ['committeeName', 'Nama Pokja: Pokja Susulan Konstruksi', 'Pokja Susulan Konstruksi'],
  ['userId', 'User ID: pokja3btg', 'pokja3btg'],
  ['userId', 'User ID: nanti88', 'nanti88'],
  ['tenderName', 'Nama Paket: Pengadaan Lampiran Peta Desa', 'Pengadaan Lampiran Peta Desa'],
  ['tenderName', 'Nama Paket: Belanja Modal Kemudian Hari Sekolah', 'Belanja Modal Kemudian Hari Sekolah'],
  ['tenderName', 'Nama Paket: Rehabilitasi Jalan, menyusul tahap II', 'Rehabilitasi Jalan, menyusul tahap II'],
  ['tenderName', 'Nama Paket: Pengadaan Foto Udara Kawasan Pantai', 'Pengadaan Foto Udara Kawasan Pantai'],
  ['tenderName', 'Nama Paket: Belanja Jasa Konfirmasi Data Kependudukan', 'Belanja Jasa Konfirmasi Data Kependudukan'],
  ['tenderCode', 'Kode Tender: 10034567000 (nama paket menyusul)', '10034567000'],
  ['phone', 'No. HP: 0812-2745-9910 (WA menyusul)', '+6281227459910'],
])('%s from %j is kept', (field, line, want) => {
  expect(read(line)[field]).toBe(want);
});

test('placeholders among real values: only the given items are read', () => {
  expect(read('Nama Pokja: Pokja Pemilihan 16\nUser ID: akan kami kirimkan kemudian\nKode Tender: 10034567000\nNama Paket: menyusul\nNo HP: 0857-2900-1166')).toEqual({
    committeeName: 'Pokja Pemilihan 16',
    userId: null,
    tenderCode: '10034567000',
    tenderName: null,
    phone: '+6285729001166',
    errorCode: null,
  });
});

test.each(['Pokja Pemilihan 3', 'pokja3btg', 'Rehabilitasi Jalan Ruas Kalisalak', 'Pengadaan Alat Tulis Kantor', '10034567000', 'Lampiran Dokumen Kontrak Rehab'])(
  '%j is not a placeholder',
  (v) => expect(isPlaceholder(v)).toBe(false),
);

test.each(['lihat kode tender di atas', 'sesuai kode tender', 'sama dengan kode di atas', 'cek di kode tender', 'idem', 'sama dengan di atas'])(
  'a pointer to another value is no value: %j',
  (value) => {
    expect(isPlaceholder(value)).toBe(true);
  },
);

test.each(['Pengadaan Alat Sesuai Standar Puskesmas', 'Rehabilitasi Gedung Sama Rata', 'Pembangunan Jembatan Atas Sungai Kupang'])('a real name with such a word is kept: %j', (value) => {
  expect(isPlaceholder(value)).toBe(false);
});
