/**
 * Fields: the committee data of SOP step 1b (committee name, SPSE user ID, tender code, tender
 * name, phone) plus SPSE's error code, read from the fresh lines the way a helpdesk person reads
 * them: the label variants people write, with `:`, `=`, a tab, a dash or nothing before the
 * value, values on the next line or in a table, several labels on one line, answers typed under
 * a quoted label, and phrases in running text (running-text.ts). Quoted lines never supply a
 * value; the sender's own signature does only where the fresh text is silent. A placeholder
 * ("menyusul", placeholder.ts) is no value; a label word inside a sentence counts only before
 * what reads like that field's value; the office's number in a sign-off or disclaimer comes after
 * the committee's own. Both alternatives of a plain-and-HTML mail are read.
 */
import { firstPhoneIn, mobilesIn } from './phone';
import { isPlaceholder } from './placeholder';
import { matchesIn } from './matches';
import { codesInText, nameAfterCode, readsLikeClause, titleRun, userIdsInText } from './running-text';
import type { TextLine } from './fresh-text';
import { trimEndMatching } from './text';
import type { FieldKey, Fields } from './types';

type Target = FieldKey | 'codeAndName' | 'other';

interface LabelDef {
  target: Target;
  /** May be followed by its value with nothing in between ("Kode Tender 10034567000"). */
  strong: boolean;
  re: RegExp;
  source: string;
}

const NO = ['no', 'nomor', 'nomer', 'nmr'];

/** "no hp" also stands for "nomor hp" and "nomer hp": people spell the abbreviation out. */
function expand(words: string): string[] {
  const [head, ...rest] = words.split(' ');
  if (head === 'no' && rest.length > 0) return NO.map((n) => [n, ...rest].join(' '));
  return [words];
}

function wordsToSource(words: string): string {
  return words
    .split(' ')
    .map((w) =>
      w
        .split('/')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('\\s*[/&]\\s*'),
    )
    .join('[\\s._-]*');
}

function defs(target: Target, strong: boolean, list: string[]): LabelDef[] {
  return list.flatMap(expand).map((words) => {
    const source = wordsToSource(words);
    return { target, strong, source, re: new RegExp(`^(?:${source})$`, 'i') };
  });
}

