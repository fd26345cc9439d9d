/**
 * Retention of paths.files (config `retention.filesAfterDays`): the raw mail and attachments of
 * a case closed more than that many days ago leave the store once its archive is written and
 * current, since the archive (archive.ts) keeps a copy of each. Without it the store grows with
 * every mail ever received.
 *
 * Files are shared by content (one file per sha256), so a file goes only when nothing else
 * still refers to it: a message or attachment of a case not yet pruned, of a message without a
 * case (a relay, a quarantined mail), or an unsent mail (outbox `pending` or `draft`, or sent
 * with its Sent-folder copy still to file) that attaches it. A case is eligible when closed, its
 * archive mark clear (`archive_due`) and a `case_archived` event logged at or after its last
 * change; a case whose archive folder has gone is marked due again instead, so the next tick
 * rewrites it before its files go.
 *
 * The tick calls it after the archive loop. Each case is one unit of the helpdesk's lane, so no
 * intake transaction runs between the reference check and the removal (attachments are stored
 * in the transaction that records them; a raw message before it, but the same bytes again are
 * the same Message-ID, a duplicate that records nothing). At most `batch` cases per call, oldest
 * close first, found through the partial index cases_unpruned_idx: a tick costs the same on 100
 * closed cases as on 100,000. A late message on a pruned case (an auto-reply to an old thread)
 * gets the case's archive rewritten (archive.ts takes the files gone from the previous archive),
 * and its file goes at the next pass. Files go before the case is marked, so a crash in between
 * is redone next time.
 *
 * A pruned case that reopens (staff's #buka, or a late "masih error" once cases.reopenWithinDays
 * was raised) is worked again: its files come back from its archive (checked against their
 * sha256) and it is pruned anew once it closes for long enough. Until the next tick puts them
 * back, its mail lists the screenshots it cannot attach.
 *
 * Public surface:
 *   pruneCaseFiles(db, cfg, now, exclusive?, batch?): Promise<CaseFiles[]>
 *                                                one batch; logs case_files_pruned per case
 *   restoreReopened(db, cfg, now, exclusive?): Promise<CaseFiles[]>
 *                                                the files of pruned cases that reopened, back
 *                                                from their archives; logs case_files_restored
 *   PRUNE_BATCH                                  the default batch (cases per tick)
 *   types CaseFiles, Exclusive
 */

import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Config } from '../config/load';
import { storeAttachment } from '../inbox/attachment-intake';
import { openRaw, removeRaw, skeletonRefs } from '../store/raw-message';
import type { Db } from '../store/db';
import { cases, events } from '../store/schema';
import { STATES } from '../workflow/sop';
import { archivedCopies } from './archive';

export const PRUNE_BATCH = 50;

const DAY_MS = 86_400_000;
const OPEN_STATES = STATES.map((s) => s.state).filter((s) => s !== 'closed');
/** How far back a rewritten archive of a pruned case is looked for (the tick runs every minute; a week covers a stopped daemon). */
const REWRITTEN_WITHIN_MS = 7 * DAY_MS;

/** What one case's pass removed from paths.files (or, restoring, put back). */
export interface CaseFiles {
  ref: string;
  /** A file another case still needs is neither removed nor counted. */
  files: number;
  bytes: number;
}

/** Runs one unit of work as a write transaction that nothing else interleaves with (the helpdesk's lane). */
export type Exclusive = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Prunes up to `batch` cases, each in its own `exclusive` unit, so that intake waits for one
 * case at a time (about a millisecond), never for the batch.
 */
export async function pruneCaseFiles(
  db: Db,
  cfg: Pick<Config, 'paths' | 'retention'>,
  now: Date,
  exclusive: Exclusive = (work) => work(),
  batch: number = PRUNE_BATCH,
): Promise<CaseFiles[]> {
  const days = cfg.retention.filesAfterDays;
  if (days === null) return [];
  const pruned: CaseFiles[] = [];
  for (let i = 0; i < batch; i++) {
    const step = await exclusive(() => Promise.resolve(pruneNext(db, cfg, now.getTime() - days * DAY_MS, now)));
    if (step === null) break;
    if (step !== 'archive_missing') pruned.push(step);
  }
  return pruned;
}

/**
 * The oldest case due: closed before the cutoff and never pruned (through the partial index),
 * else a pruned case whose archive was rewritten since (a late message brought new files).
 * Both only with the archive current: the mark clear and written at or after the last change.
 */
function nextDue(db: Db, cutoff: number, now: Date): { id: number; ref: string } | undefined {
  return (
    db.get<{ id: number; ref: string } | undefined>(
      sql`select c.id as id, c.ref as ref from cases c indexed by cases_unpruned_idx
          where c.state = 'closed' and c.files_pruned_at is null and c.closed_at <= ${cutoff}
            and c.archive_due = 0
            and exists (select 1 from events e where e.case_id = c.id and e.type = 'case_archived' and e.at >= c.updated_at)
          order by c.closed_at, c.id limit 1`,
    ) ??
    db.get<{ id: number; ref: string } | undefined>(
      sql`select c.id as id, c.ref as ref from events e join cases c on c.id = e.case_id
          where e.type = 'case_archived' and e.at > ${now.getTime() - REWRITTEN_WITHIN_MS}
            and c.files_pruned_at < e.at and c.state = 'closed' and c.archive_due = 0 and e.at >= c.updated_at
          order by e.at, e.id limit 1`,
    )
  );
}

