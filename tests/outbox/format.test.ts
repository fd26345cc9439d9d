// Dates and sizes in outgoing mail are written without Intl (its first formatter costs a process
// 17 ms and 8 MB): every name, abbreviation and number must still read exactly as Intl writes
// them in id-ID and en-GB. Intl is the reference here, over every day of four years and every
// size up to 4 MB. (In a process that runs in the zone: zone-clock.test.ts.)
import { formatDateTime, formatSize } from '../../src/outbox/format';
import type { Lang } from '../../src/outbox/labels';

// The reference's formatters, made once each: making one per call was most of this suite's time.
const made = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!made.has(key)) made.set(key, make());
  return made.get(key) as T;
}
const intlFormat = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  once(`date ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

/** What Intl writes: the weekday, date and time in the zone, and its short name. */
function intlDateTime(d: Date, lang: Lang, timezone: string): string {
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  const parts = intlFormat(locale, { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const short = intlFormat('id-ID', { timeZone: timezone, timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const zone = /^[A-Z]{2,5}$/.test(short) ? short : (intlFormat('en-GB', { timeZone: timezone, timeZoneName: 'shortOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '');
  const date = `${get('weekday')}, ${get('day')} ${get('month')} ${get('year')}`;
  return lang === 'id' ? `${date} ${get('hour')}.${get('minute')} ${zone}` : `${date}, ${get('hour')}:${get('minute')} ${zone}`;
}

// Every day of 2025-2028 at a time of day that moves through the hours and minutes.
const DAYS: Date[] = [];
for (let t = Date.UTC(2025, 0, 1), i = 0; t < Date.UTC(2029, 0, 1); t += 86_400_000, i++) DAYS.push(new Date(t + ((i * 37) % 1440) * 60_000));

describe('formatDateTime', () => {
  const cases: [string, Lang][] = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura', 'Europe/Amsterdam', 'UTC'].flatMap((z) => [[z, 'id'], [z, 'en']] as [string, Lang][]);

  it.each(cases)('in %s (%s) writes what Intl writes, every day of 2025-2028', (zone, lang) => {
    const wrong = DAYS.filter((d) => formatDateTime(d, lang, zone) !== intlDateTime(d, lang, zone));
    expect(wrong.map((d) => `${d.toISOString()}: ${formatDateTime(d, lang, zone)} / ${intlDateTime(d, lang, zone)}`)).toEqual([]);
  });

  it('writes the names and the zone as a committee reads them', () => {
    expect(formatDateTime(new Date('2026-11-27T07:05:00Z'), 'id', 'Asia/Makassar')).toBe('Jumat, 27 November 2026 15.05 WITA');
    expect(formatDateTime(new Date('2026-11-27T07:05:00Z'), 'en', 'Asia/Jakarta')).toBe('Friday, 27 November 2026, 14:05 WIB');
    expect(formatDateTime(new Date('2026-05-31T23:59:00Z'), 'id', 'Asia/Jayapura')).toBe('Senin, 1 Juni 2026 08.59 WIT');
  });

  it('refuses an invalid date and an unknown zone', () => {
    expect(() => formatDateTime(new Date(Number.NaN), 'id', 'Asia/Jakarta')).toThrow(RangeError);
    expect(() => formatDateTime(new Date(), 'id', 'Nowhere/Atlantis')).toThrow(RangeError);
  });
});

describe('formatSize', () => {
  const numberFormat = (locale: string, digits: number): Intl.NumberFormat =>
    once(`number ${locale} ${digits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }));
  const intlSize = (bytes: number, lang: Lang): string => {
    const units = ['B', 'KB', 'MB', 'GB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    const digits = unit === 0 || value >= 100 ? 0 : 1;
    return `${numberFormat(lang === 'id' ? 'id-ID' : 'en-GB', digits).format(value)} ${units[unit]}`;
  };

  it('writes every size up to 4 MB (and samples to 3 TB) as Intl.NumberFormat does', () => {
    const sizes: number[] = [];
    for (let b = 0; b <= 4 * 1024 * 1024; b += b < 300_000 ? 1 : 7) sizes.push(b);
    for (let b = 4 * 1024 * 1024; b < 3 * 1024 ** 4; b = Math.floor(b * 1.37) + 11) sizes.push(b);
    for (const lang of ['id', 'en'] as Lang[]) {
      const wrong = sizes.filter((b) => formatSize(b, lang) !== intlSize(b, lang));
      expect(wrong.slice(0, 5).map((b) => `${b}: ${formatSize(b, lang)} / ${intlSize(b, lang)}`)).toEqual([]);
    }
    expect(formatSize(62_259, 'id')).toBe('60,8 KB');
    expect(formatSize(1_048_000, 'id')).toBe('1.023 KB');
    expect(formatSize(1_048_000, 'en')).toBe('1,023 KB');
  });
});
