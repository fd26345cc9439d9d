/**
 * The screenshots of a message waiting to be read, as rows of `screenshot_jobs` committed with the
 * message, and what reading them gave, once per file in `screenshot_readings`. Reading (src/ocr)
 * happens after the commit, never inside a transaction: the acknowledgment is already queued.
 * A picture is read in a process of its own (src/ocr/apart.ts), whose crash is the picture's
 * verdict. A job still counts its starts before reading, so one whose reading this process never
 * sees end (the daemon killed during it, every time) is given up after MAX_ATTEMPTS, recorded as
 * unreadable, and the mail it held still goes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { storedFile } from '../outbox/message';
import type { Db } from '../store/db';
import { prepared } from '../store/statements';
import { attachments, messages, screenshotJobs, screenshotReadings } from '../store/schema';
import type { ScreenshotOcr } from '../ocr/types';
import { maskScreenSecrets } from '../ocr/secret-lines';
import type { PlannedMail } from './outgoing';

export const MAX_ATTEMPTS = 3;

export interface ScreenshotFile {
  sha256: string;
  filename: string;
  contentType: string;
}

export interface WaitingJob {
  id: number;
  caseId: number;
  messageId: string;
  files: ScreenshotFile[];
  held: PlannedMail[];
  staffTold: boolean;
  attempts: number;
}

/** Inside the message's transaction: its kept screenshots wait to be read; `held` waits with them. */
export function addJob(db: Db, job: { caseId: number; messageId: string; files: readonly ScreenshotFile[]; held: readonly PlannedMail[]; staffTold: boolean; now: Date }): void {
  db.insert(screenshotJobs)
    .values({ caseId: job.caseId, messageId: job.messageId, files: [...job.files], held: [...job.held], staffTold: job.staffTold, createdAt: job.now })
    .onConflictDoNothing()
    .run();
}

/**
 * The next job, or null: the oldest waiting job of the committee served longest ago (never
 * first). Turn by turn, one committee's many or slow pictures do not hold another's notice.
 */
export function nextJob(db: Db): WaitingJob | null {
  const lastServed = sql`(SELECT max(j2.done_at) FROM cases c2 JOIN screenshot_jobs j2 ON j2.case_id = c2.id
    WHERE c2.reporter = (SELECT c1.reporter FROM cases c1 WHERE c1.id = ${screenshotJobs.caseId}))`;
  // Asked after every message: prepared once, not built again each time.
  const next = prepared(db, 'screenshotJobs.next', () => db.select().from(screenshotJobs).where(isNull(screenshotJobs.doneAt)).orderBy(sql`${lastServed} IS NOT NULL`, lastServed, asc(screenshotJobs.id)).limit(1).prepare());
  const row = next.get();
  if (!row) return null;
  return { id: row.id, caseId: row.caseId, messageId: row.messageId, files: row.files, held: row.held as PlannedMail[], staffTold: row.staffTold, attempts: row.attempts };
}

/** Counted before reading: a start that never ends (a crash, a kill) still counts. */
export function countAttempt(db: Db, id: number): void {
  db.update(screenshotJobs)
    .set({ attempts: sql`${screenshotJobs.attempts} + 1` })
    .where(eq(screenshotJobs.id, id))
    .run();
}

export function markDone(db: Db, id: number, now: Date): void {
  db.update(screenshotJobs).set({ doneAt: now }).where(eq(screenshotJobs.id, id)).run();
}

/** The files of `files` not read yet (a picture sent twice is read once). */
export function unread(db: Db, files: readonly ScreenshotFile[]): ScreenshotFile[] {
  const shas = files.map((f) => f.sha256);
  if (shas.length === 0) return [];
  const read = new Set(db.select({ sha: screenshotReadings.sha256 }).from(screenshotReadings).where(inArray(screenshotReadings.sha256, shas)).all().map((r) => r.sha));
  return files.filter((f, i) => !read.has(f.sha256) && files.findIndex((g) => g.sha256 === f.sha256) === i);
}

const LEFT_BEHIND_MS = 3_600_000;

/**
 * The reading's folder, made when missing, without what a reading ended by a crash left there
 * (no reading lasts an hour: the budget ends it).
 */
export function readyWorkDir(dir: string, now: Date): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (fs.statSync(file).mtimeMs < now.getTime() - LEFT_BEHIND_MS) fs.rmSync(file, { recursive: true, force: true });
  }
}

/** The kept file of a screenshot, or null when it is gone. */
export function fileOf(filesDir: string, f: ScreenshotFile): string | null {
  const file = storedFile(filesDir, f.sha256);
  return fs.existsSync(file) ? file : null;
}

/** Records one reading. Its text is stored with passwords masked (secret-lines.ts): a screenshot can show one. */
export function recordReading(db: Db, sha256: string, ocr: ScreenshotOcr, now: Date): void {
  const row =
    ocr.status === 'read'
      ? {
          status: 'read' as const,
          errorCode: ocr.errorCode,
          headline: mask(ocr.headline),
          exception: mask(ocr.exception),
          page: mask(ocr.page),
          notification: ocr.notification,
          detailsHidden: ocr.detailsHidden,
          codeUnclear: ocr.codeUnclear,
          confidence: Math.round(ocr.confidence),
          reason: null,
          detail: null,
          text: maskScreenSecrets(ocr.text),
        }
      : { status: 'unreadable' as const, errorCode: null, headline: null, exception: null, page: null, notification: false, detailsHidden: false, codeUnclear: false, confidence: 0, reason: ocr.reason, detail: ocr.detail, text: '' };
  db.insert(screenshotReadings)
    .values({ sha256, ...row, ms: Math.round(ocr.ms), readAt: now })
    .onConflictDoNothing()
    .run();
}

function mask(text: string | null): string | null {
  return text === null ? null : maskScreenSecrets(text);
}

/** The pictures an earlier message of the case carried (its committee was asked about them then). */
export function shownBefore(db: Db, caseId: number, messageId: string): Set<string> {
  const rows = db
    .select({ sha: attachments.sha256 })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageRowId))
    .where(and(eq(messages.caseId, caseId), ne(messages.messageId, messageId)))
    .all();
  return new Set(rows.map((r) => r.sha));
}
