/**
 * Formatting of values for outgoing mail: instants in the helpdesk's time zone, file sizes,
 * `tel:` and WhatsApp (wa.me) links and SOP time standards, in Indonesian or English.
 *
 * Public surface:
 *   formatDateTime(d, lang, timezone): string   'Jumat, 27 November 2026 14.05 WIB' /
 *                                               'Friday, 27 November 2026, 14:05 WIB'
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
import type { Lang } from './labels';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timezone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timezone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: timezone });
    formatters.set(key, f);
  }
  return f;
}

/**
 * The zone's short name: the Indonesian abbreviations (WIB, WITA, WIT) where the zone has one,
 * else 'GMT+7'-style offsets (or 'UTC').
 */
function zoneName(d: Date, timezone: string): string {
  const part = (locale: string, style: 'short' | 'shortOffset'): string =>
    formatter(locale, timezone, { timeZoneName: style }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const short = part('id-ID', 'short');
  return /^[A-Z]{2,5}$/.test(short) ? short : part('en-GB', 'shortOffset') || timezone;
}

export function formatDateTime(d: Date, lang: Lang, timezone: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError(`formatDateTime: not a valid date: ${String(d)}`);
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  const parts = formatter(locale, timezone, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const zone = zoneName(d, timezone);
  const date = `${get('weekday')}, ${get('day')} ${get('month')} ${get('year')}`;
  return lang === 'id'
    ? `${date} ${get('hour')}.${get('minute')} ${zone}`
    : `${date}, ${get('hour')}:${get('minute')} ${zone}`;
}

// A NumberFormat costs far more to make than to use: one per locale and precision.
const sizeFormats = new Map<string, Intl.NumberFormat>();

function sizeFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let f = sizeFormats.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    sizeFormats.set(key, f);
  }
  return f;
}

export function formatSize(bytes: number, lang: Lang): string {
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${sizeFormat(locale, digits).format(value)} ${units[unit] ?? 'B'}`;
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
