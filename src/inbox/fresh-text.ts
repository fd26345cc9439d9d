/**
 * Fresh text: which lines of a body the sender wrote now, which are quoted from earlier mail,
 * and which are the sender's signature. Knows the quote shapes of the clients committees use,
 * in Indonesian and English (Gmail, Outlook, Thunderbird, Apple Mail/iPhone, Yahoo, webmail,
 * `>` quoting) and keeps forwarded messages, which are part of a report, not a quote.
 * The design's rule rests on this: fields and commands are read only from fresh lines.
 */
import { tidyBlock, trimEndMatching } from './text';

export type Zone = 'fresh' | 'quoted' | 'signature';

export interface TextLine {
  text: string;
  zone: Zone;
  /** Inside an inline-forwarded message: report data, but never a command of the forwarder's. */
  forwarded?: boolean;
}

export interface FreshSplit {
  lines: TextLine[];
  fresh: string;
  quoted: string;
  signature: string;
}

// The verbs of "On <date>, <who> wrote:" lines, in the languages the corpus and committees use.
const ATTRIBUTION_VERB =
  /(?:^|[\s>,)])(?:wrote|writes|menulis|schreef|schrieb|a écrit|escribió|escribio|ha scritto|escreveu|napisał|skrev|kirjoitti|написал|написала)(?=[\s:]|$)/i;
// Attribution lines open with "On"/"Pada" and their kin, or straight with the date (Android, Yahoo).
const ATTRIBUTION_START = /^(?:(?:on|pada|op|am|le|el|il|em|den|w dniu|dne)\s|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}[,\s])/i;
const ATTRIBUTION_END =
  /(?:wrote|writes|menulis|schreef|schrieb|a écrit|escribió|escribio|ha scritto|escreveu|napisał|skrev|kirjoitti|написал|написала|het volgende)\s*:$/i;

// Marker lines ("-----Original Message-----", "---------- Forwarded message ---------", Horde's
// "----- Forwarded message from X <x@y> -----", Apple's "Begin forwarded message:"): decoration,
// the words, decoration. Read in linear steps (strip the decoration, then match the words alone):
// one pattern over "decoration, then a rule, then words" splits a long run of `-` every way before
// the words fail, which took minutes on one line of dashes.
const DECORATION_CHAR = /[-=_*<>\s]/;
const TRAILING_CHAR = /[-=_*<>\s:]/;
// A marker is a short line; anything longer is prose or data, and is not read for one.
const MAX_MARKER_CHARS = 300;

interface Marker {
  core: string;
  /** Decoration of two or more rule characters on either side: "-----", "====", "<<<". */
  ruled: boolean;
}

function markerOf(line: string): Marker | null {
  if (line.length > MAX_MARKER_CHARS) return null;
  let start = 0;
  while (start < line.length && DECORATION_CHAR.test(line.charAt(start))) start++;
  const rest = line.slice(start);
  const core = trimEndMatching(rest, TRAILING_CHAR);
  if (core === '') return null;
  const rule = (s: string): boolean => s.replace(/[\s:]/g, '').length >= 2;
  return { core, ruled: rule(line.slice(0, start)) || rule(rest.slice(core.length)) };
}

