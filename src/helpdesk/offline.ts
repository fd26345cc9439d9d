// The offline pipeline behind `process` and `demo`: files in, the helpdesk decides, the outbox
// drains into `.eml` files (drafts into a drafts/ folder). The live daemon swaps in IMAP/SMTP.
import fs from 'node:fs';
import type { Config } from '../config/load';
import type { MessageReader } from '../inbox/reading-budget';
import { drain, FileOutbox, type DrainResult } from '../outbox/outbox';
import type { Store } from '../store/db';
import { Helpdesk, type Receipt } from './helpdesk';
import { calendarFromConfig, sopFromConfig } from './wiring';

export interface OfflineRun {
  receipts: { file: string; receipt: Receipt }[];
  drained: DrainResult;
  /** The clock after the last message. */
  now: Date;
}

/**
 * `clock: 'message'` replays a mailbox as it happened: "now" is each message's Date header
 * (never going backwards), so the clocks in a replay are those of the original day.
 */
export async function processFiles(
  files: readonly string[],
  deps: {
    config: Config;
    store: Store;
    clock: 'now' | 'message';
    reader?: MessageReader;
    /** Called after each file with how many are done (the CLI's progress meter on a terminal). */
    onProgress?: (done: number, total: number) => void;
  },
): Promise<OfflineRun> {
  let now = new Date(0);
  const tick = (raw: Buffer) => {
    const stamp = deps.clock === 'message' ? headerDate(raw) : null;
    now = new Date(Math.max(now.getTime(), (stamp ?? new Date()).getTime()));
    return now;
  };
  const helpdesk = new Helpdesk({
    config: deps.config,
    store: deps.store,
    sop: sopFromConfig(deps.config),
    calendar: calendarFromConfig(deps.config),
    now: () => now,
    reader: deps.reader,
  });
  const sink = new FileOutbox(deps.config.paths.outbox);
  const receipts: OfflineRun['receipts'] = [];
  const drained: DrainResult = { sent: 0, drafted: 0, retried: 0, failed: [] };
  for (const file of files) {
    const raw = fs.readFileSync(file);
    tick(raw);
    receipts.push({ file, receipt: await helpdesk.receive(raw) });
    // Sent before the next message is read, as the daemon does: answers go out within the run.
    const d = await drain(deps.store.db, sink, sink, () => now);
    drained.sent += d.sent;
    drained.drafted += d.drafted;
    drained.retried += d.retried;
    drained.failed.push(...d.failed);
    deps.onProgress?.(receipts.length, files.length);
  }
  return { receipts, drained, now };
}

function headerDate(raw: Buffer): Date | null {
  const head = raw.subarray(0, 64 * 1024).toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
  const value = /^Date:[ \t]*(.+(?:\r?\n[ \t].+)*)/im.exec(head)?.[1];
  if (!value) return null;
  const t = Date.parse(value.replace(/\s+/g, ' '));
  return Number.isNaN(t) ? null : new Date(t);
}
