/**
 * Formatting of values for outgoing mail: instants in the helpdesk's time zone, file sizes,
 * `tel:` and WhatsApp (wa.me) links and SOP time standards, in Indonesian or English.
 *
 * Public surface:
 *   formatDateTime(d, lang, timezone): string   'Jumat, 27 November 2026 14.05 WIB' /
 *                                               'Friday, 27 November 2026, 14:05 WIB'
 *   formatDate(d, lang, timezone): string       its date: 'Jumat, 27 November 2026'
 *   formatClock(d, lang, timezone): string      its time: '14.05 WIB' / '14:05 WIB'
 *   formatSize(bytes, lang): string             '47,1 KB' / '47.1 KB'
 *   telUri(phone): string | null                'tel:+6281227459910'
 *   waUri(phone): string | null                 'https://wa.me/6281234567890' for '+62 812-3456-7890' or '0812…'
 *   mobileWaUri(phone): string | null           the same, only for an Indonesian mobile number (+628…)
 *   formatStandard(duration, lang): string      '1 (satu) hari kerja' / '1 (one) working day',
 *                                               '30 menit pada jam kerja' / '30 minutes of working time'
 *   formatWorkingMinutes(minutes, lang, opts?): string   '1 jam 5 menit' / '1 h 5 min' (a span of working
 *                                               time); with opts.minutesPerDay, a span of a working day
 *                                               or more reads '3 hari kerja 2 jam' / '3 working days 2 h'
 *
 * Pure; throws RangeError on an invalid date or an unknown IANA time zone.
 */

import type { Duration } from '../workflow';
import { wallMs } from '../workflow/zone-clock';
import type { Lang } from './labels';

// The names and the zone's abbreviation are written here rather than asked of Intl, whose first
// formatter costs a process 17 ms and 8 MB (zone-clock.ts); format.test.ts checks every one
// against Intl's.
const NAMES: Record<Lang, { weekdays: readonly string[]; months: readonly string[] }> = {
  id: {
    weekdays: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
    months: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  },
  en: {
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  },
};

/** Indonesia's zones (Keppres 41/1987): Waktu Indonesia Barat, Tengah, Timur. */
const INDONESIAN_ZONES: Readonly<Record<string, string>> = { 'Asia/Jakarta': 'WIB', 'Asia/Pontianak': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

// Making a formatter costs far more than using one: one per locale, zone and style, kept.
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(locale: string, timezone: string, style: 'short' | 'shortOffset'): Intl.DateTimeFormat {
  const key = `${locale}|${timezone}|${style}`;
  let f = zoneFormatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, { timeZone: timezone, timeZoneName: style });
    zoneFormatters.set(key, f);
  }
  return f;
}

/**
 * The zone's short name: the Indonesian abbreviations (WIB, WITA, WIT) where the zone has one,
 * else 'GMT+7'-style offsets (or 'UTC').
 */
