/**
 * Indonesian phone numbers as committees write them (`0812-2745-9910`, `+62 812 2745 9910`,
 * `62812...`, `(0285) 391234`), normalised to E.164 with libphonenumber-js. The SOP confirms
 * every step by phone, so a number the helpdesk cannot dial is treated as no number.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { matchesIn } from './matches';

// A run of digits with the separators people type between groups; bounded so it stays linear.
const CANDIDATE = /(?:\+\s?)?(?:\(\s?\+?\d{1,4}\s?\)[\s.-]?)?\d(?:(?:\s?[.\-/]\s?|\s)?\(?\d\)?){5,24}/g;
const MOBILE = /(?<![\d+])(?:\+\s?62|62|0)[\s.-]?\(?0?\)?8\d{1,3}(?:[\s.-]?\d{2,5}){2,3}(?![\d])/g;

// Fullwidth punctuation typed with an IME (Japanese/Chinese keyboards, some Android keyboards).
const FULLWIDTH_PUNCTUATION: Readonly<Record<string, string>> = { '\uff0b': '+', '\uff0d': '-', '\uff08': '(', '\uff09': ')', '\uff0e': '.', '\uff0f': '/' };
const DECIMAL_DIGIT = /\p{Nd}/u;
// Unicode puts every script's decimal digits in runs of ten from its zero; the longest run of
// adjacent runs (the mathematical digits) is fifty.
const LONGEST_DIGIT_RUN = 50;

function digitValue(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  let zero = code;
  while (code - zero < LONGEST_DIGIT_RUN && DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return String((code - zero) % 10);
}

/**
 * Digits of any script (Arabic-Indic ٠-٩, Extended Arabic-Indic ۰-۹, fullwidth ０-９, Devanagari,
 * Thai, …) as ASCII digits, and fullwidth `＋－（）` as ASCII, so that a number is read whole: without
 * this the non-ASCII digits were dropped and "0812-2745-99١٠" became the valid, wrong 0812274599.
 */
export function asciiDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') out += ch;
    else if (DECIMAL_DIGIT.test(ch)) out += digitValue(ch);
    else out += FULLWIDTH_PUNCTUATION[ch] ?? ch;
  }
  return out;
}

// Numerals that are not decimal digits (superscripts, circled, fractions, Roman): dropping them
// or reading them as digits would both give a wrong number.
const OTHER_NUMERAL = /[^\P{N}\p{Nd}]/u;

// The same number is read several times per message (its label, the running text, the plain and
// the HTML part): libphonenumber's answer is kept for the next ask.
const MEMO_NUMBERS = 1000;
const parsedPhones = new Map<string, string | null>();

/** E.164 form of one written number, or null when it is not a dialable Indonesian-context number. */
export function normalizePhone(written: string): string | null {
  const ascii = asciiDigits(written);
  if (OTHER_NUMERAL.test(ascii)) return null;
  let s = ascii.trim().replace(/[^\d+()]/g, '');
  // "62812..." without the plus is the international form typed without it; for landlines
  // libphonenumber would read the 62 as part of the national number.
  if (/^62[1-9]/.test(s)) s = `+${s}`;
  if (s.replace(/\D/g, '').length < 8) return null;
  const known = parsedPhones.get(s);
  if (known !== undefined) return known;
  if (parsedPhones.size >= MEMO_NUMBERS) parsedPhones.clear();
  const parsed = parsePhoneNumberFromString(s, 'ID');
  const phone = parsed && parsed.isValid() ? parsed.number : null;
  parsedPhones.set(s, phone);
  return phone;
}

/** A match that a superscript or other numeral continues ("0812 2745 991²") is part of no number we can read. */
function runsIntoOtherNumeral(text: string, m: RegExpMatchArray): boolean {
  const start = m.index ?? 0;
  const end = start + m[0].length;
  const before = [...text.slice(Math.max(0, start - 2), start)].pop() ?? '';
  const after = [...text.slice(end, end + 2)][0] ?? '';
  return OTHER_NUMERAL.test(before) || OTHER_NUMERAL.test(after);
}

/** The first dialable number written in a labelled value, such as "0812-2745-9910 (Budi)". */
export function firstPhoneIn(value: string): string | null {
  const text = asciiDigits(value).replace(/[\u2013\u2014]/g, '-');
  for (const m of matchesIn(CANDIDATE, text)) {
    if (runsIntoOtherNumeral(text, m)) continue;
    // "0812 2745 9910/0813 1111 2222" is two numbers; "0285/391234" is one.
    for (const written of [m[0], ...m[0].split('/')]) {
      const phone = normalizePhone(written);
      if (phone) return phone;
    }
  }
  return null;
}

/** Indonesian mobile numbers written anywhere in a line, which count as the phone unlabelled. */
export function mobilesIn(line: string): Array<{ written: string; phone: string }> {
  const out: Array<{ written: string; phone: string }> = [];
  const text = asciiDigits(line);
  for (const m of matchesIn(MOBILE, text)) {
    if (runsIntoOtherNumeral(text, m)) continue;
    const phone = normalizePhone(m[0]);
    if (phone && phone.startsWith('+628')) out.push({ written: m[0], phone });
  }
  return out;
}
