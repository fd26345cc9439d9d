/**
 * The per-message reading budget, enforced from outside the reader: `readMessage` runs in a
 * long-lived worker thread (reading-worker.ts), one message at a time, and a message that is not
 * read within the budget has its worker terminated and fails with `ReadingOverBudget`, whatever
 * the reader was doing. The main thread never runs a pattern over mail text, so it stays free to
 * answer a stop signal, run the clock watch and send mail. A new worker is started for the next
 * message. The worker always runs compiled JavaScript: next to this file in dist/, and from dist/
 * when this file runs as TypeScript (tests build first: `pretest`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MessageSource } from './mime';
import type { ReadOptions, Reading } from './reading';
import { UnparseableMessage } from './unparseable';
import type { ReadingJob, WorkerAnswer } from './reading-worker';

/** Reads one raw message (bytes, or a file: mime.ts `MessageSource`): `readMessage` itself, or the budgeted worker. */
export type MessageReader = (raw: MessageSource, opts: ReadOptions) => Promise<Reading>;

/**
 * `readMessage` in this thread, its module loaded on the first read: a process that reads in the
 * worker never loads the parsers (mailparser, libphonenumber, html-to-text) into its main thread.
 */
export const readInThisThread: MessageReader = (raw, opts) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (above)
  const { readMessage } = require('./reading') as typeof import('./reading');
  return readMessage(raw, opts);
};

/** The message was not read within the budget; `reason` is the quarantine reason. */
export class ReadingOverBudget extends Error {
  readonly reason: string;
  constructor(seconds: number) {
    super(`reading took longer than ${seconds} s`);
    this.name = 'ReadingOverBudget';
    this.reason = this.message;
  }
}

/**
 * The worker ran out of its memory cap (READING_MEMORY_MB) while reading the message: a budget
 * too, quarantined like the time budget.
 */
export class ReadingOverMemory extends ReadingOverBudget {
  override readonly reason: string;
  constructor(megabytes: number) {
    super(0);
    this.name = 'ReadingOverMemory';
    this.reason = `reading needed more than ${megabytes} MB of memory`;
    this.message = this.reason;
  }
}

/** The reader was closed (the daemon is stopping) while the message was read: it is not read. */
export class ReadingStopped extends Error {
  constructor() {
    super('reading stopped: the reader was closed');
    this.name = 'ReadingStopped';
  }
}

/**
 * The worker's heap cap. Reading a large message takes some 30 MB of heap (its big parts are
 * files, mime.ts); a message that needs this much is a hostile one, and ends like one over time.
 */
export const READING_MEMORY_MB = 192;
// The worker's young generation: V8's default (up to 48 MB) is kept committed between messages;
// a small one costs no reading time (measured) and keeps the process some 15-30 MB smaller.
const YOUNG_GENERATION_MB = 4;

/** Loading the parsers in a new worker; far above the half second it takes. */
const START_LIMIT_MS = 60_000;

/** The compiled worker: beside this file in dist/, or under dist/ when this file is the TypeScript source. */
export function workerScript(): string {
  const candidates = [path.join(__dirname, 'reading-worker.js'), path.resolve(__dirname, '..', '..', 'dist', 'inbox', 'reading-worker.js')];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`the reading worker is not built (looked for ${candidates.join(', ')}): run npm run build`);
  return found;
}

interface Pending {
  resolve: (r: Reading) => void;
  reject: (e: Error) => void;
}

/** One worker's life: started, ready (warm), then one job at a time. */
interface Running {
  worker: Worker;
  ready: Promise<void>;
  failStart: (e: Error) => void;
  pending: Pending | null;
}

/** A structured clone turns the attachments' Buffers into plain Uint8Arrays. */
function revive(reading: Reading): Reading {
  return {
    ...reading,
    attachments: reading.attachments.map((a) => ({ ...a, content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength) })),
  };
}

