/**
 * The report in its writer's own words (issue 10: which menu, which action, what happened), for
 * staff's new-case notice and the escalation to LKPP: the lines minus the data lines (those
 * travel as fields: labelled ones, the value under a lone label, and values answered by position),
 * minus the greeting and the sign-off where they are easy to tell, passwords masked, at most
 * MAX_DESCRIPTION_CHARS.
 */
import { labelledEntries } from './fields';
import { redactSecrets } from './secrets';
import { tidyBlock } from './text';
import type { Fields } from './types';

export const MAX_DESCRIPTION_CHARS = 2000;

// Labels whose value is the description itself ("Kendala: tidak bisa upload"): kept.
const DESCRIBING_LABEL = /^(?:keterangan|ket|permasalahan|masalah|kendala|pesan error)$/i;
// The reporter's address and name in a data line (not field labels of fields.ts).
const CONTACT_LABEL = /^(?:alamat\s+)?(?:e-?mail|surel)(?:\s+(?:pelapor|pokja|panitia|pic))?\s*[:=]|^(?:nama(?:\s+(?:pelapor|lengkap))?|pelapor)\s*[:=]/i;
// What may stand before a label on its line: one bullet, emphasis.
const BEFORE_LABEL = /^(?:[-*+•·◦▪►➢✓√→]|\(?\d{1,2}[.)]|\(?[a-h][.)])?[\s*_]*$/;
const BULLET_START = /^(?:[-*+•·◦▪►➢✓√→]|\(?\d{1,2}[.)])?[\s*_]*/;
// Rules and phone footers say nothing of the problem.
const RULE = /^[-_=~*]{3,}$/;
const FOOTER = /^(?:sent from|dikirim dari|terkirim dari|diketik dari|get outlook for|dapatkan outlook untuk)\s.{0,60}$/i;

