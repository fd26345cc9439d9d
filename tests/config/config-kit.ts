// Config files for the config tests: the bundled config as a test changes it, written into a
// folder of its own with the holidays beside it, and the problems loadConfig reports for a file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';

const defaultText = fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8');

/** A new folder holding a copy of the bundled holidays (calendar.holidaysDir is relative to the config). */
export function configDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(path.join(path.dirname(DEFAULT_CONFIG_PATH), 'holidays'), path.join(dir, 'holidays'), { recursive: true });
  return dir;
}

/** `dir`/config.yaml: the bundled config as `edit` changes its document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test edits any key, valid or not
export function writeConfig(dir: string, edit: (doc: any) => void): string {
  const doc: unknown = YAML.parse(defaultText);
  edit(doc);
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, YAML.stringify(doc));
  return file;
}

/** The problems loadConfig reports for `file`; none when it loads. */
export function problemsOf(file: string): string[] {
  try {
    loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
