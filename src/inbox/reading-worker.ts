/**
 * The worker thread behind `BudgetedReader` (reading-budget.ts): reads one message at a time with
 * `readMessage` and posts the reading back. It reads a small report once before it says it is
 * ready, so that loading the parsers never counts against a real message's budget.
 */
import { parentPort } from 'node:worker_threads';
import type { MessageFile } from './mime';
import { readMessage, type ReadOptions, type Reading } from './reading';
import { UnparseableMessage } from './unparseable';

/** The message's bytes (a structured clone makes a Buffer a Uint8Array), or its file. */
export interface ReadingJob {
  source: Uint8Array | MessageFile;
  opts: ReadOptions;
}

export type WorkerAnswer =
  | { type: 'ready' }
  | { type: 'read'; reading: Reading }
  | { type: 'unparseable'; reason: string }
  | { type: 'failed'; message: string };

const SAMPLE = Buffer.from(
  [
    'From: Pokja Pemilihan 1 <pokja1@example.invalid>',
    'Subject: Error SPSE',
    'Message-ID: <warm-up@example.invalid>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Muncul notifikasi error.',
    'Kode Tender: 10000000000',
    '',
  ].join('\r\n'),
);

async function answer(job: ReadingJob): Promise<WorkerAnswer> {
  try {
    const { source } = job;
    const raw = source instanceof Uint8Array ? Buffer.from(source.buffer, source.byteOffset, source.byteLength) : source;
    const reading = await readMessage(raw, job.opts);
    return { type: 'read', reading };
  } catch (err) {
    if (err instanceof UnparseableMessage) return { type: 'unparseable', reason: err.reason };
    return { type: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * The attachment bytes to move to the main thread rather than copy: only a buffer that is its whole
 * ArrayBuffer (a small one can share Node's pool with other data, which must stay here).
 */
function movable(a: WorkerAnswer): ArrayBuffer[] {
  if (a.type !== 'read') return [];
  const out = new Set<ArrayBuffer>();
  for (const { content } of a.reading.attachments) {
    const whole = content.buffer;
    if (whole instanceof ArrayBuffer && content.byteOffset === 0 && content.byteLength === whole.byteLength && whole.byteLength > 0) out.add(whole);
  }
  return [...out];
}

async function serve(port: NonNullable<typeof parentPort>): Promise<void> {
  await readMessage(SAMPLE, { tagPrefix: 'LPSE' });
  port.on('message', (job: ReadingJob) => {
    void answer(job).then((a) => port.postMessage(a, movable(a)));
  });
  port.postMessage({ type: 'ready' } satisfies WorkerAnswer);
}

if (parentPort) void serve(parentPort);
