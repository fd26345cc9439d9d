#!/usr/bin/env node
// The one entry point: every command of lpse-helpdesk, wired with commander. Commands load
// and validate the config first; a bad config exits 2 with every problem listed.
import path from 'node:path';
import { Command } from 'commander';
import { ConfigError, configPath, loadConfig, type Config } from './config/load';
import { openStore } from './store/db';
import { findCase, listCases, type CaseView } from './store/case-views';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../package.json') as { version: string; description: string };

const program = new Command();
program
  .name('lpse-helpdesk')
  .description(pkg.description)
  .version(pkg.version, '-V, --version')
  .option('-c, --config <path>', 'config file (default: $LPSE_CONFIG, else the bundled config/default.yaml)')
  .showHelpAfterError();

function config(): Config {
  return loadConfig(configPath(program.opts<{ config?: string }>().config, process.env));
}

function databasePath(cfg: Config): string {
  return path.resolve(cfg.paths.database);
}

program
  .command('migrate')
  .description('create or upgrade the database (also done at every start)')
  .action(() => {
    const cfg = config();
    const store = openStore(databasePath(cfg));
    store.close();
    console.log(`database ready: ${databasePath(cfg)}`);
  });

program
  .command('cases')
  .description('list cases with their state, SOP step and clocks')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) => {
    const cfg = config();
    const store = openStore(databasePath(cfg));
    try {
      const list = listCases(store.db, new Date());
      if (opts.json) console.log(JSON.stringify(list, null, 2));
      else printCases(list, cfg);
    } finally {
      store.close();
    }
  });

program
  .command('case')
  .description('show one case: data, clocks, the event timeline and the messages')
  .argument('<ref>', 'case reference, e.g. 2026-0042')
  .option('--json', 'print JSON')
  .action((ref: string, opts: { json?: boolean }) => {
    const cfg = config();
    const store = openStore(databasePath(cfg));
    try {
      const c = findCase(store.db, ref.replace(/^.*#/, '').replace(/\]$/, ''), new Date());
      if (!c) {
        console.error(`no case ${ref}`);
        process.exitCode = 1;
        return;
      }
      if (opts.json) console.log(JSON.stringify(c, null, 2));
      else {
        printCases([c], cfg);
        for (const e of c.timeline) console.log(`  ${localTime(e.at, cfg)}  ${e.type}${e.actor ? `  (${e.actor})` : ''}`);
      }
    } finally {
      store.close();
    }
  });

function localTime(isoTime: string, cfg: Config): string {
  return new Date(isoTime).toLocaleString('sv-SE', { timeZone: cfg.calendar.timezone }).slice(0, 16);
}

function printCases(list: CaseView[], cfg: Config): void {
  if (list.length === 0) {
    console.log('no cases');
    return;
  }
  for (const c of list) {
    const running = c.clocks.find((k) => k.stoppedAt === null);
    const clock = running
      ? `step ${running.step} (${running.owner}) due ${localTime(running.dueAt, cfg)}${running.breached ? ' BREACHED' : ''}`
      : 'no clock running';
    const missing = c.missing.length ? `  missing: ${c.missing.join(', ')}` : '';
    console.log(`${c.ref}  ${c.state.padEnd(18)} ${c.reporter}  ${clock}${missing}`);
  }
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    for (const p of err.problems) console.error(p);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
