// `npm run bench`: the table of issue 12, each row measured here on this machine: goal, measured
// value, verdict. The product is driven through its CLI in child processes (timed and measured
// from outside), and in-process only through openStore, saveCase, the Helpdesk constructor,
// receive(Buffer) and tick. `--quick` runs small numbers (CI); `--live` adds the latency over
// the real Dovecot/Postfix of the integration tests; `--only=intake,memory,scale,startup,live,ocr`
// runs only those figures. Generated mail and stores are cached in .bench-cache/ (git-ignored).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { intakeFigures, memoryFigures } from './intake';
import { liveFigure } from './live';
import { HAVE_TIME } from './measure';
import { ocrFigure } from './ocr';
import { scaleFigures } from './scale';
import { sqliteFigure } from './sqlite-work';
import { startupFigure } from './startup';
import { tableLines, type Row } from './table';

interface Options {
  quick: boolean;
  live: boolean;
  only: Set<string> | null;
}

function options(argv: readonly string[]): Options {
  const only = argv.find((a) => a.startsWith('--only='));
  return { quick: argv.includes('--quick'), live: argv.includes('--live'), only: only ? new Set(only.slice('--only='.length).split(',')) : null };
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const t0 = performance.now();
  const cpu = os.cpus();
  console.log(`machine: node ${process.version}, ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB`);
  console.log(`mode: ${opts.quick ? 'quick' : 'full'}${opts.live ? ' + live' : ''}; peak RSS from ${HAVE_TIME ? '/usr/bin/time -v' : 'process.resourceUsage() of each child (/usr/bin/time is missing)'}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-bench-'));
  // Progress on stderr: a full run takes minutes; stdout stays the report.
  const wanted = (name: string) => {
    const yes = opts.only === null || opts.only.has(name);
    if (yes) console.error(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${name} …`);
    return yes;
  };
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    if (wanted('intake')) {
      const intake = intakeFigures(opts.quick ? 100 : 2000, opts.quick ? 1 : 3, tmp);
      rows.push(...intake.rows);
      notes.push(...intake.notes);
      const sqlite = await sqliteFigure(intake.set, intake.last, tmp, opts.quick ? 1 : 3);
      rows.splice(1, 0, sqlite.row);
      notes.push(...sqlite.notes);
    }
    if (wanted('memory')) rows.push(...memoryFigures(tmp));
    if (wanted('scale')) {
      const scale = await scaleFigures(opts.quick ? 5000 : 100_000, opts.quick ? 1 : 5, tmp);
      rows.push(...scale.rows);
      notes.push(...scale.notes);
    }
    if (wanted('startup')) rows.push(startupFigure());
    if (wanted('ocr')) {
      const ocr = await ocrFigure(opts.quick ? 6 : 24, tmp);
      rows.push(...ocr.rows);
      notes.push(...ocr.notes);
    }
    if (opts.live && wanted('live')) {
      const live = await liveFigure(tmp);
      rows.push(live.row);
      notes.push(...live.notes);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('');
  for (const l of tableLines(rows)) console.log(l);
  console.log('');
  for (const n of notes) console.log(`- ${n}`);
  console.log(`bench wall time: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
