// Intake figures, all from child processes: `process` of a generated Maildir into a fresh store
// against the floor (bare simpleParser over the same files), interleaved, median of the rounds;
// the peak RSS of those runs and of `process` on one huge mail and on one mail of many
// attachments; and the store's size per case against the mail's own size.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { bigAttachmentMail, mails, manyAttachmentsMail, writeMaildir, type MailOptions, type MailSet } from './mail-generator';
import { interleaved, mb, median, runCli, runNode, sizeOf, type ChildRun } from './measure';
import { CACHE, CLI, FLOOR } from './paths';
import { atLeast, about, below, type Row } from './table';
import { workspace, type Workspace } from './workspace';

const RSS_GOAL = below(150, ' MB');

/** A generated Maildir, cached: keyed by its name, count, options and the generator's own code. */
export function maildir(name: string, count: number, opts: MailOptions = { seed: 1 }): MailSet {
  const code = ['mail-generator.js', 'screenshot.js'].map((f) => fs.readFileSync(path.join(__dirname, f)));
  const key = createHash('sha256').update(Buffer.concat(code)).update(JSON.stringify({ count, opts })).digest('hex').slice(0, 12);
  const dir = path.join(CACHE, `${name}-${count}-${key}`);
  const meta = path.join(dir, 'set.json');
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as MailSet;
  for (const old of fs.existsSync(CACHE) ? fs.readdirSync(CACHE).filter((f) => f.startsWith(`${name}-${count}-`)) : []) fs.rmSync(path.join(CACHE, old), { recursive: true, force: true });
  const set = writeMaildir(dir, mails(count, opts));
  fs.writeFileSync(meta, JSON.stringify(set));
  return set;
}

/** `process` of `inputs` into the workspace's store, as an operator runs it. */
export function processRun(ws: Workspace, inputs: readonly string[]): ChildRun {
  return runCli(CLI, ['--config', ws.configFile, 'process', '--clock', 'message', ...inputs]);
}

/** How many receipts of each disposition a `process` run printed. */
export function dispositions(run: ChildRun): string {
  const counts = new Map<string, number>();
  for (const l of run.stdout.split('\n')) {
    const d = /^(processed|duplicate|ignored|quarantined)\s/.exec(l)?.[1];
    if (d) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts].map(([d, n]) => `${n} ${d}`).join(', ');
}

export interface IntakeResult {
  rows: Row[];
  /** The store of the last `process` round, for the SQLite figure. */
  last: Workspace;
  set: MailSet;
  notes: string[];
}

export function intakeFigures(count: number, rounds: number, tmp: string): IntakeResult {
  const set = maildir('maildir', count);
  let round = 0;
  let last: Workspace | null = null;
  const runs = interleaved(rounds, {
    pipeline: () => {
      // Only the last round's store is kept (for the SQLite and size figures).
      if (last !== null) fs.rmSync((last as Workspace).dir, { recursive: true, force: true });
      last = workspace(path.join(tmp, `intake-${round++}`));
      return processRun(last, [set.dir]);
    },
    floor: () => runNode([FLOOR, set.dir]),
  });
  const ws = last as Workspace | null;
  if (ws === null) throw new Error('intake: no round ran');
  const rate = (r: ChildRun[]) => set.count / (median(r.map((x) => x.ms)) / 1000);
  const pipeline = rate(runs.pipeline);
  const floor = rate(runs.floor);
  const rss = Math.max(...runs.pipeline.map((r) => r.rssMb));
  const db = new Database(ws.database, { readonly: true });
  const cases = (db.prepare('select count(*) as n from cases').get() as { n: number }).n;
  db.close();
  const storeBytes = sizeOf(ws.database) + sizeOf(`${ws.database}-wal`) + sizeOf(ws.files);
  const perCase = storeBytes / cases;
  const mailPerCase = set.bytes / cases;
  return {
    rows: [
      {
        figure: `intake: process of ${set.count} mails vs bare simpleParser (median of ${rounds})`,
        goal: atLeast(0.5, ' × floor'),
        value: pipeline / floor,
        measured: `${(pipeline / floor).toFixed(2)} (${pipeline.toFixed(1)} vs ${floor.toFixed(1)} msg/s)`,
      },
      { figure: `peak RSS, process of the ${set.count}-mail Maildir`, goal: RSS_GOAL, value: rss, measured: `${rss.toFixed(0)} MB (floor ${Math.max(...runs.floor.map((r) => r.rssMb)).toFixed(0)} MB)` },
      {
        figure: 'store size per case with real screenshots (DB + files vs mail)',
        goal: about(1, ' ×'),
        value: perCase / mailPerCase,
        measured: `${(perCase / mailPerCase).toFixed(2)} (${(perCase / 1024).toFixed(0)} KB vs ${(mailPerCase / 1024).toFixed(0)} KB per case, ${cases} cases)`,
      },
    ],
    last: ws,
    set,
    notes: [`mail set: ${set.count} mails (${set.reports} reports), ${mb(set.bytes).toFixed(0)} MB; last process run: ${dispositions(runs.pipeline[runs.pipeline.length - 1] as ChildRun)}`],
  };
}

/** Peak RSS of `process` on one mail, in a fresh store and a child of its own. */
function peakOf(name: string, raw: Buffer, tmp: string): { rss: number; run: ChildRun; bytes: number } {
  const ws = workspace(path.join(tmp, `rss-${name}`));
  const file = path.join(ws.dir, `${name}.eml`);
  fs.writeFileSync(file, raw);
  const run = processRun(ws, [file]);
  return { rss: run.rssMb, run, bytes: raw.length };
}

export function memoryFigures(tmp: string): Row[] {
  const big = peakOf('big', bigAttachmentMail(25 * 1024 * 1024), tmp);
  const many = peakOf('many', manyAttachmentsMail(300), tmp);
  return [
    { figure: `peak RSS, process of one mail with a 25 MB attachment`, goal: RSS_GOAL, value: big.rss, measured: `${big.rss.toFixed(0)} MB (mail ${mb(big.bytes).toFixed(0)} MB; ${dispositions(big.run)})` },
    { figure: `peak RSS, process of one mail with 300 attachments`, goal: RSS_GOAL, value: many.rss, measured: `${many.rss.toFixed(0)} MB (mail ${mb(many.bytes).toFixed(0)} MB; ${dispositions(many.run)})` },
  ];
}
