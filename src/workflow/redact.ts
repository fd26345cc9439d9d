/**
 * The one password detector: server root passwords travel by e-mail in the SOP (steps 4 and 7),
 * but design.md forbids storing, logging, printing or sending one. Every text the product keeps
 * or writes (the reading, field values, relayed replies, log events, mails, digest, archive)
 * passes through here. Pure: no I/O. The inbox imports it; it imports nothing.
 *
 * Public surface:
 *   redactSecrets(text): { text: string; redacted: boolean }
 *   containsSecret(text): boolean
 *   redactValues(value): the same shape with every string in it redacted
 *   REDACTED: the mask written in place of a value
 *
 * How it reads: find a word for password (vocabulary below, also spaced out: "p a s s w o r d"),
 * then look at the next few words on the line. A separator (`:`, `=`, `=>`, `->`, ` - `, `/`, `|`,
 * `：`) or a connector ("adalah", "yaitu", "menjadi", "is") within them makes the word after it
 * the value; without one, a word that looks like a password (letters with digits or symbols)
 * is the value unless the sentence is about an account ("reset password user pokja3btg").
 * Linear by construction: the label pattern has no nested or adjacent open quantifiers, and each
 * label is followed by a scan over a bounded window (one line, at most WINDOW characters).
 */

export const REDACTED = '[disembunyikan]';

// A word written with a space, dot or underscore between its letters still reads as the word.
const spaced = (word: string): string => [...word].join('[ ._]?');

// Longer forms first: the alternation is tried in order.
const LABEL_WORDS = [
  'kata[ \\t-]?sandi',
  'katasandi',
  'kata[ \\t-]?kunci',
  'kata[ \\t-]?laluan',
  'pass[ \\t-]?phrase',
  `${spaced('passwor')}[ ._]?[dt]`,
  // Typed in a hurry: pasword, passwrod, passowrd, paswd, passwod.
  'pas{1,2}(?:wor|wro|wo|wr|w|owr)d',
  'passwd',
  'pswd',
  'psw',
  'pwd',
  'pass',
  'pw',
  spaced('sandi'),
  'kredensial',
  'credentials?',
  'secret',
  'token',
  'otp',
  'kode[ \\t]verifikasi',
  'verification[ \\t]code',
  'kunci',
].join('|');
const LABEL_END = '(?:-?nya|-?mu|-?ku|s)?';

// After `=` a word is a value ("dkim=pass"), not a label.
const LABEL = new RegExp(`(?<![\\p{L}\\p{N}=])(${LABEL_WORDS})${LABEL_END}(?![\\p{L}\\p{N}])`, 'giu');
// A table header cell or a line that is only a label: "Password", "Password root", "Kredensial server:".
const LABEL_ONLY = new RegExp(`^(${LABEL_WORDS})${LABEL_END}((?:[ \\t]{1,8}[\\p{L}]{1,20}){0,3})[ \\t]{0,8}:?$`, 'iu');