// Outlook, Thunderbird, Roundcube, Zimbra and Samsung write this above a quote, and some above a forward.
const ORIGINAL_WORDS =
  /^(?:original message|original e-?mail|pesan asli|pesan awal|pesan orisinal|pesan sebelumnya|ursprüngliche nachricht|originalnachricht|message d'origine|message original|mensaje original|mensagem original|messaggio originale|oorspronkelijk bericht|origineel bericht|oryginalna wiadomość|wiadomość oryginalna|original meddelelse|reply message|mesej asal|pesen asli|[öo]zg[üu]n ileti|orijinal (?:ileti|mesaj)|исходное сообщение|原始邮件|邮件原件|原始郵件|元のメッセージ)$/i;

// The phrases mail clients put above an inline forward, in the languages their users set:
// Gmail and Thunderbird rules, Apple Mail intros, Horde/Lotus "from X"/"by X" trailers.
const FORWARD_WORDS = new RegExp(
  '^(?:' +
    [
      '(?:begin |start of )?forwarded (?:message|e-?mail|mail|note)',
      'forwarded',
      '(?:awal |mulai )?pesan (?:yang )?(?:di)?teruskan',
      'pesan terusan',
      '(?:e-?mail|surel|surat) (?:yang )?(?:di)?teruskan',
      'diteruskan',
      // Malay, Javanese, Sundanese and Turkish clients (committees' phones are set to them too).
      '(?:mesej|e-?mel) (?:yang )?(?:di)?majukan',
      'pesen (?:sing |kang |nu )?(?:di)?(?:terusake|teraskeun)',
      '[iİ]letilen (?:ileti|mesaj|e-?posta)',
      '(?:begin )?doorgestuurd(?:e)? (?:bericht|e-?mail)',
      '(?:anfang der )?weitergeleitete(?:n)? (?:nachricht|e-?mail)',
      '(?:début du )?message (?:transféré|réexpédié|transfere)',
      '(?:inicio del |comienzo del )?(?:mensaje|correo) reenviado',
      '(?:início da |inicio da )?mensagem (?:re)?encaminhada',
      '(?:inizio (?:del )?)?messaggio inoltrato',
      '(?:początek )?(?:przekazana wiadomość|wiadomość przekazana)',
      '(?:начало )?(?:пересылаемо|пересланно|переадресованно|перенаправленно)(?:е|го) сообщени[ея]',
      '(?:以下の)?転送(?:された)?(?:メッセージ|メール)',
      '(?:开始|以下是)?转发(?:的)?(?:邮件|消息)',
      '(?:開始)?轉寄(?:的)?(?:郵件|訊息)',
    ].join('|') +
    ')(?:\\s+(?:from|by|dari|oleh|von|de|van|da|от|od)\\s.*)?$',
  'i',
);

const isOriginalMarker = (line: string): boolean => {
  const m = markerOf(line);
  return m !== null && m.ruled && ORIGINAL_WORDS.test(m.core);
};

const isForwardMarker = (line: string): boolean => {
  const m = markerOf(line);
  return m !== null && FORWARD_WORDS.test(m.core);
};

export type HeaderKind = 'from' | 'sent' | 'to' | 'cc' | 'subject';
const HEADER_LABELS: ReadonlyArray<[HeaderKind, RegExp]> = [
  ['from', /^\**\s*(?:from|dari|daripada|saka|kimden|von|de|van|da|od|från)\s*(?:\*+\s*)?:\**\s*(.*)$/i],
  ['sent', /^\**\s*(?:sent|date|dikirim|dihantar|tarikh|tanggal|terkirim|waktu|g[öo]nderildi|tarih|gesendet|datum|envoyé|enviado|fecha|data|inviato|verzonden|wysłano|skickat)\s*(?:\*+\s*)?:\**\s*(.*)$/i],
  ['to', /^\**\s*(?:to|kepada|ke|untuk|kime|an|à|a|aan|para|do|till|per)\s*(?:\*+\s*)?:\**\s*(.*)$/i],
  ['cc', /^\**\s*(?:cc|bcc|tembusan|kopie)\s*(?:\*+\s*)?:\**\s*(.*)$/i],
  ['subject', /^\**\s*(?:subject|subjek|perihal|perkara|konu|hal|judul|betreff|objet|onderwerp|asunto|assunto|oggetto|temat|ämne)\s*(?:\*+\s*)?:\**\s*(.*)$/i],
];
// An official memo (nota dinas) also has Dari/Kepada/Tanggal/Perihal lines; these tell it apart.
const MEMO_LABEL = /^\s*(?:nomor|no|sifat|lampiran)\s*:/i;
const TIME_OF_DAY = /\b\d{1,2}[:.]\d{2}\b/;
const ONE_LINE_SENT = /\s\**(?:sent|date|dikirim|tanggal|terkirim|gesendet|envoyé)\s*\**:/i;
const ONE_LINE_TO = /\s\**(?:to|kepada|subject|subjek|perihal|an|betreff|objet)\s*\**:/i;

const SEPARATOR_ONLY = /^[-_=~*]{3,}$/;
const SIGNATURE_DELIMITER = /^--\s?$/;
const MOBILE_FOOTER =
  /^(?:sent from my|sent from (?:mail|yahoo|outlook|samsung|gmail)|dikirim dari|terkirim dari|sent via|sent with|sent using|get outlook for|dapatkan outlook untuk|diketik dari|dikirim melalui|dikirim menggunakan|enviado desde|von meinem)\b.{0,80}$/i;

/** A quoted or forwarded mail's header line (From/Sent/To/Cc/Subject in the clients' languages): its kind and value. */
export function headerKind(line: string): { kind: HeaderKind; value: string } | null {
  for (const [kind, re] of HEADER_LABELS) {
    const m = re.exec(line);
    if (m) return { kind, value: m[1] ?? '' };
  }
  return null;
}

// A header block is short; a person's header block never runs longer.
const MAX_HEADER_LINES = 14;

/**
 * The header lines of a quoted or forwarded mail from line `i` on (`lineAt(j)` gives line j):
 * the first value of each kind `kindOf` reads, the index of the last header line, and whether a
 * memo's label (Nomor/Sifat/Lampiran) stood among them. A blank line ends the block; so do three
 * lines in a row that are no header (a wrapped value takes at most two).
 */
export function scanHeaderBlock<K extends string>(
  lineAt: (j: number) => string | undefined,
  i: number,
  kindOf: (trimmed: string) => { kind: K; value: string } | null,
): { kinds: Map<K, string>; end: number; memo: boolean } {
  const kinds = new Map<K, string>();
  let end = i;
  let continuation = 0;
  let memo = false;
  for (let j = i; j < i + MAX_HEADER_LINES; j++) {
    const line = lineAt(j);
    if (line === undefined) break;
    const t = line.trim();
    if (t === '') break;
    memo ||= MEMO_LABEL.test(t);
    const h = kindOf(t);
    if (h) {
      if (!kinds.has(h.kind)) kinds.set(h.kind, h.value);
      continuation = 0;
      end = j;
    } else if (++continuation > 2) {
      break;
    }
  }
  return { kinds, end, memo };
}

/**
 * The length of a quoted-mail header block (From/Sent/To/Subject in any order and language)
 * starting at line `i`, or 0. A block needs a sender, a date and a recipient or subject, and
 * a time of day or an address, which a memo's header never has.
 */
function headerBlockAt(lines: readonly string[], i: number): number {
  const line = (lines[i] ?? '').trim();
  const first = headerKind(line);
  if (!first) return 0;
  // Some webmail flattens the block onto one line: "From: X Sent: ... To: Y Subject: Z".
  if (first.kind === 'from' && ONE_LINE_SENT.test(first.value) && ONE_LINE_TO.test(first.value) && TIME_OF_DAY.test(first.value)) return 1;
  const { kinds, end, memo } = scanHeaderBlock((j) => lines[j], i, headerKind);
  if (memo) return 0;
  if (!kinds.has('from') || !kinds.has('sent') || !(kinds.has('to') || kinds.has('subject'))) return 0;
  const values = [...kinds.values()].join(' ');
  if (!TIME_OF_DAY.test(kinds.get('sent') ?? '') && !values.includes('@')) return 0;
  return end - i + 1;
}

/** The number of lines (1-3) of an attribution line such as "Pada ... menulis:" at `i`, or 0. */
function attributionAt(lines: readonly string[], i: number): number {
  let joined = '';
  for (let k = 0; k < 3 && i + k < lines.length; k++) {
    const t = (lines[i + k] ?? '').trim().replace(/^>+\s*/, '');
    if (t === '' || t.length > 300) return 0;
    joined = joined === '' ? t : `${joined} ${t}`;
    if (k > 0 && !ATTRIBUTION_START.test(joined)) return 0;
    if (/:$/.test(joined) && ATTRIBUTION_VERB.test(joined)) {
      if (ATTRIBUTION_START.test(joined) || ATTRIBUTION_END.test(joined) || joined.includes('@')) return k + 1;
    }
    if (!ATTRIBUTION_START.test(joined)) return 0;
  }
  return 0;
}

function isQuoteLine(line: string): boolean {
  return /^\s*>/.test(line);
}

function nextNonBlank(lines: readonly string[], from: number): string | undefined {
  for (let j = from; j < lines.length; j++) {
    const t = lines[j];
    if (t !== undefined && t.trim() !== '') return t;
  }
  return undefined;
}

/** Subjects of forwarded mail: Outlook writes no marker line, only an `FW:` subject and a header block. */
export function isForwardSubject(subject: string): boolean {
  return /^\s*(?:\[[^\]]*\]\s*)?(?:fwd?|fw|tr|wg|rv|i|enc|doorst|terusan|diteruskan)\s*:/i.test(subject);
}

