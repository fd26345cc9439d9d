/**
 * Indonesian phone numbers as committees write them (`0812-2745-9910`, `+62 812 2745 9910`,
 * `62812...`, `(0285) 391234`), normalised to E.164 with libphonenumber-js. The SOP confirms
 * every step by phone, so a number the helpdesk cannot dial is treated as no number.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

// A run of digits with the separators people type between groups; bounded so it stays linear.
const CANDIDATE = /(?:\+\s?)?(?:\(\s?\+?\d{1,4}\s?\)[\s.-]?)?\d(?:(?:\s?[.\-/]\s?|\s)?\(?\d\)?){5,24}/g;
const MOBILE = /(?<![\d+])(?:\+\s?62|62|0)[\s.-]?\(?0?\)?8\d{1,3}(?:[\s.-]?\d{2,5}){2,3}(?![\d])/g;

/** E.164 form of one written number, or null when it is not a dialable Indonesian-context number. */
export function normalizePhone(written: string): string | null {
  let s = written.trim().replace(/[^\d+()]/g, '');
  // "62812..." without the plus is the international form typed without it; for landlines
  // libphonenumber would read the 62 as part of the national number.
  if (/^62[1-9]/.test(s)) s = `+${s}`;
  if (s.replace(/\D/g, '').length < 8) return null;
  const parsed = parsePhoneNumberFromString(s, 'ID');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** The first dialable number written in a labelled value, such as "0812-2745-9910 (Budi)". */
export function firstPhoneIn(value: string): string | null {
  for (const m of value.replace(/[\u2013\u2014]/g, '-').matchAll(CANDIDATE)) {
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
  for (const m of line.matchAll(MOBILE)) {
    const phone = normalizePhone(m[0]);
    if (phone && phone.startsWith('+628')) out.push({ written: m[0], phone });
  }
  return out;
}
