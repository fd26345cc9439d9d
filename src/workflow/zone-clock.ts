/**
 * The wall clock of an IANA time zone: the local date and time an instant shows there.
 *
 * Intl.DateTimeFormat knows every zone, but the first formatter a process makes costs about
 * 17 ms and 8 MB (ICU's locale data, paged in from the node binary): a third of the own time of
 * `cases` and a twentieth of the memory of `process`. Date's local time needs only ICU's zone
 * rules (under 1 MB). So a command runs in its configured zone (`runInZone` sets TZ, as if the
 * machine's clock were set to it) and reads that zone's wall clock from Date; any other zone is
 * asked of Intl.
 *
 * Public surface:
 *   runInZone(timezone): void        this process's local time becomes the zone's (only for a
 *                                    canonical zone name, which TZ is sure to understand)
 *   wallMs(ms, timezone): number     the zone's wall clock at instant ms, as milliseconds: its
 *                                    local date and time read as if they were UTC
 *   isKnownZone(timezone): boolean   a zone name (or an alias of one) this Node knows
 *
 * wallMs throws a RangeError for an unknown zone.
 */

let processZone: string | null = null;
let canonicalZones: ReadonlySet<string> | null = null;

/** The zone names ICU lists as canonical: 2 ms and about 1 MB, against the 17 ms and 8 MB of a formatter. */
function canonical(): ReadonlySet<string> {
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return canonicalZones;
}

export function isKnownZone(timezone: string): boolean {
  if (canonical().has(timezone)) return true;
  // Aliases ("Asia/Ujung_Pandang") and "UTC" are not listed, and a formatter takes them.
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export function runInZone(timezone: string): void {
  // An alias or a misspelt case would leave Date silently in UTC: those keep asking Intl.
  if (!canonical().has(timezone)) return;
  process.env.TZ = timezone;
  processZone = timezone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function intlWallMs(ms: number, timezone: string): number {
  let f = formatters.get(timezone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timezone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const hour = (p.hour ?? 0) % 24; // some ICU versions print midnight as 24
  const wholeSeconds = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, hour, p.minute ?? 0, p.second ?? 0);
  return wholeSeconds + (((ms % 1000) + 1000) % 1000);
}

export function wallMs(ms: number, timezone: string): number {
  if (timezone === processZone) return ms - new Date(ms).getTimezoneOffset() * 60_000;
  return intlWallMs(ms, timezone);
}
