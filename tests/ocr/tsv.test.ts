import { agreedCode, lineVerdict, linesFromTsv } from '../../src/ocr/engine';

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

describe("the verdict on the code's line", () => {
  const shaped = (code: string) => ({ code: 'sir06bors', shape: { code, contradicted: false } });
  const contradicted = (code: string) => ({ code, shape: { code: null, contradicted: true } });

  it('does not count a reading the glyphs contradict against the others', () => {
    // A downscaled 0 read as an e, again and again: the glyph is as tall as a digit.
    const readings = [contradicted('sire6bors'), contradicted('sire6bors'), shaped('sir06bor8'), contradicted('sire6bors'), shaped('sir06bor8')];
    expect(lineVerdict('sir06bor8', readings)).toEqual({ code: 'sir06bor8', seen: true });
    // The same readings, had the glyphs only left them undecided, outvote the shapes.
    const undecided = readings.map((r) => (r.shape.contradicted ? { ...r, shape: { code: null, contradicted: false } } : r));
    expect(lineVerdict('sir06bor8', undecided)).toEqual({ code: null, seen: true });
  });

  it('still needs two readings that agree', () => {
    expect(lineVerdict(null, [contradicted('sire6bors'), shaped('sir06bor8'), contradicted('sire6bors')]).code).toBeNull();
    expect(lineVerdict(null, [contradicted('sire6bors'), contradicted('sire6bors')]).code).toBeNull();
  });

  it('says a code is shown when a reading of its line gave a token like one, read or not', () => {
    expect(lineVerdict(null, [{ code: 'd8eony0be', shape: null }, { code: 'd8eony0b8', shape: null }])).toEqual({ code: null, seen: true });
    expect(lineVerdict(null, [{ code: null, shape: null }])).toEqual({ code: null, seen: false });
    // A word of nine letters, or a number of nine digits (a tender's, a phone's), is not a code shown.
    expect(lineVerdict(null, [{ code: 'parameter', shape: null }, { code: '123456789', shape: null }]).seen).toBe(false);
  });
});