const LABELS: LabelDef[] = [
  ...defs('committeeName', true, [
    'nama panitia', 'nama pokja', 'nama pokja pemilihan', 'nama pokmil', 'nama kelompok kerja',
    'nama kelompok kerja pemilihan', 'nama panitia pengadaan', 'nama panitia lelang', 'nama pokja/panitia',
    'nama panitia/pokja', 'nama pokja/pp', 'nama tim pokja', 'committee name', 'nama committee',
  ]),
  ...defs('committeeName', false, [
    'pokja pemilihan', 'pokja', 'panitia', 'pokmil', 'panitia pengadaan', 'panitia lelang', 'kelompok kerja',
    'kelompok kerja pemilihan', 'committee', 'pokja/panitia', 'panitia/pokja',
  ]),
  ...defs('userId', true, [
    'user id', 'user id spse', 'userid spse', 'user id lpse', 'user spse', 'id user', 'id user spse', 'id pengguna',
    'user name', 'username', 'user login', 'id login', 'nama user', 'nama pengguna', 'akun spse', 'id spse',
    'user id/username', 'username/user id', 'user id pokja', 'user id panitia', 'user pokja', 'spse user id', 'spse user',
  ]),
  ...defs('userId', false, ['user', 'login', 'akun', 'account', 'pengguna']),
  ...defs('tenderCode', true, [
    'kode lelang', 'kode tender', 'kode paket', 'kode tender/paket', 'kode paket/tender', 'kode lelang/tender',
    'kode tender/lelang', 'kode lelang/paket', 'kode paket/lelang', 'kode seleksi', 'kode non tender',
    'kode pengadaan', 'kode pekerjaan', 'kode pemilihan', 'kode paket pekerjaan', 'kode paket tender',
    'kode paket lelang', 'id paket', 'id tender', 'id lelang', 'tender id', 'tender code', 'package code',
    'package id', 'no tender', 'no paket', 'no lelang', 'kode tender spse', 'kode lelang spse', 'kode paket spse',
  ]),
  ...defs('tenderCode', false, ['kode', 'id']),
  ...defs('tenderName', true, [
    'nama lelang', 'nama tender', 'nama paket', 'nama pekerjaan', 'nama paket/tender', 'nama tender/paket',
    'nama paket pekerjaan', 'nama paket lelang', 'nama paket tender', 'nama lelang/paket', 'nama paket/lelang',
    'nama lelang/tender', 'nama tender/lelang', 'nama seleksi', 'nama pengadaan', 'judul paket', 'judul tender',
    'tender name', 'package name', 'nama paket/pekerjaan', 'nama kegiatan/paket',
  ]),
  ...defs('tenderName', false, ['paket', 'pekerjaan', 'tender', 'lelang', 'paket pekerjaan', 'paket lelang', 'paket tender']),
  ...defs('codeAndName', true, [
    'kode/nama paket', 'kode/nama tender', 'kode/nama lelang', 'kode dan nama paket', 'kode dan nama tender',
    'kode dan nama lelang', 'kode & nama paket', 'kode & nama tender', 'nama/kode paket', 'nama/kode tender',
    'nama dan kode paket', 'nama dan kode tender', 'kode tender/nama paket', 'kode tender/nama tender',
    'kode paket/nama paket', 'kode lelang/nama lelang', 'nama paket/kode paket', 'nama paket/kode tender',
    'nama tender/kode tender', 'kode dan nama paket tender',
  ]),
  ...defs('phone', true, [
    'no telp', 'no tlp', 'no telepon', 'no telpon', 'no tel', 'telp', 'tlp', 'telepon', 'telpon', 'tel', 'no hp',
    'hp', 'hp/wa', 'no hp/wa', 'wa', 'no wa', 'whatsapp', 'no whatsapp', 'wa/hp', 'telp/hp', 'hp/telp', 'no telp/hp',
    'no telp/wa', 'telp/wa', 'telp kantor', 'telepon kantor', 'no telp kantor', 'telp kantor/hp', 'handphone',
    'no handphone', 'no kontak', 'kontak', 'contact', 'contact person', 'cp', 'phone', 'phone number', 'mobile',
    'mobile phone', 'ponsel', 'no ponsel', 'no hp/telp', 'no hp aktif', 'no wa aktif', 'hp/wa aktif', 'tlp/hp',
    'no tlp/hp', 'no hp/whatsapp', 'hp/whatsapp', 'no telepon/hp', 'telepon/hp', 'telepon/wa', 'no telepon kantor',
  ]),
  ...defs('errorCode', true, [
    'kode error', 'kode eror', 'kode kesalahan', 'error code', 'kode err', 'error id', 'id error', 'error kode',
    'kode galat', 'kode error spse',
  ]),
  // Labels of other data. They are known so that their numbers are never taken for a tender
  // code or phone, and so that a value ends where the next label starts.
  ...defs('other', false, [
    'kode rup', 'id rup', 'rup', 'nip', 'nik', 'npwp', 'password', 'kata sandi', 'sandi', 'pass', 'pwd', 'tanggal', 'tgl',
    'jam', 'pukul', 'waktu', 'pagu', 'hps', 'nilai', 'nilai hps', 'nilai pagu', 'no surat', 'email', 'e-mail',
    'alamat', 'alamat email', 'instansi', 'satker', 'satuan kerja', 'opd', 'skpd', 'dinas', 'nama', 'jabatan',
    'tahun anggaran', 'ta', 'browser', 'versi', 'url', 'link', 'ip', 'keterangan', 'permasalahan', 'masalah',
    'kendala', 'tahapan', 'tahap', 'jenis pengadaan', 'metode', 'lokasi', 'pesan error', 'ket', 'nama lengkap',
    'nama pelapor', 'pelapor', 'lpse', 'fax', 'faks', 'no fax', 'alamat kantor', 'kabupaten', 'kota',
  ]),
].sort((a, b) => b.source.length - a.source.length);

const ALTERNATION = LABELS.map((l) => l.source).join('|');
// The bullet and the emphasis before a label; no two neighbouring parts take the same characters
// (a `\s+` beside a `\s*` would try every split of a long run of blanks).
const BULLET = String.raw`(?:(?:[-*+](?=\s)|[•·◦▪►➢✓√→]|\(?\d{1,2}[.)]|\(?[a-h][.)](?=\s))\s*)?`;
const START = new RegExp(String.raw`^\s*${BULLET}(?:[*_]+\s*)?(${ALTERNATION})(?![\p{L}\p{N}])`, 'iu');
// "(s)", "(SPSE)", "(WA aktif)" after a label qualify it; "(0285)" is already the value.
const QUALIFIER = String.raw`\((?![\d\s+.-]*\))[^()\n]{0,40}\)`;
const MID = new RegExp(
  String.raw`(?<=^|[\s,;|(/*])(${ALTERNATION})(?![\p{L}\p{N}])[*_\s]*(?:${QUALIFIER}[*_\s]*)?(?::=|[:=])`,
  'giu',
);

// Only this much of a line is searched for labels in running text: no person writes a label
// thousands of characters into a line, and it keeps pathological lines cheap.
const MID_SCAN_CHARS = 1000;
// Only this many fresh lines are read: a report's data sits at its start, and huge bodies
// (logs pasted in, list digests) must stay fast.
const MAX_LINES = 4000;

function labelFor(text: string): LabelDef | undefined {
  const squeezed = text.trim();
  return LABELS.find((l) => l.re.test(squeezed));
}

interface Entry {
  label: LabelDef;
  /** The label as the sender wrote it. */
  labelText: string;
  value: string;
  /** A `:`, `=`, tab or dash stood between label and value. */
  explicit: boolean;
  /** The label stood alone on its line, with or without a colon: its value may be on the next line. */
  bare: boolean;
  /** Where the label starts in the line. */
  at: number;
  /**
   * The label stands in a sentence ("…terjadi di beberapa paket: tampilan terus memuat"): what
   * follows counts only when it reads like a value of that field.
   */
  inSentence: boolean;
}