// Everyday words that are a password label only beside a server word ("kunci server"); the short
// forms need one too when no separator follows ("pass ke bagian pengadaan").
const EVERYDAY_LABEL = /^kunci(?:-?nya)?$/i;
const SHORT_LABEL = /^(?:pass|pw|kunci|token|secret)(?:-?nya|-?mu|-?ku|s)?$/i;
const QUALIFIERS = new Set(['root', 'server', 'ssh', 'admin', 'administrator', 'su', 'sudo', 'spse', 'vps', 'vpn', 'db', 'database', 'mysql', 'postgres', 'api', 'ftp', 'sftp']);
// Server words before a label on its own line: "root password", "SSH root password".
const LEADING_QUALIFIERS = new RegExp(`^(?:(?:${[...QUALIFIERS].join('|')})[ \\t]{1,8}){1,3}`, 'i');
// "Pak Sandi: ..." is a person.
const HONORIFICS = new Set(['pak', 'bu', 'bapak', 'ibu', 'sdr', 'sdri', 'saudara', 'saudari', 'mas', 'mbak', 'kak', 'dik', 'mr', 'mrs', 'ms']);
const CONNECTORS = new Set(['adalah', 'yaitu', 'yakni', 'ialah', 'merupakan', 'menjadi', 'jadi', 'is', 'was', 'sbb', 'berikut']);
// A sentence about the account or the fault, not a value: "reset password user pokja3btg".
const ABOUT_ACCOUNT = new Set([
  'user', 'akun', 'account', 'username', 'userid', 'id', 'login', 'email', 'e-mail', 'salah', 'lupa', 'reset', 'direset', 'diriset',
  'expired', 'kadaluarsa', 'kedaluwarsa', 'terblokir', 'diblokir', 'blocked', 'wrong', 'invalid', 'forgot', 'lama', 'policy', 'kebijakan',
]);
// Sentence words that follow a separator or connector without being a value ("password: lihat lampiran").
const NOT_A_VALUE = new Set([
  'salah', 'sudah', 'telah', 'belum', 'tidak', 'tdk', 'lupa', 'baru', 'lama', 'yang', 'untuk', 'dan', 'atau', 'di', 'ke', 'ini', 'itu',
  'saya', 'kami', 'anda', 'kita', 'bisa', 'harus', 'akan', 'sedang', 'mohon', 'lihat', 'terlampir', 'dikirim', 'menyusul', 'sama',
  'hubungi', 'silakan', 'silahkan', 'tanya', 'via', 'melalui', 'is', 'was', 'has', 'for', 'and', 'the', 'reset', 'expired', 'kadaluarsa',
  'diganti', 'berubah', 'benar', 'wrong', 'changed', 'required', 'wajib', 'minimal', 'maksimal', 'user', 'username', 'nama', 'ada',
  'give', 'send', 'see', 'use', 'sampaikan', 'disampaikan', 'dikirimkan', 'dilampirkan', 'diisi', 'kosong', 'none', 'n/a', 'disembunyikan',
]);

/** Characters after the label that are read; a person does not write a label and its value further apart. */
const WINDOW = 300;
/** Words between the label and a separator or connector ("kode OTP dari SPSE yang masuk ke HP saya: x"). */
const MAX_WORDS = 8;
const MAX_VALUE = 256;
const WORD = /[^\s:：=|/]{1,256}/uy;
const QUOTES: Record<string, string> = { '"': '"', "'": "'", '`': '`', '“': '”', '‘': '’', '«': '»' };

interface Span {
  start: number;
  end: number;
}

const isBlank = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';
const OPENING = new Set(['(', '[', '"', "'", '“', '‘']);
const CLOSING = new Set([')', ']', '"', "'", '”', '’', '.', ',', ';', '!', '?']);

/** The word without the brackets, quotes and punctuation around it (a loop: a pattern anchored at the end rescans). */
function bare(word: string): string {
  let from = 0;
  let to = word.length;
  while (from < to && OPENING.has(word[from] ?? '')) from++;
  while (to > from && CLOSING.has(word[to - 1] ?? '')) to--;
  return word.slice(from, to).toLowerCase();
}

/** The end of the window that starts at `from`: the line's end, at most WINDOW characters on. */
function lineEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + WINDOW);
  const nl = text.slice(from, limit).indexOf('\n');
  return nl === -1 ? limit : from + nl;
}

function skipBlanks(text: string, pos: number, end: number): number {
  let p = pos;
  while (p < end && isBlank(text[p])) p++;
  return p;
}

/** A separator at `pos`, as its length, or 0. A dash counts only between blanks ("root - x"). */
function separatorAt(text: string, pos: number, afterBlank: boolean): number {
  const two = text.slice(pos, pos + 2);
  if (two === '=>' || two === '->') return 2;
  const ch = text[pos];
  if (ch === ':' || ch === '：' || ch === '=' || ch === '|' || ch === '/') return 1;
  if (ch === '-' && afterBlank && isBlank(text[pos + 1])) return 1;
  return 0;
}

/** The word at `pos` (up to a blank or a separator character), within `end`. */
function wordAt(text: string, pos: number, end: number): Span {
  WORD.lastIndex = pos;
  let p = Math.min(end, pos + (WORD.exec(text)?.[0].length ?? 0));
  // "root->x": the dash belongs to the arrow.
  if (p > pos && text[p - 1] === '-' && text[p] === '>') p--;
  return { start: pos, end: p };
}

