/**
 * The CLI's `digest` command, as a function of (config, store, options, output) so that tests
 * call it without a process. It loads the digest's own modules only: `lpse-helpdesk digest`
 * runs from cron and by hand, and starts without the helpdesk pipeline (commands.ts has the
 * `archive` and `tick` commands, which need it).
 *
 *   digest [--date D] [--out FILE.html] [--send]   print the plain text; write the HTML; queue it
 *                                                  once for the day in the outbox, which the
 *                                                  running daemon delivers by SMTP
 *
 * It first `warn`s (default: print) of every year the holiday calendar lacks on that day
 * (calendar-check.ts): without it, holidays count as working days.
 *
 * Public surface:
 *   digestCommand(cfg, store, opts, print, warn?): Promise<number>
 */

import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load';
import { calendarFromConfig, sopFromConfig } from '../helpdesk/wiring';
import type { Store } from '../store/db';
import { calendarWarningsFor } from './calendar-check';
import { prepareDigest, digestTimeOn, runDigest, type Exclusive } from './send';

type Print = (line: string) => void;

/** A write transaction on a store nobody else writes to (the CLI's). */
function exclusiveOn(store: Store): Exclusive {
  return async <T>(work: () => Promise<T>): Promise<T> => {
    store.sqlite.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      store.sqlite.exec('COMMIT');
      return result;
    } catch (err) {
      store.sqlite.exec('ROLLBACK');
      throw err;
    }
  };
}

function parseDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new Error(`--date: expected YYYY-MM-DD, got "${date}"`);
  }
  return date;
}

export async function digestCommand(
  cfg: Config,
  store: Store,
  opts: { date?: string; out?: string; send?: boolean; now?: Date },
  print: Print,
  warn: Print = print,
): Promise<number> {
  const sop = sopFromConfig(cfg);
  const calendar = calendarFromConfig(cfg);
  const now = opts.date ? digestTimeOn(parseDate(opts.date), cfg.digest.schedule, calendar) : (opts.now ?? new Date());
  for (const w of calendarWarningsFor(cfg, calendar, now)) warn(`warning: ${w}`);
  const deps = { config: cfg, db: store.db, sop, calendar, exclusive: exclusiveOn(store) };
  const { rendered } = prepareDigest(deps, now);
  if (opts.out) {
    const file = path.resolve(opts.out);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, rendered.html);
  }
  print(`Subject: ${rendered.subject}`);
  print('');
  print(rendered.text);
  if (opts.out) print(`HTML written to ${path.resolve(opts.out)}`);
  if (opts.send) {
    const run = await runDigest(deps, now);
    if (run.queued) print(`queued for ${cfg.digest.recipients.join(', ')} (${run.key})`);
    else print(`not queued: ${run.reason ?? run.skipped ?? 'unknown'}`);
    // Only queued: sending here would race the daemon's SMTP sender over the same outbox.
    if (run.queued) print('the daemon (lpse-helpdesk start) sends it with the rest of the outbox');
  }
  return 0;
}