// Made once: a pattern made per call is compiled again (see matches.ts).
const AFTER_LABEL_QUALIFIER = new RegExp(`^[*_.]*(?:\\s*${QUALIFIER})?[*_]*`);

/** Splits text after a label into (explicit separator?, value). */
function afterLabel(rest: string): { explicit: boolean; value: string } {
  const q = rest.replace(AFTER_LABEL_QUALIFIER, '');
  const sep = /^(?:[ \t]*(?::=|[:=])|\t|[ \t]+[-–—](?=\s|$))/.exec(q);
  if (sep) return { explicit: true, value: q.slice(sep[0].length) };
  return { explicit: false, value: q };
}

// A line is read for labels several times (the line before it looks ahead, and the plain and the
// HTML part often hold the same lines): each line's entries are kept for the next ask.
const MEMO_LINES = 2000;
const memo = new Map<string, readonly Entry[]>();

/** Every labelled value on one line, in order. */
export function labelledEntries(line: string): readonly Entry[] {
  const text = line.length > MID_SCAN_CHARS ? line.slice(0, MID_SCAN_CHARS) : line;
  const known = memo.get(text);
  if (known) return known;
  if (memo.size >= MEMO_LINES) memo.clear();
  const entries = entriesOf(text);
  memo.set(text, entries);
  return entries;
}

function entriesOf(text: string): Entry[] {
  const entries: Entry[] = [];
  let body = text;
  const start = START.exec(text);
  if (start && start[1] !== undefined) {
    const label = labelFor(start[1]);
    if (label) {
      const labelText = start[1];
      const { explicit, value } = afterLabel(text.slice(start[0].length));
      if (value.trim() === '') {
        entries.push({ label, labelText, value: '', explicit, bare: true, at: start.index, inSentence: false });
        return entries;
      }
      if (explicit || label.strong) {
        let v = value;
        let sep = explicit;
        if (!explicit) {
          // "Nama Paket Pekerjaan Konstruksi: X": words that qualify the label, then the colon.
          const qualified = /^[^\d:=\n]{1,40}?[:=]/.exec(v);
          if (qualified) {
            v = v.slice(qualified[0].length);
            sep = true;
          }
        }
        entries.push({ label, labelText, value: v, explicit: sep, bare: false, at: start.index, inSentence: false });
        body = '';
        splitMid(v, text.length - v.length, entries);
        return entries;
      }
    }
  }
  splitMid(body, 0, entries);
  return entries;
}

// Two words before a label make it part of a sentence; one ("Data: Kode Tender: …") does not.
const PROSE_WORD = /\p{L}{2,}/gu;
const isProse = (text: string): boolean => (text.match(PROSE_WORD)?.length ?? 0) >= 2;

/**
 * Finds "label: value" pairs inside `text` (which starts `offset` characters into its line) and
 * cuts the last entry's value where they start.
 */
function splitMid(text: string, offset: number, entries: Entry[]): void {
  // Every label MID finds ends in ':' or '=': a text with neither has none (most lines of prose).
  if (text === '' || !/[:=]/.test(text)) return;
  const owner = entries[entries.length - 1];
  const hits: Array<{ index: number; end: number; label: LabelDef; text: string }> = [];
  for (const m of matchesIn(MID, text)) {
    const label = m[1] !== undefined ? labelFor(m[1]) : undefined;
    if (label && m[1] !== undefined && m.index !== undefined) hits.push({ index: m.index, end: m.index + m[0].length, label, text: m[1] });
  }
  if (hits.length === 0) return;
  const first = hits[0];
  if (owner && first) owner.value = text.slice(0, first.index);
  const inSentence = !owner && first !== undefined && isProse(text.slice(0, first.index));
  hits.forEach((h, k) => {
    const next = hits[k + 1];
    const value = text.slice(h.end, next ? next.index : undefined);
    entries.push({ label: h.label, labelText: h.text, value, explicit: true, bare: false, at: offset + h.index, inSentence });
  });
}

const LEADING_FILLER = /^(?:(?:kami|saya|kita|nya|adalah|yaitu|yakni|ialah|sbb|sebagai berikut|is|are|nomor|no\.?)\s+)+/i;
const NOT_A_NAME = /^(?:terima ?kasih|thanks?|thank you|mohon|salam|hormat|regards|best regards|demikian|atas perhatian|wassalam|selamat|dear|yth|kepada)\b/i;
const TENDER_CODE = /(?<!\d)\d{6,11}(?!\d)/;

