/**
 * The committee's mail inside a staff member's forward: who wrote it, when, under which subject,
 * and its words, so that a case can be opened for that committee as if it had written itself.
 * Reads the header block mail clients put under an inline forward (Gmail "Forwarded
 * message" / "Pesan terusan", Outlook's From/Sent or Dari/Dikirim block, Thunderbird's tabbed
 * block, Apple Mail's "Begin forwarded message:" / "Awal pesan yang diteruskan:", Yahoo's
 * "Pada ..., X <x> menulis:" line); fresh-text.ts has already said which lines are forwarded.
 * The data, missing items and symptoms are read with the report's own readers.
 */
import { extractFields } from './fields';
import { headerKind, scanHeaderBlock, type TextLine } from './fresh-text';
import { redactSecrets } from './secrets';
import { detectSymptoms } from './symptoms';
import { tidyBlock } from './text';
import { MISSING_ORDER, type Fields, type ForwardedMessage, type MissingItem } from './types';
import { redactValues } from '../workflow/redact';
import { matchesIn } from './matches';

export interface ForwardHeader {
  from: string | null;
  fromName: string | null;
  subject: string;
  date: Date | null;
}

type HeaderField = 'from' | 'date' | 'to' | 'cc' | 'subject';

// Lines between the first forwarded line and its header block: the marker, a rule, blank lines.
const MAX_LEAD_LINES = 4;
const MAX_HEADER_CHARS = 1000;
// Yahoo and some phones introduce a forward with an attribution line instead of a block.
const ATTRIBUTION = /^(?:pada|on)\s+(.{1,120}?),\s*([^,<]{0,80}?)\s*<([^<>\s]{1,254})>\s*(?:menulis|wrote)\s*:$/i;
const END_MARKER = /^[-=_*<>\s]*(?:end (?:of )?forwarded (?:message|e-?mail)|akhir pesan (?:yang )?(?:di)?teruskan)[-=_*<>\s:]*$/i;

/** A header line in the labels fresh-text.ts knows (the same that mark the forward). */
function headerLine(text: string): { field: HeaderField; value: string } | null {
  if (text.length > MAX_HEADER_CHARS) return null;
  const h = headerKind(text.trim());
  return h ? { field: h.kind === 'sent' ? 'date' : h.kind, value: h.value.trim() } : null;
}

