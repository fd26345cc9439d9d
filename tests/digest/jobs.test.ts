// scheduleJobs: node-cron jobs in the calendar's time zone; a run can also be started by hand;
// a bad schedule is refused up front; a failing run is logged and the schedule goes on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../../src/config/load';
import { scheduleJobs, type JobLogger } from '../../src/digest';
import type { TickReport } from '../../src/helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { openStore, type Store } from '../../src/store/db';
import { outbox } from '../../src/store/schema';
import { seed, wib } from './seed';

const base = loadConfig(DEFAULT_CONFIG_PATH);
let dir: string;
let store: Store;
let config: Config;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-jobs-'));
  config = { ...base, paths: { ...base.paths, database: path.join(dir, 'db.sqlite') } };
  store = openStore(config.paths.database);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function fakeHelpdesk(report: Partial<TickReport> = {}) {
  const ticks: Date[] = [];
  return {
    ticks,
    tick: (now?: Date) => {
      ticks.push(now ?? new Date(0));
      return Promise.resolve({ checked: 0, changed: [], queued: 0, archived: [], pruned: [], ...report });
    },
    exclusive: <T>(work: () => Promise<T>) => work(),
  };
}

const deps = (over: Partial<Parameters<typeof scheduleJobs>[0]> = {}) => ({
  config,
  store,
  helpdesk: fakeHelpdesk(),
  sop: sopFromConfig(config),
  calendar: calendarFromConfig(config),
  ...over,
});

describe('scheduleJobs', () => {
  it('refuses a bad cron expression, naming the key', () => {
    const bad = { ...config, digest: { ...config.digest, schedule: 'every morning' } };
    expect(() => scheduleJobs(deps({ config: bad }))).toThrow("digest.schedule: not a valid cron expression: 'every morning'");
  });

  it('runs the tick and the digest on request and tells the sender when mail was queued', async () => {
    seed(store.db, [{ ref: '2026-0001', state: 'in_progress', opened: '2026-11-27 09:00', clocks: [{ step: '2', owner: 'lpse', start: '2026-11-27 09:00', due: '2026-11-27 09:30' }] }]);
    const helpdesk = fakeHelpdesk({ queued: 2, changed: ['2026-0001'] });
    const order: string[] = [];
    let woken = 0;
    const info: unknown[] = [];
    const log: JobLogger = { info: (d) => info.push(d), error: () => undefined };
    const jobs = scheduleJobs(
      deps({
        helpdesk,
        now: () => wib('2026-11-30 07:00'),
        log,
        onQueued: () => woken++,
        inSequence: async (job) => {
          order.push('in');
          const r = await job();
          order.push('out');
          return r;
        },
      }),
    );
    try {
      expect(await jobs.tick()).toMatchObject({ queued: 2 });
      expect(helpdesk.ticks).toEqual([wib('2026-11-30 07:00')]);
      expect(await jobs.digest()).toMatchObject({ queued: true, date: '2026-11-30' });
      expect(woken).toBe(2);
      expect(store.db.select().from(outbox).all().map((o) => o.kind)).toEqual(['digest']);
      expect(info).toEqual([expect.objectContaining({ job: 'tick' }), expect.objectContaining({ job: 'digest', queued: true })]);
      expect(order).toEqual([]); // runs by hand are the caller's to place; inSequence wraps the scheduled ones
    } finally {
      await jobs.stop();
    }
  });

  it('runs the scheduled tick through inSequence, and a failing run is logged, not thrown', async () => {
    const order: string[] = [];
    const errors: unknown[] = [];
    const helpdesk = { ...fakeHelpdesk(), tick: () => Promise.reject(new Error('disk full')) };
    const jobs = scheduleJobs(
      deps({
        helpdesk,
        tickSchedule: '* * * * * *', // every second
        log: { info: () => undefined, error: (d) => errors.push(d) },
        inSequence: async (job) => {
          order.push('in');
          try {
            return await job();
          } finally {
            order.push('out');
          }
        },
      }),
    );
    try {
      await new Promise((r) => setTimeout(r, 2300));
    } finally {
      await jobs.stop();
    }
    expect(order.slice(0, 2)).toEqual(['in', 'out']);
    expect(errors[0]).toEqual({ job: 'tick', err: 'disk full' });
  });

  it('skips the digest on a holiday the cron expression cannot know', async () => {
    const jobs = scheduleJobs(deps({ now: () => wib('2026-03-23 07:00') }));
    try {
      expect(await jobs.digest()).toMatchObject({ queued: false, skipped: 'not a working day' });
      expect(store.db.select().from(outbox).all()).toEqual([]);
    } finally {
      await jobs.stop();
    }
  });
});