/**
 * A forwarded header block whose sender is the helpdesk itself: what follows is our own mail
 * (an acknowledgement listing another case's data), a quote rather than part of the report.
 */
function fromOwnAddress(block: readonly string[], own: readonly string[]): boolean {
  return block.some((l) => /^\s*\*?(?:from|dari|von|de)\s*:/i.test(l) && own.some((a) => l.toLowerCase().includes(a)));
}

// A person stops reading a line long before this (a pasted log, a run of dashes, a data blob): the
// rest is cut here, so that no reader downstream and no stored or relayed text carries it.
const MAX_LINE_CHARS = 5000;

/**
 * Splits a normalised body into fresh, quoted and signature lines. `forward` says the subject
 * marks a forward, so the first header block introduces forwarded content instead of a quote.
 */
export function splitFresh(body: string, opts: { forward: boolean; ownAddresses?: readonly string[] }): FreshSplit {
  const raw = body.split('\n').map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line));
  const zones: Zone[] = new Array<Zone>(raw.length).fill('fresh');
  let cut = false;
  let signature = false;
  let forwardHeaderExpected = opts.forward;
  // Everything from the first line of a forward on is the forwarded mail (or quoted below it).
  let forwardStart = raw.length;

  const unmarkTrailingSeparators = (before: number): void => {
    for (let k = before - 1; k >= 0; k--) {
      const t = (raw[k] ?? '').trim();
      if (t !== '' && !SEPARATOR_ONLY.test(t)) break;
      zones[k] = 'quoted';
    }
  };

  for (let i = 0; i < raw.length; i++) {
    const line = raw[i] ?? '';
    const t = line.trim();
    if (cut) {
      zones[i] = 'quoted';
      continue;
    }
    // A `>` line is quoted already; a forward or quote marker inside it starts nothing here.
    if (!isQuoteLine(line) && isForwardMarker(t)) {
      signature = false;
      forwardHeaderExpected = true;
      forwardStart = Math.min(forwardStart, i);
      zones[i] = 'fresh';
      continue;
    }
    if (!isQuoteLine(line) && isOriginalMarker(t)) {
      if (forwardHeaderExpected) {
        zones[i] = 'fresh';
        forwardStart = Math.min(forwardStart, i);
        continue;
      }
      unmarkTrailingSeparators(i);
      cut = true;
      zones[i] = 'quoted';
      continue;
    }
    if (!isQuoteLine(line)) {
      const block = headerBlockAt(raw, i);
      if (block > 0) {
        if (forwardHeaderExpected && !fromOwnAddress(raw.slice(i, i + block), opts.ownAddresses ?? [])) {
          forwardHeaderExpected = false;
          forwardStart = Math.min(forwardStart, i);
          signature = false;
          i += block - 1;
          continue;
        }
        unmarkTrailingSeparators(i);
        cut = true;
        zones[i] = 'quoted';
        continue;
      }
    }
    const attribution = attributionAt(raw, i);
    if (attribution > 0) {
      const next = nextNonBlank(raw, i + attribution);
      if (forwardHeaderExpected && (next === undefined || !isQuoteLine(next))) {
        // Some clients (Yahoo, mobile apps) introduce a forward with "Pada ..., X menulis:".
        forwardHeaderExpected = false;
        forwardStart = Math.min(forwardStart, i);
        signature = false;
        i += attribution - 1;
        continue;
      }
      for (let k = 0; k < attribution; k++) zones[i + k] = 'quoted';
      i += attribution - 1;
      // Bottom-posted and inline replies answer below a `>` block: keep reading after it.
      if (next === undefined || !isQuoteLine(next)) cut = true;
      continue;
    }
    if (isQuoteLine(line)) {
      zones[i] = 'quoted';
      continue;
    }
    if (signature) {
      zones[i] = 'signature';
      continue;
    }
    if (SIGNATURE_DELIMITER.test(t)) {
      signature = true;
      zones[i] = 'signature';
    }
  }

  // "Sent from my iPhone" and its kin end the fresh text; they are signatures without a "-- ".
  for (let k = raw.length - 1; k >= 0; k--) {
    if (zones[k] !== 'fresh') continue;
    const t = (raw[k] ?? '').trim();
    if (t === '') continue;
    if (!MOBILE_FOOTER.test(t)) break;
    zones[k] = 'signature';
  }

  const lines = raw.map((text, i): TextLine => ({ text, zone: zones[i] ?? 'fresh', ...(i >= forwardStart ? { forwarded: true } : {}) }));
  const pick = (zone: Zone): string => tidyBlock(lines.filter((l) => l.zone === zone).map((l) => l.text));
  return { lines, fresh: pick('fresh'), quoted: pick('quoted'), signature: pick('signature') };
}