/** The value at `pos`: a quoted string, or the run of non-blank characters. */
function valueAt(text: string, pos: number, end: number): Span | null {
  const open = text[pos];
  const close = open === undefined ? undefined : QUOTES[open];
  if (close !== undefined) {
    const shut = text.indexOf(close, pos + 1);
    if (shut !== -1 && shut < end && shut - pos <= MAX_VALUE) return { start: pos, end: shut + 1 };
  }
  let p = pos;
  while (p < end && p - pos < MAX_VALUE && !/\s/u.test(text[p] ?? ' ')) p++;
  return p > pos ? { start: pos, end: p } : null;
}

/** The value after a separator or connector, on the same line or, when the line ends there, the next. */
function valueAfter(text: string, pos: number, end: number): Span[] {
  let p = skipBlanks(text, pos, end);
  const nextLine = p >= end && text[end] === '\n';
  if (nextLine) {
    const next = lineEnd(text, end + 1);
    p = skipBlanks(text, end + 1, next);
    end = next;
  } else {
    // "adalah: x", "adalah = x".
    const sep = separatorAt(text, p, p > pos);
    if (sep > 0 && text[p] !== '/' && text[p] !== '-') p = skipBlanks(text, p + sep, end);
  }
  // A remark before the value: "password: (sama spt kemarin) x".
  if (text[p] === '(') {
    const shut = text.indexOf(')', p);
    if (shut !== -1 && shut < end) {
      const after = skipBlanks(text, shut + 1, end);
      if (after < end) p = after;
    }
  }
  let value = valueAt(text, p, end);
  // A template's blank with the password typed after it: "Password root: ________ Btg#2026".
  if (value && isBlankToFill(text.slice(value.start, value.end))) value = valueAt(text, skipBlanks(text, value.end, end), end);
  if (!value || !isValue(text.slice(value.start, value.end))) return [];
  // "Credentials SSH:" over "IP: 10.0.0.5": the next line's own label is not the value.
  if (nextLine && text[value.end - 1] === ':') return [];
  // "root / x" and "root:x" pairs: the second half is the password.
  const q = skipBlanks(text, value.end, end);
  if (text[q] === '/' && q > value.end) {
    const second = valueAt(text, skipBlanks(text, q + 1, end), end);
    if (second) return [value, second];
  }
  return [value];
}

const isBlankToFill = (word: string): boolean => /^[\p{P}\p{S}]+$/u.test(word);

/**
 * Whether a word after a separator is a value: not a sentence word, not a blank to fill in
 * ("____", "..."), not a remark in brackets ("(disampaikan melalui telepon)").
 */