const ADDRESS = /[^\s<>[\]()"',;:]{1,64}@[^\s<>[\]()"',;:]{1,255}/;

/** `Name <addr>`, `"Name" <addr>`, `Name [mailto:addr]` (Outlook), `**Name** <addr>` (Gmail's HTML), a bare address or a name. */
export function senderOf(value: string): { address: string | null; name: string | null } {
  const v = value.slice(0, MAX_HEADER_CHARS);
  const found = ADDRESS.exec(v);
  const address = found ? found[0].replace(/\.+$/, '').toLowerCase() : null;
  const open = v.search(/[<[]/);
  const raw = open >= 0 ? v.slice(0, open) : found ? '' : v;
  const name = raw.replace(/[*"“”]/g, '').replace(/\s+/g, ' ').trim().replace(/,$/, '');
  return { address, name: name === '' || name.toLowerCase() === address ? null : name };
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, januari: 1, january: 1, feb: 2, peb: 2, februari: 2, pebruari: 2, february: 2, mar: 3, maret: 3, march: 3,
  apr: 4, april: 4, mei: 5, may: 5, jun: 6, juni: 6, june: 6, jul: 7, juli: 7, july: 7, agu: 8, agt: 8, ags: 8,
  agustus: 8, aug: 8, august: 8, sep: 9, sept: 9, september: 9, okt: 10, oct: 10, oktober: 10, october: 10,
  nov: 11, nop: 11, november: 11, nopember: 11, des: 12, dec: 12, desember: 12, december: 12,
};
const ZONES: Readonly<Record<string, number>> = { wib: 420, wita: 480, wit: 540, gmt: 0, utc: 0, z: 0 };
/**
 * A date a client writes without a zone ("Sel, 13 Jan 2026 pukul 08.55") is in its writer's
 * local time; the committees an LPSE serves write in its own zone, WIB for most.
 */
const DEFAULT_OFFSET_MINUTES = 420;

/** Takes the first match of `re` out of `text`: its groups, and the text without it. */
function take(text: string, re: RegExp): { groups: string[]; rest: string } | null {
  const m = re.exec(text);
  if (!m) return null;
  return { groups: m.slice(1).map((g) => g ?? ''), rest: `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}` };
}

/**
 * The date of a forward's header line, as clients write it in Indonesian and English:
 * "Wed, 14 Jan 2026 09:40:03 +0700", "Sel, 13 Jan 2026 pukul 08.55", "Kamis, 15 Januari 2026
 * 08.55", "Monday, November 30, 2026 8:00 AM", "13 January 2026 at 08.55.00 WIB", "30/11/2026 08:00".
 */
export function headerDate(value: string): Date | null {
  let text = ` ${value.slice(0, 200).toLowerCase()} `;
  let offset = DEFAULT_OFFSET_MINUTES;
  const numericZone = take(text, /(?:gmt|utc)\s?([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)/) ?? take(text, /(?<=\s)([+-])(\d{2}):?(\d{2})(?=[\s)])/);
  const namedZone = numericZone ? null : take(text, /(?<![a-z])(wib|wita|wit|gmt|utc|z)(?![a-z])/);
  if (numericZone) {
    const [sign, hours, minutes] = numericZone.groups;
    offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes || 0));
  } else if (namedZone) {
    offset = ZONES[namedZone.groups[0] ?? ''] ?? offset;
  }
  text = (numericZone ?? namedZone)?.rest ?? text;

  let [year, month, day] = [0, 0, 0];
  const iso = take(text, /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/);
  const numeric = iso ? null : take(text, /(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)/);
  if (iso) [year, month, day] = iso.groups.map(Number) as [number, number, number];
  else if (numeric) [day, month, year] = numeric.groups.map(Number) as [number, number, number];
  text = (iso ?? numeric)?.rest ?? text;
  const time = take(text, /(?<!\d)(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?!\d)(?:\s?([ap])\.?m\b\.?)?/);
  if (time) text = time.rest;
  if (!iso && !numeric) {
    const monthWord = [...matchesIn(/[a-z]{3,9}/g, text)].map((w) => MONTHS[w[0]]).find((n) => n !== undefined);
    const y = take(text, /(?<!\d)((?:19|20)\d{2})(?!\d)/);
    const d = y ? /(?<!\d)(\d{1,2})(?!\d)/.exec(y.rest) : null;
    if (monthWord === undefined || !y || !d) return null;
    [year, month, day] = [Number(y.groups[0]), monthWord, Number(d[1])];
  }

  const [hour24 = 0, minute = 0, second = 0] = (time?.groups.slice(0, 3) ?? []).map((g) => Number(g || 0));
  const half = time?.groups[3];
  const hour = half === 'p' && hour24 < 12 ? hour24 + 12 : half === 'a' && hour24 === 12 ? 0 : hour24;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls "31 November" over to December: such a date is no date.
  if (local.getUTCDate() !== day || local.getUTCMonth() !== month - 1) return null;
  return new Date(local.getTime() - offset * 60_000);
}

/** The header block starting at line `i`: its fields and the index of its last line, or null. */
function headerBlock(lines: readonly TextLine[], i: number): { fields: Map<HeaderField, string>; end: number } | null {
  const block = scanHeaderBlock((j) => lines[j]?.text, i, (t) => {
    const h = headerLine(t);
    return h ? { kind: h.field, value: h.value } : null;
  });
  return block.kinds.has('from') ? { fields: block.kinds, end: block.end } : null;
}

// A forward of a forward of a forward…: a person opens a few levels, not a matryoshka.
const MAX_NESTED_FORWARDS = 4;

/**
 * The innermost inline forward in split lines, the first at each level: its header and its body
 * (the lines below the header, as split), or null when no forwarded part opens with a sender. The
 * innermost is the report's writer: a head of office forwarding a committee's mail to staff, who
 * forward it on, is not the reporter. A forward of our own mail is not a committee's (fresh-text.ts
 * has made it a quote already).
 */
export function inlineForward(lines: readonly TextLine[], own: readonly string[], depth = 0): { header: ForwardHeader; body: TextLine[] } | null {
  const outer = firstForward(lines, own);
  if (outer === null || depth >= MAX_NESTED_FORWARDS) return outer;
  return inlineForward(outer.body, own, depth + 1) ?? outer;
}

function firstForward(lines: readonly TextLine[], own: readonly string[]): { header: ForwardHeader; body: TextLine[] } | null {
  const start = lines.findIndex((l) => l.forwarded === true && l.zone !== 'quoted');
  if (start < 0) return null;
  for (let i = start; i < lines.length && i <= start + MAX_LEAD_LINES; i++) {
    const line = lines[i];
    if (!line || line.zone === 'quoted') break;
    const t = line.text.trim();
    const attribution = t.length <= 300 ? ATTRIBUTION.exec(t) : null;
    const block = attribution ? null : headerBlock(lines, i);
    if (!attribution && !block) continue;
    const sender = attribution ? { address: (attribution[3] ?? '').toLowerCase(), name: (attribution[2] ?? '').trim() || null } : senderOf(block?.fields.get('from') ?? '');
    if (sender.address !== null && own.includes(sender.address)) return null;
    const dateText = attribution ? (attribution[1] ?? '') : (block?.fields.get('date') ?? '');
    const header: ForwardHeader = {
      from: sender.address,
      fromName: sender.name,
      subject: block?.fields.get('subject') ?? '',
      date: dateText === '' ? null : headerDate(dateText),
    };
    const after = attribution ? i + 1 : (block?.end ?? i) + 1;
    const body = lines.slice(after).filter((l) => l.forwarded === true && !END_MARKER.test(l.text.length > MAX_HEADER_CHARS ? '' : l.text));
    return { header, body };
  }
  return null;
}

export interface ForwardedParts {
  header: ForwardHeader;
  body: readonly TextLine[];
  via: ForwardedMessage['via'];
  /** The subject, when it is the writer's own (a new report): read for data as a report's is. */
  freshSubject?: string;
  /** The reading's attachments (the outer mail's and the attached message's images) hold a screenshot. */
  screenshot: boolean;
}

/** The forwarded message read as a report, passwords masked as in the reading. */
export function forwardedMessage(p: ForwardedParts): ForwardedMessage {
  const text = redactSecrets(tidyBlock(p.body.filter((l) => l.zone === 'fresh').map((l) => l.text)));
  const fields: Fields = redactValues(extractFields(p.body, p.freshSubject));
  const missing: MissingItem[] = MISSING_ORDER.filter((item) => (item === 'screenshot' ? !p.screenshot : fields[item] === null));
  // The subject counts as in reading.ts: only when its writer wrote it (freshSubject).
  const symptoms = detectSymptoms(p.freshSubject ?? '', text);
  if (fields.errorCode !== null && !symptoms.includes('error_notification')) symptoms.unshift('error_notification');
  return {
    from: p.header.from,
    fromName: p.header.fromName === null ? null : redactSecrets(p.header.fromName),
    subject: redactSecrets(p.header.subject),
    date: p.header.date,
    text,
    fields,
    missing,
    symptoms,
    via: p.via,
  };
}
