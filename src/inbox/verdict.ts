/**
 * The committee's verdict on a solved case: whether its answer to the solved notice says the
 * problem is still there ("masih error", "belum bisa juga pak", "still not working"), which
 * reopens the case (SOP step 2), or that it is fixed or nothing at all ("terima kasih"), which
 * lets the case close on schedule. Read in the writer's own words only (no quoted lines).
 *
 * How it reads: the text is cut into clauses at sentence marks, commas and the words that turn
 * a sentence ("tapi", "sekarang", "but", "now"), so "kemarin masih error, sekarang sudah bisa"
 * is two clauses; each clause says broken, fixed or nothing, and the last clause that says
 * something is the verdict. Conditions and questions ("kalau masih error ...", "apakah ...?")
 * say nothing. Every pattern is a plain alternation with bounded gaps: linear in the text.
 */
import { foldForMatch } from './text';
import { matchesIn } from './matches';

type Verdict = 'broken' | 'fixed';

// Only the start of an answer carries the verdict; a long text is cut here.
const MAX_CHARS = 10_000;

const NOT = String.raw`(?:tidak|tdk|gak|ga|gk|nggak|ngga|enggak|engga|tak|not|no|never)`;
const NEGATED = new RegExp(String.raw`(?:^|\s)(?:${NOT}|no longer|sudah ${NOT}|sdh ${NOT}|udah ${NOT})\s+(?:ada\s+|lagi\s+|pernah\s+)?$`);
// Up to two short words between a marker and what it marks ("masih ada error", "gagal upload lagi").
const GAP = String.raw`(?:[^\s]{1,25}\s+){0,2}?`;
const FAULT = String.raw`(?:error|eror|erorr|err|gagal|bermasalah|masalah|kendala|terkendala|macet|stuck|hang|mental|loading|muter)`;
const ABLE = String.raw`(?:bisa|bs|dapat|dpt|berhasil|normal|lancar|jalan|berjalan|berfungsi|masuk|tersimpan|terkirim|terupload|terunggah|ter-?upload|teratasi|beres|membaik|berubah|selesai)`;

