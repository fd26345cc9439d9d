// One write transaction at a time on the shared connection. Rendering and MIME composition
// are asynchronous, so transactions are queued one after another: two never interleave.
import type { Store } from '../store/db';

export class Lane {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly store: Store) {}

  /** Runs `work` inside BEGIN IMMEDIATE … COMMIT (ROLLBACK when it throws), after every earlier one. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const once = async () => {
      const { sqlite } = this.store;
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        sqlite.exec('COMMIT');
        return result;
      } catch (err) {
        sqlite.exec('ROLLBACK');
        throw err;
      }
    };
    const result = this.tail.then(once, once);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
