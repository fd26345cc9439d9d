/**
 * Whether screenshots are read, from config `ocr`: 'off' never; 'auto' when the engine and its
 * language data are installed (else off, with the reason said at start); 'on' requires them.
 */
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import type { Config } from '../config/load';
import type { OcrSettings } from './types';

export type OcrChoice = { settings: OcrSettings; off: null } | { settings: null; off: string };

/** Throws a ConfigError when `ocr.enabled` is 'on' and the engine cannot run. */
export function ocrChoice(cfg: Config): OcrChoice {
  const { ocr } = cfg;
  if (ocr.enabled === 'off') return { settings: null, off: 'ocr.enabled is "off"' };
  const settings: OcrSettings = {
    command: ocr.command,
    languages: ocr.languages,
    budgetMs: ocr.budgetSeconds * 1000,
    memoryMB: ocr.memoryMB,
    maxPixels: Math.round(ocr.maxMegapixels * 1_000_000),
    workDir: path.join(cfg.paths.files, '.reading'),
  };
  // The engine's module (and sharp with it) loads only when reading may be on.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const { ocrAvailability } = require('./engine') as typeof import('./engine');
  const available = ocrAvailability(settings);
  if (available.on) return { settings, off: null };
  if (ocr.enabled === 'on') throw new ConfigError([`ocr.enabled: "on", but ${available.why}`]);
  return { settings: null, off: available.why };
}

/** The line the CLI prints when screenshots are not read. */
export function ocrOffLine(off: string): string {
  return `screenshots are not read (OCR is off): ${off}`;
}