function isValue(word: string): boolean {
  if (NOT_A_VALUE.has(bare(word))) return false;
  if (isBlankToFill(word)) return false;
  return !/^[([][\p{L}]+$/u.test(word);
}

/** Letters with digits or symbols, long enough, and not an address, a number, a date or a link. */
function looksLikePassword(word: string): boolean {
  let to = word.length;
  while (to > 0 && '.,;!?)'.includes(word[to - 1] ?? '')) to--;
  const w = word.slice(0, to);
  if (w.length < 6 || w.length > MAX_VALUE) return false;
  if (/@[\p{L}\p{N}-]+\.|:\/\/|^www\./iu.test(w)) return false;
  if (/^[\p{N}.,:/+-]+$/u.test(w)) return false;
  if (w === REDACTED) return false;
  return /\p{L}/u.test(w) && /[\p{N}\p{P}\p{S}]/u.test(w);
}

/** A server word, also with the Indonesian "-nya" ("pass rootnya x"). */
const isQualifier = (word: string): boolean => QUALIFIERS.has(word) || QUALIFIERS.has(word.replace(/-?nya$/u, ''));

function previousWord(text: string, start: number): string {
  const before = text.slice(Math.max(0, start - 24), start);
  return /([\p{L}]+)[ \t]*$/u.exec(before)?.[1]?.toLowerCase() ?? '';
}

/** What follows one password label: the spans of its value, or none. */
function labelValue(text: string, label: Span): Span[] {
  const labelWord = text.slice(label.start, label.end);
  if (/^s/i.test(labelWord) && HONORIFICS.has(previousWord(text, label.start))) return [];
  const weak = EVERYDAY_LABEL.test(labelWord);
  let qualified = isQualifier(previousWord(text, label.start));
  const end = lineEnd(text, label.end);
  const words: { span: Span; word: string }[] = [];
  let pos = label.end;
  for (let n = 0; n <= MAX_WORDS; n++) {
    const p = skipBlanks(text, pos, end);
    if (p >= end) break;
    const sep = separatorAt(text, p, p > pos);
    if (sep > 0) {
      // "password user pokja3btg: terblokir" is about the account; "password untuk user root di
      // server 10.0.0.5: Xk9!pQ2w" gives it: there only a value that looks like a password is one.
      if (words.some((w) => ABOUT_ACCOUNT.has(w.word) && w.word !== 'lama')) return valueAfter(text, p + sep, end).filter((v) => looksLikePassword(text.slice(v.start, v.end)));
      // "pass: x" is a label; "pass (google.com: domain of ..." is a word in a sentence.
      const loose = weak || (SHORT_LABEL.test(labelWord) && words.length > 0);
      return loose && !qualified ? [] : valueAfter(text, p + sep, end);
    }
    const span = wordAt(text, p, end);
    if (span.end === span.start) break;
    const raw = text.slice(span.start, span.end);
    const word = bare(raw);
    pos = span.end;
    // Still the label: its abbreviation dot ("Pass. root").
    if (words.length === 0 && raw === '.') continue;
    // A detached "nya" belongs to the word before it ("PW nya: x", "passwd root nya, ...").
    const suffix = word === 'nya' || word === '-nya';
    const afterServer = words.length === 0 || isQualifier(words.at(-1)?.word ?? '');
    if (suffix && afterServer) {
      if (/[.;!?]$/u.test(raw)) break;
      continue;
    }
    if (CONNECTORS.has(word)) return weak && !qualified ? [] : valueAfter(text, span.end, end);
    const serverWord = isQualifier(word);
    if (serverWord) qualified = true;
    words.push({ span, word });
    // A clause ends at its punctuation ("password salah, mohon: ..." is not a label and its
    // value), but not after a server word ("passwd root, yang kami coba: x").
    if (/[.,;!?]$/u.test(raw) && !serverWord) break;
  }
  if ((weak || SHORT_LABEL.test(labelWord)) && !qualified) return [];
  for (const w of words) {
    if (ABOUT_ACCOUNT.has(w.word)) return [];
    if (looksLikePassword(text.slice(w.span.start, w.span.end))) return [w.span];
  }
  return [];
}

// Words beside a label in a header cell or on a label's own line that keep it a label ("Password baru").
const LABEL_EXTRAS = new Set(['baru', 'lama', 'new', 'old', 'awal', 'default', 'key', 'login', 'akses', 'access']);
/** Lines after a label's own line in which its value may stand alone ("Kredensial server", "user root", value). */
const BELOW_LINES = 4;
/** Rows of a table read under its header; a person does not write a longer table of passwords. */
const MAX_ROWS = 100;
/** A line longer than this is prose, not a table row or a label's own line. */
const MAX_ROW_CHARS = 500;

/**
 * Whether a header cell or a whole line is only a password label, with server words at most
 * ("Password", "Password root", "Kredensial server:"). A label that is also an everyday word or
 * a name ("Sandi", "Pass", "Token") needs a server word or a colon.
 */
function isLabelOnly(text: string): boolean {
  const whole = text.trim();
  const lead = LEADING_QUALIFIERS.exec(whole)?.[0] ?? '';
  const t = whole.slice(lead.length);
  const m = t.length > 80 ? null : LABEL_ONLY.exec(t);
  if (!m) return false;
  const extras = (m[2] ?? '').trim().toLowerCase().split(/[ \t]+/).filter((w) => w !== '');
  if (!extras.every((w) => QUALIFIERS.has(w) || LABEL_EXTRAS.has(w))) return false;
  const label = m[1] ?? '';
  const weak = SHORT_LABEL.test(label) || EVERYDAY_LABEL.test(label) || /^s/i.test(label);
  return !weak || t.endsWith(':') || lead !== '' || extras.some((w) => QUALIFIERS.has(w));
}

/** Where a line's text starts: a quoted reply's lines ("> value") read as the lines they quote. */
function afterQuote(text: string, pos: number, end: number): number {
  let p = pos;
  while (p < end && (text[p] === '>' || isBlank(text[p]))) p++;
  return p;
}

/** After a line that is only a label, a value standing alone on one of the next lines. */
function valueBelow(text: string, from: number): Span[] {
  let pos = from;
  for (let n = 0; n < BELOW_LINES && pos < text.length; n++) {
    const end = lineEnd(text, pos);
    const value = valueAt(text, afterQuote(text, pos, end), end);
    if (value && skipBlanks(text, value.end, end) >= end && looksLikePassword(text.slice(value.start, value.end))) return [value];
    if (text[end] !== '\n') break;
    pos = end + 1;
  }
  return [];
}

type Delimiter = '|' | '\t' | ';' | ',' | '  ';

/** How the cells of a table line are set apart: a pipe, a tab, CSV's `;` or `,`, or aligned spaces. */
function delimiterOf(line: string): Delimiter | null {
  for (const d of ['|', '\t', ';', ','] as const) if (line.includes(d)) return d;
  return line.trim().includes('  ') ? '  ' : null;
}

/** The cells of the line from `start` to `end`, each trimmed of blanks. */
function cellsOf(text: string, start: number, end: number, d: Delimiter): Span[] {
  const cells: Span[] = [];
  let from = start;
  for (;;) {
    const found = text.indexOf(d, from);
    const to = found === -1 || found > end ? end : found;
    let a = skipBlanks(text, from, to);
    let b = to;
    while (b > a && isBlank(text[b - 1])) b--;
    if (d === '  ' && a === to) a = b;
    cells.push({ start: a, end: b });
    if (to >= end) return cells;
    from = d === '  ' ? skipBlanks(text, to, end) : to + 1;
  }
}

/**
 * A header line with a password column ("IP | Username | Password", "ip;user;password", aligned
 * columns): the cell in that column of each following row, up to a blank line or a line that is
 * not a row of the same table, is a value.
 */
function columnValues(text: string, start: number, end: number): Span[] | null {
  const d = delimiterOf(text.slice(start, end));
  if (d === null) return null;
  const header = cellsOf(text, start, end, d).map((c) => text.slice(c.start, c.end));
  // "| password | Sr9v!Btg |" is a label and its value on one line, not a header.
  if (header.length < 2 || header.some(looksLikePassword)) return null;
  const columns = header.flatMap((cell, i) => (isLabelOnly(cell) ? [i] : []));
  if (columns.length === 0) return null;
  const spans: Span[] = [];
  let rows = 0;
  let pos = end + 1;
  for (let n = 0; n < MAX_ROWS && pos < text.length; n++) {
    const found = text.indexOf('\n', pos);
    const rowEnd = found === -1 ? text.length : found;
    const row = text.slice(pos, rowEnd);
    if (row.length > MAX_ROW_CHARS || row.trim() === '' || !row.includes(d)) break;
    // A Markdown rule under the header ("|---|:---|").
    const rule = row.includes('-') && /^[\s|:+-]+$/.test(row);
    if (!rule) {
      const cells = cellsOf(text, pos, rowEnd, d);
      // Another header opens its own table.
      if (cells.length !== header.length || cells.some((c) => isLabelOnly(text.slice(c.start, c.end)))) break;
      rows++;
      for (const i of columns) {
        const cell = cells[i];
        const value = cell ? text.slice(cell.start, cell.end) : '';
        if (cell && value !== '' && !/\s/.test(value) && isValue(value)) spans.push(cell);
      }
    }
    pos = rowEnd + 1;
  }
  return rows > 0 ? spans : null;
}

/**
 * Values a label's line points at on the lines below it: a table's password column, or a label
 * standing alone. `header` says the line heads a table: its other cells are column names, not values.
 */
function spansBelow(text: string, start: number, end: number): { spans: Span[]; header: boolean } {
  if (end - start > MAX_ROW_CHARS) return { spans: [], header: false };
  if (isLabelOnly(text.slice(afterQuote(text, start, end), end))) return { spans: valueBelow(text, end + 1), header: false };
  const column = columnValues(text, start, end);
  return { spans: column ?? [], header: column !== null };
}

/** Spans in text order, overlapping ones joined. */
function merged(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

// A password given on a command line as a program's flag: "sshpass -p 'x' ssh root@host",
// "mysql -uroot -px", "mysqldump --password=x". The program name anchors it; the flag is read
// within the rest of that line (bounded), so the scan stays linear.
const CLI_PROGRAM = /(?<![\p{L}\p{N}_-])(?:sshpass|mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)(?![\p{L}\p{N}_-])/giu;
// sshpass takes its value after a blank; mysql only attached ("-p x" makes it prompt, x is the database).
const SSHPASS_FLAG = /(?:^|[ \t])-p[ \t]{0,4}(?=[^\s-])/u;
const MYSQL_FLAG = /(?:^|[ \t])(?:-p|--password=)(?=[^\s-])/u;

function commandLineSpans(text: string): Span[] {
  const spans: Span[] = [];
  CLI_PROGRAM.lastIndex = 0;
  for (let m = CLI_PROGRAM.exec(text); m !== null; m = CLI_PROGRAM.exec(text)) {
    const from = m.index + m[0].length;
    const end = lineEnd(text, from);
    const rest = text.slice(from, end);
    const flag = (m[0].toLowerCase() === 'sshpass' ? SSHPASS_FLAG : MYSQL_FLAG).exec(rest);
    if (flag) {
      const value = valueAt(text, from + flag.index + flag[0].length, end);
      if (value) spans.push(value);
    }
    CLI_PROGRAM.lastIndex = Math.max(CLI_PROGRAM.lastIndex, end);
  }
  return spans;
}

// A login written for a program without a scheme: "ssh root:x@10.0.0.5", "admin:x@host".
const USER_AT = /(?<![\p{L}\p{N}_.-])(?:(?<program>ssh|scp|sftp|rsync|ftp|sshpass)[ \t]{1,8}[^\s:@/]{1,64}|root|admin|administrator)(?=:)/giu;

// A host that is an IPv4 address (a port after it or not): no mail address ends so.
const IP_HOST = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/u;

/**
 * The password of a `user:password@host` login: in a link ("ssh://root:x@10.0.0.5:22",
 * "mysql://spse:x@127.0.0.1/spse"), or after a program's name or an administrator's account.
 * The password runs from the first colon to the last `@` before the host (a password may hold
 * an `@`), within the word. In a link or after a program it is a login. After an account alone
 * it is one when the host is an IP address or the password looks like one: "Kontak
 * admin:helpdesk@lpse.go.id" is an address, "root:rahasia@10.0.0.5" a login.
 */
function userInfoSpans(text: string): Span[] {
  const spans: Span[] = [];
  const passwordAt = (colon: number, certain: boolean) => {
    let end = colon + 1;
    let at = -1;
    while (end < text.length && end - colon <= MAX_VALUE && !/[\s/]/u.test(text[end] ?? ' ')) {
      if (text[end] === '@') at = end;
      end++;
    }
    // Something after the @: a host, not an address's end.
    if (at <= colon + 1 || at + 1 >= end) return;
    const login = certain || IP_HOST.test(text.slice(at + 1, end).replace(/[.,;!?)]+$/u, '')) || looksLikePassword(text.slice(colon + 1, at));
    if (login) spans.push({ start: colon + 1, end: at });
  };
  for (let from = text.indexOf('://'); from !== -1; from = text.indexOf('://', from + 3)) {
    let p = from + 3;
    while (p < text.length && p - from <= 67 && !/[\s:@/]/u.test(text[p] ?? ' ')) p++;
    if (text[p] === ':' && p > from + 3) passwordAt(p, true);
  }
  USER_AT.lastIndex = 0;
  for (let m = USER_AT.exec(text); m !== null; m = USER_AT.exec(text)) passwordAt(m.index + m[0].length, m.groups?.program !== undefined);
  return spans;
}

// A login pair after its label: "Login server: root / x", "Akses SSH: admin/x". The name stays.
const LOGIN_LABEL = /(?<![\p{L}\p{N}])(?:log[ -]?in|akses|access)(?![\p{L}\p{N}])/giu;
/** Words between a login label and its separator ("Login SPSE admin: ..."). */
const LOGIN_WORDS = 3;

function loginPairSpans(text: string): Span[] {
  const spans: Span[] = [];
  LOGIN_LABEL.lastIndex = 0;
  for (let m = LOGIN_LABEL.exec(text); m !== null; m = LOGIN_LABEL.exec(text)) {
    const end = lineEnd(text, m.index + m[0].length);
    let p = m.index + m[0].length;
    for (let n = 0; n <= LOGIN_WORDS; n++) {
      p = skipBlanks(text, p, end);
      const sep = text[p] === ':' || text[p] === '=' || text[p] === '：' ? 1 : 0;
      if (sep > 0) {
        spans.push(...pairAt(text, skipBlanks(text, p + 1, end), end));
        break;
      }
      const word = wordAt(text, p, end);
      if (word.end === word.start) break;
      p = word.end;
    }
  }
  return spans;
}

/** The password of "name / password" or "name/password" at `pos`, or none. */
function pairAt(text: string, pos: number, end: number): Span[] {
  const name = valueAt(text, pos, end);
  if (!name) return [];
  const word = text.slice(name.start, name.end);
  const slash = word.indexOf('/');
  if (slash !== -1) {
    // "root/x"; a link or a path is not a pair.
    if (/:\/\/|^www\./iu.test(word) || word.indexOf('/', slash + 1) !== -1) return [];
    const second = { start: name.start + slash + 1, end: name.end };
    return slash > 0 && looksLikePassword(text.slice(second.start, second.end)) ? [second] : [];
  }
  const q = skipBlanks(text, name.end, end);
  if (text[q] !== '/') return [];
  const second = valueAt(text, skipBlanks(text, q + 1, end), end);
  // "Login: PPK / Pokja" names two roles: only a second half that looks like a password is one.
  return second && looksLikePassword(text.slice(second.start, second.end)) ? [second] : [];
}

/**
 * Full-width forms (U+FF01–FF5E, "ｐａｓｓｗｏｒｄ：") read as their ASCII letters: one UTF-16
 * unit each way, so a span found in the folded text is the same span of the text.
 */
function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

function secretSpans(original: string): Span[] {
  const text = foldWidth(original);
  const spans: Span[] = [...commandLineSpans(text), ...userInfoSpans(text), ...loginPairSpans(text)];
  // Each line is read for values below it once, at its first label: a line of many labels stays linear.
  let lineDone = -1;
  let header = false;
  LABEL.lastIndex = 0;
  for (let m = LABEL.exec(text); m !== null; m = LABEL.exec(text)) {
    if (m.index > lineDone) {
      const start = text.lastIndexOf('\n', m.index) + 1;
      const nl = text.indexOf('\n', m.index);
      lineDone = nl === -1 ? text.length : nl;
      const below = spansBelow(text, start, lineDone);
      spans.push(...below.spans);
      header = below.header;
    }
    if (header) continue;
    for (const s of labelValue(text, { start: m.index, end: m.index + m[0].length })) {
      spans.push(s);
      // A label inside a masked value is part of the value.
      LABEL.lastIndex = Math.max(LABEL.lastIndex, s.end);
    }
  }
  return merged(spans);
}

/** The text with every password value replaced by REDACTED; `redacted` says whether one was. */
export function redactSecrets(text: string): { text: string; redacted: boolean } {
  const spans = secretSpans(text);
  if (spans.length === 0) return { text, redacted: false };
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + REDACTED;
    at = s.end;
  }
  return { text: out + text.slice(at), redacted: true };
}

export function containsSecret(text: string): boolean {
  return secretSpans(text).length > 0;
}

/** Every string inside a JSON-like value redacted (log event details, mail data). */
export function redactValues<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value).text as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactValues(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValues(v)])) as T;
  }
  return value;
}
