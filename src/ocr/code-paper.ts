/**
 * The code's line on white paper. SPSE shows the Kode Error on a grey box that ends beside it;
 * over white page, grey box and dark glyphs, tesseract's single threshold (and the shapes' Otsu
 * threshold, code-shapes.ts) takes the box for ink, worst when the line is a downscaled one
 * scaled back up. Pure: a greyscale crop in, its pixels on white paper out.
 */
import type { GreyImage } from './code-shapes';

/**
 * The window the paper is measured in, as a share of the line's height: wider than any stroke of
 * its glyphs, narrower than the grey box behind them.
 */
const PAPER_WINDOW = 0.4;

/** Each pixel's extreme (`pick`: the lighter or the darker) within `radius` of it along its row or its column. */
function extremeAlong(src: Uint8Array, width: number, height: number, radius: number, rows: boolean, pick: (a: number, b: number) => number): Uint8Array {
  const out = new Uint8Array(src.length);
  const [outer, inner] = rows ? [height, width] : [width, height];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let v = -1;
      for (let k = Math.max(0, i - radius); k <= Math.min(inner - 1, i + radius); k++) {
        const at = src[rows ? o * width + k : k * width + o] ?? 0;
        v = v < 0 ? at : pick(v, at);
      }
      out[rows ? o * width + i : i * width + o] = v;
    }
  }
  return out;
}

/**
 * The paper under the glyphs is the line closed by a window wider than their strokes (the
 * lightest value around each pixel, then the darkest of those: the glyphs are gone, the box's
 * edges stay where they are), and each pixel is divided by it. Light text on a dark page is left
 * as it is.
 */
export function onWhitePaper(img: GreyImage, lineHeight: number): Uint8Array {
  let dark = 0;
  for (const v of img.data) if (v < 128) dark++;
  const radius = Math.round(lineHeight * PAPER_WINDOW) >> 1;
  if (dark * 2 > img.data.length || radius < 1) return img.data;
  const { width, height } = img;
  const lightest = extremeAlong(extremeAlong(img.data, width, height, radius, true, Math.max), width, height, radius, false, Math.max);
  const paper = extremeAlong(extremeAlong(lightest, width, height, radius, true, Math.min), width, height, radius, false, Math.min);
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.round(((img.data[i] ?? 0) * 255) / Math.max(1, paper[i] ?? 0)));
  return out;
}
