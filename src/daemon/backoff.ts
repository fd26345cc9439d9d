// Waiting, the daemon's way: exponential backoff with jitter for reconnects and SMTP probes, and
// a wake-up that ends a wait early (new mail, a closed connection, a stop request).

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** IMAP reconnects: 1 s, 2 s, 4 s ... at most a minute between attempts. */
export const RECONNECT: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };
/** SMTP probes while the outbox is held: the same shape. */
export const SMTP_PROBE: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/**
 * Delay before retry number `attempt` (0 = first retry): base·2^attempt capped, then "equal
 * jitter" (a random point in its upper half), so that many clients of one restarted server do
 * not come back in step, and no retry comes sooner than half the nominal delay.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const nominal = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}

/** A wait that `wake()` ends early; a wake with nobody waiting is remembered for the next wait. */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | null = null;

  wake(): void {
    if (this.resolve) {
      const r = this.resolve;
      this.resolve = null;
      r();
    } else {
      this.pending = true;
    }
  }

  /** Resolves `true` when woken, `false` when `ms` passed first. */
  wait(ms: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((done) => {
      const timer = setTimeout(() => {
        this.resolve = null;
        done(false);
      }, Math.max(0, ms));
      this.resolve = () => {
        clearTimeout(timer);
        done(true);
      };
    });
  }

  /** Forgets a wake that nobody waited for. */
  clear(): void {
    this.pending = false;
  }
}

/** The stop request (SIGTERM/SIGINT): checked between messages, and it ends every wait. */
export class StopSignal {
  private reasonText: string | null = null;
  private readonly listeners = new Set<() => void>();

  get requested(): boolean {
    return this.reasonText !== null;
  }

  get reason(): string | null {
    return this.reasonText;
  }

  request(reason: string): void {
    if (this.reasonText !== null) return;
    this.reasonText = reason;
    for (const l of this.listeners) l();
  }

  onRequest(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sleeps `ms`, or less when a stop is requested meanwhile. */
  sleep(ms: number): Promise<void> {
    if (this.requested) return Promise.resolve();
    return new Promise((done) => {
      const off = this.onRequest(() => {
        clearTimeout(timer);
        done();
      });
      const timer = setTimeout(() => {
        off();
        done();
      }, ms);
    });
  }
}
