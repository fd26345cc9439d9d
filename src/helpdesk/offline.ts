// The offline pipeline behind `process` and `demo`: files in, the helpdesk decides, the outbox
// drains into `.eml` files (drafts into a drafts/ folder). The live daemon swaps in IMAP/SMTP.
import type { Config } from '../config/load';
import { fileHead } from '../inbox/file-head';
import type { MessageReader } from '../inbox/reading-budget';
import type { OcrSettings } from '../ocr/types';
import { fromFilesDir } from '../outbox/message';
import { drain, FileOutbox, type DrainResult } from '../outbox/outbox';
import type { Store } from '../store/db';
import { Helpdesk, type ReadMessage, type Receipt } from './helpdesk';
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
    /** How screenshots are read; null or absent: not read (src/ocr/settings.ts). */
    ocr?: OcrSettings | null;
    /** Called after each file with how many are done (the CLI's progress meter on a terminal). */
    onProgress?: (done: number, total: number) => void;
  },
): Promise<OfflineRun> {
  let now = new Date(0);
  const tick = (file: string) => {
    const stamp = deps.clock === 'message' ? headerDate(file) : null;
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
    ocr: deps.ocr ?? null,
  });
  const sink = new FileOutbox(deps.config.paths.outbox);
  const receipts: OfflineRun['receipts'] = [];
  const drained: DrainResult = { sent: 0, drafted: 0, retried: 0, failed: [] };
  // By its path: the message is copied to the spool by the file system, never read whole here
  // (spool.ts). The next message is read while this one commits: the reading worker works on the
  // other core. Commits stay in order, one after another.
  const readAhead = (i: number): Promise<ReadMessage> | null => {
    const next = files[i];
    if (next === undefined) return null;
    const read = helpdesk.read({ path: next });
    read.catch(() => undefined); // awaited below; a failure before then must not go unhandled
    return read;
  };
  let ahead = readAhead(0);
  try {
    for (const [i, file] of files.entries()) {
      const current = await (ahead as Promise<ReadMessage>);
      ahead = readAhead(i + 1);
      tick(file);
      receipts.push({ file, receipt: await helpdesk.commit(current) });
      await afterEach();
    }
  } finally {
    // A run cut short by an error leaves no spool file of the message read ahead.
    void ahead?.then((m) => helpdesk.forget(m), () => undefined);
  }
  return { receipts, drained, now };

  async function afterEach(): Promise<void> {
    // Offline, the screenshots are read before the next commit (the daemon reads them beside intake).
    await helpdesk.readWaitingScreenshots();
    // Sent before the next commit, as the daemon does: answers go out within the run.
    // No Sent folder offline: no copy is filed of what went to files.
    const d = await drain(deps.store.db, sink, sink, () => now, { source: fromFilesDir(deps.config.paths.files, deps.config.mailbox.name), sentCopies: false });
    drained.sent += d.sent;
    drained.drafted += d.drafted;
    drained.retried += d.retried;
    drained.failed.push(...d.failed);
    deps.onProgress?.(receipts.length, files.length);
  }
}

const HEAD_BYTES = 64 * 1024;

/** The Date header, from the first HEAD_BYTES of the file only. */
function headerDate(file: string): Date | null {
  const head = fileHead(file, HEAD_BYTES).toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
  const value = /^Date:[ \t]*(.+(?:\r?\n[ \t].+)*)/im.exec(head)?.[1];
  if (!value) return null;
  const t = Date.parse(value.replace(/\s+/g, ' '));
  return Number.isNaN(t) ? null : new Date(t);
}