// "Yth. Helpdesk LPSE," "Dear Sir," "Kepada Yth." : an addressee line, dropped whole when short.
const ADDRESSEE = /^(?:yth\b|kepada\s+yth|dear\b|kpd\.?\s+yth)/i;
// "Selamat pagi," "Assalamualaikum wr. wb." "Halo admin," "Dengan hormat,": a greeting ends with
// a mark or the line ("Siang ini upload gagal" is no greeting).
const GREETING =
  /^(?:(?:selamat\s+)?(?:pagi|siang|sore|malam)|assalamu'?\s?alaikum(?:\s+(?:wr\.?\s?wb\.?|warahmatullahi\s+wabarakatuh))?|salam\s+sejahtera|dengan\s+hormat|hal+o|hi|hai|hello|good\s+(?:morning|afternoon|evening))(?:[ \t]+(?:bapak\/ibu|bapak|ibu|pak|bu|tim|admin|helpdesk|mas|mbak|kak|all))?(?:[ \t]*[,.!]+[ \t]*|[ \t]*$)/i;
// A sign-off opens with these and says nothing more of the problem.
const CLOSING =
  /^(?:demikian|atas\s+perhatian|terima\s?kasih|terimakasih|trims|makasih|matur\s+nuwun|thanks|thank\s+you|salam|hormat\s+(?:kami|saya)|regards|best\s+regards|kind\s+regards|wassalam|mohon\s+(?:bantuan|dibantu|arahan)\w*[ .,!]*$)/i;
// Words of a report: a line with them is no sign-off nor a signature ("Terima kasih, tapi masih error").
const REPORT_WORDS = /(?:^|[\s,.])(?:tapi|tetapi|namun|masih|belum|tidak|tdk|error|eror|gagal|bisa|mohon dicek|but|still|not|error)(?=[\s,.!?]|$)/i;
// A signature line under the sign-off: a name, a title, an office, a number.
const SIGNATURE_LINE = /^[\p{L}\p{N} .,'’()/&:+-]{1,60}$/u;
const MAX_SIGNATURE_LINES = 4;
// A description is read from the report's start: past this many lines it is long cut anyway.
const MAX_LINES = 400;
const MAX_GREETING_LINE = 80;
const MAX_CLOSING_LINE = 80;

/** Whether a line is a data line: it opens with a field or contact label, not a describing one. */
function dataLine(t: string): { data: boolean; bare: boolean } {
  if (CONTACT_LABEL.test(t.replace(BULLET_START, ''))) return { data: true, bare: false };
  const [first] = labelledEntries(t);
  if (!first) return { data: false, bare: false };
  const at = t.toLowerCase().indexOf(first.labelText.toLowerCase());
  if (at < 0 || !BEFORE_LABEL.test(t.slice(0, at)) || DESCRIBING_LABEL.test(first.labelText.trim())) return { data: false, bare: false };
  return { data: true, bare: first.bare };
}

const digits = (s: string): string => s.replace(/\D/g, '').replace(/^0/, '62');

/** A line that is only one of the reading's field values ("pokja3btg", "0812 7788 9900"): an answer by position. */
function fieldValue(t: string, fields: Fields | undefined): boolean {
  if (!fields) return false;
  const v = t.replace(BULLET_START, '').trim().toLowerCase();
  return Object.values(fields).some((f) => f !== null && (f.toLowerCase() === v || (/^[\d\s+().-]{6,}$/.test(v) && digits(f) === digits(v))));
}

const isClosing = (t: string): boolean => t.length <= MAX_CLOSING_LINE && CLOSING.test(t) && !REPORT_WORDS.test(t);
const isSignature = (t: string): boolean => SIGNATURE_LINE.test(t) && !REPORT_WORDS.test(t);

/**
 * The writer's own words in `lines` (see the module comment); '' when nothing is left. With the
 * reading's `fields`, a line that is only one of their values is data as well.
 */
export function describe(lines: readonly string[], fields?: Fields): string {
  const kept: string[] = [];
  let skipValue = false;
  for (const raw of lines.slice(0, MAX_LINES)) {
    const t = raw.trim();
    if (t === '') {
      kept.push('');
      continue;
    }
    // The value under a lone label ("Kode Tender:" then "10034567000") is data too.
    if (skipValue) {
      skipValue = false;
      continue;
    }
    const d = dataLine(t);
    skipValue = d.data && d.bare;
    if (d.data || RULE.test(t) || FOOTER.test(t) || fieldValue(t, fields)) continue;
    kept.push(raw);
  }

  // "Yth. Helpdesk LPSE," then "Selamat pagi," then the report: the opening lines go, a greeting
  // before the report on its line is cut off.
  for (let n = 0; n < 3; n++) {
    const i = kept.findIndex((l) => l.trim() !== '');
    if (i < 0) break;
    const t = (kept[i] ?? '').trim();
    kept[i] = t.length <= MAX_GREETING_LINE && ADDRESSEE.test(t) ? '' : t.replace(GREETING, '');
    if (kept[i] !== '') break;
  }

  // From the end: a sign-off with at most a short signature under it, then the sign-offs above it.
  const lastContent = (before: number): number => {
    let i = before - 1;
    while (i >= 0 && (kept[i] ?? '').trim() === '') i--;
    return i;
  };
  let end = kept.length;
  let i = lastContent(kept.length);
  for (let n = 0; i >= 0 && n <= MAX_SIGNATURE_LINES; n++, i = lastContent(i)) {
    const t = (kept[i] ?? '').trim();
    // A thanks opening the text is its first sentence, not a sign-off, when more follows it.
    if (isClosing(t)) {
      if (lastContent(i) >= 0 || n === 0) end = i;
      break;
    }
    if (!isSignature(t)) break;
  }
  for (let j = lastContent(end); end < kept.length && j >= 0 && isClosing((kept[j] ?? '').trim()); j = lastContent(end)) end = j;

  const masked = redactSecrets(tidyBlock(kept.slice(0, end)));
  return masked.length <= MAX_DESCRIPTION_CHARS ? masked : masked.slice(0, MAX_DESCRIPTION_CHARS).trimEnd();
}
