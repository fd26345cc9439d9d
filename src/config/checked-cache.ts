// The checked config, kept between runs. Loading yaml and zod and checking the file took about
// 75 ms of the 200 of a short command (`cases` on 100,000 cases), and the file seldom changes
// between two commands. So loadConfig's result is kept as JSON in the user's cache folder, under
// a digest of everything it came from: every file the loader read and every folder it listed
// (the config, the holidays), as they were read, and the code and packages that parse and check
// them. Any change misses, and the file is loaded and checked again: a bad config fails with its
// problems as it always did. Only a config that passed is ever written.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config, ConfigFiles } from './load';

/** Entries kept, one per config file: a test suite's temporary configs must not pile up. */
const MAX_ENTRIES = 16;

/** What the loader read: a file's text, or a folder's names. */
type Input = ['read' | 'list', string];

interface Entry {
  inputs: Input[];
  digest: string;
  config: Config;
}

/** `$XDG_CACHE_HOME/lpse-helpdesk/config`, else under `~/.cache`; null without a home folder. */
export function userCacheDir(env: NodeJS.ProcessEnv): string | null {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec ignores a relative path.
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : os.homedir() === '' ? null : path.join(os.homedir(), '.cache');
  return base === null ? null : path.join(base, 'lpse-helpdesk', 'config');
}

/** loadConfig(file), served from `cacheDir` when nothing it depends on has changed; null: no cache. */
export function loadCheckedConfig(file: string, cacheDir: string | null): Config {
  const entryFile = cacheDir === null ? null : path.join(cacheDir, `${sha256([file]).slice(0, 32)}.json`);
  const served = entryFile === null ? null : cachedConfig(file, entryFile);
  if (served !== null) return served;
  const { loadConfig } = require('./load') as typeof import('./load'); // eslint-disable-line @typescript-eslint/no-require-imports -- yaml and zod only on a miss
  const inputs: Input[] = [];
  const contents: string[] = [];
  const recorded: ConfigFiles = {
    read: (f) => {
      const text = fs.readFileSync(f, 'utf8');
      inputs.push(['read', f]);
      contents.push(text);
      return text;
    },
    list: (d) => {
      const names = fs.readdirSync(d);
      inputs.push(['list', d]);
      contents.push(names.join('\0'));
      return names;
    },
  };
  const config = loadConfig(file, recorded);
  if (cacheDir !== null && entryFile !== null) {
    try {
      write(cacheDir, entryFile, { inputs, digest: digestOf(inputs, contents), config });
    } catch {
      // A cache that cannot be written (a read-only home, a full disk) only costs the next run the check.
    }
  }
  return config;
}

/** The entry's config, when its inputs still read as they did; null otherwise. */
function cachedConfig(file: string, entryFile: string): Config | null {
  let entry: Entry;
  try {
    entry = JSON.parse(trustedText(entryFile), (_key, value: unknown) => (typeof value === 'object' && value !== null ? Object.freeze(value) : value)) as Entry;
    const contents = entry.inputs.map(([kind, p]) => (kind === 'read' ? fs.readFileSync(p, 'utf8') : fs.readdirSync(p).join('\0')));
    return digestOf(entry.inputs, contents) === entry.digest && entry.config.source === file ? entry.config : null;
  } catch {
    // No entry yet, an input gone, or an entry not ours to believe: load and check the file.
    return null;
  }
}

/** The file's text, if this user wrote it and no one else may change it (it decides who is staff). */
function trustedText(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const st = fs.fstatSync(fd);
    if ((process.getuid !== undefined && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) throw new Error(`${file}: not private`);
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function write(dir: string, entryFile: string, entry: Entry): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${entryFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
  // A run reading meanwhile sees the old entry or the new one, never half of one.
  fs.renameSync(tmp, entryFile);
  const entries = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries.map((n) => ({ file: path.join(dir, n), at: fs.statSync(path.join(dir, n)).mtimeMs })).sort((a, b) => a.at - b.at);
  for (const old of byAge.slice(0, entries.length - MAX_ENTRIES)) fs.rmSync(old.file, { force: true });
}

/** The inputs as read, and what read and checked them: this module, the loader, the schema, yaml, zod and Node (its time zones). */
function digestOf(inputs: readonly Input[], contents: readonly string[]): string {
  const code = [__filename, require.resolve('./load'), require.resolve('./schema'), require.resolve('yaml/package.json'), require.resolve('zod/package.json')];
  return sha256([process.version, ...code.map((f) => fs.readFileSync(f, 'utf8')), ...inputs.flatMap(([kind, p], i) => [kind, p, contents[i] ?? ''])]);
}

/** One digest of several strings, each after its length, so that ['ab', 'c'] and ['a', 'bc'] differ. */
function sha256(parts: readonly string[]): string {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest('hex');
}
