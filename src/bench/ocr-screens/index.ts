// Realistic SPSE screenshots for the OCR accuracy suite and the bench (issue 13): HTML mocks of
// SPSE 4.x screens (mocks.ts) rendered in Debian's headless Chromium, then varied as committees
// send them: a clean PNG, a JPEG at quality 50–70, downscaled to 60 %, cropped to part of the page,
// dark browser chrome, and a phone photo of the monitor (perspective, blur, noise, moiré, glare).
// One browser for the whole batch; every choice comes from the seed, so a seed gives the same set.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { Random } from '../screenshot';
import { errorCode } from './codes';
import { photoHtml, screenHtml, screenSpec, type ScreenKind } from './mocks';

export type { ScreenKind } from './mocks';
export type Variant = 'clean' | 'jpeg' | 'downscaled' | 'cropped' | 'dark' | 'phone';

export interface ManifestEntry {
  /** File name inside the set's folder. */
  file: string;
  contentType: 'image/png' | 'image/jpeg';
  kind: ScreenKind;
  variant: Variant;
  /** The Kode Error the image shows, or null when it shows none. */
  code: string | null;
  /** The notification is shown with its details closed (SOP step 1b's double-click not done). */
  detailsHidden: boolean;
}
export type Manifest = ManifestEntry[];

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Why screenshots cannot be generated here, or null when they can. */
export function chromiumMissing(): string | null {
  return fs.existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (install Debian's chromium)`;
}

/**
 * The kinds in the order a set cycles through them: codes on the screen weigh most (they are what
 * LKPP needs), then the closed notification, then screens that must give no code at all.
 */
const KINDS: readonly ScreenKind[] = [
  'error_page',
  'notification_open',
  'notification_closed',
  'tender_page',
  'error_page',
  'notification_open',
  'error_no_code',
  'notification_closed',
  'notification_open',
  'not_found',
];
const VARIANTS: readonly Variant[] = ['clean', 'jpeg', 'downscaled', 'cropped', 'dark', 'phone'];
const SCREENS = [
  { width: 1366, height: 768, scale: 1 },
  { width: 1920, height: 1080, scale: 1 },
  { width: 1280, height: 720, scale: 1 },
  // A 1920 × 1080 laptop at Windows' default 125 %: CSS pixels 1536 × 864.
  { width: 1536, height: 864, scale: 1.25 },
];

/**
 * Image i's kind and variant: KINDS[i % 10] and VARIANTS[(i + ⌊i / 10⌋) % 6], so that the first 6
 * images show every variant (the bench's quick set) and 60 show every (kind slot, variant) pair once.
 * Every other cycle shows a 403 where the 404 stands.
 */
function slot(i: number): { kind: ScreenKind; variant: Variant } {
  const cycle = Math.floor(i / KINDS.length);
  const k = KINDS[i % KINDS.length] as ScreenKind;
  return { kind: k === 'not_found' && cycle % 2 === 1 ? 'forbidden' : k, variant: VARIANTS[(i + cycle) % VARIANTS.length] as Variant };
}

interface Rendered {
  png: Buffer;
  /** The target element (the code line, else the headline or notification) in image pixels. */
  target: { x: number; y: number; w: number; h: number } | null;
}

/** `scale` is the page's device scale factor: the target's box comes in CSS pixels. */
async function render(pg: Page, html: string, scale: number): Promise<Rendered> {
  await pg.setContent(html, { waitUntil: 'load' });
  const box = await pg.locator('#target').first().boundingBox();
  const png = await pg.screenshot({ type: 'png' });
  return { png, target: box && { x: box.x * scale, y: box.y * scale, w: box.width * scale, h: box.height * scale } };
}

/** Part of the page around the target, with a random margin on each side, as a user crops in Paint. */
async function crop(r: Rendered, rnd: Random): Promise<Buffer> {
  const meta = await sharp(r.png).metadata();
  const W = meta.width ?? 0;
  const H = meta.height ?? 0;
  const t = r.target ?? { x: W * 0.25, y: H * 0.3, w: W * 0.5, h: H * 0.2 };
  const left = Math.max(0, Math.round(t.x - rnd.int(20, 300)));
  const top = Math.max(0, Math.round(t.y - rnd.int(20, 260)));
  const right = Math.min(W, Math.round(t.x + t.w + rnd.int(20, 400)));
  const bottom = Math.min(H, Math.round(t.y + t.h + rnd.int(20, 200)));
  return sharp(r.png).extract({ left, top, width: right - left, height: bottom - top }).png().toBuffer();
}

/** The screen photographed from a chair: the monitor turned in 3D, then a phone camera's blur and sensor noise, as JPEG. */
async function phonePhoto(browser: Browser, screen: Buffer, screenWidth: number, rnd: Random): Promise<Buffer> {
  const width = Math.round(screenWidth * 1.4);
  const height = Math.round(width * 0.75);
  const pg = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  let photo: Buffer;
  try {
    const tilt = { x: rnd.int(2, 7), y: rnd.int(-9, 9), z: (rnd.next() - 0.5) * 3 };
    await pg.setContent(photoHtml(screen, Math.round(screenWidth * 1.25), tilt, rnd.int(15, 80)), { waitUntil: 'load' });
    photo = await pg.screenshot({ type: 'png' });
  } finally {
    await pg.close();
  }
  const { data, info } = await sharp(photo)
    .removeAlpha()
    .blur(0.8 + rnd.next() * 0.5)
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Sensor noise: the same grain on the three channels (luminance), roughly Gaussian.
  const sigma = 5 + rnd.next() * 4;
  for (let i = 0; i < data.length; i += info.channels) {
    const n = (rnd.next() + rnd.next() + rnd.next() - 1.5) * sigma * 2;
    for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, (data[i + c] ?? 0) + n));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: rnd.int(78, 88) })
    .toBuffer();
}

