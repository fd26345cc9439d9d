/**
 * Reading a screenshot with Debian's tesseract, run as a process: its memory is capped (prlimit),
 * its time is the reading's budget, and a picture is checked for size before it is decoded. The
 * picture is prepared with sharp (greyscale, scaled to the size tesseract reads best), read once
 * whole, then the Kode Error's own box is read again as a single line, scaled up: the code is
 * what LKPP needs and its font confuses 0/o, 1/l, 8/b.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { fileHead } from '../inbox/file-head';
import { imageSize } from '../inbox/image-size';
import { holdsPictures, pictureInside } from './pictures';
import { readShapes, type GreyImage, type ShapeReading } from './code-shapes';
import { onWhitePaper } from './code-paper';
import { codeFromToken, codeLabel, codeLabels, codeUnclear, labelledCodes, mayBeCode, readScreenText, showsText, tokenAfter, type CodeLabel } from './screen-text';
import type { OcrLine, OcrSettings, OcrWord, ScreenshotOcr, Unreadable } from './types';

const HEADER_BYTES = 512 * 1024;
const STDOUT_CAP = 2 * 1024 * 1024;
const STDERR_CAP = 16 * 1024;
const LIST_LANGS_TIMEOUT_MS = 5000;
/** Time kept back from the budget for the work after the last pass (parsing, removing files). */
const MARGIN_MS = 150;
/** A second look at the code needs this much of the budget left; else the first reading stands. */
const CODE_PASS_MIN_MS = 400;
const CODE_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/**
 * Widths the whole-screen pass is scaled to: tesseract reads 12–16 px screen text best at about
 * twice its size; a phone photo of a monitor is larger than it needs and slower.
 */
const MIN_WIDTH = 2000;
const MAX_WIDTH = 2600;
const MAX_UPSCALE = 2.5;
/** The largest prepared picture: a 2600 px wide screen is 4–6 MP; more only slows tesseract down. */
const PREPARED_MAX_PIXELS = 16_000_000;
/**
 * A screenshot's flat areas repeat one grey exactly, pixel after pixel; a camera's sensor never
 * does. Below this share of neighbours within one grey level of each other (measured: 0.85–0.99
 * for screenshots, JPEG ones included; 0.09–0.21 for phone photos of a monitor), the picture is
 * a photo: its light is uneven, its glyphs blurred and skewed, and their shapes are not trusted to
 * tell look-alikes apart (an i whose dot the blur joined to its stem was taken for a 1).
 */
const PHOTO_FLATNESS = 0.6;
/** Width the flatness is measured at (nearest-neighbour, so that flat areas stay flat). */
const FLATNESS_WIDTH = 1200;
/**
 * A photo's page is divided by its own light (the picture blurred this much), so that glare and a
 * dark corner are gone, and its contrast is raised this much: a monitor's pale grey text on a
 * white page becomes dark enough for the engine, which otherwise drops it as background.
 */
const PHOTO_LIGHT_SIGMA = 20;
const PHOTO_CONTRAST = 2.5;
const LIGHT_STEP = 4;
/**
 * The code's line is scaled to the first of these heights for its own pass, then to the next
 * while the code is not settled: a line of 6–8 px (a screen at 60 % zoom) that 48 and 38 leave
 * in doubt is sometimes read at 30 (measured on 180 screens: 2 more codes, none wrong).
 */
const CODE_LINE_HEIGHTS = [48, 38, 30];
/**
 * The most the code's line is scaled up: eight times brings a 6–7 px line to the heights above,
 * where six left a 7 px one at 42 px (measured on 30 downscaled screens: 2 more codes, none
 * wrong); more only enlarges the blur.
 */
const CODE_MAX_UPSCALE = 8;

const SHARP_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/tiff', 'image/heic', 'image/heif', 'image/avif']);
/** Types tesseract's own decoder (leptonica) reads where sharp's prebuilt libvips does not. */
const ENGINE_TYPES = new Set(['image/bmp', 'image/x-ms-bmp']);

