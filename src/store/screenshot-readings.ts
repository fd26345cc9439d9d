/**
 * What reading each screenshot gave (table screenshot_readings, written by
 * src/helpdesk/screenshot-jobs.ts), as mails and the archive show it.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from './db';
import { screenshotReadings } from './schema';

/** A screenshot's reading (`reason`: src/ocr/types.ts Unreadable). */
export interface ScreenRead {
  status: 'read' | 'unreadable';
  errorCode: string | null;
  headline: string | null;
  exception: string | null;
  page: string | null;
  detailsHidden: boolean;
  reason: string | null;
  text: string;
}

/** The readings of these files, by sha256, as mails show them. */
export function readingsOf(db: Db, shas: readonly string[]): Map<string, ScreenRead> {
  if (shas.length === 0) return new Map();
  return new Map(
    db.select().from(screenshotReadings).where(inArray(screenshotReadings.sha256, [...shas])).all().map((r) => [
      r.sha256,
      { status: r.status, errorCode: r.errorCode, headline: r.headline, exception: r.exception, page: r.page, detailsHidden: r.detailsHidden, reason: r.reason, text: r.text },
    ]),
  );
}

