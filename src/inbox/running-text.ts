/**
 * Report data in running text, read the way a person reads a sentence: the package name that
 * follows its code ("tender 10034575000 Pembangunan Gedung Puskesmas Subah tidak bisa dibuka"),
 * a user ID named in words ("login dengan akun pokja2.btg"), and whether the words after a label
 * read like a name or like the rest of the sentence. Word by word, so every line reads in linear
 * time.
 */
import { matchesIn } from './matches';

// Lower-case words a name holds between its capitalised ones ("Rehab Gedung SD dan Pagar").
const CONNECTORS = new Set(['dan', 'di', 'ke', 'dari', 'pada', 'untuk', 'serta', 'atas', 'of', 'and', '&', '-', '–', '/', '+']);

// Words of a clause, never of a package's or committee's name: "paket: tampilan terus memuat".
const CLAUSE_WORDS = new Set([
  'tidak', 'tdk', 'gak', 'nggak', 'ga', 'terus', 'sudah', 'sdh', 'belum', 'blm', 'bisa', 'dapat', 'sedang', 'masih',
  'selalu', 'ternyata', 'mencoba', 'dicoba', 'coba', 'muncul', 'memuat', 'loading', 'gagal', 'error', 'eror', 'kembali',
  'saya', 'kami', 'kita', 'mohon', 'tolong', 'karena', 'sehingga', 'ketika', 'walaupun', 'meskipun', 'namun', 'tetapi',
  'tapi', 'sejak', 'telah', 'harus', 'hanya', 'cannot', 'not', 'keeps', 'still',
]);

// Capitalised words that open a sentence, not a name ("… 10034567000 Mohon Segera Dibantu").
const OPENERS = new Set([
  ...CLAUSE_WORDS, 'terima', 'selamat', 'salam', 'hormat', 'demikian', 'untuk', 'jika', 'apabila', 'saat', 'lalu',
  'kemudian', 'dan', 'atau', 'yang', 'setiap', 'pada', 'di', 'ke', 'dari', 'ini', 'itu', 'hal', 'terkait', 'please', 'thanks',
  'the', 'it', 'this',
]);
// After a code, these open the next item of the report, not the package's name ("… 10034567000 Pokja 3").
const NEXT_ITEM = /^(?:pokja|pokmil|panitia|kelompok|ukpbj|user|kode|nomor|no|id|nama|hp|wa|telp)(?![\p{L}])/iu;

// "Kab.", "Kec.", "Jl.": a short capitalised word with a dot goes on; any other dot ends the name.
const ABBREVIATION = /^\p{Lu}\p{L}{0,3}\.$/u;
const TRAILING_STOP = /[,;:!?)\]"'”’]+$|\.$/;
const MAX_NAME_WORDS = 16;