// The ends of a value: loops over one character at a time (see trimEndMatching), never `/[...]+$/`.
const QUOTE_OR_BLANK = /[\s*_"'“”‘’`]/;
const PUNCTUATION_OR_BLANK = /[\s.,;:]/;

function clean(value: string): string {
  const squeezed = value.replace(/\s+/g, ' ').replace(/^[\s*_"'“”‘’`:=]+/, '');
  return trimEndMatching(trimEndMatching(squeezed, QUOTE_OR_BLANK), PUNCTUATION_OR_BLANK).trim();
}

/** "[pokja3btg]": the value typed inside the template's brackets, or null. */
function bracketed(v: string): string | null {
  if (v.length < 2 || !'[<({'.includes(v.charAt(0)) || !'])>}'.includes(v.charAt(v.length - 1))) return null;
  const inner = v.slice(1, -1);
  return /[\])>}]/.test(inner) ? null : inner.trim();
}

function meaningful(value: string): string | null {
  let v = clean(value);
  if (v === '' || isPlaceholder(v)) return null;
  const inner = bracketed(v);
  if (inner !== null) v = clean(inner);
  return v === '' || isPlaceholder(v) ? null : v;
}

const CODE_NAME_GLUE = /[\s\-–/:|,]/;
const CODE_IN_BRACKETS = /^[([]\s*(?:kode(?:\s*(?:tender|paket|lelang))?\s*(?::\s*)?)?(\d{6,11})\s*[)\]]$/i;

/**
 * "Rehab Jalan (10034567000)": the code in brackets closing the value, and the name before it.
 * Cut at the last opening bracket, then each side read alone: one pattern with a free-running
 * name before the brackets tries every split of a long value.
 */
function codeInTrailingBrackets(v: string): { name: string; code: string } | null {
  const open = Math.max(v.lastIndexOf('('), v.lastIndexOf('['));
  if (open < 0) return null;
  const code = CODE_IN_BRACKETS.exec(v.slice(open))?.[1];
  const name = v.slice(0, open).trimEnd();
  return code !== undefined && /\p{L}/u.test(name) ? { name, code } : null;
}

interface Found {
  field: FieldKey;
  value: string;
  rank: number;
  line: number;
}

type Sink = (field: FieldKey, value: string, rank: number) => void;