function pruneNext(db: Db, cfg: Pick<Config, 'paths'>, cutoff: number, now: Date): CaseFiles | 'archive_missing' | null {
  const c = nextDue(db, cutoff, now);
  if (c === undefined) return null;
  if (!fs.existsSync(path.join(path.resolve(cfg.paths.archive), c.ref, 'record.json'))) {
    db.update(cases).set({ archiveDue: true }).where(eq(cases.id, c.id)).run();
    return 'archive_missing';
  }
  const unsent = unsentFiles(db);
  const shas = filesOf(db, c.id);
  const kept = new Set(shas.filter((sha256) => unsent.has(sha256) || stillNeeded(db, sha256, c.id)));
  // A raw message kept as a skeleton (raw-message.ts) is read with its attachments: they stay with it.
  for (const sha256 of [...kept]) for (const ref of skeletonRefs(cfg.paths.files, sha256)) kept.add(ref);
  let files = 0;
  let bytes = 0;
  for (const sha256 of shas) {
    if (kept.has(sha256)) continue;
    const removed = removeRaw(cfg.paths.files, sha256);
    if (removed === null) continue;
    files++;
    bytes += removed;
  }
  db.transaction((tx) => {
    tx.update(cases).set({ filesPrunedAt: now }).where(eq(cases.id, c.id)).run();
    tx.insert(events).values({ caseId: c.id, at: now, type: 'case_files_pruned', detail: { files, bytes } }).run();
  });
  return { ref: c.ref, files, bytes };
}

/**
 * Pruned cases no longer closed: their files back under paths.files from their archive, the
 * mark cleared. Open cases are few, read by the (state, opened_at) index.
 */
export async function restoreReopened(db: Db, cfg: Pick<Config, 'paths'>, now: Date, exclusive: Exclusive = (work) => work()): Promise<CaseFiles[]> {
  const reopened = db
    .select({ id: cases.id, ref: cases.ref })
    .from(cases)
    .where(and(inArray(cases.state, OPEN_STATES), isNotNull(cases.filesPrunedAt)))
    .all();
  const restored: CaseFiles[] = [];
  for (const c of reopened) restored.push(await exclusive(() => Promise.resolve(restore(db, cfg, c, now))));
  return restored;
}

function restore(db: Db, cfg: Pick<Config, 'paths'>, c: { id: number; ref: string }, now: Date): CaseFiles {
  const copies = archivedCopies(path.join(path.resolve(cfg.paths.archive), c.ref));
  let files = 0;
  let bytes = 0;
  for (const sha256 of filesOf(db, c.id)) {
    const copy = copies.get(sha256);
    if (copy === undefined || openRaw(cfg.paths.files, sha256) !== null) continue;
    let content: Buffer;
    try {
      content = fs.readFileSync(copy);
      // A copy whose bytes are not the ones recorded is left where it is, never stored under that sha256.
      storeAttachment(cfg.paths.files, { content, sha256 }, { maxBytes: Number.MAX_SAFE_INTEGER });
    } catch {
      continue;
    }
    files++;
    bytes += content.length;
  }
  db.transaction((tx) => {
    tx.update(cases).set({ filesPrunedAt: null }).where(eq(cases.id, c.id)).run();
    tx.insert(events).values({ caseId: c.id, at: now, type: 'case_files_restored', detail: { files, bytes } }).run();
  });
  return { ref: c.ref, files, bytes };
}

/** Every file the case's messages and attachments refer to. */
function filesOf(db: Db, caseId: number): string[] {
  return db
    .all<{ sha256: string }>(
      sql`select raw_sha256 as sha256 from messages where case_id = ${caseId}
          union select a.sha256 as sha256 from attachments a join messages m on m.id = a.message_row_id where m.case_id = ${caseId}`,
    )
    .map((r) => r.sha256);
}

/**
 * Files that mail not yet sent (or not yet put in Drafts) attaches when it goes, and sent mail
 * whose copy for the Sent folder is still to be built from its parts (sent-copies.ts).
 */
function unsentFiles(db: Db): Set<string> {
  const rows = db.all<{ sha256: string | null }>(
    sql`select json_extract(f.value, '$.sha256') as sha256 from outbox o, json_each(o.files) f where o.status in ('pending', 'draft')
        union select json_extract(f.value, '$.sha256') as sha256 from outbox o indexed by outbox_sent_copy_idx, json_each(o.files) f
          where o.sent_copy_at is null and o.status = 'sent'`,
  );
  return new Set(rows.flatMap((r) => (r.sha256 === null ? [] : [r.sha256])));
}

/** A message or attachment outside this case, of no case or of a case not pruned, refers to the file (by index on the sha). */
function stillNeeded(db: Db, sha256: string, caseId: number): boolean {
  const row = db.get<{ one: number } | undefined>(
    sql`select 1 as one from messages m left join cases c on c.id = m.case_id
          where m.raw_sha256 = ${sha256} and m.case_id is not ${caseId} and (c.id is null or c.files_pruned_at is null)
        union all
        select 1 as one from attachments a join messages m on m.id = a.message_row_id left join cases c on c.id = m.case_id
          where a.sha256 = ${sha256} and m.case_id is not ${caseId} and (c.id is null or c.files_pruned_at is null)
        limit 1`,
  );
  return row !== undefined;
}
