/**
 * What reading each screenshot gave (table screenshot_readings, written by
 * src/helpdesk/screenshot-jobs.ts), as mails and the archive show it.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from './db';
import { listed, listSlots, prepared } from './statements';
import { screenshotReadings } from './schema';

/** A screenshot's reading (`reason`: src/ocr/types.ts Unreadable). */
export interface ScreenRead {
  status: 'read' | 'unreadable';
  errorCode: string | null;
  headline: string | null;
  exception: string | null;
  page: string | null;
  detailsHidden: boolean;
  codeUnclear: boolean;
  reason: string | null;
  text: string;
}

/** The readings of these files, by sha256, as mails show them. */
export function readingsOf(db: Db, shas: readonly string[]): Map<string, ScreenRead> {
  if (shas.length === 0) return new Map();
  // Asked for every mail that shows a case's screenshots: prepared once per number of files.
  const select = prepared(db, `screenshotReadings.of:${shas.length}`, () =>
    db.select().from(screenshotReadings).where(inArray(screenshotReadings.sha256, listSlots('sha', shas.length))).prepare(),
  );
  return new Map(
    select.all(listed('sha', shas)).map((r) => [
      r.sha256,
      { status: r.status, errorCode: r.errorCode, headline: r.headline, exception: r.exception, page: r.page, detailsHidden: r.detailsHidden, codeUnclear: r.codeUnclear, reason: r.reason, text: r.text },
    ]),
  );
}

