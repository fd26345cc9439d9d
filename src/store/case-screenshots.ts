/**
 * A case's screenshots with what reading each gave (screenshot_readings), for `case REF`: plain
 * statements on the reading connection, like the other views.
 */
import type { Connection } from './connection';
import type { ScreenRead } from './screenshot-readings';

export interface ScreenshotView {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** Null while it waits to be read, or when reading is off; the read text is left to the mails and the archive. */
  reading: (Omit<ScreenRead, 'text'> & { confidence: number; ms: number }) | null;
}

interface Row {
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  status: 'read' | 'unreadable' | null;
  error_code: string | null;
  headline: string | null;
  exception: string | null;
  page: string | null;
  details_hidden: number | null;
  code_unclear: number | null;
  reason: string | null;
  confidence: number | null;
  ms: number | null;
}

/** Each screenshot once (the first message that carried it), in the order they came. */
export function screenshotsOfCase(sqlite: Connection, caseId: number): ScreenshotView[] {
  const rows = sqlite
    .prepare<[number], Row>(
      `SELECT a.filename, a.content_type, a.size, a.sha256, r.status, r.error_code, r.headline, r.exception, r.page, r.details_hidden, r.code_unclear, r.reason, r.confidence, r.ms
       FROM attachments a JOIN messages m ON m.id = a.message_row_id LEFT JOIN screenshot_readings r ON r.sha256 = a.sha256
       WHERE m.case_id = ? AND a.screenshot = 1 ORDER BY a.id`,
    )
    .all(caseId);
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    if (seen.has(r.sha256)) return [];
    seen.add(r.sha256);
    const reading =
      r.status === null
        ? null
        : { status: r.status, errorCode: r.error_code, headline: r.headline, exception: r.exception, page: r.page, detailsHidden: r.details_hidden === 1, codeUnclear: r.code_unclear === 1, reason: r.reason, confidence: r.confidence ?? 0, ms: r.ms ?? 0 };
    return [{ filename: r.filename, contentType: r.content_type, size: r.size, sha256: r.sha256, reading }];
  });
}
