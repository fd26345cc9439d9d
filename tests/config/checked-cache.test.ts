// The checked config's cache: a run is served the config that passed, as long as nothing it came
// from has changed; any change is loaded and checked again, with the same problems as loadConfig.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as load from '../../src/config/load';
import { loadCheckedConfig, userCacheDir } from '../../src/config/checked-cache';
import { configDir, problemsOf, writeConfig } from './config-kit';

let dir: string;
let cacheDir: string;
let checks: jest.SpyInstance;

beforeEach(() => {
  dir = configDir('lpse-checked-config-');
  cacheDir = path.join(dir, 'cache');
  checks = jest.spyOn(load, 'loadConfig');
});
afterEach(() => {
  checks.mockRestore();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bundled = () => writeConfig(dir, () => undefined);
const holidayFile = () => path.join(dir, 'holidays', '2026.yaml');

describe('loadCheckedConfig', () => {
  it('checks a config once, then serves the same frozen config without checking it again', () => {
    const file = bundled();
    const first = loadCheckedConfig(file, cacheDir);
    const again = loadCheckedConfig(file, cacheDir);
    expect(checks).toHaveBeenCalledTimes(1);
    expect(again).toEqual(load.loadConfig(file));
    expect(again).toEqual(first);
    expect(Object.isFrozen(again.staff[0])).toBe(true);
    expect(Object.isFrozen(again.holidays)).toBe(true);
  });

  it('checks a changed config again', () => {
    const file = bundled();
    expect(loadCheckedConfig(file, cacheDir).language).toBe('id');
    writeConfig(dir, (d) => (d.language = 'en'));
    expect(loadCheckedConfig(file, cacheDir).language).toBe('en');
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('reads the holidays again when a holiday file changes or one is added', () => {
    const file = bundled();
    expect(loadCheckedConfig(file, cacheDir).holidays).not.toContain('2026-08-18');
    fs.appendFileSync(holidayFile(), "  - { date: '2026-08-18', name: Cuti bersama Hari Kemerdekaan }\n");
    expect(loadCheckedConfig(file, cacheDir).holidays).toContain('2026-08-18');
    fs.writeFileSync(path.join(dir, 'holidays', '2027.yaml'), "year: 2027\nholidays:\n  - { date: '2027-01-01', name: Tahun Baru 2027 Masehi }\n");
    expect(loadCheckedConfig(file, cacheDir).holidays).toContain('2027-01-01');
    expect(checks).toHaveBeenCalledTimes(3);
  });

  it('fails on a config made bad after it passed, with the problems loadConfig reports', () => {
    const file = bundled();
    loadCheckedConfig(file, cacheDir);
    writeConfig(dir, (d) => {
      d.mailbox.imap.port = 'abc';
      d.autoReply.maxPerHour = -1;
    });
    let problems: string[] = [];
    try {
      loadCheckedConfig(file, cacheDir);
    } catch (err) {
      if (!(err instanceof load.ConfigError)) throw err;
      problems = err.problems;
    }
    expect(problems).toEqual(['mailbox.imap.port: expected a number, got "abc"', 'autoReply.maxPerHour: expected at least 1, got -1']);
    expect(problems).toEqual(problemsOf(file));
  });

  it('does not believe an entry that others may write', () => {
    const file = bundled();
    loadCheckedConfig(file, cacheDir);
    const [name] = fs.readdirSync(cacheDir);
    const entry = path.join(cacheDir, name ?? '');
    fs.writeFileSync(entry, fs.readFileSync(entry, 'utf8').replace('staff1@lpse.test', 'forger@example.com'));
    fs.chmodSync(entry, 0o666);
    expect(loadCheckedConfig(file, cacheDir).staff.map((s) => s.email)).toEqual(['staff1@lpse.test', 'staff2@lpse.test']);
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('loads and checks the file when the cache cannot be written', () => {
    const file = bundled();
    const notAFolder = path.join(dir, 'config.yaml', 'cache');
    expect(loadCheckedConfig(file, notAFolder)).toEqual(load.loadConfig(file));
    expect(loadCheckedConfig(file, null)).toEqual(load.loadConfig(file));
  });
});

describe('userCacheDir', () => {
  it('is under XDG_CACHE_HOME when that is an absolute path, else under ~/.cache', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/var/cache/helpdesk' })).toBe('/var/cache/helpdesk/lpse-helpdesk/config');
    expect(userCacheDir({ XDG_CACHE_HOME: 'relative' })).toBe(path.join(os.homedir(), '.cache', 'lpse-helpdesk', 'config'));
  });
});

describe('the checks a command runs on a served config', () => {
  it('and the daemon need neither the loader nor its yaml and zod, which would stay in memory for the whole run', () => {
    jest.isolateModules(() => {
      jest.doMock('../../src/config/load', () => {
        throw new Error('the config loader was loaded');
      });
      /* eslint-disable @typescript-eslint/no-require-imports -- loaded here, with the loader made unloadable */
      const { fromTrust } = require('../../src/config/security') as typeof import('../../src/config/security');
      const { ocrChoice } = require('../../src/ocr/settings') as typeof import('../../src/ocr/settings');
      // The daemon, with its passwords' check.
      const { startDaemon } = require('../../src/daemon/start') as typeof import('../../src/daemon/start');
      const { requireSecrets } = require('../../src/config/secrets') as typeof import('../../src/config/secrets');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const config = load.loadConfig(bundled());
      const untrusted = { ...config, security: { ...config.security, trustedAuthservId: null, trustFromHeader: false } };
      expect(() => fromTrust(untrusted)).toThrow(/security\.trustedAuthservId/);
      expect(ocrChoice({ ...config, ocr: { ...config.ocr, enabled: 'off' } }).off).toBe('ocr.enabled is "off"');
      expect(typeof startDaemon).toBe('function');
      expect(() => requireSecrets({}, ['LPSE_IMAP_PASSWORD'])).toThrow(/env\.LPSE_IMAP_PASSWORD: required/);
    });
    jest.dontMock('../../src/config/load');
  });
});
