/**
 * Times as a person at the helpdesk types and reads them: in `calendar.timezone`, not in the
 * zone of the machine the command happens to run on.
 *
 * Public surface:
 *   parseLocalInstant(text, timezone): Date | null   '2026-12-01 06:59' (in the zone), or any
 *                                                    ISO form with Z / ±HH:MM (as written)
 *   localMinute(d, timezone): string                 '2026-12-01 06:59'
 *   takenAtLine(d, lang, timezone): string           'per Selasa, 1 Desember 2026 09.00 WIB' /
 *                                                    'as of Tuesday, 1 December 2026, 09:00 WIB'
 */
import { formatDateTime } from '../outbox/format';
import type { Lang } from '../outbox/labels';
import { wallMs } from '../workflow/zone-clock';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const WITH_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Milliseconds the zone is ahead of UTC at instant `t`. */
function zoneOffset(t: number, timezone: string): number {
  return wallMs(t, timezone) - t;
}

export function parseLocalInstant(text: string, timezone: string): Date | null {
  const s = text.trim();
  if (WITH_OFFSET.test(s)) {
    const t = Date.parse(s.replace(' ', 'T'));
    return Number.isNaN(t) ? null : new Date(t);
  }
  const m = LOCAL.exec(s);
  if (!m) return null;
  const v = m.slice(1).map((x) => Number(x ?? 0));
  const [year, month, day, hour, minute, second] = [0, 1, 2, 3, 4, 5].map((i) => v[i] ?? 0) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  // The offset at the guessed instant, then again at the corrected one (a DST change in between).
  const first = wall - zoneOffset(wall, timezone);
  return new Date(wall - zoneOffset(first, timezone));
}

export function localMinute(d: Date, timezone: string): string {
  return new Date(wallMs(d.getTime(), timezone)).toISOString().slice(0, 16).replace('T', ' ');
}

export function takenAtLine(d: Date, lang: Lang, timezone: string): string {
  return `${lang === 'id' ? 'per' : 'as of'} ${formatDateTime(d, lang, timezone)}`;
}
