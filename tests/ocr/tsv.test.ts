import { agreedCode, linesFromTsv } from '../../src/ocr/engine';

const HEADER = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';

describe("tesseract's TSV", () => {
  const tsv = [
    HEADER,
    '1\t1\t0\t0\t0\t0\t0\t0\t1800\t1000\t-1\t',
    '4\t1\t1\t1\t1\t0\t40\t60\t560\t30\t-1\t',
    '5\t1\t1\t1\t1\t1\t40\t60\t120\t30\t96.5\tKode',
    '5\t1\t1\t1\t1\t2\t170\t60\t120\t30\t93.5\tError:',
    '5\t1\t1\t1\t1\t3\t300\t60\t300\t30\t61\t3a8c1f0b2',
    '4\t1\t1\t1\t2\t0\t40\t120\t200\t30\t-1\t',
    '5\t1\t1\t1\t2\t1\t40\t120\t200\t30\t-1\t ',
    '4\t1\t2\t1\t1\t0\t40\t200\t400\t30\t-1\t',
    '5\t1\t2\t1\t1\t1\t40\t200\t400\t30\t90\tjava.lang.NullPointerException',
  ].join('\n');

  it('gives one line per line row, its words, and boxes in the original picture', () => {
    const lines = linesFromTsv(tsv, 2);
    expect(lines.map((l) => l.text)).toEqual(['Kode Error: 3a8c1f0b2', 'java.lang.NullPointerException']);
    expect(lines[0]).toMatchObject({ confidence: 83.7, box: { x: 20, y: 30, w: 280, h: 15 } });
    expect(lines[0]?.words[2]).toEqual({ text: '3a8c1f0b2', confidence: 61, box: { x: 150, y: 30, w: 150, h: 15 } });
  });

  it('ignores rows that are not TSV', () => {
    expect(linesFromTsv('Warning: Invalid resolution 0 dpi\n5\t1\tshort')).toEqual([]);
  });
});

describe('agreeing on the code', () => {
  it('takes the shapes when the other readings agree but for look-alikes', () => {
    expect(agreedCode('0o118b6b2', ['00118b6b2'], ['0o1l8b6b2'])).toBe('0o1l8b6b2');
  });

  it('gives none when most readings read another code', () => {
    expect(agreedCode('0o118b6b7', ['00118b6b2'], ['0o1l8b6b2'])).toBeNull();
    expect(agreedCode('0o118b6b7', ['00118b6b7', '00118b6b2'], ['0o1l8b6b2'])).toBeNull();
  });

  it('without a whole-screen reading, needs two readings of the line to agree', () => {
    expect(agreedCode(null, ['00118b6b2', '00118b6b2'], ['0o1l8b6b2'])).toBe('0o1l8b6b2');
    expect(agreedCode(null, ['00118b6b2'], ['0o1l8b6b2'])).toBeNull();
    expect(agreedCode(null, [], ['0o1l8b6b2'])).toBeNull();
  });

  it('gives none when the shape readings do not mostly agree', () => {
    expect(agreedCode('0o118b6b2', ['00118b6b2', '00118b6b2'], ['0o1l8b6b2', '0o118b6b2'])).toBeNull();
    expect(agreedCode('0o118b6b2', ['00118b6b2', '00118b6b2'], ['0o1l8b6b2', '0o118b6b2', '0o1l8b6b2'])).toBe('0o1l8b6b2');
  });

  it('without a shape reading, trusts only agreeing readings free of look-alikes', () => {
    expect(agreedCode('4a7c5f9e2', ['4a7c5f9e2'], [])).toBe('4a7c5f9e2');
    expect(agreedCode('4a7c5f9e2', [null], [])).toBeNull();
    expect(agreedCode('3a8c1f0b2', ['3a8c1f0b2'], [])).toBeNull();
  });
});
