#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536 node --max-semi-space-size=2 --heap-growing-percent=25
// (The flags: V8 keeps its young generation's 16 MB semi-spaces reserved once grown; 2 MB keeps a
// long `process` or daemon run about 35 MB smaller, at no cost the benchmark could see. V8 lets
// the old generation grow up to 4 times its live size before a full collection, and the dead
// Buffers it holds stay allocated until then: growing it by 25 % at most keeps a long run some
// 55 MB smaller, for a few more full collections. glibc raises its mmap threshold after each
// large free, so that freed message buffers stay in the process: a fixed threshold hands them
// back, and two arenas instead of one per thread keep less memory idle.)
// The one entry point: every command of lpse-helpdesk, wired with commander. Commands load
// and validate the config first; a bad config exits 2 with every problem listed.
//
// Each command requires its own modules when it runs, not here: loading all of them (the mail
// parsers, the store, the daemon's IMAP and SMTP clients) took 0.3 s and 55 MB before any
// command could start, `--version` and `--help` included.
/* eslint-disable @typescript-eslint/no-require-imports -- the per-command loading above */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { Config } from './config/load';
import type { Store } from './store/db';
import type { Connection } from './store/connection';
import type { CasesOptions } from './console/case-filter';
import type { TextContext } from './console/case-text';
import type { MessageReader } from './inbox/reading-budget';
import type { OfflineRun } from './helpdesk/offline';
import type { OcrSettings } from './ocr/types';
import { endQuietlyOnBrokenPipe } from './console/broken-pipe';
import { forTerminal, jsonForTerminal } from './inbox/control-characters';

const pkg = require('../package.json') as { version: string; description: string };

endQuietlyOnBrokenPipe(process.stdout, (code) => process.exit(code));

const program = new Command();
program
  .name('lpse-helpdesk')
  .description(pkg.description)
  .version(pkg.version, '-V, --version')
  .option('-c, --config <path>', 'config file (default: $LPSE_CONFIG, else the bundled config/default.yaml)')
  .showHelpAfterError();

let loaded: Config | null = null;

/**
 * The config, read once per run (`process` checks its security choice before it opens the store),
 * checked once per change of its files: a run after that is served the checked config (checked-cache.ts).
 */
function config(): Config {
  if (loaded === null) {
    const { configPath } = require('./config/config-path') as typeof import('./config/config-path');
    const { loadCheckedConfig, userCacheDir } = require('./config/checked-cache') as typeof import('./config/checked-cache');
    loaded = loadCheckedConfig(configPath(program.opts<{ config?: string }>().config, process.env), userCacheDir(process.env));
    // The helpdesk's zone becomes the process's: its wall clock is then read without Intl (zone-clock.ts).
    (require('./workflow/zone-clock') as typeof import('./workflow/zone-clock')).runInZone(loaded.calendar.timezone);
  }
  return loaded;
}

function databasePath(cfg: Config): string {
  return path.resolve(cfg.paths.database);
}

/** Runs `work` with the config and the configured database, closing the database after. */
async function withStore<T>(work: (cfg: Config, store: Store) => T | Promise<T>): Promise<T> {
  const cfg = config();
  const { openStore } = require('./store/db') as typeof import('./store/db');
  const store = openStore(databasePath(cfg));
  try {
    return await work(cfg, store);
  } finally {
    store.close();
  }
}

/**
 * Runs `work` with the config and the database, for a command that only reads and prints (no
 * query builder to load). Without V8's optimizing compiler: such a run's JavaScript is one-shot
 * (the config's parse and validation) and its own work native (SQLite, Intl, JSON), so the
 * compiler's work never paid back: 25 ms of CPU of the 200 of `cases` on 100,000 cases, and
 * `cases --all` takes its 3 s either way.
 */
function withConnection<T>(work: (cfg: Config, sqlite: Connection) => T): T {
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--no-opt');
  const cfg = config();
  const { openForReading } = require('./store/connection') as typeof import('./store/connection');
  const sqlite = openForReading(databasePath(cfg));
  try {
    return work(cfg, sqlite);
  } finally {
    sqlite.close();
  }
}

/** Runs `work` with the budgeted reader (reading.budgetSeconds, as the daemon reads), ending its worker after. */
async function withReader<T>(cfg: Config, work: (reader: MessageReader) => Promise<T>): Promise<T> {
  const { BudgetedReader } = require('./inbox/reading-budget') as typeof import('./inbox/reading-budget');
  const reading = new BudgetedReader(cfg.reading.budgetSeconds);
  try {
    return await work(reading.reader);
  } finally {
    await reading.close();
  }
}

