/**
 * Field reading: every label variant committees write, the separators between label and value,
 * phones to E.164, the tender-code rules, and the values that mean "missing".
 */
import { extractFields, labelledEntries } from '../../src/inbox/fields';
import { splitFresh } from '../../src/inbox/fresh-text';
import { normalizePhone } from '../../src/inbox/phone';
import { normalizeText } from '../../src/inbox/text';
import type { FieldKey } from '../../src/inbox/types';

const read = (body: string, subject?: string) => extractFields(splitFresh(normalizeText(body), { forward: false }).lines, subject);

describe('label variants', () => {
  test.each<[FieldKey, string, string]>([
    ['committeeName', 'Nama Panitia: Pokja Pemilihan 3', 'Pokja Pemilihan 3'],
    ['committeeName', 'Nama Pokja: Pokja Pemilihan 3', 'Pokja Pemilihan 3'],
    ['committeeName', 'Pokja Pemilihan: Pokja 3 Batang', 'Pokja 3 Batang'],
    ['committeeName', 'Pokja Pemilihan : 3', 'Pokja Pemilihan 3'],
    ['committeeName', 'Nama Pokja Pemilihan = Pokja Pemilihan 3', 'Pokja Pemilihan 3'],
    ['committeeName', 'Nama Pokja Pemilihan Pokja Pemilihan 3', 'Pokja Pemilihan 3'],
    ['committeeName', 'Nama Kelompok Kerja : Pokja Konstruksi', 'Pokja Konstruksi'],
    ['userId', 'User ID: pokja3btg', 'pokja3btg'],
    ['userId', 'Userid : pokja3btg', 'pokja3btg'],
    ['userId', 'User Id SPSE = pokja3btg', 'pokja3btg'],
    ['userId', 'USER ID SPSE pokja3btg', 'pokja3btg'],
    ['userId', 'User-ID: 198706152010011002', '198706152010011002'],
    ['userId', 'Username : pokja3btg (ketua)', 'pokja3btg'],
    ['tenderCode', 'Kode Lelang: 7654321', '7654321'],
    ['tenderCode', 'Kode Tender = 10034567000', '10034567000'],
    ['tenderCode', 'Kode Paket 10034567000', '10034567000'],
    ['tenderCode', 'Kode Tender/Paket : 10034567000', '10034567000'],
    ['tenderCode', '*Kode Tender*: 10034567000.', '10034567000'],
    ['tenderCode', '**Kode Tender:** 10034567000', '10034567000'],
    ['tenderName', 'Nama Lelang: Rehabilitasi Jalan', 'Rehabilitasi Jalan'],
    ['tenderName', 'Nama Tender = Rehabilitasi Jalan', 'Rehabilitasi Jalan'],
    ['tenderName', 'Nama Paket Rehabilitasi Jalan', 'Rehabilitasi Jalan'],
    ['tenderName', 'Nama Pekerjaan : Rehabilitasi Jalan Kalisalak - Tombo', 'Rehabilitasi Jalan Kalisalak - Tombo'],
    ['tenderName', 'Nama Paket/Tender: Rehabilitasi Jalan', 'Rehabilitasi Jalan'],
    ['phone', 'No. Telp: 0812-2745-9910', '+6281227459910'],
    ['phone', 'Telepon : 0812 2745 9910', '+6281227459910'],
    ['phone', 'No HP 081227459910', '+6281227459910'],
    ['phone', 'HP/WA: +62 812 2745 9910', '+6281227459910'],
    ['phone', 'WA = 6281227459910', '+6281227459910'],
    ['phone', 'Telp. Kantor (0285) 391234', '+62285391234'],
    ['phone', 'No. HP (WA aktif) : 0812.2745.9910', '+6281227459910'],
    ['errorCode', 'Kode Error: 7f3a9c21e0', '7f3a9c21e0'],
    ['errorCode', 'kode error : 500123abc', '500123abc'],
  ])('%s from %j', (field, line, want) => {
    expect(read(line)[field]).toBe(want);
  });
});

test('list markers, tabs and values on the next line', () => {
  expect(read('1. Nama Pokja : Pokja 3\n2) User ID\tpokja3btg\n- Kode Tender:\n10034567000\n• No HP : 0812-2745-9910')).toEqual({
    committeeName: 'Pokja 3',
    userId: 'pokja3btg',
    tenderCode: '10034567000',
    tenderName: null,
    phone: '+6281227459910',
    errorCode: null,
  });
});

test('several labels on one line', () => {
  expect(read('User ID: pokja3btg, Kode Tender: 10034567000; HP: 0812-2745-9910')).toMatchObject({
    userId: 'pokja3btg',
    tenderCode: '10034567000',
    phone: '+6281227459910',
  });
});

test.each(['-', '–', 'belum ada', 'tidak ada', '...', '(belum punya)', '[diisi]', 'n/a', '?'])('"User ID : %s" means the user ID is missing', (v) => {
  expect(read(`User ID : ${v}`).userId).toBeNull();
});

test('an empty label block (our template) reads as nothing, and never takes the next label as a value', () => {
  expect(read('Nama Pokja Pemilihan: \nUser ID SPSE: \nKode Tender: \nNama Paket/Tender: \nNo. HP/WA: \n')).toEqual({
    committeeName: null,
    userId: null,
    tenderCode: null,
    tenderName: null,
    phone: null,
    errorCode: null,
  });
});

test('a sentence that starts like a label is not a value', () => {
  expect(read('Nama paket tidak bisa dibuka sejak pagi.\nUser ID saya tidak bisa login.')).toMatchObject({ tenderName: null, userId: null });
});

