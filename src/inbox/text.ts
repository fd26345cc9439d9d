/**
 * Text normalisation shared by the readers: one line-ending convention and one kind of space,
 * so that the patterns elsewhere never have to care how a mail client encoded either.
 */

import { withoutControls } from './control-characters';

// Non-breaking and typographic spaces come from HTML (&nbsp;) and from Word/Outlook; zero-width
// characters and the BOM come from copy-paste out of web pages such as the SPSE error screen.
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const INVISIBLES = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

const LINE_END_BLANK = /[ \t]/;

/**
 * LF line endings, plain spaces, no invisible characters, no trailing blanks on a line; no
 * control or bidi characters, which a person does not type and which must not reach our mail.
 */
export function normalizeText(s: string): string {
  return withoutControls(s)
    .replace(ODD_SPACES, ' ')
    .replace(INVISIBLES, '')
    .replace(/\uff1a/g, ':')
    // Word's non-breaking and soft hyphens inside phone numbers and codes are plain hyphens.
    .replace(/[\u2010\u2011\u2212]/g, '-')
    .split('\n')
    .map((line) => trimEndMatching(line, LINE_END_BLANK))
    .join('\n');
}

/**
 * `s` without the characters at its end that `one` (a one-character class such as `/[\s.,]/`)
 * matches. A loop, not `/[...]+$/`: that pattern restarts at every character of a long run that
 * does not end the string, which is quadratic in the run.
 */
export function trimEndMatching(s: string, one: RegExp): string {
  let end = s.length;
  while (end > 0 && one.test(s.charAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Lowercase with every run of whitespace made one space: the form symptom phrases are matched in. */
export function foldForMatch(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ');
}

/** Collapses runs of blank lines to one and trims the ends. */
export function tidyBlock(lines: readonly string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line.trim() === '' ? '' : line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
