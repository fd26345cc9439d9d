/**
 * Phone numbers written in other digit scripts (a reporter's phone set to Arabic, Persian or Hindi,
 * an IME's fullwidth digits, a number pasted from a PDF) are read as the number they are, or not
 * at all: never a shorter number that happens to be valid.
 */
import { extractFields } from '../../src/inbox/fields';
import { splitFresh } from '../../src/inbox/fresh-text';
import { asciiDigits, firstPhoneIn, mobilesIn, normalizePhone } from '../../src/inbox/phone';
import { normalizeText } from '../../src/inbox/text';

const read = (body: string) => extractFields(splitFresh(normalizeText(body), { forward: false }).lines);
const BUDI = '+6281227459910';
const KANTOR = '+62285391234';

describe('digits of other scripts are the digits they are', () => {
  test.each<[string, string, string]>([
    ['Arabic-Indic', '٠٨١٢-٢٧٤٥-٩٩١٠', BUDI],
    ['Arabic-Indic, international', '+٦٢ ٨١٢ ٢٧٤٥ ٩٩١٠', BUDI],
    ['Extended Arabic-Indic (Persian, Urdu)', '۰۸۱۲ ۲۷۴۵ ۹۹۱۰', BUDI],
    ['fullwidth digits and hyphens', '０８１２－２７４５－９９１０', BUDI],
    ['fullwidth plus and parentheses', '＋６２ （０２８５） ３９１２３４', KANTOR],
    ['Devanagari', '०८१२ २७४५ ९९१०', BUDI],
    ['Bengali', '০৮১২.২৭৪৫.৯৯১০', BUDI],
    ['Thai', '๐๘๑๒ ๒๗๔๕ ๙๙๑๐', BUDI],
    ['Javanese', '꧐꧘꧑꧒꧒꧗꧔꧕꧙꧙꧑꧐', BUDI],
    ['mathematical bold, pasted from a PDF', '𝟎𝟖𝟏𝟐 𝟐𝟕𝟒𝟓 𝟗𝟗𝟏𝟎', BUDI],
    ['ASCII with the last digits in Arabic-Indic', '0812-2745-99١٠', BUDI],
    ['groups in different scripts', '0812 ٢٧٤٥ ۹۹۱۰', BUDI],
    ['a landline in Arabic-Indic', '(٠٢٨٥) ٣٩١٢٣٤', KANTOR],
  ])('%s: %s', (_script, written, want) => {
    expect(normalizePhone(written)).toBe(want);
    expect(firstPhoneIn(`${written} (Budi, Pokja 3)`)).toBe(want);
    expect(read(`Nama Pokja: Pokja Pemilihan 3\nNo. HP/WA: ${written}\nTerima kasih`).phone).toBe(want);
  });

  test.each([
    ['Arabic-Indic', 'Mohon hubungi saya di ٠٨١٢٢٧٤٥٩٩١٠ ya pak'],
    ['Extended Arabic-Indic', 'WA saya ۰۸۱۲-۲۷۴۵-۹۹۱۰ terima kasih'],
    ['fullwidth', 'bisa telepon ke ０８１２ ２７４５ ９９１０'],
    ['mixed', 'nomor saya 0812-2745-٩٩١٠'],
  ])('an unlabelled mobile in %s in a sentence', (_script, line) => {
    expect(mobilesIn(line).map((m) => m.phone)).toEqual([BUDI]);
    expect(read(`Selamat siang,\n${line}\nSalam`).phone).toBe(BUDI);
  });
});

describe('numerals that are not digits are refused, not dropped', () => {
  test.each([
    // Each of these, with the odd character dropped, is a valid but wrong Indonesian number.
    '0812 2745 991²',
    '0812-2745-99¹⁰',
    '0812 2745 99⑩',
    '⁰812 2745 9910',
    '0812 2745 99½',
  ])('%s', (written) => {
    expect(normalizePhone(written)).toBeNull();
    expect(firstPhoneIn(written)).toBeNull();
    expect(mobilesIn(`hubungi ${written} ya`)).toEqual([]);
    expect(read(`No. HP: ${written}`).phone).toBeNull();
  });
});

test('asciiDigits maps every digit script and leaves other text alone', () => {
  expect(asciiDigits('٠١٢٣٤٥٦٧٨٩|۰۱۲۳۴۵۶۷۸۹|０１２３４５６７８９|०१२३४५६७८९|๐๑๒๓๔๕๖๗๘๙|𝟶𝟷𝟸𝟹𝟺𝟻𝟼𝟽𝟾𝟿')).toBe(
    '0123456789|0123456789|0123456789|0123456789|0123456789|0123456789',
  );
  expect(asciiDigits('Pokja Pemilihan ３, HP ＋６２ ８１２')).toBe('Pokja Pemilihan 3, HP +62 812');
  expect(asciiDigits('Nomor ² dan Ⅻ')).toBe('Nomor ² dan Ⅻ');
});