async function oneScreen(browser: Browser, seed: number, i: number): Promise<{ entry: Omit<ManifestEntry, 'file' | 'contentType'>; bytes: Buffer; jpeg: boolean }> {
  // Each image from its own stream: the first n images of a seed do not depend on the set's size.
  const rnd = new Random((seed * 7919 + i * 104_729 + 1) >>> 0);
  const { kind, variant } = slot(i);
  const shows = kind === 'error_page' || kind === 'notification_open';
  const code = shows ? errorCode(rnd) : null;
  const spec = screenSpec(rnd, kind, code, variant === 'dark');
  const screen = rnd.pick(SCREENS);
  const pg = await browser.newPage({ viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: screen.scale });
  let r: Rendered;
  try {
    r = await render(pg, screenHtml(spec), screen.scale);
  } finally {
    await pg.close();
  }
  const entry = { kind, variant, code, detailsHidden: kind === 'notification_closed' };
  const pixelWidth = Math.round(screen.width * screen.scale);
  switch (variant) {
    case 'clean':
    case 'dark':
      return { entry, bytes: r.png, jpeg: false };
    case 'jpeg':
      return { entry, bytes: await sharp(r.png).jpeg({ quality: rnd.int(50, 70) }).toBuffer(), jpeg: true };
    case 'downscaled':
      return { entry, bytes: await sharp(r.png).resize({ width: Math.round(pixelWidth * 0.6) }).png().toBuffer(), jpeg: false };
    case 'cropped':
      return { entry, bytes: await crop(r, rnd), jpeg: false };
    case 'phone':
      return { entry, bytes: await phonePhoto(browser, r.png, pixelWidth, rnd), jpeg: true };
  }
}

/** Writes `count` screenshots (default 60) and manifest.json into `dir`; the same seed gives the same set. */
export async function generateScreens(dir: string, opts: { count?: number; seed?: number } = {}): Promise<Manifest> {
  const count = opts.count ?? 60;
  const seed = opts.seed ?? 1;
  fs.mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const manifest: Manifest = [];
  try {
    for (let i = 0; i < count; i++) {
      const { entry, bytes, jpeg } = await oneScreen(browser, seed, i);
      const file = `${String(i + 1).padStart(3, '0')}-${entry.kind}-${entry.variant}.${jpeg ? 'jpg' : 'png'}`;
      fs.writeFileSync(path.join(dir, file), bytes);
      manifest.push({ file, contentType: jpeg ? 'image/jpeg' : 'image/png', ...entry });
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