describe('user IDs in running text', () => {
  test('a user ID in a sentence ends before the full stop that closes it', () => {
    expect(read('UserID saya budisantoso88. Kalau perlu telp ke 081390001122').userId).toBe('budisantoso88');
  });
});

describe('tender codes', () => {
  test('a bare number counts only when it has 11 digits ending in 000', () => {
    expect(read('Paket 10034567000 error').tenderCode).toBe('10034567000');
    expect(read('Paket 10034567123 error').tenderCode).toBeNull();
    expect(read('Paket 7654321 error').tenderCode).toBeNull();
  });
  test('with a label, 6 to 11 digits', () => {
    expect(read('Kode Lelang: 765432').tenderCode).toBe('765432');
    expect(read('Kode Lelang: 12345').tenderCode).toBeNull();
    expect(read('Kode Tender: 123456789012').tenderCode).toBeNull();
  });
  test('years, dates, money, NIPs and phone numbers are never tender codes', () => {
    const r = read(
      'Tahun anggaran 2026, tanggal 05/01/2026 (05012026).\nPagu: 12345678000\nHPS Rp 10.034.567.000\nNIP 198706152010011000\nHP 08122745000\nNilai Rp12345678000',
    );
    expect(r.tenderCode).toBeNull();
  });
  test('in running text', () => {
    expect(read('paket dengan kode tender 7654321 gagal').tenderCode).toBe('7654321');
    expect(read('untuk paket Pembangunan Gedung Serbaguna (kode 10034511000) error')).toMatchObject({
      tenderCode: '10034511000',
      tenderName: 'Pembangunan Gedung Serbaguna',
    });
  });
  test('"Kode/Nama Paket" and a name after the code give both', () => {
    expect(read('Kode/Nama Paket : 10034567000 - Rehab Jalan')).toMatchObject({ tenderCode: '10034567000', tenderName: 'Rehab Jalan' });
    expect(read('Paket: 10034567000 - Rehab Jalan')).toMatchObject({ tenderCode: '10034567000', tenderName: 'Rehab Jalan' });
  });
});

describe('phones', () => {
  test.each([
    ['081227459910', '+6281227459910'],
    ['0812-2745-9910', '+6281227459910'],
    ['0812 2745 9910', '+6281227459910'],
    ['0812.2745.9910', '+6281227459910'],
    ['+62 812 2745 9910', '+6281227459910'],
    ['+62-812-2745-9910', '+6281227459910'],
    ['62812 2745 9910', '+6281227459910'],
    ['6281227459910', '+6281227459910'],
    ['(0285) 391234', '+62285391234'],
    ['0285-391234', '+62285391234'],
    ['62285391234', '+62285391234'],
    ['(021) 5551234', '+62215551234'],
  ])('%s -> %s', (written, e164) => expect(normalizePhone(written)).toBe(e164));

  test.each(['12345', '2026', '0000000000', '+1 000'])('%s is not a phone', (written) => expect(normalizePhone(written)).toBeNull());

  test('an unlabelled mobile number in fresh text counts; an unlabelled landline does not', () => {
    expect(read('Mohon hubungi saya di 0812-2745-9910 ya').phone).toBe('+6281227459910');
    expect(read('Kantor kami di 0285 391234').phone).toBeNull();
  });

  test('the first labelled number wins over an unlabelled one', () => {
    expect(read('hubungi 0813-1111-2222\nNo. HP: 0812-2745-9910').phone).toBe('+6281227459910');
  });
});

test('the committee names itself in running text and sign-offs', () => {
  expect(read('Kami dari Pokja Pemilihan 12 mengalami kendala').committeeName).toBe('Pokja Pemilihan 12');
  expect(read('Mohon bantuannya.\n\nSalam,\nPOKJA PEMILIHAN III').committeeName).toBe('POKJA PEMILIHAN III');
  expect(read('pokja.lama@example.net tidak aktif').committeeName).toBeNull();
});

test('labelled values beat running text, fresh text beats the signature, the subject comes last', () => {
  expect(read('Kami dari Pokja 2.\nNama Pokja: Pokja Pemilihan 5').committeeName).toBe('Pokja Pemilihan 5');
  expect(read('Kode Tender: 10034567000\n-- \nKode Tender: 10099999000').tenderCode).toBe('10034567000');
  expect(read('Kode Tender: 10034567000', 'Error tender 10099999000').tenderCode).toBe('10034567000');
  expect(read('Mohon bantuan', 'Error tender 10099999000').tenderCode).toBe('10099999000');
});

test('labels in quoted text are never answers, except an answer typed right under one', () => {
  const quotedOnly = read('Baik.\n\nOn Mon, 5 Jan 2026 at 09:58, Helpdesk <h@lpse.go.id> wrote:\n> Kode Tender: 10012345000\n');
  expect(quotedOnly.tenderCode).toBeNull();
  const underQuoted = read('On Mon, 5 Jan 2026 at 09:58, Helpdesk <h@lpse.go.id> wrote:\n> Kode Tender:\n10034567000\n');
  expect(underQuoted.tenderCode).toBe('10034567000');
});

test('a value is cut where the next label starts, so a password never becomes a user ID', () => {
  expect(read('User ID: pokja3btg Password: rahasia123').userId).toBe('pokja3btg');
  expect(labelledEntries('User ID: pokja3btg Password: rahasia123').map((e) => e.label.target)).toEqual(['userId', 'other']);
});
