// SPSE's Kode Error as the screenshots show it: 9 characters of lowercase letters and digits.
// The generated codes lean on the glyphs fonts confuse (0/o, 1/l, 8/b, 6/b), so that a reader
// that folds characters carelessly is caught by the accuracy suite.
import type { Random } from '../screenshot';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Pairs a font draws alike; each code carries at least two of them, both sides of the pair. */
const CONFUSED: readonly (readonly [string, string])[] = [
  ['0', 'o'],
  ['1', 'l'],
  ['8', 'b'],
  ['6', 'b'],
];

export const CODE_LENGTH = 9;

/** A random code: two or three confused pairs (both glyphs each), the rest from the whole alphabet, shuffled. */
export function errorCode(rnd: Random): string {
  const chars: string[] = [];
  const pairs = [...CONFUSED];
  const wanted = rnd.int(2, 3);
  for (let i = 0; i < wanted; i++) {
    const [a, b] = pairs.splice(rnd.int(0, pairs.length - 1), 1)[0] as readonly [string, string];
    chars.push(a, b);
  }
  while (chars.length < CODE_LENGTH) chars.push(rnd.pick([...ALPHABET]));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
