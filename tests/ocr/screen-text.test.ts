import { codeFromToken, codeUnclear, foldCode, readScreenText } from '../../src/ocr/screen-text';
import type { OcrLine } from '../../src/ocr/types';

/** Lines as the engine gives them: words split on spaces, each with a confidence. */
function lines(text: string, confidence = 90): OcrLine[] {
  return text.split('\n').map((t, i) => {
    const words = t
      .split(' ')
      .filter((w) => w !== '')
      .map((w, j) => ({ text: w, confidence, box: { x: j * 60, y: i * 20, w: 50, h: 14 } }));
    return { text: words.map((w) => w.text).join(' '), confidence, box: { x: 0, y: i * 20, w: 800, h: 14 }, words };
  });
}

const read = (text: string) => readScreenText(lines(text));

describe('the Kode Error', () => {
  it.each([
    ['Kode Error: 3a8c1f0b2', '3a8c1f0b2'],
    ['Kode Error : 0o1l8b6b2', '0o1l8b6b2'],
    ['Kode Eror: 3a8c1f0b2', '3a8c1f0b2'],
    ['K0de Error : 3a8c1f0b2', '3a8c1f0b2'],
    ['Kode error :3a8c1f0b2.', '3a8c1f0b2'],
    ['KodeError: (3a8c1f0b2)', '3a8c1f0b2'],
    ['Error Code: 7bb2ef88d', '7bb2ef88d'],
    // A colon read as a comma.
    ['Kode Error, 3a8c1f0b2', '3a8c1f0b2'],
    // Capitals fold to the shapes of the lowercase alphabet: O is a 0, I is an l.
    ['Kode Error: OnclIsz01', '0ncllsz01'],
    // A monospace font's dotted or slashed zero, as the engine reads it.
    ['Kode Error: @8bboq6bb', '08bboq6bb'],
    ['Kode Error: ©8bboq6bb', '08bboq6bb'],
    ['Kode Error: 3a8c1fØb2', '3a8c1f0b2'],
  ])('%s gives %s', (text, code) => {
    expect(read(text).errorCode).toBe(code);
  });

  it('takes the value after the label, not the label in the sentence before it', () => {
    const r = read('laporkan kepada Helpdesk LPSE dengan menyertakan Kode Error berikut.\nKode Error: onc1lsz01');
    expect(r.errorCode).toBe('onc1lsz01');
  });

  it('reads the value in the next cell when the label ends its line, only with a digit in it', () => {
    expect(read('Kode Error\n3a8c1f0b2')).toMatchObject({ errorCode: '3a8c1f0b2' });
    expect(read('Kode Error\nexception occurred')).toMatchObject({ errorCode: null });
  });

  it.each([
    ['a code without a label', 'Silakan ulangi. 3a8c1f0b2'],
    ['a tender code', 'Kode Tender 10034567000'],
    ['a tender code with its label', 'Kode Tender: 100345670'],
    ['a token one character short', 'Kode Error: 3a8c1f0b'],
    ['a token one character long', 'Kode Error: 3a8c1f0b2e'],
    ['characters outside the alphabet', 'Kode Error: 3a8c-f0b2'],
    ['a label in a sentence', 'dengan menyertakan Kode Error berikut.'],
  ])('%s gives none', (_, text) => {
    expect(read(text).errorCode).toBeNull();
  });

  it('folds only what the alphabet allows', () => {
    expect(foldCode('3A8C1F0B2')).toBe('3a8c1f082');
    expect(foldCode('3a8c1f0b')).toBeNull();
    expect(codeFromToken('"3a8c1f0b2",')).toBe('3a8c1f0b2');
    expect(codeFromToken('3a8c1f0b2é')).toBeNull();
  });
});

