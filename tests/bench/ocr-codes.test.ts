// The generated Kode Error codes: SPSE's shape (9 lowercase letters and digits), each carrying
// glyphs fonts confuse, and the same codes for the same seed.
import { CODE_LENGTH, errorCode } from '../../src/bench/ocr-screens/codes';
import { Random } from '../../src/bench/screenshot';

const PAIRS = [['0', 'o'], ['1', 'l'], ['8', 'b'], ['6', 'b']] as const;
const codes = (seed: number, n: number) => {
  const rnd = new Random(seed);
  return Array.from({ length: n }, () => errorCode(rnd));
};

describe('generated SPSE error codes', () => {
  it('are 9 characters of lowercase letters and digits', () => {
    for (const code of codes(7, 500)) expect(code).toMatch(new RegExp(`^[a-z0-9]{${CODE_LENGTH}}$`));
  });

  it('each hold at least two confusable pairs, both glyphs of each', () => {
    for (const code of codes(11, 500)) {
      const held = PAIRS.filter(([a, b]) => code.includes(a) && code.includes(b));
      expect({ code, pairs: held.length >= 2 }).toEqual({ code, pairs: true });
    }
  });

  it('are the same for the same seed and differ between seeds', () => {
    expect(codes(3, 20)).toEqual(codes(3, 20));
    expect(codes(3, 20)).not.toEqual(codes(4, 20));
    expect(new Set(codes(5, 200)).size).toBe(200);
  });
});
