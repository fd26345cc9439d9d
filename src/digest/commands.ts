/**
 * The CLI's `archive` and `tick` commands, as functions of (config, store, options, output) so
 * that tests call them without a process (`digest` is digest-command.ts: it needs none of the
 * helpdesk pipeline these load).
 *
 *   archive REF [--out DIR]                        write the case archive (default paths.archive)
 *   tick [--now ISO]                               run the clock watch once; mail is only queued
 *
 * `tick` first `warn`s (default: print) of every year the holiday calendar lacks on that day
 * (calendar-check.ts): without it, holidays count as working days.
 *
 * Public surface:
 *   archiveCommand(cfg, store, ref, opts, print): Promise<number>
 *   tickCommand(cfg, store, opts, print, warn?): Promise<number>
 */

import type { Config } from '../config/load';
import { ArchiveError, writeArchive } from '../archive/archive';
import { Helpdesk } from '../helpdesk/helpdesk';
import { archiveDepsFrom, calendarFromConfig, sopFromConfig } from '../helpdesk/wiring';
import type { Store } from '../store/db';
import { calendarWarningsFor } from './calendar-check';

type Print = (line: string) => void;

export async function archiveCommand(cfg: Config, store: Store, ref: string, opts: { out?: string; now?: Date }, print: Print): Promise<number> {
  const clean = ref.replace(/^.*#/, '').replace(/\]$/, '');
  const dir = opts.out ?? cfg.paths.archive;
  try {
    const result = await writeArchive(
      { ...archiveDepsFrom(cfg, store.db, sopFromConfig(cfg), calendarFromConfig(cfg)), archiveDir: cfg.paths.archive },
      clean,
      dir,
      opts.now ?? new Date(),
    );
    const r = result.record;
    const kept = new Set(r.attachments.flatMap((a) => (a.file === null ? [] : [a.file]))).size;
    const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    print(`archived ${r.ref} to ${result.dir}: ${n(r.messages.length, 'message')}, ${n(kept, 'attachment')}, ${n(r.steps.length, 'step clock')}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    print(err.message);
    return 1;
  }
}

export async function tickCommand(cfg: Config, store: Store, opts: { now?: string }, print: Print, warn: Print = print): Promise<number> {
  const now = opts.now ? new Date(opts.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now: expected an ISO date-time, got "${opts.now ?? ''}"`);
  const calendar = calendarFromConfig(cfg);
  for (const w of calendarWarningsFor(cfg, calendar, now)) warn(`warning: ${w}`);
  const helpdesk = new Helpdesk({ config: cfg, store, sop: sopFromConfig(cfg), calendar, now: () => now });
  const report = await helpdesk.tick(now);
  print(`checked ${report.checked} running clocks; changed ${report.changed.length} cases${report.changed.length ? ` (${report.changed.join(', ')})` : ''}; queued ${report.queued} mails; archived ${report.archived.length}; pruned the files of ${report.pruned.length}`);
  return 0;
}