// Words that open a sentence, not a name: "Nama paket tidak bisa dibuka" carries no name.
const SENTENCE_START =
  /^(?:tidak|tdk|gak|nggak|ga|sudah|sdh|belum|blm|bisa|dapat|yang|yg|kami|saya|kita|di|ke|dari|pada|ini|itu|tersebut|error|eror|gagal|mengalami|muncul|tidak bisa|sedang|masih|juga|akan|harus|is|was|has|not|cannot|can't|does|did)\b/i;

type Offered = Pick<Entry, 'label' | 'labelText' | 'explicit'> & Partial<Pick<Entry, 'inSentence'>>;

// Where a value in a sentence ends: its comma, semicolon or full stop.
const CLAUSE_END = /[,;]|\.(?:\s|$)/;

/**
 * A name after a label, or null where the words are the sentence going on. In a sentence, a name
 * as a person writes one (capitalised words, cut where the sentence goes on); after a strong
 * label there ("…, Nama Paket: rehab jalan, …") also its words up to the comma, unless they are
 * a clause. After a weak label ("paket:", "panitia:") no clause counts.
 */
function nameAsWritten(v: string, entry: Offered): string | null {
  const clause = readsLikeClause(v);
  if (entry.inSentence) {
    const run = titleRun(v);
    if (run !== null || !entry.label.strong || clause) return run;
    const end = CLAUSE_END.exec(v);
    return end ? v.slice(0, end.index).trim() || null : v;
  }
  return !entry.label.strong && clause ? null : v;
}

/** Reads one label's value into candidates; returns false when it is not a value for that label. */
function offer(entry: Offered, rawValue: string, sink: Sink, rank: number): boolean {
  const { label, labelText, explicit } = entry;
  const v = meaningful(rawValue);
  if (v === null) return false;
  switch (label.target) {
    case 'committeeName': {
      let name = v.replace(LEADING_FILLER, '');
      if (NOT_A_NAME.test(name) || /\?$/.test(name) || (!explicit && SENTENCE_START.test(name))) return false;
      // "Pokja Pemilihan: 3" names the committee "Pokja Pemilihan 3".
      if (/^(?:\d{1,3}|[IVXivx]{1,5})$/.test(name)) {
        const noun = labelText.replace(/^\s*nama\s+/i, '').replace(/[\s*_.:]+$/, '');
        if (/pokja|pokmil|panitia|kelompok/i.test(noun)) name = `${noun} ${name}`;
      } else {
        const written = nameAsWritten(name, entry);
        if (written === null) return false;
        name = written;
      }
      sink('committeeName', name, rank);
      return true;
    }
    case 'userId': {
      // Only a strong label at the start of a line may have a spaced value ("User ID: pokja 3 btg");
      // after a weak one in a sentence ("dengan user: …") only a token shaped like an ID counts.
      const inSentence = entry.inSentence === true;
      const id = userIdFrom(v, explicit && label.strong && !inSentence);
      if (id === null || (inSentence && !label.strong && !/[\d._@]/.test(id))) return false;
      sink('userId', id, rank);
      return true;
    }
    case 'tenderCode': {
      const code = TENDER_CODE.exec(v);
      if (!code) return false;
      sink('tenderCode', code[0], rank);
      // "Kode Paket: 10034567000 - Rehabilitasi Jalan" also names the tender.
      const after = /^\s*[-–|/]\s*(.*)$/.exec(v.slice(code.index + code[0].length));
      const name = after ? meaningful(after[1] ?? '') : null;
      if (name && /\p{L}{3,}/u.test(name)) sink('tenderName', name, rank + 1);
      return true;
    }
    case 'tenderName': {
      if (NOT_A_NAME.test(v) || /\?$/.test(v) || (!explicit && SENTENCE_START.test(v))) return false;
      const lead = /^(\d{6,11})(?!\d)\s*(?:[-–/:|,]\s*)?(.*)$/.exec(v);
      if (lead && lead[1] !== undefined) {
        sink('tenderCode', lead[1], rank);
        const name = meaningful(lead[2] ?? '');
        if (name) sink('tenderName', name, rank);
        return true;
      }
      // "Rehab Jalan (10034567000)": the code in parentheses after the name.
      const trailing = codeInTrailingBrackets(v);
      if (trailing) {
        sink('tenderCode', trailing.code, rank);
        sink('tenderName', trailing.name.replace(LEADING_FILLER, ''), rank);
        return true;
      }
      const name = nameAsWritten(v.replace(LEADING_FILLER, ''), entry);
      if (name === null) return false;
      sink('tenderName', name, rank);
      return true;
    }
    case 'codeAndName': {
      const code = TENDER_CODE.exec(v);
      if (code) sink('tenderCode', code[0], rank);
      const name = meaningful(trimEndMatching(v.replace(TENDER_CODE, ' ').replace(/^[\s\-–/:|,]+/, ''), CODE_NAME_GLUE));
      if (name) sink('tenderName', name, rank);
      return code !== null || name !== null;
    }
    case 'phone': {
      // "0285-391234 (kantor), HP saya 0813 2566 0417": each number with its own words; the
      // office's ranks below the member's own.
      let any = false;
      for (const part of v.split(/[,;]|\s(?:dan|atau|and|or)\s/i).slice(0, MAX_PHONES_PER_VALUE)) {
        const phone = firstPhoneIn(part);
        if (!phone) continue;
        sink('phone', phone, rank + (OFFICE_LABEL.test(labelText) || OFFICE_LABEL.test(part) ? OFFICE_RANK : 0));
        any = true;
      }
      return any;
    }
    case 'errorCode': {
      const token = /^[A-Za-z0-9][\w.:/-]*/.exec(v);
      if (!token || !/\d/.test(token[0]) || token[0].length < 3) return false;
      sink('errorCode', trimEndMatching(token[0], /[.:]/), rank);
      return true;
    }
    case 'other':
      return false;
  }
}

const ID_STOPWORDS = /^(?:saya|kami|tidak|tdk|bisa|belum|sudah|yang|untuk|dan|atau|di|ke|adalah|ini|itu|login|error)$/i;

/** A user ID is one token; the words after it ("(ketua)", "/ password") are not part of it. */
function userIdFrom(v: string, explicit: boolean): string | null {
  const value = v.replace(LEADING_FILLER, '');
  const tokens = value.split(' ');
  const first = trimEndMatching((tokens[0] ?? '').replace(/^\(/, ''), /[,;.)\]]/);
  if (first === '' || ID_STOPWORDS.test(first)) return null;
  if (tokens.length === 1) return first;
  const rest = tokens.slice(1).join(' ');
  if (/^[(/,;|-]|^(?:dan|atau|and|or|password|pass|sandi|pwd|nip|a\.?n\.?)\b/i.test(rest) || /[\d._@]/.test(first)) return first;
  // With an explicit separator, a spaced value is what the person typed ("pokja 3 btg").
  return explicit && value.length <= 40 && !/[.!?]$/.test(value) ? value : null;
}

const IN_SENTENCE: ReadonlyArray<{ field: FieldKey; re: RegExp; accept?: (v: string) => boolean }> = [
  { field: 'errorCode', re: /(?:kode\s*err?or|error\s*code)(?:nya)?\s*(?::\s*)?([A-Za-z0-9][\w.-]{2,})/giu, accept: (v) => /\d/.test(v) },
  {
    // "paket Pembangunan Gedung Serbaguna (kode 10034511000)": a capitalised title right before its code.
    field: 'tenderName',
    re: /(?:paket|tender|lelang|pekerjaan)\s+((?:[\p{Lu}\d][\p{L}\p{N}/&.-]*\s+){0,14}[\p{Lu}\d][\p{L}\p{N}/&.-]*)\s*(?:\(\s*(?:kode(?:\s*(?:tender|paket|lelang))?\s*(?::\s*)?)?\d{6,11}\s*\)|(?:,\s*)?(?:dengan\s+|dgn\s+)?kode\s*(?:(?:tender|paket|lelang)\s*)?(?::\s*)?\d{6,11})/gu,
    accept: (v) => /\p{L}{3,}/u.test(v) && !/^\d+$/.test(v),
  },
];

// A committee names itself in running text or a sign-off: "kami dari Pokja Pemilihan 3".
// Roman numbers up to XXIX: "xxx" is a placeholder, not committee 30.
const COMMITTEE_PHRASE =
  /(?<![\p{L}])(?:pokja|pokmil|kelompok kerja|panitia)(?:\s+(?:pemilihan|pengadaan|lelang|barang\/jasa|barang dan jasa|barang|jasa|konstruksi|konsultansi|ulp|ukpbj|bpbj))*\s+(?:no\.?\s*)?(?:\d{1,3}|(?=[ivx])x{0,2}(?:ix|iv|v?i{0,3}))(?![\p{L}\p{N}])/giu;
const SIGN_OFF_COMMITTEE = /^(?:pokja|pokmil|kelompok kerja|panitia)(?=\s|$)[^@/]*$/i;
const SENTENCE_WORDS =
  /\b(?:saya|kami|kita|mohon|tidak|tdk|sudah|belum|akan|dengan|untuk|yang|ini|itu|ada|bisa|dapat|mengalami|terjadi|error|gagal|upload|loading|sedang|telah|harap|silakan|karena|jika|tolong)\b/i;
const BARE_TENDER_CODE = /(?<![\d+.,])[1-9]\d{7}000(?![\d])/g;

function lineLabels(line: string): readonly Entry[] {
  return labelledEntries(line.replace(/^\s*(?:>\s*)+/, ''));
}

/** The value on the line after a lone label, if that line is one (not a label, quote or greeting). */
function nextLineValue(lines: readonly Row[], i: number, zone: Row['zone'], maxBlank: number): { text: string; index: number } | null {
  let blanks = 0;
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j];
    if (!l || l.zone !== zone) return null;
    const t = l.text.trim();
    if (t === '') {
      if (++blanks > maxBlank) return null;
      continue;
    }
    if (/^>/.test(t)) return null;
    const entries = labelledEntries(t);
    if (entries.length > 0 && START.test(t)) return null;
    return { text: t, index: j };
  }
  return null;
}

