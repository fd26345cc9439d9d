// Timing and memory of child processes, measured from outside: wall time around the spawn,
// peak RSS from `/usr/bin/time -v` ("Maximum resident set size"), or, where that program is
// missing, from the child's own process.resourceUsage() printed at exit by rss-report.js.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const TIME = '/usr/bin/time';
export const HAVE_TIME = fs.existsSync(TIME);
const RSS_REPORT = path.join(__dirname, 'rss-report.js');
const RSS_LINE = /^lpse-bench maxRSS (\d+)$/m;

export interface ChildRun {
  ms: number;
  /** Peak resident set size in MB. */
  rssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs `node args…` to completion; throws with its stderr when it fails. */
export function runNode(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildRun {
  return run(HAVE_TIME ? [TIME, ['-v', process.execPath, ...args]] : [process.execPath, ['--require', RSS_REPORT, ...args]], opts);
}

/**
 * Runs the built CLI as a user's shell does, through its `#!` line (which carries the V8 flags it
 * runs with); without /usr/bin/time the report is loaded through NODE_OPTIONS.
 */
export function runCli(cli: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildRun {
  const env = opts.env ?? process.env;
  if (HAVE_TIME) return run([TIME, ['-v', cli, ...args]], opts);
  return run([cli, [...args]], { ...opts, env: { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${RSS_REPORT}`.trim() } });
}

function run([cmd, argv]: [string, string[]], opts: { cwd?: string; env?: NodeJS.ProcessEnv }): ChildRun {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}:\n${r.stderr.slice(-4000)}`);
  const kb = HAVE_TIME ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] : RSS_LINE.exec(r.stderr)?.[1];
  return { ms, rssMb: Number(kb ?? NaN) / 1024, stdout: r.stdout, stderr: r.stderr };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

/**
 * Runs each of the named runs once per round, alternating which goes first, so that a
 * machine that slows down or speeds up during the bench weighs on every side alike.
 */
export function interleaved<K extends string>(rounds: number, runs: Record<K, () => ChildRun>): Record<K, ChildRun[]> {
  const names = Object.keys(runs) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as ChildRun[]])) as Record<K, ChildRun[]>;
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? names : [...names].reverse();
    for (const n of order) out[n].push(runs[n]());
  }
  return out;
}

/** Bytes of a file or of everything under a folder. */
export function sizeOf(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((n, name) => n + sizeOf(path.join(p, name)), 0);
}

export const mb = (bytes: number) => bytes / (1024 * 1024);
