/**
 * CSS colours as a mail client paints them, enough to tell text a reader cannot see from the
 * background behind it: hex, rgb()/rgba(), hsl()/hsla(), `transparent` and the named colours
 * mail editors write, including every near-white and near-black one a sender could hide behind.
 */

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0 (invisible) to 1 (opaque). */
  a: number;
}

const NAMED: Readonly<Record<string, string>> = {
  white: 'fff', black: '000', red: 'f00', green: '008000', blue: '00f', yellow: 'ff0', orange: 'ffa500',
  gray: '808080', grey: '808080', silver: 'c0c0c0', navy: '000080', maroon: '800000', purple: '800080',
  teal: '008080', olive: '808000', lime: '0f0', aqua: '0ff', cyan: '0ff', fuchsia: 'f0f', magenta: 'f0f',
  darkgray: 'a9a9a9', darkgrey: 'a9a9a9', dimgray: '696969', dimgrey: '696969', lightgray: 'd3d3d3',
  lightgrey: 'd3d3d3', gainsboro: 'dcdcdc', whitesmoke: 'f5f5f5', snow: 'fffafa', ghostwhite: 'f8f8ff',
  ivory: 'fffff0', floralwhite: 'fffaf0', seashell: 'fff5ee', mintcream: 'f5fffa', azure: 'f0ffff',
  aliceblue: 'f0f8ff', honeydew: 'f0fff0', lavenderblush: 'fff0f5', oldlace: 'fdf5e6', linen: 'faf0e6',
  cornsilk: 'fff8dc', lightyellow: 'ffffe0', lemonchiffon: 'fffacd', lightcyan: 'e0ffff', beige: 'f5f5dc',
  lavender: 'e6e6fa', mistyrose: 'ffe4e1', papayawhip: 'ffefd5', blanchedalmond: 'ffebcd', antiquewhite: 'faebd7',
  lightgoldenrodyellow: 'fafad2', darkblue: '00008b', midnightblue: '191970', darkslategray: '2f4f4f',
  darkslategrey: '2f4f4f', darkred: '8b0000', darkgreen: '006400',
};

function hex(digits: string): Rgba | null {
  if (!/^[0-9a-f]{3,8}$/.test(digits) || digits.length === 5 || digits.length === 7) return null;
  const short = digits.length <= 4;
  const part = (i: number): number => {
    const h = short ? digits.charAt(i).repeat(2) : digits.slice(i * 2, i * 2 + 2);
    return parseInt(h, 16);
  };
  const alpha = digits.length === 4 || digits.length === 8 ? part(3) / 255 : 1;
  return { r: part(0), g: part(1), b: part(2), a: alpha };
}

/** A number or percentage of `scale`, clamped to 0..scale; null when it is neither. */
function channel(s: string, scale: number): number | null {
  const m = /^(-?\d{1,4}(?:\.\d{1,6})?|-?\.\d{1,6})(%?)$/.exec(s.trim());
  if (!m) return null;
  const n = m[2] === '%' ? (Number(m[1]) / 100) * scale : Number(m[1]);
  return Math.min(scale, Math.max(0, n));
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

function functional(name: string, args: string): Rgba | null {
  // rgb(1, 2, 3), rgb(1 2 3 / 50%), rgba(1,2,3,.5)
  const [main = '', slash] = args.split('/');
  const parts = main.split(/[\s,]+/).filter((p) => p !== '');
  const alphaText = slash ?? (parts.length === 4 ? parts[3] : undefined);
  if (parts.length < 3 || parts.length > 4) return null;
  const a = alphaText === undefined ? 1 : channel(alphaText, 1);
  if (a === null) return null;
  if (name === 'rgb' || name === 'rgba') {
    const [r, g, b] = parts.slice(0, 3).map((p) => channel(p, 255));
    return r == null || g == null || b == null ? null : { r, g, b, a };
  }
  const h = Number(/^-?\d{1,4}(?:\.\d{1,6})?/.exec(parts[0] ?? '')?.[0] ?? NaN);
  const s = channel(parts[1] ?? '', 1);
  const l = channel(parts[2] ?? '', 1);
  if (Number.isNaN(h) || s === null || l === null) return null;
  const [r, g, b] = hslToRgb(((h % 360) + 360) % 360, s, l);
  return { r, g, b, a };
}

/** The colour a CSS value or an HTML colour attribute names, or null when it names none we know. */
export function parseColour(value: string): Rgba | null {
  const v = value.trim().toLowerCase();
  if (v === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  if (v.startsWith('#')) return hex(v.slice(1));
  const named = NAMED[v];
  if (named !== undefined) return hex(named);
  const m = /^(rgba?|hsla?)\(([^()]{1,60})\)$/.exec(v);
  if (m) return functional(m[1] ?? '', m[2] ?? '');
  // Old HTML writes bgcolor="ffffff" without the hash; mail clients still paint it.
  return /^[0-9a-f]{6}$/.test(v) ? hex(v) : null;
}

/** The first colour in a `background` shorthand ("url(x) #fff no-repeat"), or null. */
export function backgroundColour(value: string): Rgba | null {
  for (const token of value.split(' ')) {
    const c = parseColour(token);
    if (c) return c;
  }
  return null;
}

/** `top` painted over the opaque `under`. */
export function over(top: Rgba, under: Rgba): Rgba {
  const mix = (t: number, u: number) => t * top.a + u * (1 - top.a);
  return { r: mix(top.r, under.r), g: mix(top.g, under.g), b: mix(top.b, under.b), a: 1 };
}

function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** The WCAG contrast ratio of two opaque colours: 1 (the same) to 21 (black on white). */
export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