const VALIDATED: ReadonlySet<Target> = new Set<Target>(['tenderCode', 'phone', 'userId', 'errorCode', 'codeAndName']);

/** The label a line opens with, separator or not ("NIP 1987..." still says whose number it is). */
function openingLabel(t: string): LabelDef | undefined {
  const m = START.exec(t);
  return m && m[1] !== undefined ? labelFor(m[1]) : undefined;
}

const NOT_TENDER_CODE_LINE: ReadonlySet<Target> = new Set<Target>(['other', 'phone', 'userId', 'errorCode']);
const NOT_PHONE_LINE: ReadonlySet<Target> = new Set<Target>(['other', 'userId', 'errorCode', 'tenderCode', 'codeAndName']);

type Row = { text: string; zone: TextLine['zone'] | 'subject' };

const MAX_TEMPLATE_LABELS = 12;
const BULLET_ONLY = new RegExp(`^\\s*${BULLET}`, 'u');

/**
 * Answers given in the order of our template's labels, without the labels ("Pokja Pemilihan 3",
 * "pokja3btg", "10034567000", ...), when the reply quotes that template: a person matches them
 * up by position. Only a run of fresh lines that all fit their labels counts.
 */
function positionalAnswers(lines: readonly Row[], sinkAt: (line: number) => Sink): void {
  let template: Entry[] = [];
  let run: Entry[] = [];
  for (const l of lines) {
    const t = l.zone === 'quoted' ? l.text.replace(/^\s*(?:>\s*)+/, '').trim() : '';
    const [entry] = t === '' ? [] : labelledEntries(t);
    if (entry && entry.bare && entry.label.target !== 'other') {
      run.push(entry);
      if (run.length > template.length) template = [...run];
    } else {
      run = [];
    }
  }
  const n = template.length;
  // Our request lists a handful of labels; a longer run is not our template, and every start
  // below reads `n` lines.
  if (n < 3 || n > MAX_TEMPLATE_LABELS) return;
  for (let start = 0; start + n <= lines.length; start++) {
    const window = lines.slice(start, start + n);
    if (window.some((l) => l.zone !== 'fresh' || l.text.trim() === '' || labelledEntries(l.text).length > 0)) continue;
    const answers: Array<{ field: FieldKey; value: string; line: number }> = [];
    const fits = window.every((l, k) => {
      const entry = template[k];
      const collect: Sink = (field, value) => answers.push({ field, value, line: start + k });
      return entry !== undefined && offer({ ...entry, explicit: true }, l.text.replace(BULLET_ONLY, ''), collect, 2);
    });
    if (!fits) continue;
    for (const a of answers) sinkAt(a.line)(a.field, a.value, 2);
    return;
  }
}