/** How screenshots are read for `process` and `demo`; when they are not, `tell` says why. */
function screenshotReading(cfg: Config, tell: (line: string) => void): OcrSettings | null {
  const { ocrChoice, ocrOffLine } = require('./ocr/settings') as typeof import('./ocr/settings');
  const choice = ocrChoice(cfg);
  if (choice.off !== null) tell(ocrOffLine(choice.off));
  return choice.settings;
}

/** Writes one line, whether or not the text already ends with a newline; never an escape sequence from mail. */
const line = (stream: NodeJS.WriteStream) => (s: string) => void stream.write(forTerminal(s.endsWith('\n') ? s : `${s}\n`));
const say = line(process.stdout);

program
  .command('start')
  .description('run the live helpdesk on the configured mailbox: IMAP IDLE intake, SMTP sending, escalation drafts (passwords from LPSE_IMAP_PASSWORD and LPSE_SMTP_PASSWORD; stop with SIGTERM or Ctrl-C)')
  .action(async () => {
    const { startDaemon } = require('./daemon/start') as typeof import('./daemon/start');
    process.exitCode = await startDaemon(config(), process.env, pkg.version);
  });

program
  .command('migrate')
  .description('create or upgrade the database (also done at every start)')
  .action(() => withStore((cfg) => console.log(`database ready: ${databasePath(cfg)}`)));

const collect = (value: string, previous: string[]) => [...previous, value];

program
  .command('cases')
  .description('list cases, newest first, with their state and running clock (by default the open ones)')
  .option('--state <state>', 'only cases in this state; repeat it or give a comma list (in_progress,escalating)', collect, [])
  .option('--assignee <name|address>', 'only cases assigned to this staff member')
  .option('--since <date>', 'only cases opened since YYYY-MM-DD (or "YYYY-MM-DD HH:MM"), in calendar.timezone')
  .option('--limit <n>', 'at most this many cases')
  .option('--all', 'closed cases too')
  .option('--json', 'print JSON')
  .action((opts: CasesOptions & { json?: boolean }) =>
    withConnection((cfg, sqlite) => {
      const { caseFilterFrom, describeFilter } = require('./console/case-filter') as typeof import('./console/case-filter');
      const { eachCase } = require('./store/case-views') as typeof import('./store/case-views');
      const filter = caseFilterFrom(opts, { timezone: cfg.calendar.timezone, staff: cfg.staff });
      const takenAt = new Date();
      if (opts.json) {
        // Streamed: the JSON of years of cases is never held whole.
        const { jsonArrayPieces } = require('./console/json-array') as typeof import('./console/json-array');
        // jsonForTerminal's text has no control character left for forTerminal to take out.
        for (const piece of jsonArrayPieces(eachCase(sqlite, takenAt, filter))) void process.stdout.write(piece);
        void process.stdout.write('\n');
        return;
      }
      // The columns are as wide as their widest cell: the text keeps every line's cells, then one write.
      const { caseListText } = require('./console/case-text') as typeof import('./console/case-text');
      say(caseListText(eachCase(sqlite, takenAt, filter), textContext(cfg), takenAt, describeFilter(filter, { timezone: cfg.calendar.timezone, staff: cfg.staff })).join('\n'));
    }),
  );

