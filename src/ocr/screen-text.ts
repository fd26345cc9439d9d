/**
 * What an SPSE screen shows, from the lines the engine read: the Kode Error, the error's
 * headline, the exception line, the page's address or menu path, and whether the notification
 * "maaf operasi yang anda lakukan salah" is shown with its details closed (SOP step 1b).
 * Pure. The text is hostile input (a screenshot can say anything): every pattern runs in linear
 * time, lines and tokens are capped before they are matched.
 */
import type { OcrLine, ScreenReading } from './types';
import { matchesIn } from '../inbox/matches';

const TEXT_CAP = 4000;
const LINE_CAP = 400;
const FIELD_CAP = 200;
/** SPSE's Kode Error: nine characters of lowercase letters and digits. */
const CODE = /^[a-z0-9]{9}$/;

/**
 * OCR's usual swaps in words (not in codes): digits read for the letters they resemble. Same
 * length as the input, so an offset in the folded text is an offset in the line.
 */
const WORD_GLYPHS: Readonly<Record<string, string>> = { '0': 'o', '1': 'l', '|': 'l', '3': 'e', '5': 's', '!': 'l' };

function looseText(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) out += WORD_GLYPHS[ch] ?? ch;
  return out;
}

/**
 * A code's characters folded to SPSE's alphabet. The alphabet is lowercase, so a capital is the
 * shape of a character it holds: a capital O is the digit 0's shape, a capital I (or a bar) the
 * letter l's, a capital B the digit 8's; any other capital is its lowercase letter. A monospace
 * font's dotted or slashed zero (DejaVu Sans Mono, Consolas) is read as @, ©, Ø or θ: a 0. Null
 * when a character has no place in the alphabet.
 */
const CODE_GLYPHS: Readonly<Record<string, string>> = { O: '0', Q: '0', D: '0', '@': '0', '©': '0', Ø: '0', ø: '0', θ: '0', Θ: '0', I: 'l', L: 'l', '|': 'l', '!': 'l', B: '8' };

export function foldCode(token: string): string | null {
  let out = '';
  for (const ch of token) {
    const folded = CODE_GLYPHS[ch] ?? (ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch);
    if (!/^[a-z0-9]$/.test(folded)) return null;
    out += folded;
  }
  return CODE.test(out) ? out : null;
}