const SIGNATURE_RANK = 10;
// The office's number comes after every number of the member's own, even one in the signature.
const OFFICE_RANK = 15;
// After a preposition only: "Paket X telah diumumkan" opens a notice about X, not a report on it.
const PACKAGE_IN_SENTENCE = /(?<![\p{L}])(?:pada|untuk|di|dari|dengan|atas)\s+(?:nama\s+)?(?:paket|pekerjaan|kegiatan)\s+(?=\p{Lu})/giu;
const MAX_PHONES_PER_VALUE = 4;
// At the same place, a landline comes after a mobile: SOP step 1b confirms by phone with the member.
const LANDLINE_RANK = 1;
// "Telp. Kantor", "Office", "Fax": the office's line, not the committee member's own.
const OFFICE_LABEL = /kantor|office|fax|faks/i;
const OFFICE_LINE = /(?<![\p{L}])(?:fax|faks|facsimile)(?![\p{L}])/iu;
// The words that close a mail; what follows them is the sender's signature, typed or pasted.
const CLOSING =
  /^(?:hormat\s+(?:kami|saya)|salam(?:\s+(?:hormat|kami|sehat))?|wassalam\w*|(?:best |kind |warm )?regards|terima\s*kasih|thanks|thank you|matur\s+nuwun)(?![\p{L}])/iu;
const MAX_CLOSING_CHARS = 50;
// A disclaimer's opening: from there on, the numbers are the institution's.
const DISCLAIMER =
  /(?<![\p{L}])(?:disclaimer|confidential(?:ity)?|bersifat rahasia|intended (?:only )?for|if you (?:are not|have received)|jika anda (?:bukan|menerima)|(?:e-?mail|surel|pesan) ini (?:beserta|dan|bersifat|hanya|mungkin|berisi|ditujukan))/iu;

/**
 * The first fresh line of the sender's sign-off (after "Hormat kami,", "Salam,", "Terima kasih")
 * or of a disclaimer; lines.length when there is none. Mail clients mark no signature with "-- "
 * when a person types it or Outlook pastes it, and it carries the office's numbers.
 */
function signOffStart(lines: readonly Row[]): number {
  let wrote = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l || l.zone !== 'fresh') continue;
    const t = l.text.trim();
    if (t === '') continue;
    if (DISCLAIMER.test(t.slice(0, MID_SCAN_CHARS))) return i;
    if (wrote && t.length <= MAX_CLOSING_CHARS && CLOSING.test(t) && !/[\d:]/.test(t)) return i;
    wrote = true;
  }
  return lines.length;
}

/**
 * Reads the fields from split lines. `subject` is given when the sender wrote it fresh (a new
 * report, not a reply to our mail): it is read last, after the body and the signature.
 */
