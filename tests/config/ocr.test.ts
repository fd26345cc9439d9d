// config `ocr`: whether screenshots are read. 'auto' reads when tesseract and its language data
// are installed and otherwise says why it does not; 'on' refuses to start without them; 'off'
// never reads. Bad values name their key.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../../src/config/load';
import { configDir, problemsOf, writeConfig } from './config-kit';
import { ocrChoice } from '../../src/ocr/settings';

let dir: string;

beforeEach(() => {
  dir = configDir('lpse-ocr-config-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function fileWith(ocr: Record<string, unknown>): string {
  return writeConfig(dir, (doc: { ocr: Record<string, unknown> }) => {
    doc.ocr = { ...doc.ocr, ...ocr };
  });
}

const withOcr = (ocr: Record<string, unknown>): Config => loadConfig(fileWith(ocr));

describe('config ocr', () => {
  it('defaults to auto, tesseract with Indonesian and English, a 20 s budget', () => {
    const { ocr } = loadConfig(DEFAULT_CONFIG_PATH);
    expect(ocr).toEqual({ enabled: 'auto', command: 'tesseract', languages: 'ind+eng', budgetSeconds: 20, memoryMB: 512, maxMegapixels: 40 });
  });

  it('names the key of a bad value', () => {
    expect(problemsOf(fileWith({ enabled: 'yes' }))).toEqual([expect.stringMatching(/^ocr\.enabled: /)]);
    expect(problemsOf(fileWith({ languages: 'ind, eng' }))).toEqual([expect.stringMatching(/^ocr\.languages: .*ind\+eng/)]);
    expect(problemsOf(fileWith({ budgetSeconds: 0 }))).toEqual([expect.stringMatching(/^ocr\.budgetSeconds: /)]);
    expect(problemsOf(fileWith({ memoryMB: 16 }))).toEqual([expect.stringMatching(/^ocr\.memoryMB: /)]);
  });

  it('off: never reads, and says it is off by choice', () => {
    expect(ocrChoice(withOcr({ enabled: 'off' }))).toEqual({ settings: null, off: 'ocr.enabled is "off"' });
  });

  it('auto without the engine: off, saying what to install', () => {
    const choice = ocrChoice(withOcr({ enabled: 'auto', command: path.join(dir, 'no-tesseract-here') }));
    expect(choice.settings).toBeNull();
    expect(choice.off).toMatch(/not found.*tesseract-ocr/);
  });

  it('auto without a language: off, naming the package of the missing data', () => {
    const choice = ocrChoice(withOcr({ enabled: 'auto', languages: 'ind+xyzq' }));
    expect(choice.settings).toBeNull();
    // Either the engine is missing altogether, or it lacks the made-up language.
    expect(choice.off).toMatch(/xyzq|not found/);
  });

  it('on without the engine: a config error naming ocr.enabled', () => {
    expect(() => ocrChoice(withOcr({ enabled: 'on', command: path.join(dir, 'no-tesseract-here') }))).toThrow(ConfigError);
    try {
      ocrChoice(withOcr({ enabled: 'on', command: path.join(dir, 'no-tesseract-here') }));
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([expect.stringMatching(/^ocr\.enabled: "on", but .*not found/)]);
    }
  });
});
