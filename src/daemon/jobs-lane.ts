// Timed jobs (the per-minute clock tick, the daily digest: src/digest/jobs.ts, on node-cron) run
// inside the daemon's one sequence, never beside a message in hand or a row being marked sent:
// node-cron hands each run to `inSequence`, which queues it and wakes the daemon; the daemon
// runs what is queued at its next safe point (between passes, or while it waits to reconnect).

export class JobsLane {
  private queue: (() => Promise<void>)[] = [];
  private closed = false;

  constructor(private readonly wake: () => void) {}

  /** For the scheduler: resolves with the job's result once the daemon has run it. */
  inSequence = <T>(job: () => Promise<T>): Promise<T> => {
    if (this.closed) return Promise.reject(new Error('the daemon is stopping'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => job().then(resolve, reject));
      this.wake();
    });
  };

  get pending(): number {
    return this.queue.length;
  }

  /** Runs every queued job, in order (a job's failure goes to its own caller). */
  async runPending(): Promise<number> {
    let ran = 0;
    while (this.queue.length > 0) {
      const next = this.queue.shift()!;
      await next();
      ran++;
    }
    return ran;
  }

  /** Refuses new jobs; the queued ones still run at the last safe point. */
  close(): void {
    this.closed = true;
  }
}
