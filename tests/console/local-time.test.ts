// Times typed at the command line are read in calendar.timezone, whatever the machine's zone.
import { localMinute, parseLocalInstant, takenAtLine } from '../../src/console/local-time';

describe('parseLocalInstant', () => {
  it('reads a time without an offset in the configured zone', () => {
    expect(parseLocalInstant('2026-12-01 06:59', 'Asia/Jakarta')?.toISOString()).toBe('2026-11-30T23:59:00.000Z');
    expect(parseLocalInstant('2026-12-01T06:59:30', 'Asia/Makassar')?.toISOString()).toBe('2026-11-30T22:59:30.000Z');
    expect(parseLocalInstant('2026-12-01', 'Asia/Jayapura')?.toISOString()).toBe('2026-11-30T15:00:00.000Z');
  });

  it('keeps an explicit offset as written', () => {
    expect(parseLocalInstant('2026-12-01T06:59:00Z', 'Asia/Jakarta')?.toISOString()).toBe('2026-12-01T06:59:00.000Z');
    expect(parseLocalInstant('2026-12-01 06:59+08:00', 'Asia/Jakarta')?.toISOString()).toBe('2026-11-30T22:59:00.000Z');
  });

  it('finds the right instant across a daylight-saving change', () => {
    // Europe/Amsterdam moved from +02:00 to +01:00 on 25 October 2026 at 03:00.
    expect(parseLocalInstant('2026-10-24 12:00', 'Europe/Amsterdam')?.toISOString()).toBe('2026-10-24T10:00:00.000Z');
    expect(parseLocalInstant('2026-10-26 12:00', 'Europe/Amsterdam')?.toISOString()).toBe('2026-10-26T11:00:00.000Z');
  });

  it('refuses what is not a date and time', () => {
    for (const bad of ['besok', '2026-13-01', '2026-02-30 10:00', '2026-12-01 24:00', '01-12-2026 06:59', '']) expect(parseLocalInstant(bad, 'Asia/Jakarta')).toBeNull();
  });
});

describe('what the commands print', () => {
  const at = new Date('2026-12-01T02:00:00Z');
  it('a local minute and the "per" header, in the configured zone and language', () => {
    expect(localMinute(at, 'Asia/Jakarta')).toBe('2026-12-01 09:00');
    expect(takenAtLine(at, 'id', 'Asia/Jakarta')).toBe('per Selasa, 1 Desember 2026 09.00 WIB');
    expect(takenAtLine(at, 'en', 'Asia/Makassar')).toBe('as of Tuesday, 1 December 2026, 10:00 WITA');
  });
});