describe('the SPSE error page', () => {
  const page = [
    'https://spse.inaproc.id/batangkab/lelang/10034567000/pengumumanlelang',
    'LPSE Kabupaten Batang  Beranda  Paket  Daftar Paket',
    'Maaf, terjadi error pada aplikasi SPSE',
    'Kode Error : 3a8c1f0b2',
    'java.lang.NullPointerException: Cannot invoke "models.Paket.getId()"',
    'at models.lelang.Checklist.cekDokumen(Checklist.java:65)',
  ].join('\n');

  it('gives its headline, code, exception and address', () => {
    expect(read(page)).toMatchObject({
      headline: 'Maaf, terjadi error pada aplikasi SPSE',
      errorCode: '3a8c1f0b2',
      exception: 'java.lang.NullPointerException: Cannot invoke "models.Paket.getId()"',
      page: 'https://spse.inaproc.id/batangkab/lelang/10034567000/pengumumanlelang',
      notification: false,
      detailsHidden: false,
      confidence: 90,
    });
  });

  it('reads a noisy copy the same', () => {
    const noisy = read('« > C htps://lpse.batangkab.go.id/eproc4/lelang/11043873167/dokumen\nMaaf, terjadi err0r pada aplikasi SPSE\nK0de Eror: 3a8c1f0b2\nOops: NullPointerException occured : null');
    expect(noisy).toMatchObject({
      headline: 'Maaf, terjadi err0r pada aplikasi SPSE',
      errorCode: '3a8c1f0b2',
      exception: 'Oops: NullPointerException occured : null',
      page: 'lpse.batangkab.go.id/eproc4/lelang/11043873167/dokumen',
    });
  });

  it.each([
    ['Terjadi Kesalahan', 'Terjadi Kesalahan'],
    ['404\nHalaman tidak ditemukan', '404'],
    ['Error 403 Forbidden', 'Error 403 Forbidden'],
    ['Akses ditolak', 'Akses ditolak'],
    ['HTTP 404 Not Found', 'HTTP 404 Not Found'],
  ])('knows the headline %j', (text, headline) => {
    expect(read(text).headline).toBe(headline);
  });

  it('takes no amount for a status page', () => {
    expect(read('HPS Rp 1.404.000.000\nNilai Pagu 403.000.000').headline).toBeNull();
  });

  it('gives the menu path when no address shows', () => {
    expect(read('Beranda > Paket > Daftar Paket\nKode Tender 10034567000').page).toBe('Beranda > Paket > Daftar Paket');
  });
});

describe('the notification', () => {
  it('with its details closed, asks for them', () => {
    expect(read(':: maaf operasi yang anda lakukan salah')).toMatchObject({ notification: true, detailsHidden: true, errorCode: null });
  });

  it('is known with OCR noise in it', () => {
    expect(read('| maaf operasi yang anda lakukan sa1ah, silakan hubungi admin').notification).toBe(true);
    expect(read('maafoperasi yang anda')).toMatchObject({ notification: true, detailsHidden: true });
  });

  it('with its details open, does not', () => {
    const open = read('maaf operasi yang anda lakukan salah\nKode Error: 0o1l8b6b2\njava.lang.IllegalStateException: Dokumen pemilihan belum dibuat');
    expect(open).toMatchObject({ notification: true, detailsHidden: false, errorCode: '0o1l8b6b2' });
    expect(open.exception).toBe('java.lang.IllegalStateException: Dokumen pemilihan belum dibuat');
  });

  it('with the label shown but its code unreadable, is not called closed', () => {
    expect(read('maaf operasi yang anda lakukan salah\nKode Error: 0o1l-b6b2')).toMatchObject({ detailsHidden: false, errorCode: null });
  });

  it('is not seen on an ordinary page', () => {
    expect(read('Daftar Paket\nKode Tender 10034567000\nHPS Rp 250.000.000')).toMatchObject({
      notification: false,
      detailsHidden: false,
      errorCode: null,
      headline: null,
      exception: null,
    });
  });
});