let sharpConfigured = false;
function configureSharp(): void {
  if (sharpConfigured) return;
  // One picture at a time, nothing kept: the reading runs beside intake in a small process.
  sharp.cache(false);
  sharp.concurrency(1);
  sharpConfigured = true;
}

const availability = new Map<string, { on: true } | { on: false; why: string }>();

/** Whether tesseract runs and has every language asked for; asked once per program and language list. */
export function ocrAvailability(settings: OcrSettings): { on: true } | { on: false; why: string } {
  const key = `${settings.command}\u0000${settings.languages}`;
  const known = availability.get(key);
  if (known) return known;
  const result = checkAvailability(settings);
  availability.set(key, result);
  return result;
}

function checkAvailability(settings: OcrSettings): { on: true } | { on: false; why: string } {
  const run = spawnSync(settings.command, ['--list-langs'], { timeout: LIST_LANGS_TIMEOUT_MS, encoding: 'utf8', maxBuffer: 256 * 1024 });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      on: false,
      why: missing
        ? `${settings.command} was not found (install Debian's tesseract-ocr and tesseract-ocr-ind)`
        : `${settings.command} --list-langs failed: ${run.error.message}`,
    };
  }
  if (run.status !== 0) return { on: false, why: `${settings.command} --list-langs ended with status ${run.status ?? run.signal ?? 'unknown'}` };
  // Tesseract 5 lists on stdout, 4 on stderr: a header line, then one language a line.
  const listed = new Set(`${run.stdout}\n${run.stderr}`.split(/\r?\n/).map((l) => l.trim()));
  for (const lang of settings.languages.split('+')) {
    if (!listed.has(lang)) return { on: false, why: `${settings.command} has no '${lang}' language data (install tesseract-ocr-${lang})` };
  }
  return { on: true };
}

class Unread extends Error {
  constructor(
    readonly reason: Unreadable,
    readonly detail: string,
  ) {
    super(detail);
  }
}

interface Scratch {
  file(suffix: string): string;
  removeAll(): void;
}

function scratch(workDir: string): Scratch {
  const made: string[] = [];
  const stem = `ocr-${process.pid}-${randomBytes(6).toString('hex')}`;
  return {
    file: (suffix) => {
      const f = path.join(workDir, `${stem}-${made.length}${suffix}`);
      made.push(f);
      return f;
    },
    removeAll: () => {
      for (const f of made) fs.rmSync(f, { force: true });
    },
  };
}

/**
 * Why sharp failed, as a verdict on the picture; or, when it could not write its output (a
 * missing work folder, a full disk), the machine's fault, thrown as it is: never recorded
 * against the picture, which is read again later.
 */
function sharpFailure(e: unknown, contentType: string): Error {
  const message = e instanceof Error ? e.message : String(e);
  if (/unable to (?:open|write)[^\n]{0,40}for write|write error|wbuffer_write|no space left/i.test(message)) return e instanceof Error ? e : new Error(message);
  if (/pixel limit/i.test(message)) return new Unread('too_large', message);
  if (/timeout/i.test(message)) return new Unread('timeout', `decoding: ${message}`);
  if (/heif|heic/i.test(contentType) || /compression format has not been built in/i.test(message)) {
    return new Unread('format', `the picture's format cannot be decoded here (${message})`);
  }
  return new Unread('corrupt', message);
}

interface Prepared {
  file: string;
  /** Prepared pixels per original pixel. */
  scale: number;
  width: number;
  height: number;
  /** A photo of a screen (looksLikePhoto), not a screenshot. */
  photo: boolean;
}