export class BudgetedReader {
  private running: Running | null = null;
  private lane: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly budgetSeconds: number,
    private readonly script: string = workerScript(),
    private readonly memoryMb: number = READING_MEMORY_MB,
  ) {}

  /** The reader as a function, for `Helpdesk` and `parse`. */
  get reader(): MessageReader {
    return (raw, opts) => this.read(raw, opts);
  }

  /** Starts the worker now, so that the first message does not wait for it. */
  warm(): Promise<void> {
    return this.start().ready;
  }

  /** Reads one message in the worker; messages are read one after another, each with the full budget. */
  read(raw: MessageSource, opts: ReadOptions): Promise<Reading> {
    const run = () => this.readNow(raw, opts);
    const result = this.lane.then(run, run);
    this.lane = result.catch(() => undefined);
    return result;
  }

  /** Terminates the worker; a message being read fails with `ReadingStopped`, and so does every later one. */
  async close(): Promise<void> {
    this.closed = true;
    await this.kill(new ReadingStopped());
  }

  private async readNow(raw: MessageSource, opts: ReadOptions): Promise<Reading> {
    if (this.closed) throw new ReadingStopped();
    const running = this.start();
    await running.ready;
    if (this.closed || this.running !== running) throw new ReadingStopped();
    return new Promise<Reading>((resolve, reject) => {
      const timer = setTimeout(() => void this.kill(new ReadingOverBudget(this.budgetSeconds)), this.budgetSeconds * 1000);
      const settle = (): void => {
        clearTimeout(timer);
        running.pending = null;
        running.worker.unref();
      };
      running.pending = {
        resolve: (r) => {
          settle();
          resolve(r);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      };
      running.worker.ref();
      // A file goes by its path: the worker streams it, and its large parts never cross back.
      const source = Buffer.isBuffer(raw) ? raw : { path: raw.path, spillDir: raw.spillDir };
      const job: ReadingJob = { source, opts: { tagPrefix: opts.tagPrefix, ownAddresses: opts.ownAddresses ? [...opts.ownAddresses] : undefined } };
      running.worker.postMessage(job);
    });
  }

  private start(): Running {
    if (this.running) return this.running;
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    let markReady: () => void = () => undefined;
    let failStart: (e: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    const running: Running = { worker, ready, failStart, pending: null };
    const startTimer = setTimeout(() => void this.kill(new Error('the reading worker did not start')), START_LIMIT_MS);
    startTimer.unref();
    worker.on('message', (a: WorkerAnswer) => {
      if (a.type === 'ready') {
        clearTimeout(startTimer);
        worker.unref();
        markReady();
        return;
      }
      const p = running.pending;
      if (!p) return;
      if (a.type === 'read') p.resolve(revive(a.reading));
      else if (a.type === 'unparseable') p.reject(new UnparseableMessage(a.reason));
      else p.reject(new Error(a.message));
    });
    const lost = (e: Error): void => {
      clearTimeout(startTimer);
      if (this.running === running) this.running = null;
      failStart(e);
      running.pending?.reject(e);
    };
    worker.on('error', (err) => {
      const outOfMemory = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      lost(outOfMemory ? new ReadingOverMemory(this.memoryMb) : new Error(`the reading worker failed: ${err.message}`));
    });
    worker.on('exit', (code) => lost(new Error(`the reading worker exited (code ${code})`)));
    // An unhandled rejection of `ready` would be noise: whoever waits for it sees the failure.
    ready.catch(() => undefined);
    this.running = running;
    return running;
  }

  /**
   * Ends the current worker; what it was doing fails with `why` once the worker is gone, so that
   * the caller may remove the files of that read without the worker still writing them. The
   * next read starts a new one.
   */
  private async kill(why: Error): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = null;
    running.failStart(why);
    const pending = running.pending;
    running.pending = null;
    await running.worker.terminate();
    pending?.reject(why);
  }
}