// Punctuation OCR puts around a value: brackets, quotes, a stray separator.
const EDGE = /^[\s"'`([{<:;.,=\-–—]+|[\s"'`)\]}>:;.,]+$/g;

/** A token as a code: trimmed of punctuation at its edges, folded; null when it is not one. */
export function codeFromToken(token: string): string | null {
  return token.length > 40 ? null : foldCode(token.replace(EDGE, ''));
}

/**
 * The label naming the code, OCR-tolerant: "Kode Error", "Kode Eror", "K0de Error :", "Error
 * Code", "KodeError". Matched on the loose text (digits folded to letters).
 */
const CODE_LABEL = /k[\s_]{0,2}o[\s_]{0,2}d[\s_]{0,2}e[\s_:]{0,3}e[\s_]{0,2}r{1,2}[\s_]{0,2}[oe][\s_]{0,2}r|\be[\s_]{0,2}r{1,2}[\s_]{0,2}o[\s_]{0,2}r[\s_:]{0,3}c[\s_]{0,2}o[\s_]{0,2}d[\s_]{0,2}e\b/;
const CODE_LABELS = new RegExp(CODE_LABEL.source, 'g');
const SEPARATOR = /^[\s:;,.=\-–—_]{0,8}/;

/** Where a code label ends on a line: the offset after it, and the words it spans (for the engine's second look). */
export interface CodeLabel {
  line: number;
  /** Offset in the line's text right after the label. */
  end: number;
  /** Index in `words` of the label's last word, or -1 when the words do not line up with the text. */
  lastWord: number;
}

/** Whether the line's text is its words joined by single spaces (checked once a line: a line can hold dozens of labels). */
function wordsLineUp(line: OcrLine): boolean {
  return line.words.length > 0 && line.words.map((w) => w.text).join(' ') === line.text;
}

/** Index of the word holding `offset` in a line whose words line up with its text. */
function wordAt(line: OcrLine, offset: number): number {
  let at = 0;
  for (let i = 0; i < line.words.length; i++) {
    at += (line.words[i]?.text.length ?? 0) + 1;
    if (offset < at) return i;
  }
  return line.words.length - 1;
}

/** Every code label in the lines, top to bottom. */
export function codeLabels(lines: readonly OcrLine[]): CodeLabel[] {
  const found: CodeLabel[] = [];
  lines.forEach((line, index) => {
    const loose = looseText(line.text.slice(0, LINE_CAP));
    const linedUp = wordsLineUp(line);
    for (const m of matchesIn(CODE_LABELS, loose)) {
      const end = m.index + m[0].length;
      found.push({ line: index, end, lastWord: linedUp ? wordAt(line, end - 1) : -1 });
    }
  });
  return found;
}

/** The first token after a label on its line ("Kode Error : 3a8c1f0b2" gives "3a8c1f0b2"). */
export function tokenAfter(text: string): string | null {
  const rest = text.replace(SEPARATOR, '');
  const token = rest.split(/\s/, 1)[0] ?? '';
  return token === '' ? null : token;
}

/**
 * Every code the labels name: the token after a label, on its line; or, when the label ends its
 * line (the value in the next table cell), the next line's first token. Only a token with a digit
 * counts: a nine-letter word ("parameter", "exception") is not a code, and a wrong code is worse
 * than none (a real code without a digit is then missed).
 */
export function labelledCodes(lines: readonly OcrLine[], labels: readonly CodeLabel[] = codeLabels(lines)): string[] {
  const codes = new Set<string>();
  for (const label of labels) {
    const text = lines[label.line]?.text.slice(0, LINE_CAP) ?? '';
    const token = tokenAfter(text.slice(label.end)) ?? tokenAfter(lines[label.line + 1]?.text.slice(0, LINE_CAP) ?? '');
    const code = token === null ? null : codeFromToken(token);
    if (code !== null && /\d/.test(code)) codes.add(code);
  }
  return [...codes];
}

/**
 * The label the code follows ("Kode Error: onc1lsz01"), not one in a sentence ("… menyertakan
 * Kode Error berikut."): the first followed by a code, else by a token a code misread would give
 * (about nine characters, not a word of letters alone).
 */
export function codeLabel(lines: readonly OcrLine[], all: readonly CodeLabel[] = codeLabels(lines)): CodeLabel | undefined {
  const labels = all.filter((l) => l.lastWord >= 0);
  return labels.find((l) => codeFromToken(labelToken(lines, l)) !== null) ?? labels.find((l) => looksLikeMisreadCode(labelToken(lines, l)));
}

/** Enough of a line after a label for its separator and a token: a longer token is no code. */
const TOKEN_CAP = 64;

function labelToken(lines: readonly OcrLine[], label: CodeLabel): string {
  return tokenAfter(lines[label.line]?.text.slice(label.end, label.end + TOKEN_CAP) ?? '') ?? '';
}

/**
 * A token a misread code gives: about as long as one (part of it may have been read as a second
 * word), and not a plain word: a digit or a glyph no word holds ("aoiflziu®", "bhéoarogy", "8b1x1").
 */
function looksLikeMisreadCode(token: string): boolean {
  const kept = token.replace(EDGE, '');
  return kept.length >= 5 && kept.length <= 14 && !/^[A-Za-z]+$/.test(kept);
}

/**
 * Values a label can be followed by that are no misread code (the committee would be asked for a
 * code that is not there): numbers with their separators (a date, a time, an amount, a phone, a
 * tender code), an amount in rupiah, an address or path, a Windows or database error code.
 */
const NOT_A_CODE: readonly RegExp[] = [/^\+?[\d.,:/\-–]+$/, /^(?:rp|idr)\.?\d/i, /[/\\]|www\.|@[a-z0-9-]+\./i, /^0x[\da-f]+$/i, /^[A-Z]{2,}-\d+$/];

/**
 * A code is shown but was not read with certainty: a label is followed by a token with a digit
 * that a code, or a misread of one, would give (a photo of the monitor, glyphs too small). The
 * reporter can then be asked to type it; a label in a sentence, or one followed by a word or by
 * a value of another kind (NOT_A_CODE), is not a code shown.
 */
export function codeUnclear(lines: readonly OcrLine[], code: string | null, labels: readonly CodeLabel[] = codeLabels(lines)): boolean {
  if (code !== null) return false;
  const label = codeLabel(lines, labels);
  if (label === undefined) return false;
  return mayBeCode(labelToken(lines, label).replace(EDGE, ''));
}

/** A token after a code's label that a code, or a misread of one, would give: it holds a digit and is no value of another kind (NOT_A_CODE). */
export function mayBeCode(token: string): boolean {
  return /\d/.test(token) && !NOT_A_CODE.some((p) => p.test(token));
}

/** The Kode Error: the one code the labels name; none when they name two (an example beside the real one). */
function errorCode(lines: readonly OcrLine[], labels: readonly CodeLabel[]): string | null {
  const codes = labelledCodes(lines, labels);
  return codes.length === 1 ? (codes[0] ?? null) : null;
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, FIELD_CAP);
}

const HEADLINES: readonly RegExp[] = [
  /maaf\W{0,3}terjadi\s{0,3}err?or/,
  /terjadi\s{0,3}kesalahan/,
  /halaman\s{0,3}tidak\s{0,3}ditemukan/,
  /\bnot\s{0,3}found\b/,
  /\bforbidden\b/,
  /akses\s{0,3}ditolak/,
];
// A 404 or 403 page says its number first ("404", "Error 403", "HTTP 404 Not Found"); an amount
// such as "Rp 1.404.000" does not.
const STATUS_PAGE = /^\W{0,3}(?:(?:http|error|status)\s{1,3})?40[34]\b/;