const BROKEN: readonly RegExp[] = [
  // masih / tetap + a fault or an inability: "masih error", "tetap tidak bisa", "masih sama".
  new RegExp(String.raw`(?:^|\s)(?:masih|msh|masi|tetap|ttp|tetep)\s+${GAP}(?:${FAULT}|belum|blm|${NOT}|sama|muncul|kembali ke|balik ke|terlempar)`),
  // belum + able: "belum bisa", "belum juga normal", "blm berhasil".
  new RegExp(String.raw`(?:^|\s)(?:belum|blm|blom|belom)\s+(?:juga\s+)?(?:${ABLE}|ada perubahan)`),
  // Unable now: "tidak bisa upload", "gak bisa login", "gabisa".
  new RegExp(String.raw`(?:^|\s)(?:${NOT}\s+(?:bisa|dapat|berhasil|berfungsi|jalan|normal|masuk|tersimpan|terkirim|terupload|terunggah)|gabisa|gbs|gakbisa|ngga?kbisa)(?=\s|$)`),
  // A fault again: "error lagi", "gagal terus", "errornya muncul lagi", "kembali error".
  new RegExp(String.raw`(?:^|\s)${FAULT}\w{0,4}\s+${GAP}(?:lagi|terus|kembali|again)(?=\s|$)`),
  new RegExp(String.raw`(?:^|\s)(?:muncul|terjadi|kambuh|keluar|happen(?:s|ed|ing)?|occur(?:s|red|ring)?|appear(?:s|ed|ing)?)\s+(?:lagi|kembali|again)(?=\s|$)`),
  new RegExp(String.raw`(?:^|\s)(?:kembali|balik)\s+(?:${FAULT}|seperti semula)`),
  new RegExp(String.raw`(?:^|\s)(?:upload|unggah|login|simpan|kirim)\w{0,6}\s+${GAP}(?:gagal|error|eror)(?=\s|$)`),
  /(?:^|\s)gagal\s+(?:meng|di|ter)?(?:upload|unggah|login|masuk|simpan|menyimpan|kirim|mengirim|buka|membuka|akses|mengakses|proses|memproses)/,
  // "sama saja", "sama seperti kemarin", "tidak ada perubahan".
  /(?:^|\s)(?:sama\s+(?:saja|aja|sj|seperti|kayak|kaya|dengan|spt)|(?:tidak|tdk|belum|blm|gak|ga)\s+ada\s+perubahan|no change)(?=\s|$)/,
  // English.
  /(?:^|\s)still\s+(?:[^\s]{1,25}\s+){0,2}?(?:not|no|an?|the same|same|error|errors|fail\w*|broken|getting|happening|there|occur\w*|loading|stuck|can'?t|cannot|unable|does\s*n[o']?t|doesn'?t|won'?t|isn'?t|redirect\w*)(?=\s|$)/,
  /(?:^|\s)(?:not|isn'?t|aren'?t|doesn'?t|does not|didn'?t|did not|can'?t|cannot|couldn'?t|could not|unable to|won'?t|wont|no longer)\s+(?:[^\s]{1,25}\s+)?(?:work|works|working|fixed|resolved|solved|load|loading|open|upload|uploading|log in|login|save|submit)(?=\s|$)/,
  /(?:^|\s)(?:same|the same)\s+(?:error|problem|issue|thing)(?=\s|$)/,
  /(?:^|\s)(?:problem|issue|error)s?\s+(?:still\s+)?(?:persists?|remains?|is back|came back|came up again|returned)(?=\s|$)/,
];

const FIXED: readonly RegExp[] = [
  // "sudah bisa", "udah normal", "telah berhasil", "sudah tidak error".
  new RegExp(String.raw`(?:^|\s)(?:sudah|sdh|udah|udh|dah|telah)\s+${GAP}(?:${ABLE}|oke|ok|aman|kembali normal|${NOT}\s+(?:${FAULT}|ada|muncul|loading))`),
  // "berhasil", "lancar", "normal kembali" on their own (a negated one is broken, above).
  /(?:^|\s)(?:berhasil|lancar|normal kembali|kembali normal|sudah oke|aman)(?=\s|$)/,
  // English.
  /(?:^|\s)(?:works?|working|worked)(?:\s+(?:now|fine|again|well|perfectly|properly))?(?=\s|$)/,
  /(?:^|\s)(?:fixed|resolved|solved|sorted|all good|no more errors?|no more problems?)(?=\s|$)/,
];

// A fault after one of these is a condition or a question, no claim ("kalau masih error, ...").
const CONDITION = /(?:^|\s)(?:kalau|kalo|klo|jika|jikalau|bila|apabila|seandainya|andai|andaikan|bilamana|misal|misalnya|if|in case|should|whether|apakah)\s/;
// Before a "fixed" word, these make it a fault ("tidak berhasil", "isn't working", "belum normal").
const UNDONE = new RegExp(String.raw`(?:^|\s)(?:${NOT}|belum|blm|masih|still|[a-z]+n't|cannot|unable to)\s+(?:[^\s]{1,25}\s+)?$`);

// Clause ends: sentence marks and commas, and the words that turn a sentence to its now.
const CLAUSE_END = /[.!?;,:\n]|\s(?:tapi|tetapi|namun|sedangkan|sekarang|skrg|kini|padahal|but|however|now|although|though)(?=\s)/g;

/** Where a match's words start (its pattern may open on the blank before them). */
function wordsAt(m: RegExpExecArray): number {
  return m.index + m[0].length - m[0].trimStart().length;
}

/** What one clause says: its last broken or fixed statement that is not a condition. */
function clauseVerdict(clause: string): Verdict | null {
  const c = ` ${clause.trim()} `;
  const condition = CONDITION.exec(c);
  const claims: Array<{ at: number; verdict: Verdict }> = [];
  for (const re of BROKEN) {
    const m = re.exec(c);
    if (!m) continue;
    const at = wordsAt(m);
    // A fault after a negation ("tidak error lagi") is the fault's end.
    claims.push({ at, verdict: NEGATED.test(c.slice(Math.max(0, at - 24), at)) ? 'fixed' : 'broken' });
  }
  for (const re of FIXED) {
    const m = re.exec(c);
    if (!m) continue;
    const at = wordsAt(m);
    if (!UNDONE.test(c.slice(Math.max(0, at - 40), at))) claims.push({ at, verdict: 'fixed' });
  }
  const said = claims.filter((x) => condition === null || x.at < condition.index);
  said.sort((x, y) => x.at - y.at);
  return said[said.length - 1]?.verdict ?? null;
}

/** Whether the writer says the problem is still there (see the module comment). */
export function stillBroken(text: string): boolean {
  const own = text
    .slice(0, MAX_CHARS)
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n');
  const folded = own.toLowerCase().replace(/[’`]/g, "'").replace(/[ \t]+/g, ' ');
  let verdict: Verdict | null = null;
  let from = 0;
  const read = (to: number, question: boolean): void => {
    const v = question ? null : clauseVerdict(foldForMatch(folded.slice(from, to)));
    if (v) verdict = v;
  };
  for (const m of matchesIn(CLAUSE_END, folded)) {
    const at = m.index ?? 0;
    read(at, m[0] === '?');
    from = at + m[0].length;
  }
  read(folded.length, false);
  return verdict === 'broken';
}