describe('a code shown but not read with certainty', () => {
  it.each([
    ['a misread with a character outside the alphabet', 'Kode Error: 6yb1$imey'],
    ['a misread with a stray character', 'Kode Error : ibiel7ipgx'],
    ['a misread on a photo of the notification', 'maaf operasi yang anda lakukan salah\nKode Error: 0o1l-b6b2'],
    ['an example beside the real one', 'Contoh Kode Error: 1a2b3c4d5\nKode Error: 3a8c1f0b2'],
    ['a code read in two parts', 'Kode Error: 8b1x1 1ksh'],
    ['a short misread', 'Kode Error: 6b1x0'],
  ])('%s is unclear', (_, text) => {
    expect(read(text)).toMatchObject({ errorCode: null, codeUnclear: true });
  });

  it.each([
    ['a code read', 'Kode Error: 3a8c1f0b2'],
    ['a code read in the next cell', 'Kode Error\n3a8c1f0b2'],
    ['the label in a sentence only', 'laporkan kepada Helpdesk LPSE dengan menyertakan Kode Error berikut.'],
    ['a word after the label', 'Kode Error: terlampir pada surel'],
    ['a nine-letter word after the label', 'Kode Error: parameter tidak valid'],
    ['a number far too long to be a code', 'Kode Error: 100345670001234'],
    ['no label at all', 'Daftar Paket\nKode Tender 10034567000'],
    ['the notification with its details closed', ':: maaf operasi yang anda lakukan salah'],
  ])('%s is not', (_, text) => {
    expect(read(text).codeUnclear).toBe(false);
  });

  // The engine's second look can leave a code the whole-screen reading gave unconfirmed (null).
  it.each([
    ['a phone photo read as a code the second look did not confirm', 'Kode Error: 6yb1Sim6v'],
    ['another one', 'maaf operasi yang anda lakukan salah\nKode Error : ibiel7ipg'],
    ['a misread with a dash for a glyph', 'Kode Error: 0o1l-b6b2'],
    ['a misread with a dot for a glyph', 'Kode Error : 0o1l.b6b2'],
  ])('%s is unclear when no code is taken', (_, text) => {
    expect(codeUnclear(lines(text), null)).toBe(true);
  });

  // Screens that are no SPSE error but put a value of another kind after the label: asking the
  // committee to type a code there would be wrong.
  it.each([
    ['a Windows update failure', 'Windows Update\nThere were problems installing some updates\nError code: 0x80070005\nRetry'],
    ['a database error', 'java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist\nError Code: ORA-00942'],
    ['a chat with a date after the label', 'Pokja 3 Batang\nPak, Kode Error 01/12/2026 muncul lagi\n10.22'],
    ['a chat with an ISO date', 'Kode Error: 2026-12-01 jam 09.15'],
    ['a time', 'Kode Error 09:15:32 WIB'],
    ['a poster with a phone number', 'Laporkan Kode Error: 0812-3456-7890 (WA Helpdesk LPSE)'],
    ['a phone number without dashes', 'Kode Error: 081234567890'],
    ['a tender page with an amount', 'Informasi Tender\nKode Tender 10034567000\nKode Error: Rp1.250.000.000,00'],
    ['an amount without the currency', 'Kode Error: 1.250.000,00'],
    ['a document photo with a tender code', 'BERITA ACARA\nKode Error 10034567000 Rehabilitasi Jalan Kandeman'],
    ['a short link', 'Panduan Kode Error: bit.ly/3kQz9xA'],
    ['a path', 'Kode Error: lpse.go.id/eproc4'],
  ])('%s is not unclear', (_, text) => {
    expect(read(text)).toMatchObject({ errorCode: null, codeUnclear: false });
    expect(codeUnclear(lines(text), null)).toBe(false);
  });
});

describe('hostile text', () => {
  it('finds an unclear code among long lines full of labels in linear time', () => {
    const long = lines(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'Kode Error 0o1l-b6b2 ' : 'Kode Error: ').repeat(5000)).join('\n'));
    const started = Date.now();
    expect(codeUnclear(long, null)).toBe(true);
    expect(readScreenText(long).codeUnclear).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('reads long lines in linear time and caps the text', () => {
    const long = `${'Kode Error '.repeat(5000)}\n${'a.'.repeat(20000)}Exception\n${'k o d e '.repeat(5000)}`;
    const started = Date.now();
    const r = read(long);
    expect(Date.now() - started).toBeLessThan(500);
    expect(r.text.length).toBeLessThanOrEqual(4000);
    expect(r.errorCode).toBeNull();
  });

  it('has no confidence for no words', () => {
    expect(readScreenText([])).toMatchObject({ text: '', confidence: 0, errorCode: null, notification: false });
  });
});