program
  .command('case')
  .description('show one case: data, clocks, the event timeline and the messages')
  .argument('<ref>', 'case reference, e.g. 2026-0042')
  .option('--json', 'print JSON')
  .action((ref: string, opts: { json?: boolean }) =>
    withConnection((cfg, sqlite) => {
      const { findCase } = require('./store/case-views') as typeof import('./store/case-views');
      const { caseText } = require('./console/case-text') as typeof import('./console/case-text');
      const c = findCase(sqlite, ref.replace(/^.*#/, '').replace(/\]$/, ''), new Date());
      if (!c) {
        console.error(`no case ${ref}`);
        process.exitCode = 1;
        return;
      }
      if (opts.json) say(jsonForTerminal(c));
      else for (const l of caseText(c, textContext(cfg))) say(l);
    }),
  );

program
  .command('parse')
  .description('read one message as the bot reads it (no database, no network)')
  .argument('<file>', 'an .eml file')
  .option('--json', 'print the reading as JSON (the contract in design.md)')
  .action(async (file: string, opts: { json?: boolean }) => {
    const cfg = config();
    const { runParse } = require('./inbox/parse-command') as typeof import('./inbox/parse-command');
    const { ocrChoice } = require('./ocr/settings') as typeof import('./ocr/settings');
    const ocr = ocrChoice(cfg);
    process.exitCode = await withReader(cfg, (reader) =>
      runParse(
        file,
        { json: opts.json === true, tagPrefix: cfg.cases.tagPrefix, ownAddresses: [cfg.mailbox.address], reader, ocr },
        line(process.stdout),
        line(process.stderr),
      ),
    );
  });

program
  .command('process')
  .description('run messages through the whole helpdesk: .eml files, folders of them, or a Maildir')
  .argument('<paths...>', 'files or folders')
  .option('--clock <source>', '"now", or "message" to replay each message at its Date header', 'now')
  .action(async (paths: string[], opts: { clock: string }) => {
    if (opts.clock !== 'now' && opts.clock !== 'message') throw new Error(`--clock: expected "now" or "message", got "${opts.clock}"`);
    const clock = opts.clock;
    const { fromTrust } = require('./config/security') as typeof import('./config/security');
    const { messageFiles } = require('./inbox/sources') as typeof import('./inbox/sources');
    const warning = fromTrust(config());
    if (warning !== null) console.error(`warning: ${warning}`);
    for (const p of paths) if (!fs.existsSync(p)) throw new Error(`process: no such file or folder: ${p}`);
    const files = messageFiles(paths);
    await withStore(async (cfg, store) => {
      const { ProgressMeter } = require('./console/progress') as typeof import('./console/progress');
      const { processFiles } = require('./helpdesk/offline') as typeof import('./helpdesk/offline');
      // Progress only for a person watching: a pipe or a log file gets the receipts alone.
      const meter = process.stderr.isTTY ? new ProgressMeter(files.length, (s) => void process.stderr.write(s)) : null;
      const onProgress = meter ? (done: number) => meter.update(done) : undefined;
      const ocr = screenshotReading(cfg, (s) => console.error(s));
      const run = await withReader(cfg, (reader) => processFiles(files, { config: cfg, store, clock, reader, onProgress, ocr }));
      meter?.end();
      for (const r of run.receipts) say(receiptLine(r));
      console.log(`outbox: ${run.drained.sent} sent, ${run.drained.drafted} drafts, to ${path.resolve(cfg.paths.outbox)}`);
      console.log(REPLAY_NOTE);
    });
  });

program
  .command('demo')
  .description('process the bundled demo mailbox (a day at an LPSE helpdesk) into a fresh database under var/demo/')
  .action(async () => {
    const base = config();
    const YAML = require('yaml') as typeof import('yaml');
    const { loadConfig } = require('./config/load') as typeof import('./config/load');
    const { openStore } = require('./store/db') as typeof import('./store/db');
    const { messageFiles } = require('./inbox/sources') as typeof import('./inbox/sources');
    const { processFiles } = require('./helpdesk/offline') as typeof import('./helpdesk/offline');
    const { listCases } = require('./store/case-views') as typeof import('./store/case-views');
    const { caseListText } = require('./console/case-text') as typeof import('./console/case-text');
    const root = path.resolve('var', 'demo');
    fs.rmSync(root, { recursive: true, force: true });
    // The demo's own config (the chosen one with paths under var/demo/), written so that the
    // other commands can explore the result: --config var/demo/config.yaml.
    const doc = YAML.parse(fs.readFileSync(base.source, 'utf8')) as Record<string, Record<string, unknown>>;
    doc.paths = {
      database: path.join(root, 'helpdesk.sqlite'),
      files: path.join(root, 'files'),
      archive: path.join(root, 'archive'),
      outbox: path.join(root, 'outbox'),
    };
    doc.calendar = { ...doc.calendar, holidaysDir: path.resolve(path.dirname(base.source), base.calendar.holidaysDir) };
    // The demo mailbox was received by mx.lpse.test: its Authentication-Results prove the staff and LKPP mail.
    doc.security = { trustedAuthservId: 'mx.lpse.test', authResultsHeaders: 1, trustFromHeader: false };
    const demoConfig = path.join(root, 'config.yaml');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(demoConfig, `# Written by \`lpse-helpdesk demo\` from ${base.source}\n${YAML.stringify(doc)}`);
    const cfg = loadConfig(demoConfig);
    const store = openStore(cfg.paths.database);
    try {
      const ocr = screenshotReading(cfg, (s) => console.log(`${s}\n`));
      const run = await withReader(cfg, (reader) => processFiles(messageFiles([DEMO_MAILBOX]), { config: cfg, store, clock: 'message', reader, ocr }));
      console.log(`Processed ${run.receipts.length} messages from ${path.relative(process.cwd(), DEMO_MAILBOX)}:`);
      for (const r of run.receipts) console.log(`  ${receiptLine(r)}`);
      console.log(`\nOutgoing mail: ${run.drained.sent} sent and ${run.drained.drafted} drafts in ${path.relative(process.cwd(), cfg.paths.outbox)}/\n`);
      console.log(`${REPLAY_NOTE}\n`);
      // Clocks read as at the end of the replayed day.
      for (const l of caseListText(listCases(store.sqlite, run.now), textContext(cfg), run.now, 'all cases')) say(l);
      const rel = path.relative(process.cwd(), demoConfig);
      console.log(`\nExplore: npx lpse-helpdesk --config ${rel} case 2026-0003   (or cases --json, case REF --json)`);
    } finally {
      store.close();
    }
  });

program
  .command('digest')
  .description('the daily SLA digest: prints the plain text, --out writes the HTML, --send queues it (once per day) for digest.recipients')
  .option('--date <YYYY-MM-DD>', 'the digest of that day, as at the time digest.schedule fires (default: now)')
  .option('--out <file.html>', 'write the HTML version to this file')
  .option('--send', 'queue it in the outbox; the running daemon (start) sends it')
  .action(async (opts: { date?: string; out?: string; send?: boolean }) => {
    const { digestCommand } = require('./digest/digest-command') as typeof import('./digest/digest-command');
    process.exitCode = await withStore((cfg, store) => digestCommand(cfg, store, opts, line(process.stdout), line(process.stderr)));
  });

program
  .command('archive')
  .description("write a case's complete record: every message as .eml, every attachment, record.json and record.html (the consultation form)")
  .argument('<ref>', 'case reference, e.g. 2026-0042')
  .option('--out <dir>', 'where to write <dir>/<ref>/ (default: paths.archive)')
  .action(async (ref: string, opts: { out?: string }) => {
    const { archiveCommand } = require('./digest/commands') as typeof import('./digest/commands');
    process.exitCode = await withStore((cfg, store) => archiveCommand(cfg, store, ref, opts, (s) => console.log(s)));
  });

program
  .command('tick')
  .description("run the clock watch once (the daemon does it every minute): warnings, breach alerts, reporters' reminders, no-response closes, archives; mail is queued, not sent")
  .option('--now <time>', 'as at this instant: "YYYY-MM-DD HH:MM" in calendar.timezone, or ISO with an offset (default: now)')
  .action(async (opts: { now?: string }) => {
    const { parseLocalInstant } = require('./console/local-time') as typeof import('./console/local-time');
    const { tickCommand } = require('./digest/commands') as typeof import('./digest/commands');
    process.exitCode = await withStore((cfg, store) => {
      const now = opts.now === undefined ? undefined : parseLocalInstant(opts.now, cfg.calendar.timezone);
      if (now === null) throw new Error(`--now: expected "YYYY-MM-DD HH:MM" (in ${cfg.calendar.timezone}) or an ISO date-time with an offset, got "${opts.now ?? ''}"`);
      return tickCommand(cfg, store, { now: now?.toISOString() }, (s) => console.log(s), (s) => console.error(s));
    });
  });

const DEMO_MAILBOX = path.resolve(__dirname, '..', 'fixtures', 'emails', 'demo');

/** `process` and `demo` replay mail; the per-minute clock watch is the daemon's, and `tick`'s. */
const REPLAY_NOTE = 'clock watch not run: a replay sends no clock warnings, breach alerts, reminders or no-response closes (run `lpse-helpdesk tick` for them)';

function textContext(cfg: Config): TextContext {
  return { lang: cfg.language, timezone: cfg.calendar.timezone, staff: cfg.staff };
}

/** One processed file: what became of it, its case, and why when it was not processed. */
function receiptLine({ file, receipt }: OfflineRun['receipts'][number]): string {
  const why = receipt.reason ? ` (${receipt.reason})` : '';
  return `${receipt.disposition.padEnd(11)} ${(receipt.caseRef ?? '-').padEnd(9)}  ${path.basename(file)}${why}`;
}

program.parseAsync(process.argv).catch((err: unknown) => {
  const { ConfigError } = require('./config/load') as typeof import('./config/load');
  if (err instanceof ConfigError) {
    for (const p of err.problems) console.error(p);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