function words(text: string, max: number): string[] {
  const out: string[] = [];
  for (const w of text.split(/\s+/)) {
    if (w === '') continue;
    out.push(w);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * The name opening `text`, as a person reads one in a sentence: capitalised words (with the
 * connectors and numbers between them) up to the first word of the sentence going on or the
 * punctuation that ends it; null without two capitalised words, or where a sentence opens.
 */
export function titleRun(text: string): string | null {
  const out: string[] = [];
  let capitalised = 0;
  for (const raw of words(text.replace(/^[("'“‘]+/, ''), MAX_NAME_WORDS)) {
    const stop = !ABBREVIATION.test(raw) && TRAILING_STOP.test(raw);
    const w = raw.replace(/^[("'“‘]+/, '').replace(/[,;:!?)\]"'”’]+$/, '').replace(/\.$/, ABBREVIATION.test(raw) ? '.' : '');
    if (w === '') break;
    const lower = w.toLowerCase();
    if (/^\p{Lu}/u.test(w)) {
      if (out.length === 0 ? OPENERS.has(lower) : CLAUSE_WORDS.has(lower)) break;
      out.push(w);
      capitalised++;
    } else if (out.length > 0 && (/^\d/.test(w) || CONNECTORS.has(lower))) {
      out.push(w);
    } else {
      break;
    }
    if (stop) break;
  }
  while (out.length > 0 && CONNECTORS.has((out[out.length - 1] ?? '').toLowerCase())) out.pop();
  return capitalised >= 2 && out.some((w) => /\p{L}{3,}/u.test(w)) ? out.join(' ') : null;
}

/** The value goes on as a sentence ("tampilan terus memuat", "sudah mencoba berkali-kali"). */
export function readsLikeClause(value: string): boolean {
  const head = value.split(/[(,;]/, 1)[0] ?? '';
  return words(head.toLowerCase(), MAX_NAME_WORDS).some((w) => CLAUSE_WORDS.has(w.replace(/[^\p{L}]/gu, '')));
}

// "kode tender 7654321", "paket kode 7654322", "kode paket: 10034567000", "lelang nomor 7654321":
// a number counts as the code only with a word saying so (a bare one needs the national shape).
const CODE_IN_TEXT =
  /(?<![\p{L}\d])(?:(?:kode|id|nomor|no\.?)\s*(?:tender|paket|lelang|seleksi)(?:\s*spse)?|(?:tender|paket|lelang|seleksi)\s*(?:kode|nomor|no\.?|id|#|dengan kode))\s*(?:(?:nomor|no\.?)\s*)?(?:[:#]\s*)?(\d{6,11})(?!\d)/giu;
// What joins a code to the name after it: a dash, a bracket, or words ("dengan nama", "yaitu").
const NAME_GLUE =
  /^\s*(?:[-–—|/:]\s*|\(\s*|,?\s*(?:dengan nama|dgn nama|bernama|berjudul|yaitu|yakni|nama paket(?:nya)?|nama(?:nya)?|judul(?:nya)?|(?:untuk |pada )?(?:paket|pekerjaan|kegiatan))\s*:?\s*)?/i;

/** The package name written right after its code ("10034575000 Pembangunan Gedung …", "… (Rehab Jalan)"), or null. */
export function nameAfterCode(rest: string): string | null {
  const glue = NAME_GLUE.exec(rest)?.[0] ?? '';
  const name = titleRun(rest.slice(glue.length));
  return name === null || NEXT_ITEM.test(name) ? null : name;
}

/** Tender codes a sentence names as such, with where each ends in the line. */
export function codesInText(line: string): Array<{ code: string; end: number }> {
  const out: Array<{ code: string; end: number }> = [];
  for (const m of matchesIn(CODE_IN_TEXT, line)) {
    if (m[1] !== undefined) out.push({ code: m[1], end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

const ID_WORD = /^(?:user(?:-?id)?|userid|username|akun|login|account)$/i;
// Words between "user"/"akun" and the ID itself ("user id SPSE kami adalah …").
const ID_FILLER = /^(?:id|spse|lpse|saya|kami|nya|yang|digunakan|adalah|yaitu|dengan|menggunakan|pakai|:|-|=)$/i;
const ID_SHAPE = /^[A-Za-z0-9][\w.-]*\w$/;
const MAX_FILLER = 4;
const MIN_ID_CHARS = 4;
// "login 10.30", "akun 3x": a time or a count, not an ID (an all-digit ID is a NIP, 18 digits).
const COUNT_OR_TIME = /^(?:[\d.:/-]{1,7}|\d{1,3}x)$/i;

/**
 * User IDs named in words: "user id pokja7btg", "login dengan akun pokja2.btg", "username saya
 * budi.s88". Only a token shaped like an ID (a digit, dot or underscore in it) counts: the word
 * after "akun" is as often the sentence going on. An e-mail address is not an SPSE user ID
 * ("550 Unknown user kijitora@example.ne.jp" is a bounce's).
 */
export function userIdsInText(line: string): string[] {
  const ws = words(line, Number.POSITIVE_INFINITY);
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    if (!ID_WORD.test((ws[i] ?? '').replace(/^\(+|[:=,]+$/g, ''))) continue;
    let j = i + 1;
    while (j < ws.length && j - i <= MAX_FILLER && (ID_FILLER.test(ws[j] ?? '') || ID_WORD.test(ws[j] ?? ''))) j++;
    const id = (ws[j] ?? '').replace(/^[(:"'“]+/, '').replace(/[,;.:)\]"'”]+$/, '');
    if (ID_SHAPE.test(id) && id.length >= MIN_ID_CHARS && /[\d._]/.test(id) && !COUNT_OR_TIME.test(id)) out.push(id);
  }
  return out;
}
