/**
 * The daemon's timed jobs, on node-cron in the business calendar's time zone:
 *   - the tick, every minute: Helpdesk.tick (clock warnings, breach alerts, the reporter's
 *     reminder, the no-response close, archives of closed cases);
 *   - the daily SLA digest, on `digest.schedule` (default '0 7 * * 1-5'), skipped on the
 *     calendar's holidays, queued once per day to `digest.recipients`.
 * Both only queue outbox rows; `onQueued` lets the daemon wake its sender. A run that throws is
 * logged and the schedule goes on; runs of one job never overlap.
 *
 * Public surface:
 *   scheduleJobs(deps): ScheduledJobs     { stop(), tick(), digest() } — the last two run a job now
 *   types JobDeps, ScheduledJobs, JobLogger
 */

import cron from 'node-cron';
import type { Config } from '../config/load';
import type { Helpdesk, TickReport } from '../helpdesk/helpdesk';
import type { Store } from '../store/db';
import type { Calendar, Sop } from '../workflow';
import { runDigest, type DigestRun } from './send';

export interface JobLogger {
  info(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

export interface JobDeps {
  config: Config;
  store: Store;
  helpdesk: Pick<Helpdesk, 'tick' | 'exclusive'>;
  sop: Sop;
  calendar: Calendar;
  now?: () => Date;
  log?: JobLogger;
  /** Called after a job queued mail. */
  onQueued?: () => void;
  /** The tick's schedule (default every minute). */
  tickSchedule?: string;
  /**
   * Runs a scheduled job where it cannot interleave with the daemon's own store writes (the
   * daemon works in one sequence: it should run the job between two messages). Default: at
   * once — safe beside Helpdesk.receive, whose transactions share the helpdesk's lane, but not
   * beside writes made outside it (the sender marking rows sent).
   */
  inSequence?: <T>(job: () => Promise<T>) => Promise<T>;
}

export interface ScheduledJobs {
  stop(): Promise<void>;
  tick(): Promise<TickReport>;
  digest(): Promise<DigestRun>;
}

const quiet: JobLogger = { info: () => undefined, error: () => undefined };

export function scheduleJobs(deps: JobDeps): ScheduledJobs {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? quiet;
  const timezone = deps.config.calendar.timezone;
  const tickSchedule = deps.tickSchedule ?? '* * * * *';
  for (const [key, expr] of [['digest.schedule', deps.config.digest.schedule], ['tick', tickSchedule]] as const) {
    if (!cron.validate(expr)) throw new RangeError(`${key}: not a valid cron expression: '${expr}'`);
  }

  const tick = async (): Promise<TickReport> => {
    const report = await deps.helpdesk.tick(now());
    if (report.changed.length > 0 || report.archived.length > 0 || report.pruned.length > 0) log.info({ job: 'tick', ...report }, 'tick changed cases');
    if (report.queued > 0) deps.onQueued?.();
    return report;
  };
  const digest = async (): Promise<DigestRun> => {
    const run = await runDigest(
      { config: deps.config, db: deps.store.db, sop: deps.sop, calendar: deps.calendar, exclusive: (work) => deps.helpdesk.exclusive(work) },
      now(),
      { workingDaysOnly: true },
    );
    log.info({ job: 'digest', date: run.date, queued: run.queued, skipped: run.skipped, reason: run.reason }, 'daily SLA digest');
    if (run.queued) deps.onQueued?.();
    return run;
  };
  const inSequence = deps.inSequence ?? (<T>(job: () => Promise<T>) => job());
  const guarded = (name: string, job: () => Promise<unknown>) => async () => {
    try {
      await inSequence(job);
    } catch (err) {
      log.error({ job: name, err: err instanceof Error ? err.message : String(err) }, `${name} job failed`);
    }
  };

  const tasks = [
    cron.schedule(tickSchedule, guarded('tick', tick), { timezone, name: 'lpse-tick', noOverlap: true }),
    cron.schedule(deps.config.digest.schedule, guarded('digest', digest), { timezone, name: 'lpse-digest', noOverlap: true }),
  ];
  return {
    async stop() {
      for (const t of tasks) {
        await t.stop();
        await t.destroy();
      }
    },
    tick,
    digest,
  };
}