function zoneName(d: Date, timezone: string): string {
  const known = INDONESIAN_ZONES[timezone];
  if (known !== undefined) return known;
  const part = (locale: string, style: 'short' | 'shortOffset'): string => zoneFormatter(locale, timezone, style).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const short = part('id-ID', 'short');
  return /^[A-Z]{2,5}$/.test(short) ? short : part('en-GB', 'shortOffset') || timezone;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** The zone's wall clock at `d`, as a Date whose UTC fields are the local ones. */
function wallDate(d: Date, timezone: string): Date {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError(`not a valid date: ${String(d)}`);
  return new Date(wallMs(d.getTime(), timezone));
}

export function formatDate(d: Date, lang: Lang, timezone: string): string {
  const wall = wallDate(d, timezone);
  const names = NAMES[lang];
  return `${names.weekdays[wall.getUTCDay()] ?? ''}, ${wall.getUTCDate()} ${names.months[wall.getUTCMonth()] ?? ''} ${wall.getUTCFullYear()}`;
}

export function formatClock(d: Date, lang: Lang, timezone: string): string {
  const wall = wallDate(d, timezone);
  return `${twoDigits(wall.getUTCHours())}${lang === 'id' ? '.' : ':'}${twoDigits(wall.getUTCMinutes())} ${zoneName(d, timezone)}`;
}

export function formatDateTime(d: Date, lang: Lang, timezone: string): string {
  return `${formatDate(d, lang, timezone)}${lang === 'id' ? ' ' : ', '}${formatClock(d, lang, timezone)}`;
}

/** `value` with at most `digits` decimals, as Intl.NumberFormat writes it in id-ID ('1.024', '47,1') and en-GB ('1,024', '47.1'). */
function decimal(value: number, digits: number, lang: Lang): string {
  const marks = lang === 'id' ? { group: '.', point: ',' } : { group: ',', point: '.' };
  const [whole = '0', fraction = ''] = value.toFixed(digits).split('.');
  const groups: string[] = [];
  for (let end = whole.length; end > 0; end -= 3) groups.unshift(whole.slice(Math.max(0, end - 3), end));
  const kept = fraction.replace(/0+$/, '');
  return `${groups.join(marks.group)}${kept === '' ? '' : marks.point + kept}`;
}

export function formatSize(bytes: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${decimal(value, digits, lang)} ${units[unit] ?? 'B'}`;
}

/** A `tel:` URI for a phone number (E.164 from the parser; anything else reduced to digits). */
export function telUri(phone: string): string | null {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 5) return null;
  return `tel:${trimmed.startsWith('+') ? '+' : ''}${digits}`;
}

/**
 * The number as international digits without '+': written with '+' and its country code, as
 * '62…' (the plus left out), or in Indonesian national form ('0812…', '(0285)…' -> '62…').
 * null for anything else: a wa.me link needs the country.
 */
function internationalDigits(phone: string): string | null {
  const written = phone.trim();
  const digits = written.replace(/\D/g, '');
  if (written.startsWith('+') || /^62[1-9]/.test(written)) return digits;
  if (/^\(?0/.test(written)) return `62${digits.slice(1)}`;
  return null;
}

/** A WhatsApp click-to-chat link (https://wa.me/<digits>, the form WhatsApp documents) for a number with its country. */
export function waUri(phone: string): string | null {
  const digits = internationalDigits(phone);
  return digits !== null && digits.length >= 8 && digits.length <= 15 ? `https://wa.me/${digits}` : null;
}

/**
 * waUri for an Indonesian mobile number only (62 8…, 9 to 12 digits after the 62): a landline
 * has no WhatsApp, and a link to one would send staff to a dead chat.
 */
export function mobileWaUri(phone: string): string | null {
  const digits = internationalDigits(phone);
  return digits !== null && /^628\d{8,11}$/.test(digits) ? `https://wa.me/${digits}` : null;
}

const NUMBER_WORDS: Readonly<Record<Lang, readonly string[]>> = {
  id: ['nol', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh'],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'],
};

/** A time standard as a formal phrase: '1 (satu) hari kerja', '30 menit pada jam kerja' (numbers over ten as digits only). */
export function formatStandard(d: Duration, lang: Lang): string {
  const n = d.days ?? d.minutes ?? 0;
  const word = Number.isInteger(n) ? NUMBER_WORDS[lang][n] : undefined;
  const count = word === undefined ? String(n) : `${n} (${word})`;
  if (d.days !== undefined) return lang === 'id' ? `${count} hari kerja` : `${count} working day${n === 1 ? '' : 's'}`;
  return lang === 'id' ? `${count} menit pada jam kerja` : `${count} minute${n === 1 ? '' : 's'} of working time`;
}

/**
 * A span of working time, rounded to whole minutes: '2 jam 5 menit', '45 menit', '< 1 menit' /
 * '2 h 5 min'. With `minutesPerDay` (the calendar's working day, workingDayMinutes), a span of a
 * day or more is told in working days and whole hours, as a person counts lateness:
 * '3 hari kerja 2 jam' / '3 working days 2 h', never '170 jam'.
 */
export function formatWorkingMinutes(minutes: number, lang: Lang, opts: { minutesPerDay?: number } = {}): string {
  if (!Number.isFinite(minutes)) throw new RangeError(`formatWorkingMinutes: not a number: ${String(minutes)}`);
  const total = Math.round(Math.abs(minutes));
  if (total === 0) return lang === 'id' ? '< 1 menit' : '< 1 min';
  const perDay = opts.minutesPerDay;
  if (perDay !== undefined && perDay > 0 && total >= perDay) {
    let days = Math.floor(total / perDay);
    let h = Math.round((total - days * perDay) / 60);
    if (h * 60 >= perDay) {
      days++;
      h = 0;
    }
    const dayWords = lang === 'id' ? `${days} hari kerja` : `${days} working day${days === 1 ? '' : 's'}`;
    return h === 0 ? dayWords : `${dayWords} ${h} ${lang === 'id' ? 'jam' : 'h'}`;
  }
  const h = Math.floor(total / 60);
  const m = total % 60;
  const hours = h === 0 ? '' : lang === 'id' ? `${h} jam` : `${h} h`;
  const mins = m === 0 ? '' : lang === 'id' ? `${m} menit` : `${m} min`;
  return [hours, mins].filter((x) => x !== '').join(' ');
}
