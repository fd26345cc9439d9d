// The zone's wall clock, read from Date in the zone the process runs in and from Intl in any
// other, must be the same clock: each is compared here with Intl's own formatting, hour by hour
// over four years (every DST change in them) in zones with and without DST, half hours and
// 45-minute offsets included.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { isKnownZone, runInZone, wallMs } from '../../src/workflow/zone-clock';

const ZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura', 'Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Katmandu', 'America/St_Johns', 'Pacific/Chatham'];

// The reference: the wall clock as Intl prints it, read back as UTC milliseconds, one formatter a
// zone (making one per call was most of this suite's time), kept on the function itself because
// CHILD gets its source, not its module. (Also in CHILD.)
function intlWall(ms: number, timezone: string): number {
  const made = ((intlWall as unknown as { made?: Map<string, Intl.DateTimeFormat> }).made ??= new Map<string, Intl.DateTimeFormat>());
  let f = made.get(timezone);
  if (!f) made.set(timezone, (f = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second)) + (ms % 1000);
}

/** Every hour from 2024 to 2027, at a minute and millisecond that move, so that no offset hides in round numbers. (Also in CHILD.) */
function hourly(): number[] {
  const out: number[] = [];
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 3_600_000) out.push(t + ((t / 3_600_000) % 60) * 60_000 + ((t / 3_600_000) % 997));
  return out;
}
const INSTANTS = hourly();

/**
 * A process that runs in the zone, as the CLI runs (jest gives a test a copy of process.env, so
 * TZ set in a test never reaches Date): it reads the compiled modules (built before the tests) and
 * prints every instant where wallMs or formatDateTime differ from Intl, and how often Intl was
 * asked while wallMs read the clock.
 */
const CHILD = `
const [zoneClock, format, zone] = [require(process.argv[1]), require(process.argv[2]), process.argv[3]];
const intlWall = ${intlWall.toString()};
const instants = (${hourly.toString()})();
zoneClock.runInZone(zone);
const real = Intl.DateTimeFormat.prototype.formatToParts;
let asked = 0;
Intl.DateTimeFormat.prototype.formatToParts = function (...a) { asked++; return real.apply(this, a); };
const read = instants.map((t) => zoneClock.wallMs(t, zone));
Intl.DateTimeFormat.prototype.formatToParts = real;
const wrongWall = instants.filter((t, i) => read[i] !== intlWall(t, zone)).map((t) => new Date(t).toISOString());
const writers = Object.fromEntries(['id', 'en'].map((lang) => [lang, new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })]));
const written = (d, lang) => {
  const parts = writers[lang].formatToParts(d);
  const get = (type) => parts.find((p) => p.type === type)?.value ?? '';
  const date = get('weekday') + ', ' + get('day') + ' ' + get('month') + ' ' + get('year');
  return lang === 'id' ? date + ' ' + get('hour') + '.' + get('minute') : date + ', ' + get('hour') + ':' + get('minute');
};
const wrongText = instants.filter((t, i) => i % 5 === 0).flatMap((t) => ['id', 'en'].map((lang) => [format.formatDateTime(new Date(t), lang, zone), written(new Date(t), lang)])).filter(([ours, intl]) => !ours.startsWith(intl + ' '));
console.log(JSON.stringify({ tz: process.env.TZ, offsetAtEpoch: new Date(0).getTimezoneOffset(), asked, wrongWall, wrongText }));
`;

function inZone(zone: string): { tz: string; offsetAtEpoch: number; asked: number; wrongWall: string[]; wrongText: string[][] } {
  const dist = path.resolve(__dirname, '../../dist');
  const out = execFileSync(process.execPath, ['-e', CHILD, path.join(dist, 'workflow/zone-clock.js'), path.join(dist, 'outbox/format.js'), zone], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return JSON.parse(out) as ReturnType<typeof inZone>;
}

describe('wallMs', () => {
  it.each(ZONES)('in a process that runs in %s, reads Date, not Intl, and agrees with Intl at every hour of 2024-2027', (zone) => {
    const r = inZone(zone);
    expect(r.tz).toBe(zone);
    expect(r.asked).toBe(0);
    expect(r.wrongWall).toEqual([]);
    // formatDateTime writes the same names, date and time as Intl there too.
    expect(r.wrongText).toEqual([]);
  });

  it.each(['Asia/Ujung_Pandang', 'Asia/Kolkata'])('for %s, an alias TZ might not understand, leaves the process in its zone and asks Intl, rightly', (alias) => {
    const r = inZone(alias);
    expect(r.tz).toBe('UTC');
    expect(r.offsetAtEpoch).toBe(0);
    expect(r.asked).toBeGreaterThan(0);
    expect(r.wrongWall).toEqual([]);
  });

  it('asks Intl for a zone the process does not run in, and agrees with it', () => {
    for (const zone of ['Asia/Jakarta', 'Asia/Makassar', 'Europe/Amsterdam', 'UTC']) {
      const wrong = INSTANTS.filter((t) => wallMs(t, zone) !== intlWall(t, zone));
      expect(wrong).toEqual([]);
    }
  });

  it('does not set TZ for a name it might not understand: an alias, a wrong case, an unknown zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      for (const name of ['Asia/Ujung_Pandang', 'asia/jakarta', 'Nowhere/Atlantis']) {
        runInZone(name);
        expect(process.env.TZ).toBe('UTC');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    // Asia/Ujung_Pandang is Makassar's old name: 8 hours ahead, read through Intl.
    expect(wallMs(Date.UTC(2026, 11, 1, 2), 'Asia/Ujung_Pandang')).toBe(Date.UTC(2026, 11, 1, 10));
  });

  it('throws a RangeError for an unknown zone', () => {
    expect(() => wallMs(0, 'Nowhere/Atlantis')).toThrow(RangeError);
  });
});

describe('isKnownZone', () => {
  it('knows canonical names, aliases and UTC, and nothing else', () => {
    for (const zone of [...ZONES, 'UTC', 'Asia/Ujung_Pandang', 'Etc/GMT+7']) expect(isKnownZone(zone)).toBe(true);
    for (const bad of ['', 'WIB', 'Asia/Bandung', 'Nowhere/Atlantis']) expect(isKnownZone(bad)).toBe(false);
  });
});