function headline(lines: readonly OcrLine[]): string | null {
  for (const line of lines) {
    const text = line.text.slice(0, LINE_CAP);
    const loose = looseText(text);
    if (HEADLINES.some((p) => p.test(loose)) || STATUS_PAGE.test(text.toLowerCase())) return clean(text);
  }
  return null;
}

// A Java exception's class as a token: "java.lang.NullPointerException:", "NullPointerException",
// "play.exceptions.JavaExecutionException". Tokens are capped, and each segment ends at its dot.
const EXCEPTION_TOKEN = /^(?:[a-z][\w$]{0,40}\.){0,10}[A-Z][\w$]{0,60}(?:Exception|Error)\b/;
const OOPS = /^\W{0,3}oops\b/;

function exception(lines: readonly OcrLine[]): string | null {
  for (const line of lines) {
    const text = line.text.slice(0, LINE_CAP);
    if (OOPS.test(looseText(text))) return clean(text);
    const tokens = text.split(/\s+/);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      if (token.length > 120 || !EXCEPTION_TOKEN.test(token)) continue;
      // "Error" of the code label is no class; a class has a name before "Error"/"Exception".
      if (/^(?:Exception|Error)\b/.test(token) || CODE_LABEL.test(looseText(token))) continue;
      return clean(tokens.slice(i).join(' '));
    }
  }
  return null;
}

// The address in the browser bar: http(s)://…, or a host with a path (spse.inaproc.id/batangkab/…,
// lpse.batangkab.go.id/eproc4/…), as one token.
const URL_TOKEN = /^(?:https?:\/\/\S{1,300}|(?:[a-z0-9-]{1,63}\.){1,6}[a-z]{2,6}\/\S{0,300})$/i;
const MENU = /beranda\s{0,3}[>»›/]/;

function page(lines: readonly OcrLine[]): string | null {
  for (const line of lines) {
    for (const token of line.text.slice(0, LINE_CAP).split(/\s+/)) {
      // A scheme OCR garbled ("htps://") is dropped; the host and path remain.
      const t = token.replace(/^[^a-z0-9]+/i, '').replace(/^h?t{0,2}p?s?:\/{1,2}/i, (m) => (/^https?:\/\/$/i.test(m) ? m : ''));
      if (URL_TOKEN.test(t)) return t.slice(0, FIELD_CAP);
    }
  }
  for (const line of lines) {
    const text = line.text.slice(0, LINE_CAP);
    const m = MENU.exec(looseText(text));
    if (m) return clean(text.slice(m.index));
  }
  return null;
}

// "maaf operasi yang anda lakukan salah", any two neighbouring words of it (OCR loses some).
const NOTIFICATION = /maaf\W{0,3}operasi|operasi\s{0,3}yang\s{0,3}anda|anda\s{0,3}lakukan\s{0,3}salah/;

function meanConfidence(lines: readonly OcrLine[]): number {
  let sum = 0;
  let n = 0;
  for (const line of lines) {
    for (const word of line.words) {
      if (word.confidence < 0 || word.text.trim() === '') continue;
      sum += word.confidence;
      n++;
    }
  }
  return n === 0 ? 0 : Math.round((sum / n) * 10) / 10;
}

/** Words the engine is sure of: a screen shows many; noise, a blank image or a photo of a desk hardly any. */
const SURE_WORD = /[\p{L}\p{N}]{3}/u;
const SURE_CONFIDENCE = 60;
const SURE_WORDS = 3;

/**
 * Whether the picture shows text at all: a few words read with confidence, or anything SPSE
 * shows (a code, a headline, the notification, a page). A picture that shows none is not a
 * screenshot, and is recorded as not read rather than as read with nothing in it.
 */
export function showsText(lines: readonly OcrLine[], reading: ScreenReading): boolean {
  if (reading.errorCode !== null || reading.headline !== null || reading.notification || reading.page !== null || reading.exception !== null) return true;
  let sure = 0;
  for (const line of lines) {
    for (const word of line.words) if (word.confidence >= SURE_CONFIDENCE && SURE_WORD.test(word.text) && ++sure >= SURE_WORDS) return true;
  }
  return false;
}

/** What the screen shows, from the engine's lines (top to bottom). */
export function readScreenText(lines: readonly OcrLine[]): ScreenReading {
  const text = lines
    .map((l) => l.text)
    .join('\n')
    .slice(0, TEXT_CAP);
  const labels = codeLabels(lines);
  const code = errorCode(lines, labels);
  const thrown = exception(lines);
  const notification = lines.some((l) => NOTIFICATION.test(looseText(l.text.slice(0, LINE_CAP))));
  return {
    text,
    errorCode: code,
    headline: headline(lines),
    exception: thrown,
    page: page(lines),
    notification,
    detailsHidden: notification && labels.length === 0 && code === null && thrown === null,
    codeUnclear: codeUnclear(lines, code, labels),
    confidence: meanConfidence(lines),
  };
}
