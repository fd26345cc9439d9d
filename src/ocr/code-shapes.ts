/**
 * The Kode Error's look-alikes told apart by the glyphs' shapes. Tesseract's language model
 * reads an o among digits as 0, an l as 1, an s as 8, a z as 3: it guesses from its neighbours.
 * The glyphs themselves say it: an o, s or z stands as high as the x-height, a 0, 8 or 3 as high
 * as a digit; an l is a bare stroke, a 1 carries a flag. Pure: a greyscale crop of the code's
 * line in, the corrected code out, or null when the glyphs cannot be matched one to one with
 * the characters read.
 */

export interface GreyImage {
  width: number;
  height: number;
  /** One byte a pixel, row by row. */
  data: Uint8Array;
}

interface Glyph {
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Ink rows that are not contiguous from the top: an i's dot over its stem. */
  dotted: boolean;
}

/** Otsu's threshold of the histogram: the grey that best splits ink from paper. */
function otsu(data: Uint8Array): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of data) hist[v] = (hist[v] ?? 0) + 1;
  const total = data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * (hist[i] ?? 0);
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    weightB += hist[t] ?? 0;
    if (weightB === 0) continue;
    const weightF = total - weightB;
    if (weightF === 0) break;
    sumB += t * (hist[t] ?? 0);
    const between = weightB * weightF * (sumB / weightB - (sum - sumB) / weightF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Ink mask: the minority side of the threshold (dark text on light, or light on dark). */
function inkMask(img: GreyImage): Uint8Array {
  const t = otsu(img.data);
  let dark = 0;
  for (const v of img.data) if (v <= t) dark++;
  const darkInk = dark <= img.data.length / 2;
  const mask = new Uint8Array(img.data.length);
  for (let i = 0; i < img.data.length; i++) mask[i] = (img.data[i] ?? 0) <= t === darkInk ? 1 : 0;
  return mask;
}

/** The ink's tight box in the columns [left, right]. */
function glyphIn(img: GreyImage, mask: Uint8Array, left: number, right: number): Glyph {
  const rows: boolean[] = [];
  for (let y = 0; y < img.height; y++) {
    let any = false;
    for (let c = left; c <= right && !any; c++) any = mask[y * img.width + c] === 1;
    rows.push(any);
  }
  const top = rows.indexOf(true);
  const bottom = rows.lastIndexOf(true);
  let gaps = 0;
  for (let y = top + 1; y <= bottom; y++) if (rows[y] && !rows[y - 1]) gaps++;
  return { left, right, top, bottom, dotted: gaps > 0 };
}

function inkInColumn(img: GreyImage, mask: Uint8Array, x: number): number {
  let n = 0;
  for (let y = 0; y < img.height; y++) n += mask[y * img.width + x] ?? 0;
  return n;
}

/** Glyphs as runs of columns with ink. */
function glyphs(img: GreyImage, mask: Uint8Array): Glyph[] {
  const found: Glyph[] = [];
  let start = -1;
  for (let x = 0; x <= img.width; x++) {
    const ink = x < img.width && inkInColumn(img, mask, x) > 0;
    if (ink && start < 0) start = x;
    if (!ink && start >= 0) {
      found.push(glyphIn(img, mask, start, x - 1));
      start = -1;
    }
  }
  return found;
}

/**
 * Glyphs a blur, a downscale or a kerned pair (a v against a j) ran together, cut apart: the
 * widest run, while it is clearly wider than the others, is cut into as many glyphs as its width
 * holds, each cut at the column of least ink near where it is expected, until the code has its
 * nine glyphs. No pitch is assumed: SPSE shows the code in a monospace font on one page and in
 * the page's own font on another.
 */
function cutRuns(img: GreyImage, mask: Uint8Array, token: readonly Glyph[]): Glyph[] {
  const out = [...token];
  while (out.length < 9) {
    const widths = out.map((g) => g.right - g.left + 1);
    const widest = widths.indexOf(Math.max(...widths));
    const g = out[widest];
    if (g === undefined) break;
    const w = g.right - g.left + 1;
    const others = widths.filter((_, i) => i !== widest);
    const typical = others.length > 0 ? median(others) : w / 2;
    if (w < typical * RUN_RATIO || w < 4) break;
    const n = Math.min(10 - out.length, Math.max(2, Math.round(w / typical)));
    const reach = Math.max(1, Math.floor(w / n / 4));
    const parts: Glyph[] = [];
    let left = g.left;
    for (let k = 1; k < n; k++) {
      const expected = g.left + Math.round((k * w) / n);
      let cut = Math.max(left + 1, expected - reach);
      for (let x = cut + 1; x <= Math.min(g.right - 1, expected + reach); x++) {
        if (inkInColumn(img, mask, x) < inkInColumn(img, mask, cut)) cut = x;
      }
      parts.push(glyphIn(img, mask, left, cut - 1));
      left = cut + 1;
    }
    parts.push(glyphIn(img, mask, left, g.right));
    out.splice(widest, 1, ...parts);
  }
  return out;
}

/** How much wider than the code's other glyphs a run must be to be taken for two. */
const RUN_RATIO = 1.3;

/** Share of the glyph's width its ink spans in the rows [from, to) of its own height (0 top, 1 bottom). */
function span(mask: Uint8Array, width: number, g: Glyph, from: number, to: number): number {
  const h = g.bottom - g.top + 1;
  const ink = inkBetween(mask, width, g, g.top + Math.floor(h * from), g.top + Math.ceil(h * to));
  return ink === null ? 0 : (ink.right - ink.left + 1) / (g.right - g.left + 1);
}

/** The leftmost and rightmost ink of the glyph's columns in the rows [top, bottom), or null. */
function inkBetween(mask: Uint8Array, width: number, g: Glyph, top: number, bottom: number): { left: number; right: number } | null {
  let left = Infinity;
  let right = -Infinity;
  for (let y = top; y < bottom; y++) {
    for (let x = g.left; x <= g.right; x++) {
      if (mask[y * width + x]) {
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  return right < left ? null : { left, right };
}

// Letters that stand as high as the x-height, and characters that stand as high as a digit or an
// ascender, when read (the look-alikes being decided are left out of both).
const X_HEIGHT_LETTERS = /^[acemnruvwx]$/;
const TALL_CHARACTERS = /^[4-79bdfhk]$/;
const DESCENDERS = /^[gjpqy]$/;

/**
 * What the glyphs of `img` (the code alone, at least ~30 px high) say of `read` (nine characters
 * from tesseract): `code` is the code with its look-alikes decided, null when the glyphs are not
 * nine, or a glyph's shape fits none of its character's look-alikes, or a 1 or an l is too close
 * to call (FLAG_DOUBT). `contradicted` is true when a glyph's shape says it is not the character
 * read (contradicts): the reading is wrong, not only undecided.
 */
export interface ShapeReading {
  code: string | null;
  contradicted: boolean;
}

const UNDECIDED: ShapeReading = { code: null, contradicted: false };
const CONTRADICTED: ShapeReading = { code: null, contradicted: true };

export function readShapes(img: GreyImage, read: string): ShapeReading {
  if (read.length !== 9) return UNDECIDED;
  const mask = inkMask(img);
  const all = glyphs(img, mask).filter((g) => g.bottom - g.top >= 2);
  if (all.length === 0) return UNDECIDED;
  const lineHeight = Math.max(...all.map((g) => g.bottom - g.top + 1));
  // The token: glyphs until a gap wider than half the line's height.
  let token: Glyph[] = [];
  for (const g of all) {
    if (g.bottom - g.top + 1 < lineHeight * 0.25) continue;
    const prev = token[token.length - 1];
    if (prev && g.left - prev.right > lineHeight * 0.5) break;
    token.push(g);
  }
  if (token.length < 9) token = cutRuns(img, mask, token);
  if (token.length !== 9 || token.some((g) => g.top < 0)) return UNDECIDED;
  const chars = [...read];
  // Heights above the baseline, so that a descender (g, p, q, y, j) does not count as tall.
  const baseline = median(token.filter((_, i) => !DESCENDERS.test(chars[i] ?? '')).map((g) => g.bottom));
  const above = token.map((g) => baseline - g.top + 1);
  const tall = above.filter((_, i) => TALL_CHARACTERS.test(chars[i] ?? ''));
  const small = above.filter((_, i) => X_HEIGHT_LETTERS.test(chars[i] ?? ''));
  const digitHeight = tall.length > 0 ? median(tall) : Math.max(...above);
  const xHeight = small.length > 0 ? median(small) : digitHeight * 0.73;
  if (digitHeight - xHeight < 3) return UNDECIDED;
  const isSmall = (h: number) => h < (digitHeight + xHeight) / 2;
  const typicalWidth = median(token.map((g) => g.right - g.left + 1));
  let out = '';
  for (let i = 0; i < 9; i++) {
    const g = token[i] as Glyph;
    const h = above[i] ?? 0;
    const c = chars[i] ?? '';
    if (contradicts(mask, img.width, g, c, isSmall(h), g.bottom - baseline > (digitHeight - xHeight) / 2 ? baseline : null)) return CONTRADICTED;
    if (c === '0' || c === 'o') {
      if (isSmall(h)) out += 'o';
      else if (waisted(mask, img.width, g)) return UNDECIDED;
      else out += '0';
    }
    else if (c === '1' || c === 'l' || c === 'i') {
      // An i has its dot; an l's upper part is as wide as its stem (a proportional l is a bare
      // stroke, a monospace l's serif stays on its top rows), where a 1's flag runs down-left
      // from its top. Measured against the glyph's own stem, so that a blur widening every
      // stroke alike does not make an l a 1. Too close to call (FLAG_DOUBT): no reading. Without
      // a dot, a "stem" as wide as half a glyph is a neighbour cut in with it (an l run into the
      // c after it), whose shape says nothing of the stroke.
      if (g.dotted) out += 'i';
      else if (median(rowWidths(mask, img.width, g, 0.45, 0.7)) > typicalWidth / 2) return UNDECIDED;
      else if (notched(mask, img.width, g)) out += 'i';
      else {
        const flag = span(mask, img.width, g, 0.2, 0.35) / Math.max(Number.EPSILON, span(mask, img.width, g, 0.45, 0.7));
        if (flag > FLAG_DOUBT.from && flag < FLAG_DOUBT.to) return UNDECIDED;
        out += flag > FLAG_RATIO ? '1' : 'l';
      }
    } else if (c === 's' || c === '8') {
      // A tall s is an 8 when its upper loop is round, else (a 5's bare upper stroke) not a code.
      if (isSmall(h)) out += 's';
      else if ((c === '8' || span(mask, img.width, g, 0.2, 0.4) > 0.6) && waisted(mask, img.width, g)) out += '8';
      else return UNDECIDED;
    } else if (c === 'z' || c === '3' || c === '2') {
      if (isSmall(h)) out += 'z';
      else if (c === 'z') return UNDECIDED;
      else out += c;
    } else out += c;
  }
  return { code: out, contradicted: false };
}

/** The round x-height letters a downscaled 0 or 8 is read as. */
const ROUND_LETTERS = /^[ace]$/;

/** Letters whose ascender is a bare stem to one side, where a 0's top is round. */
const STEM_ASCENDERS = /^[bdhk]$/;

/**
 * Whether the glyph's shape says it is not the character read, whatever its look-alikes: a small
 * glyph read as a digit, a tall one read as a round x-height letter (a downscaled 0 read as an e),
 * an e without its bar (a JPEG's c read as an e), a g or a y that does not go below the line (an
 * 8 read as a g), a descender on the wrong side (a q read as a g), a g open at its top or a y
 * closed there (one read as the other), a d whose top is round (a 0 read as a d), a 6 closed on
 * its right (a 0) or with a stem for its top (a b).
 * Tesseract makes these slips on a line 6–8 px high, and some on a clean one; the glyphs scaled
 * up still show them. `baseline` is the line's, when the glyph goes below it; null when it does not.
 */
function contradicts(mask: Uint8Array, width: number, g: Glyph, c: string, small: boolean, baseline: number | null): boolean {
  if (ROUND_LETTERS.test(c)) return !small || (c === 'e' && !barred(mask, width, g));
  if (TALL_CHARACTERS.test(c) && small) return true;
  if (DESCENDERS.test(c)) {
    if (baseline === null || wrongSide(mask, width, g, c, baseline)) return true;
    return c === 'g' ? !roundTop(mask, width, g) : c === 'y' && roundTop(mask, width, g);
  }
  if (c === '6') return closedAboveBowl(mask, width, g) || !roundTop(mask, width, g);
  return STEM_ASCENDERS.test(c) && roundTop(mask, width, g);
}

/**
 * Whether the lower half of the glyph's descender is on the wrong side for the letter read: a q's
 * is a stem on the right, a p's a stem on the left, and a g's and a y's curve back to the left.
 */
function wrongSide(mask: Uint8Array, width: number, g: Glyph, c: string, baseline: number): boolean {
  const w = g.right - g.left + 1;
  const ink = inkBetween(mask, width, g, Math.ceil((baseline + g.bottom) / 2), g.bottom + 1);
  if (ink === null) return true;
  const from = (ink.left - g.left) / w;
  const to = (ink.right - g.left + 1) / w;
  if (c === 'q') return from < 0.5;
  if (c === 'p') return to > 0.6;
  // A j's hook may run under its neighbour, past the column its glyph was cut at.
  return c !== 'j' && from > 0.4;
}

/**
 * Whether the glyph is closed on its right all down its upper part, where a 6, between its top
 * stroke and its bowl, leaves a row or more open (its ink ends short of its right edge): a 0
 * (with its dot, as SPSE's mono font draws it) read as a 6 on a line a few pixels high.
 */
function closedAboveBowl(mask: Uint8Array, width: number, g: Glyph): boolean {
  const h = g.bottom - g.top + 1;
  const w = g.right - g.left + 1;
  for (let y = g.top + Math.floor(h * 0.15); y < g.top + Math.ceil(h * 0.45); y++) {
    let right = -1;
    for (let x = g.left; x <= g.right; x++) if (mask[y * width + x]) right = x;
    if (right - g.left + 1 < w * 0.8) return false;
  }
  return true;
}

/**
 * Whether ink runs across the glyph's middle rows: an e's bar does, where a c is open on its
 * right (its terminals end above and below these rows, in bold too). Not the other way round:
 * a downscaled c, blurred, can close.
 */
function barred(mask: Uint8Array, width: number, g: Glyph): boolean {
  return Math.max(...rowWidths(mask, width, g, 0.4, 0.6)) >= (g.right - g.left + 1) * 0.7;
}

/**
 * Whether the glyph's top rows hold ink at its middle column: a 0's arc does, where the stem of
 * a b or a d (its serif too) stands to one side.
 */
function roundTop(mask: Uint8Array, width: number, g: Glyph): boolean {
  const middle = Math.round((g.left + g.right) / 2);
  const rows = Math.ceil((g.bottom - g.top + 1) * STEM_TOP);
  for (let y = g.top; y < g.top + rows; y++) if (mask[y * width + middle]) return true;
  return false;
}

/** The share of a glyph's height, from its top, that only the stem of a b, d, h or k reaches. */
const STEM_TOP = 0.17;

/**
 * An i whose dot a blur or a downscale joined to its stem: the join is thinner than the stem,
 * where an l or a 1 is at least as wide as its stem all down its upper part.
 */
function notched(mask: Uint8Array, width: number, g: Glyph): boolean {
  const stem = median(rowWidths(mask, width, g, 0.45, 0.7));
  return Math.min(...rowWidths(mask, width, g, 0.1, 0.4)) < stem * 0.7;
}

/** How much wider than its stem a 1's upper part is, at least (its flag). */
const FLAG_RATIO = 1.35;
/**
 * Flags this close to FLAG_RATIO say neither 1 nor l. Measured on the 1s and ls of 125 screens
 * (five seeds, every variant but phone photos): ls to 1.30 and 1s from 1.42, but for one l at
 * 1.45 and one 1 at 1.14–1.18, both downscaled, whose codes were read wrong, with every reading's
 * other characters agreeing. A wrong code is worse than none.
 */
const FLAG_DOUBT = { from: FLAG_RATIO / 1.2, to: FLAG_RATIO * 1.12 };

/**
 * An 8's two loops meet at a waist: its ink is narrower there than across its loops. A 0 is
 * widest at its middle. Read as either, a glyph whose shape says the other is not trusted (a
 * downscaled 0 is read as an 8 by every pass).
 */
function waisted(mask: Uint8Array, width: number, g: Glyph): boolean {
  const waist = Math.min(...rowWidths(mask, width, g, 0.35, 0.62));
  const loops = Math.min(Math.max(...rowWidths(mask, width, g, 0.12, 0.35)), Math.max(...rowWidths(mask, width, g, 0.62, 0.88)));
  return waist < loops * 0.85;
}

/** The ink's extent on each row in [from, to) of the glyph's height (0 top, 1 bottom), in pixels. */
function rowWidths(mask: Uint8Array, width: number, g: Glyph, from: number, to: number): number[] {
  const h = g.bottom - g.top + 1;
  const widths: number[] = [];
  for (let y = g.top + Math.floor(h * from); y < g.top + Math.ceil(h * to); y++) {
    let min = Infinity;
    let max = -Infinity;
    for (let x = g.left; x <= g.right; x++) {
      if (mask[y * width + x]) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
    widths.push(max < min ? 0 : max - min + 1);
  }
  return widths.length > 0 ? widths : [0];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