/** Whether the picture is a camera's photo rather than a screenshot (see PHOTO_FLATNESS). */
async function looksLikePhoto(open: () => sharp.Sharp): Promise<boolean> {
  const { data, info } = await open().greyscale().resize({ width: FLATNESS_WIDTH, kernel: 'nearest', withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  let flat = 0;
  for (let y = 0; y < info.height; y++) {
    const row = y * info.width;
    for (let x = 1; x < info.width; x++) if (Math.abs((data[row + x] ?? 0) - (data[row + x - 1] ?? 0)) <= 1) flat++;
  }
  return flat < PHOTO_FLATNESS * info.height * Math.max(1, info.width - 1);
}

/** Greyscale, scaled for the whole-screen pass, written as PNG. */
async function prepare(input: string, contentType: string, settings: OcrSettings, out: string, secondsLeft: number): Promise<Prepared> {
  configureSharp();
  const open = () => sharp(input, { limitInputPixels: settings.maxPixels, sequentialRead: true, failOn: 'error' });
  let meta: sharp.Metadata;
  try {
    meta = await open().metadata();
  } catch (e) {
    throw sharpFailure(e, contentType);
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new Unread('corrupt', 'the picture has no size');
  if (width * height > settings.maxPixels) throw new Unread('too_large', `${width} x ${height} pixels is over the limit of ${settings.maxPixels}`);
  const wanted = width < MIN_WIDTH ? Math.min(MAX_UPSCALE, MIN_WIDTH / width) : width > MAX_WIDTH ? MAX_WIDTH / width : 1;
  // The prepared copy stays within the pixel limit too (a tall narrow picture would grow past it).
  const scale = Math.min(wanted, Math.sqrt(Math.min(settings.maxPixels, PREPARED_MAX_PIXELS) / (width * height)));
  const target = Math.max(1, Math.round(width * scale));
  const seconds = Math.max(1, Math.floor(secondsLeft));
  try {
    if (await looksLikePhoto(() => open().timeout({ seconds }).autoOrient())) {
      const photo = await evenedPhoto(() => open().timeout({ seconds }).autoOrient(), target, out);
      return { ...photo, scale: photo.width / width };
    }
    const info = await open()
      .timeout({ seconds })
      .autoOrient()
      .greyscale()
      .resize({ width: target, kernel: scale > 1 ? 'cubic' : 'lanczos3' })
      .png({ compressionLevel: 1 })
      .toFile(out);
    return { file: out, scale: info.width / width, width: info.width, height: info.height, photo: false };
  } catch (e) {
    throw sharpFailure(e, contentType);
  }
}

/**
 * A photo of a screen, its light evened out (PHOTO_LIGHT_SIGMA, PHOTO_CONTRAST): each pixel over
 * the light around it, in place. Scaled in linear light (gamma), which keeps thin dark strokes
 * dark. The light is smooth, so it is measured on a copy LIGHT_STEP times smaller each way (a
 * sixteenth of the pixels to hold and to blur) and read back bilinearly.
 */
async function evenedPhoto(open: () => sharp.Sharp, target: number, out: string): Promise<Omit<Prepared, 'scale'>> {
  const { data, info } = await open().greyscale().gamma().resize({ width: target, kernel: 'cubic' }).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: 1 as const } };
  const lw = Math.max(1, Math.round(info.width / LIGHT_STEP));
  const lh = Math.max(1, Math.round(info.height / LIGHT_STEP));
  const light = await sharp(data, raw).resize({ width: lw, height: lh, fit: 'fill' }).blur(PHOTO_LIGHT_SIGMA / LIGHT_STEP).greyscale().raw().toBuffer();
  const fx = (lw - 1) / Math.max(1, info.width - 1);
  const fy = (lh - 1) / Math.max(1, info.height - 1);
  for (let y = 0; y < info.height; y++) {
    const ly = y * fy;
    const y0 = Math.floor(ly);
    const y1 = Math.min(lh - 1, y0 + 1);
    const wy = ly - y0;
    for (let x = 0; x < info.width; x++) {
      const lx = x * fx;
      const x0 = Math.floor(lx);
      const x1 = Math.min(lw - 1, x0 + 1);
      const wx = lx - x0;
      const top = (light[y0 * lw + x0] ?? 0) * (1 - wx) + (light[y0 * lw + x1] ?? 0) * wx;
      const bottom = (light[y1 * lw + x0] ?? 0) * (1 - wx) + (light[y1 * lw + x1] ?? 0) * wx;
      const i = y * info.width + x;
      const v = 255 - (1 - (data[i] ?? 0) / Math.max(1, top * (1 - wy) + bottom * wy)) * 255 * PHOTO_CONTRAST;
      data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  await sharp(data, raw).png({ compressionLevel: 1 }).toFile(out);
  return { file: out, width: info.width, height: info.height, photo: true };
}

let prlimitPath: string | null | undefined;
function prlimit(): string | null {
  if (prlimitPath === undefined) {
    prlimitPath = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => fs.existsSync(p)) ?? null;
  }
  return prlimitPath;
}

let timeoutPath: string | null | undefined;
function selfTimeout(): string | null {
  if (timeoutPath === undefined) timeoutPath = ['/usr/bin/timeout', '/bin/timeout'].find((p) => fs.existsSync(p)) ?? null;
  return timeoutPath;
}

/** Runs tesseract once; its TSV on success. Killed at `deadline`; never outlives the call. */
function tesseract(settings: OcrSettings, args: readonly string[], deadline: number): Promise<string> {
  const left = deadline - Date.now();
  if (left <= 0) return Promise.reject(new Unread('timeout', `over the budget of ${settings.budgetMs} ms`));
  const cap = prlimit();
  // coreutils' timeout ends tesseract at its deadline even when this process dies first (a kill -9,
  // an out-of-memory end): no reading outlives its budget.
  const own = selfTimeout();
  const engine = own === null ? [settings.command, ...args] : [own, '-s', 'KILL', `${Math.ceil(left / 1000) + 1}s`, settings.command, ...args];
  const [program, argv] = cap === null ? [engine[0] ?? settings.command, engine.slice(1)] : [cap, [`--as=${settings.memoryMB * 1024 * 1024}`, '--', ...engine]];
  return new Promise((resolve, reject) => {
    // A process group of its own: a kill ends timeout and tesseract together.
    const child = spawn(program, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: '1' }, detached: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let killedFor: 'time' | 'output' | null = null;
    const kill = (why: 'time' | 'output') => {
      if (killedFor === null) killedFor = why;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already, or never formed
      }
    };
    const timer = setTimeout(() => kill('time'), left);
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > STDOUT_CAP) kill('output');
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < STDERR_CAP) err += b.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Unread('engine_failed', `${settings.command}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killedFor === 'time') return reject(new Unread('timeout', `over the budget of ${settings.budgetMs} ms`));
      if (killedFor === 'output') return reject(new Unread('engine_failed', `more than ${STDOUT_CAP} bytes of output`));
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const said = err.trim().split(/\r?\n/).slice(-3).join(' ').slice(0, 300);
      // Over the address-space cap, tesseract's allocations fail (std::bad_alloc, then an abort or
      // a segmentation fault), or, under a very small cap, its libraries do not even load.
      if (/bad_alloc|cannot allocate|out of memory|failed to map segment/i.test(said) || signal === 'SIGABRT' || signal === 'SIGSEGV' || signal === 'SIGBUS') {
        return reject(new Unread('memory', `over the memory cap of ${settings.memoryMB} MB (${signal ?? `status ${code}`}${said ? `: ${said}` : ''})`));
      }
      reject(new Unread('engine_failed', `${settings.command} ended with ${signal ?? `status ${code}`}${said ? `: ${said}` : ''}`));
    });
  });
}

/**
 * Tesseract's TSV as lines: level 4 rows open a line (block, paragraph, line numbers), level 5
 * rows are its words. Boxes are mapped back to the original picture's pixels.
 */
export function linesFromTsv(tsv: string, scale = 1): OcrLine[] {
  const lines: OcrLine[] = [];
  let current: { box: OcrLine['box']; words: OcrWord[] } | null = null;
  const flush = () => {
    if (current && current.words.length > 0) {
      const words = current.words;
      const conf = words.reduce((s, w) => s + w.confidence, 0) / words.length;
      lines.push({ text: words.map((w) => w.text).join(' '), confidence: Math.round(conf * 10) / 10, box: current.box, words });
    }
    current = null;
  };
  const unscale = (n: string) => Math.round(Number(n) / scale);
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12) continue;
    const level = f[0];
    const box = { x: unscale(f[6] ?? '0'), y: unscale(f[7] ?? '0'), w: unscale(f[8] ?? '0'), h: unscale(f[9] ?? '0') };
    if (level === '4') {
      flush();
      current = { box, words: [] };
    } else if (level === '5' && current) {
      const text = f.slice(11).join('\t').trim();
      if (text !== '') current.words.push({ text, confidence: Math.max(0, Number(f[10])), box });
    }
  }
  flush();
  return lines;
}

/**
 * The code's region: from the first word after the label (the label's separator left out, so a
 * colon is not read as a letter), on its line, as wide as a code.
 */
function codeRegion(line: OcrLine, lastWord: number, image: { width: number; height: number }) {
  const label = line.words[lastWord];
  if (!label) return null;
  const next = line.words.slice(lastWord + 1).find((w) => /[A-Za-z0-9]/.test(w.text));
  const h = Math.max(line.box.h, label.box.h);
  const from = next ? next.box.x - Math.round(h * 0.3) : label.box.x + label.box.w + 1;
  const top = Math.max(0, Math.min(line.box.y, label.box.y) - Math.round(h * 0.2));
  const left = Math.max(0, Math.min(image.width - 1, from));
  const width = Math.min(image.width - left, Math.round(h * 9));
  const height = Math.min(image.height - top, Math.round(h * 1.4));
  return width > 4 && height > 4 ? { left, top, width, height } : null;
}

/** Characters tesseract confuses in codes: without a shape reading, a code holding one is not trusted. */
const LOOK_ALIKES = /[0o1li8sz3b6d]/;

/** A code with its look-alikes merged: what two readings must share to agree. */
const skeleton = (code: string): string => code.replace(/o/g, '0').replace(/[li]/g, '1').replace(/[sz3]/g, '8');

/**
 * The code from its readings: the whole screen's, and the code's own line read again in several
 * ways. The shape readings (code-shapes.ts, one per reading of the line) decide between
 * look-alikes: the code most of them give stands when at least two readings agree with it but
 * for look-alikes, and more readings agree than not. Without a shape reading, every reading must
 * give the same code, free of look-alikes. Null otherwise: a wrong code is worse than none.
 */
export function agreedCode(screen: string | null, line: readonly (string | null)[], shaped: readonly string[]): string | null {
  const codes = [screen, ...line].filter((c): c is string => c !== null);
  const best = mostFrequent(shaped);
  if (best !== null) {
    if (best.count * 2 <= shaped.length) return null;
    const witnesses = codes.filter((c) => skeleton(c) === skeleton(best.value)).length;
    return witnesses >= 2 && witnesses * 2 > codes.length ? best.value : null;
  }
  const code = codes[0];
  return code !== undefined && codes.length >= 2 && codes.every((c) => c === code) && !LOOK_ALIKES.test(code) ? code : null;
}

function mostFrequent(values: readonly string[]): { value: string; count: number } | null {
  let best: { value: string; count: number } | null = null;
  for (const value of new Set(values)) {
    const count = values.filter((v) => v === value).length;
    if (best === null || count > best.count) best = { value, count };
  }
  return best;
}

/**
 * How the code's line is read again, at each height it is scaled to: as a line and as a single
 * word (tesseract segments the same glyphs differently, and each way misreads other codes), with
 * the code's alphabet or without it.
 */
const CODE_PASSES: readonly { psm: string; whitelist: boolean }[] = [
  { psm: '8', whitelist: true },
  { psm: '7', whitelist: true },
  { psm: '7', whitelist: false },
];

/** One reading of the code's line: the code tesseract gave, and what the glyphs say of it (null when they were not looked at). */
export interface LineReading {
  code: string | null;
  shape: ShapeReading | null;
}

/** What the second look at the code's line gave: the code agreed, and whether a reading gave a token a code would (then a code is shown, read or not). */
export interface CodeLook {
  code: string | null;
  seen: boolean;
}

const NOTHING_SEEN: CodeLook = { code: null, seen: false };

/**
 * The code from the screen's reading and the line's (agreedCode). A reading the glyphs
 * contradict (a tall glyph read as an e) is wrong, not a second opinion: it does not vote.
 */
export function lineVerdict(screen: string | null, readings: readonly LineReading[]): CodeLook {
  const votes = readings.filter((r) => r.shape?.contradicted !== true).map((r) => r.code);
  const shaped = readings.flatMap((r) => (r.shape?.code ? [r.shape.code] : []));
  return { code: agreedCode(screen, votes, shaped), seen: codeSeen(readings) };
}

/** Whether a reading of the code's line gave a token a code would: a code is shown there. */
function codeSeen(readings: readonly LineReading[]): boolean {
  return readings.some((r) => r.code !== null && mayBeCode(r.code));
}

/** The code read again from its own box, scaled up, as one line: as text, and as glyphs with their boxes. */
async function codeReadings(
  original: string,
  screen: string | null,
  lines: readonly OcrLine[],
  label: CodeLabel | undefined,
  settings: OcrSettings,
  files: Scratch,
  deadline: number,
  image: { width: number; height: number },
  photo: boolean,
): Promise<CodeLook> {
  const line = label === undefined ? undefined : lines[label.line];
  if (!line || !label) return NOTHING_SEEN;
  const region = codeRegion(line, label.lastWord, image);
  if (region === null) return NOTHING_SEEN;
  const readings: LineReading[] = [];
  // A photo's code stands only when every reading gives it free of look-alikes (agreedCode without
  // shapes): once one reading holds a look-alike, no further pass can make it stand.
  const settledAsNone = () => photo && [screen, ...readings.map((r) => r.code)].some((c) => c !== null && LOOK_ALIKES.test(c));
  if (settledAsNone()) return NOTHING_SEEN;
  // Tesseract's reading of a short line changes with its scale (a character doubled at one,
  // read once at another): another scale is read while the ones before do not settle the code. Not
  // for a photo: without shapes, its code stands only when every reading agrees, and a second
  // scale never made them agree (measured on 20 photos), it only took a second.
  for (const lineHeight of photo ? CODE_LINE_HEIGHTS.slice(0, 1) : CODE_LINE_HEIGHTS) {
    const crop = files.file('.png');
    const factor = Math.min(CODE_MAX_UPSCALE, Math.max(1, lineHeight / Math.max(1, line.box.h)));
    const { data: scaled, info } = await sharp(original, { limitInputPixels: settings.maxPixels, failOn: 'error' })
      .autoOrient()
      .extract(region)
      .greyscale()
      .normalise()
      .resize({ width: Math.round(region.width * factor), kernel: 'cubic' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    await sharp(onWhitePaper({ width: info.width, height: info.height, data: scaled }, line.box.h * factor), { raw: { width: info.width, height: info.height, channels: 1 } })
      .extend({ top: 12, bottom: 12, left: 12, right: 12, background: '#ffffff' })
      .png({ compressionLevel: 1 })
      .toFile(crop);
    let glyphs: GreyImage | null = null;
    for (const pass of CODE_PASSES) {
      if (deadline - Date.now() < CODE_PASS_MIN_MS) break;
      const args = [crop, 'stdout', '-l', 'eng', '--psm', pass.psm];
      if (pass.whitelist) args.push('-c', `tessedit_char_whitelist=${CODE_ALPHABET}`);
      const tsv = await tesseract(settings, [...args, 'tsv'], deadline);
      const token = tokenAfter(linesFromTsv(tsv).map((l) => l.text).join(' '));
      const code = token === null ? null : codeFromToken(token);
      let shape: ShapeReading | null = null;
      if (code !== null && !photo) {
        if (glyphs === null) {
          const { data, info: raw } = await sharp(crop).greyscale().raw().toBuffer({ resolveWithObject: true });
          glyphs = { width: raw.width, height: raw.height, data };
        }
        shape = readShapes(glyphs, code);
      }
      readings.push({ code, shape });
      if (settledAsNone()) return { code: null, seen: codeSeen(readings) };
    }
    const verdict = lineVerdict(screen, readings);
    if (verdict.code !== null) return verdict;
  }
  return lineVerdict(screen, readings);
}

async function read(file: string, contentType: string, settings: OcrSettings, files: Scratch, deadline: number): Promise<Omit<ScreenshotOcr & { status: 'read' }, 'ms'>> {
  let input = file;
  let type = contentType.toLowerCase();
  if (holdsPictures(type)) {
    const picture = pictureInside(file, type, files.file('.pic'));
    if ('unreadable' in picture) throw new Unread(picture.unreadable, picture.detail);
    input = picture.file;
    type = picture.contentType;
  }
  const size = imageSize(fileHead(input, HEADER_BYTES));
  if (size !== null && size.width * size.height > settings.maxPixels) {
    throw new Unread('too_large', `${size.width} x ${size.height} pixels is over the limit of ${settings.maxPixels}`);
  }
  let prepared: Prepared;
  if (ENGINE_TYPES.has(type)) {
    if (size === null) throw new Unread('corrupt', 'the picture has no readable header');
    prepared = { file: input, scale: 1, width: size.width, height: size.height, photo: false };
  } else if (SHARP_TYPES.has(type)) {
    prepared = await prepare(input, type, settings, files.file('.png'), (deadline - Date.now()) / 1000);
  } else {
    throw new Unread('format', `pictures of type ${type} are not read`);
  }
  // A photo's evened page still varies: tesseract's local (Sauvola) threshold, not its global one.
  const threshold = prepared.photo ? ['-c', 'thresholding_method=2'] : [];
  const tsv = await tesseract(settings, [prepared.file, 'stdout', '-l', settings.languages, '--psm', '3', ...threshold, 'tsv'], deadline);
  const lines = linesFromTsv(tsv, prepared.scale);
  const reading = readScreenText(lines);
  if (!showsText(lines, reading)) throw new Unread('no_text', 'no text was read in the picture: it does not look like a screenshot');
  // No label, or labels naming two codes (an example beside the real one): no second look.
  const labels = codeLabels(lines);
  if (labels.length === 0 || labelledCodes(lines, labels).length > 1) return { status: 'read', ...reading };
  const original = { width: Math.round(prepared.width / prepared.scale), height: Math.round(prepared.height / prepared.scale) };
  let look = NOTHING_SEEN;
  try {
    if (!ENGINE_TYPES.has(type)) look = await codeReadings(input, reading.errorCode, lines, codeLabel(lines, labels), settings, files, deadline, original, prepared.photo);
  } catch {
    // The whole-screen reading stands when the second look runs out of time or fails in any way
    // (its crops are extra files: a full disk there must not undo what was read).
  }
  // Only a code with a digit (see labelledCodes).
  const code = look.code !== null && /\d/.test(look.code) ? look.code : null;
  // Unclear too when the screen's reading gave no token like a code but the line read again did.
  return { status: 'read', ...reading, errorCode: code, codeUnclear: codeUnclear(lines, code, labels) || (code === null && look.seen) };
}

function isReadableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads a screenshot (or the picture inside a PDF or Office file); never throws for a bad
 * picture, only for a fault of the machine (see sharpFailure).
 */
export async function readScreenshot(file: string, contentType: string, settings: OcrSettings): Promise<ScreenshotOcr> {
  const started = Date.now();
  const deadline = started + settings.budgetMs - MARGIN_MS;
  const files = scratch(settings.workDir);
  try {
    const result = await read(file, contentType, settings, files, deadline);
    return { ...result, ms: Date.now() - started };
  } catch (e) {
    if (e instanceof Unread) return { status: 'unreadable', reason: e.reason, detail: e.detail, ms: Date.now() - started };
    // The picture's own file gone or not a file is the picture's verdict; any other fault
    // (the work folder, the disk) is the machine's, thrown, so the picture is read again later.
    const code = (e as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') && !isReadableFile(file)) {
      return { status: 'unreadable', reason: 'no_picture', detail: `the file cannot be opened (${code})`, ms: Date.now() - started };
    }
    throw e;
  } finally {
    files.removeAll();
  }
}
