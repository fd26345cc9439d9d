// The CLI as a person runs it (through tsx, from the sources): usage mistakes are one line, and
// a reader that stops reading (`digest | head`) ends the command quietly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import YAML from 'yaml';
import { DEFAULT_CONFIG_PATH } from '../../src/config/load';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'src/cli.ts');

let dir: string;
let config: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-cli-'));
  const doc = YAML.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, Record<string, unknown>>;
  doc.paths = { database: path.join(dir, 'db.sqlite'), files: path.join(dir, 'files'), archive: path.join(dir, 'archive'), outbox: path.join(dir, 'outbox') };
  doc.calendar = { ...doc.calendar, holidaysDir: path.join(path.dirname(DEFAULT_CONFIG_PATH), 'holidays') };
  doc.security = { ...doc.security, trustedAuthservId: 'mx.lpse.test' };
  config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, YAML.stringify(doc));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** stderr without the calendar's warnings, which depend on today's date. */
const errors = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '));

it('process on a missing path says so in one line and exits 1, as for other usage errors', () => {
  const missing = path.join(dir, 'no-such-mailbox');
  const r = spawnSync(TSX, [CLI, '--config', config, 'process', missing], { encoding: 'utf8' });
  expect(errors(r.stderr)).toEqual([`process: no such file or folder: ${missing}`]);
  expect(r.status).toBe(1);
});

it('digest into a reader that has gone away ends quietly, with no stack trace', () => {
  // `true` exits without reading: every write of the digest meets a closed pipe (EPIPE).
  const r = spawnSync('bash', ['-c', `"${TSX}" "${CLI}" --config "${config}" digest | true; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
  expect(errors(r.stderr)).toEqual(['status 0']);
});
