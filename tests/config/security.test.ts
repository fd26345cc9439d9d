// Secure by default: how a From is proven is a choice the operator must make; `start`,
// `process` (and `demo`, through its own config) refuse to act on mail until it is made.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import YAML from 'yaml';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';
import { fromTrust } from '../../src/config/security';
import { startDaemon } from '../../src/daemon/start';

const base = loadConfig(DEFAULT_CONFIG_PATH);
const withSecurity = (trustedAuthservId: string | null, trustFromHeader: boolean) => ({ ...base, security: { trustedAuthservId, authResultsHeaders: 1, trustFromHeader } });
const CLI = path.resolve(__dirname, '../../dist/cli.js');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-security-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit arbitrary YAML
function writeConfig(edit: (doc: any) => void): string {
  const doc = YAML.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
  doc.calendar.holidaysDir = path.resolve(path.dirname(DEFAULT_CONFIG_PATH), doc.calendar.holidaysDir);
  doc.paths = { database: path.join(dir, 'db.sqlite'), files: path.join(dir, 'files'), archive: path.join(dir, 'archive'), outbox: path.join(dir, 'outbox') };
  edit(doc);
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, YAML.stringify(doc));
  return file;
}

describe('security.trustedAuthservId / security.trustFromHeader', () => {
  it('the bundled default chooses neither, so a copied config must choose', () => {
    expect(base.security).toEqual({ trustedAuthservId: null, authResultsHeaders: 1, trustFromHeader: false });
    expect(() => fromTrust(base)).toThrow(ConfigError);
  });

  it('refuses with both keys named when neither is set', () => {
    expect(() => fromTrust(withSecurity(null, false))).toThrow(/security\.trustedAuthservId.*security\.trustFromHeader: true/);
  });

  it('warns while the bare From is trusted, and is silent with an authserv-id', () => {
    expect(fromTrust(withSecurity(null, true))).toMatch(/security\.trustFromHeader is true.*forge/);
    expect(fromTrust(withSecurity('mx.lpse.go.id', false))).toBeNull();
  });

  it('a config that sets both is an error naming the key', () => {
    const file = writeConfig((d) => {
      d.security = { trustedAuthservId: 'mx.lpse.go.id', authResultsHeaders: 1, trustFromHeader: true };
    });
    expect(() => loadConfig(file)).toThrow(/^security\.trustFromHeader: set either trustedAuthservId or trustFromHeader: true, not both/);
  });

  it('the daemon refuses to start before anything else (even before the passwords)', async () => {
    await expect(startDaemon(withSecurity(null, false), {}, 'test')).rejects.toThrow(/security\.trustedAuthservId.*security\.trustFromHeader/);
  });
});

describe('the built CLI', () => {
  it('`start` and `process` exit 2 naming the keys when neither is set', () => {
    const file = writeConfig(() => undefined);
    const eml = path.join(dir, 'a.eml');
    fs.writeFileSync(eml, 'From: a@b.example\r\nSubject: x\r\nMessage-ID: <a@b.example>\r\n\r\nhalo\r\n');
    for (const args of [['start'], ['process', eml]]) {
      const r = spawnSync(process.execPath, [CLI, '--config', file, ...args], { encoding: 'utf8', env: { ...process.env, LPSE_IMAP_PASSWORD: 'x', LPSE_SMTP_PASSWORD: 'x' } });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/security\.trustedAuthservId.*security\.trustFromHeader: true/);
    }
    expect(fs.existsSync(path.join(dir, 'db.sqlite'))).toBe(false);
  });

  it('`process` runs with trustFromHeader: true and prints the warning', () => {
    const file = writeConfig((d) => {
      d.security.trustFromHeader = true;
    });
    const eml = path.join(dir, 'a.eml');
    fs.writeFileSync(eml, 'From: a@b.example\r\nSubject: x\r\nMessage-ID: <a@b.example>\r\n\r\nhalo\r\n');
    const r = spawnSync(process.execPath, [CLI, '--config', file, 'process', eml], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^warning: security\.trustFromHeader is true/m);
  });
});
