import { onWhitePaper } from '../../src/ocr/code-paper';
import type { GreyImage } from '../../src/ocr/code-shapes';

/** A code's line scaled up: white page, a grey box from `boxFrom` on, dark vertical strokes 6 px wide on both. */
function line(page: number, box: number, ink: number): GreyImage {
  const width = 300;
  const height = 60;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const stroke = y >= 10 && y < 50 && x % 30 >= 12 && x % 30 < 18;
      data[y * width + x] = stroke ? ink : x >= 150 ? box : page;
    }
  }
  return { width, height, data };
}

const at = (img: GreyImage, data: Uint8Array, x: number, y: number) => data[y * img.width + x] ?? -1;

describe('the code line on white paper', () => {
  it('takes away the grey box behind the code and keeps its glyphs dark', () => {
    const img = line(255, 190, 40);
    const out = onWhitePaper(img, 48);
    expect(at(img, out, 200, 5)).toBe(255); // the box's paper
    expect(at(img, out, 20, 5)).toBe(255); // the page's paper
    expect(at(img, out, 194, 30)).toBeLessThan(60); // a stroke on the box
    expect(at(img, out, 14, 30)).toBe(40); // a stroke on the page
  });

  it('leaves light text on a dark page as it is', () => {
    const img = line(20, 40, 230);
    expect(onWhitePaper(img, 48)).toBe(img.data);
  });
});