function readFields(all: readonly TextLine[], subject?: string): Fields {
  const lines: Row[] = [...(subject ? [{ text: subject, zone: 'subject' as const }] : []), ...all.slice(0, MAX_LINES)];
  const found: Found[] = [];
  const officeFrom = signOffStart(lines);

  lines.forEach((l, i) => {
    const t = l.text.trim();
    if (t === '') return;
    const zoneRank = l.zone === 'signature' ? SIGNATURE_RANK : l.zone === 'subject' ? 20 : 0;
    // The office's numbers (in a sign-off or disclaimer, or on a line with its fax) are not the
    // committee's own: SOP step 1b asks for the committee's contact.
    const phoneRank = (l.zone === 'fresh' && i >= officeFrom ? SIGNATURE_RANK : 0) + (OFFICE_LINE.test(t) ? OFFICE_RANK : 0);
    const sink =
      (line: number): Sink =>
      (field, value, rank) =>
        found.push({ field, value, rank: rank + zoneRank + (field === 'phone' ? phoneRank + (value.startsWith('+628') ? 0 : LANDLINE_RANK) : 0), line });

    if (l.zone === 'quoted') {
      // An answer typed under a quoted label ("> Kode Tender:" then "10034567000").
      const [entry] = lineLabels(t);
      if (entry && entry.bare && entry.label.target !== 'other') {
        const next = lines[i + 1];
        if (next && next.zone === 'fresh' && next.text.trim() !== '' && labelledEntries(next.text).length === 0) {
          offer({ ...entry, explicit: true }, next.text, sink(i + 1), 1);
        }
      }
      return;
    }

    const entries = labelledEntries(t);
    for (const e of entries) {
      if (e.label.target === 'other') continue;
      if (e.bare || e.value.trim() === '') {
        const next = nextLineValue(lines, i, l.zone, VALIDATED.has(e.label.target) || e.bare ? 1 : 0);
        if (next) offer({ ...e, explicit: true }, next.text, sink(next.index), 1);
        continue;
      }
      let value = e.value;
      if ((e.label.target === 'tenderName' || e.label.target === 'committeeName') && t.length >= 72 && entries.length === 1) {
        // A long name hard-wrapped by the mail client continues on the next line.
        const next = lines[i + 1];
        const nt = next?.text.trim() ?? '';
        if (next && next.zone === l.zone && nt !== '' && !/[:=]/.test(nt) && labelledEntries(nt).length === 0 && !/[.!?]$/.test(value.trim())) {
          value = `${value} ${nt}`;
        }
      }
      offer(e, value, sink(i), 1);
    }

    const scanned = t.slice(0, MID_SCAN_CHARS);
    for (const { field, re, accept } of IN_SENTENCE) {
      for (const m of matchesIn(re, scanned)) {
        const v = m[1];
        if (v !== undefined && (!accept || accept(v))) sink(i)(field, v, 2);
      }
    }
    for (const id of userIdsInText(scanned)) sink(i)('userId', id, 2);
    // "… pada paket Rehabilitasi Gedung Kantor Kecamatan Bawang, loading terus": the name that
    // follows the word, capitalised and cut where the sentence goes on; below any label or code.
    for (const m of matchesIn(PACKAGE_IN_SENTENCE, scanned)) {
      const name = titleRun(scanned.slice((m.index ?? 0) + m[0].length));
      if (name) sink(i)('tenderName', name, 4);
    }
    for (const c of codesInText(scanned)) {
      sink(i)('tenderCode', c.code, 2);
      const name = nameAfterCode(scanned.slice(c.end));
      if (name) sink(i)('tenderName', name, 2);
    }

    const opening = openingLabel(t)?.target;
    const targets = new Set<Target>(entries.map((e) => e.label.target));
    if (opening) targets.add(opening);
    const onlyCommittee = [...targets].every((x) => x === 'committeeName');
    // Numbers that are another label's value ("NIP: ...", "User ID: 0812...") are nobody's tender code or phone.
    const claimed = new Set(
      entries
        .filter((e) => NOT_TENDER_CODE_LINE.has(e.label.target) || NOT_PHONE_LINE.has(e.label.target))
        .map((e) => clean(e.value).split(' ')[0]?.replace(/\D/g, '') ?? '')
        .filter((d) => d !== ''),
    );
    // A committee names itself in the sentence before any label ("Kami Pokja Pemilihan 21 (user: …)").
    const prose = onlyCommittee ? t : t.slice(0, entries[0]?.at ?? t.length);
    for (const m of matchesIn(COMMITTEE_PHRASE, prose)) sink(i)('committeeName', clean(m[0]), 3);
    if (onlyCommittee) {
      if (SIGN_OFF_COMMITTEE.test(t) && t.length <= 70 && t.split(/\s+/).length <= 8 && !/[:?!=]/.test(t) && !SENTENCE_WORDS.test(t)) {
        sink(i)('committeeName', clean(t), 4);
      }
    }
    if (!(opening && NOT_TENDER_CODE_LINE.has(opening))) {
      for (const m of matchesIn(BARE_TENDER_CODE, scanned)) {
        const before = t.slice(Math.max(0, (m.index ?? 0) - 4), m.index ?? 0);
        if (/rp\.?\s*$/i.test(before) || claimed.has(m[0])) continue;
        sink(i)('tenderCode', m[0], 3);
        const name = nameAfterCode(scanned.slice((m.index ?? 0) + m[0].length));
        if (name) sink(i)('tenderName', name, 3);
      }
    }
    if (!(opening && NOT_PHONE_LINE.has(opening))) {
      for (const m of mobilesIn(t)) {
        if (!claimed.has(m.written.replace(/\D/g, ''))) sink(i)('phone', m.phone, 3);
      }
    }
  });

  positionalAnswers(lines, (line) => (field, value, rank) => found.push({ field, value, rank, line }));

  const pick = (field: FieldKey): string | null => {
    let best: Found | undefined;
    for (const f of found) {
      if (f.field !== field) continue;
      if (!best || f.rank < best.rank || (f.rank === best.rank && f.line < best.line)) best = f;
    }
    return best ? best.value : null;
  };
  return {
    committeeName: pick('committeeName'),
    userId: pick('userId'),
    tenderCode: pick('tenderCode'),
    tenderName: pick('tenderName'),
    phone: pick('phone'),
    errorCode: pick('errorCode'),
  };
}

/**
 * The fields of one message. `subject` is given when the sender wrote it fresh (a new report,
 * not a reply to our mail); `alternative` holds the lines of the HTML alternative when the body
 * is the plain part: what either part says is taken, the plain part's value where both give one,
 * the subject's only where neither does.
 */
export function extractFields(all: readonly TextLine[], subject?: string, alternative?: readonly TextLine[]): Fields {
  if (alternative === undefined) return readFields(all, subject);
  const plain = readFields(all);
  const html = readFields(alternative);
  const titled = subject ? readFields([], subject) : null;
  const either = (k: FieldKey): string | null => plain[k] ?? html[k] ?? titled?.[k] ?? null;
  return {
    committeeName: either('committeeName'),
    userId: either('userId'),
    tenderCode: either('tenderCode'),
    tenderName: either('tenderName'),
    phone: either('phone'),
    errorCode: either('errorCode'),
  };
}
