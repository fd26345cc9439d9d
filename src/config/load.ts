// Reads, validates and freezes the configuration. Every problem is collected and reported as
// `key.path: what is wrong`, so an operator fixes the file in one pass (exit status 2).
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import { ConfigSchema, type ConfigFile } from './schema';

export { DEFAULT_CONFIG_PATH, configPath } from './config-path';
export { ConfigError } from './config-error';
export { requireSecrets, type SecretName } from './secrets';

export type Config = Readonly<
  ConfigFile & {
    /** Where the file came from; relative paths in `paths` are resolved against the working directory. */
    source: string;
    /** Public holidays and cuti bersama, from `calendar.holidaysDir` plus `extraHolidays`. */
    holidays: readonly string[];
  }
>;

/** How the loader reads the disk; the checked config's cache (checked-cache.ts) records each read. */
export interface ConfigFiles {
  read(file: string): string;
  list(dir: string): string[];
}

const disk: ConfigFiles = { read: (file) => fs.readFileSync(file, 'utf8'), list: (dir) => fs.readdirSync(dir) };

export function loadConfig(file: string, files: ConfigFiles = disk): Config {
  let text: string;
  try {
    text = files.read(file);
  } catch (err) {
    throw new ConfigError([`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  const syntax = doc.errors[0];
  // One mistake (a tab, a missing space after a colon) makes the parser report many errors at
  // the same spot: the first one, with its place, is the one to fix.
  if (syntax !== undefined) throw new ConfigError([yamlProblem(file, syntax)]);
  const parsed = ConfigSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.flatMap(describeIssue));
  const cfg = parsed.data;
  const holidaysDir = path.resolve(path.dirname(file), cfg.calendar.holidaysDir);
  const holidays = [...readHolidays(holidaysDir, files), ...cfg.calendar.extraHolidays].sort();
  return deepFreeze({ ...cfg, source: file, holidays: [...new Set(holidays)] });
}

function yamlProblem(file: string, err: YAML.YAMLError): string {
  const at = err.linePos?.[0];
  const where = at ? `:${at.line}:${at.col}` : '';
  return `${file}${where}: YAML syntax error: ${err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? ''}`;
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = (p: PropertyKey[]) => (p.length ? p.map(String).join('.') : '(top level)');
  switch (issue.code) {
    case 'invalid_type':
      return [`${at(issue.path)}: ${issue.input === undefined ? `missing, expected ${article(issue.expected)}` : `expected ${article(issue.expected)}, got ${show(issue.input)}`}`];
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${at([...issue.path, k])}: unknown key`);
    case 'invalid_value':
      return [`${at(issue.path)}: ${issue.input === undefined ? 'missing, expected' : 'expected'} one of ${issue.values.map(show).join(', ')}${issue.input === undefined ? '' : `, got ${show(issue.input)}`}`];
    case 'too_small':
      if (issue.origin === 'number') return [`${at(issue.path)}: expected at least ${String(issue.minimum)}, got ${show(issue.input)}`];
      return [`${at(issue.path)}: ${issue.message}`];
    case 'too_big':
      if (issue.origin === 'number') return [`${at(issue.path)}: expected at most ${String(issue.maximum)}, got ${show(issue.input)}`];
      return [`${at(issue.path)}: ${issue.message}`];
    default:
      return [`${at(issue.path)}: ${issue.message}${issue.input === undefined ? '' : `, got ${show(issue.input)}`}`];
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function show(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const HolidayFile = (file: string, raw: unknown): string[] => {
  const list = (raw as { holidays?: unknown } | null)?.holidays;
  if (!Array.isArray(list)) throw new ConfigError([`${file}: expected a "holidays" list`]);
  return list.map((h: unknown, i) => {
    const date = (h as { date?: unknown } | null)?.date;
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new ConfigError([`${file}: holidays.${i}.date: expected a date as YYYY-MM-DD, got ${show(date)}`]);
    }
    return date;
  });
};

function readHolidays(dir: string, files: ConfigFiles): string[] {
  let names: string[];
  try {
    names = files.list(dir).filter((n) => /\.ya?ml$/.test(n));
  } catch {
    throw new ConfigError([`calendar.holidaysDir: cannot read folder ${dir}`]);
  }
  return names.flatMap((n) => {
    const file = path.join(dir, n);
    return HolidayFile(file, YAML.parse(files.read(file)));
  });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
