/** matchesIn: what matchAll finds, without matchAll's copy of the pattern. */
import { matchesIn } from '../../src/inbox/matches';

const seen = (ms: Iterable<RegExpExecArray>) => [...ms].map((m) => [m.index, ...m]);

describe('matchesIn', () => {
  it.each<[RegExp, string]>([
    [/\d+/g, 'Kode Tender: 10034567000, HP 0812-2745-9910'],
    [/(?<=^|\s)(kode|nama)\s*:/giu, 'Kode: 1\nnama : Budi; kode:2'],
    [/x*/g, 'axxbx'],
    [/(?:)/gu, 'a😀b'],
    [/^[ \t>]*message-id:[ \t]*(<[^<>\s]+>)/gim, '> Message-ID: <a@b>\nMessage-Id:<c@d>\nno'],
    [/\p{L}{2,}/gu, 'Ibu Sri, mohon 2 kali'],
    [/z/g, ''],
    [/$/g, 'end'],
  ])('finds what matchAll finds: %s on %j', (re, text) => {
    expect(seen(matchesIn(re, text))).toEqual(seen(text.matchAll(new RegExp(re.source, re.flags))));
  });

  it('may loop over the same pattern inside, and leaves lastIndex at 0 after an early stop', () => {
    const word = /\w+/g;
    const pairs: string[] = [];
    for (const a of matchesIn(word, 'ab cd')) for (const b of matchesIn(word, 'x y')) pairs.push(`${a[0]}${b[0]}`);
    expect(pairs).toEqual(['abx', 'aby', 'cdx', 'cdy']);
    for (const m of matchesIn(word, 'one two three')) if (m[0] === 'two') break;
    expect(word.lastIndex).toBe(0);
    expect(word.exec('first')?.[0]).toBe('first');
  });

  it('starts at the beginning whatever lastIndex the pattern holds', () => {
    const digits = /\d/g;
    digits.lastIndex = 3;
    expect(seen(matchesIn(digits, '1234')).map((m) => m[1])).toEqual(['1', '2', '3', '4']);
  });

  it('refuses a pattern that is not global, as matchAll does', () => {
    expect(() => [...matchesIn(/a/, 'a')]).toThrow(/global/);
  });
});
