// Scale figures on the big store (store-builder.ts): `cases`, `case REF`, `digest` and `tick` as
// commands (a child each, median of 5, each figure on its own copy of the store), the daemon's
// per-minute tick in-process (Helpdesk.tick, as the daemon runs it), and intake of 100 new
// reports into a copy of the big store against into an empty store.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Helpdesk } from '../helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../helpdesk/wiring';
import { openStore } from '../store/db';
import { runInZone } from '../workflow/zone-clock';
import { maildir, processRun } from './intake';
import { interleaved, median, runCli, type ChildRun } from './measure';
import { CACHE, CLI } from './paths';
import { BIG_STORE_NOW, bigStore, copyOf, type BigStore } from './store-builder';
import { below, type Row } from './table';
import { workspace, type Workspace } from './workspace';

const MINUTE = 60_000;

function onCopy(big: BigStore, tmp: string, name: string): Workspace {
  const ws = workspace(path.join(tmp, `scale-${name}`));
  copyOf(big, ws.database);
  return ws;
}

/** `work` on a private copy of the big store, removed after (each copy is the store's size). */
async function withCopy<T>(big: BigStore, tmp: string, name: string, work: (ws: Workspace) => T | Promise<T>): Promise<T> {
  const ws = onCopy(big, tmp, name);
  try {
    return await work(ws);
  } finally {
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
}

/** A command five times on one copy of the big store. */
function command(big: BigStore, tmp: string, name: string, args: (i: number) => string[], times = 5): Promise<ChildRun[]> {
  return withCopy(big, tmp, name, (ws) => Array.from({ length: times }, (_, i) => runCli(CLI, ['--config', ws.configFile, ...args(i)])));
}

const ms = (runs: readonly ChildRun[]) => median(runs.map((r) => r.ms));
const rss = (runs: readonly ChildRun[]) => Math.max(...runs.map((r) => r.rssMb));
const timed = (runs: readonly ChildRun[]) => `${ms(runs).toFixed(0)} ms, ${rss(runs).toFixed(0)} MB`;

/** The daemon's tick on the big store: the first one, then the median of five a minute apart. */
async function tickInProcess(ws: Workspace): Promise<{ first: number; steady: number }> {
  const store = openStore(ws.database);
  try {
    const cfg = ws.config;
    // In the helpdesk's zone, as the daemon runs (cli.ts).
    runInZone(cfg.calendar.timezone);
    let now = new Date(BIG_STORE_NOW.getTime() + 10 * MINUTE);
    const helpdesk = new Helpdesk({ config: cfg, store, sop: sopFromConfig(cfg), calendar: calendarFromConfig(cfg), now: () => now });
    const once = async () => {
      now = new Date(now.getTime() + MINUTE);
      const t0 = performance.now();
      await helpdesk.tick(now);
      return performance.now() - t0;
    };
    const first = await once();
    const steady: number[] = [];
    for (let i = 0; i < 5; i++) steady.push(await once());
    return { first, steady: median(steady) };
  } finally {
    store.close();
  }
}

export async function scaleFigures(cases: number, rounds: number, tmp: string): Promise<{ rows: Row[]; notes: string[] }> {
  const t0 = performance.now();
  const big = bigStore(CACHE, cases);
  const label = `${(big.cases / 1000).toFixed(0)}k cases / ${(big.events / 1e6).toFixed(2)} M events`;
  const built = big.buildSeconds === null ? 'from the cache' : `built in ${big.buildSeconds.toFixed(0)} s`;
  const list = await command(big, tmp, 'cases', () => ['cases']);
  const one = await command(big, tmp, 'case', () => ['case', big.sampleRef]);
  const digest = await command(big, tmp, 'digest', () => ['digest', '--date', BIG_STORE_NOW.toISOString().slice(0, 10)]);
  const tickStart = BIG_STORE_NOW.getTime() + MINUTE;
  const tick = await command(big, tmp, 'tick', (i) => ['tick', '--now', new Date(tickStart + i * MINUTE).toISOString()]);
  const daemonTick = await withCopy(big, tmp, 'tick-daemon', tickInProcess);
  const reports = maildir('reports', 100, { seed: 2, reportsOnly: true, start: new Date(BIG_STORE_NOW.getTime() + 10 * MINUTE).toISOString() });
  const intake = interleaved(rounds, {
    big: () => processRun(onCopy(big, tmp, 'intake-big'), [reports.dir]),
    empty: () => processRun(workspace(path.join(tmp, 'scale-intake-empty')), [reports.dir]),
  });
  const ratio = ms(intake.big) / ms(intake.empty);
  return {
    rows: [
      { figure: `cases (${label}), as a command`, goal: below(200, ' ms'), value: ms(list), measured: timed(list) },
      { figure: `case ${big.sampleRef}, as a command`, goal: null, value: ms(one), measured: timed(one) },
      { figure: 'digest at that size, as a command', goal: below(1000, ' ms'), value: ms(digest), measured: timed(digest) },
      { figure: 'tick (the daemon’s per-minute clock watch), in-process', goal: below(100, ' ms'), value: daemonTick.steady, measured: `${daemonTick.steady.toFixed(1)} ms (first tick ${daemonTick.first.toFixed(0)} ms)` },
      { figure: 'tick at that size, as a command', goal: null, value: ms(tick), measured: timed(tick) },
      { figure: `intake of 100 new reports, big store vs empty (median of ${rounds})`, goal: below(1.2, ' ×'), value: ratio, measured: `${ratio.toFixed(2)} (${(ms(intake.big) / 1000).toFixed(1)} vs ${(ms(intake.empty) / 1000).toFixed(1)} s)` },
    ],
    notes: [`big store: ${label}, ${built}; the scale figures took ${((performance.now() - t0) / 1000).toFixed(0)} s`],
  };
}
