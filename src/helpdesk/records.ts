// What the helpdesk keeps of an incoming message: its row (with the reading), its raw bytes
// once under their sha256, and each attachment once under its own. Called inside the caller's transaction.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { storeAttachment, storeFile } from '../inbox/attachment-intake';
import { toContract } from '../inbox/contract';
import type { Reading } from '../inbox/reading';
import { buildMessage } from '../outbox/compose';
import { compact, openRaw } from '../store/raw-message';
import { logEvent } from '../store/event-log';
import { attachments, messages } from '../store/schema';
import { encoded, prepared, slots } from '../store/statements';
import type { Desk } from './desk';
import { roleOf } from './roles';

export interface MessageRecord {
  messageId: string;
  caseId: number | null;
  from: string;
  reading: Reading | null;
  rawSha: string;
  disposition: 'processed' | 'ignored' | 'quarantined';
  reason: string | null;
  now: Date;
}

const MESSAGE_COLUMNS = ['messageId', 'caseId', 'direction', 'kind', 'role', 'fromAddr', 'toAddrs', 'subject', 'inReplyTo', 'references', 'date', 'rawSha256', 'reading', 'disposition', 'reason', 'recordedAt'] as const;
const ATTACHMENT_COLUMNS = ['messageRowId', 'sha256', 'filename', 'contentType', 'size', 'screenshot', 'skippedReason'] as const;

export function recordMessage(desk: Desk, m: MessageRecord): number {
  const { db } = desk;
  const r = m.reading;
  const insert = prepared(db, 'messages.insert', () => db.insert(messages).values(slots(MESSAGE_COLUMNS)).returning({ id: messages.id }).prepare());
  const row = insert.get(
    encoded(messages, {
      messageId: m.messageId,
      caseId: m.caseId,
      direction: 'in',
      kind: r?.kind ?? 'unparseable',
      role: m.from ? roleOf(desk.cfg, m.from) : null,
      fromAddr: m.from,
      toAddrs: r ? [...r.to, ...r.cc] : [],
      subject: r?.subject ?? '',
      inReplyTo: r?.inReplyTo ?? null,
      references: r?.references ?? [],
      date: r?.date ?? null,
      rawSha256: m.rawSha,
      reading: r ? toContract(r) : null,
      disposition: m.disposition,
      reason: m.reason,
      recordedAt: m.now,
    }),
  );
  if (!row) throw new Error('the message row was not inserted');
  return row.id;
}

/**
 * Each attachment's bytes once under its sha256; oversized ones and the excess are recorded as
 * skipped. Returns the screenshots kept.
 */
export function keepAttachments(desk: Desk, r: Reading, messageRowId: number): { sha256: string; filename: string; contentType: string }[] {
  const { cfg } = desk;
  const screenshots: { sha256: string; filename: string; contentType: string }[] = [];
  r.attachments.forEach((a, i) => {
    const overCount = i >= cfg.attachments.maxPerMessage;
    const limits = { maxBytes: cfg.attachments.maxBytes };
    // A part too large for memory is already a file (the reader's): it is linked, not copied.
    const result = overCount
      ? ({ stored: false, reason: 'too_many' } as const)
      : a.file !== null
        ? storeFile(cfg.paths.files, a.file, a.sha256, limits)
        : storeAttachment(cfg.paths.files, a, limits);
    const insert = prepared(desk.db, 'attachments.insert', () => desk.db.insert(attachments).values(slots(ATTACHMENT_COLUMNS)).prepare());
    insert.run(
      encoded(attachments, {
        messageRowId,
        sha256: a.sha256,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        screenshot: a.screenshot && result.stored,
        skippedReason: result.stored ? null : result.reason,
      }),
    );
    if (a.screenshot && result.stored) screenshots.push({ sha256: a.sha256, filename: a.filename, contentType: a.contentType });
  });
  return screenshots;
}

/** Records a message (and its attachments) with a log event on its case; for mail that changes no case. */
export function recordWithEvent(desk: Desk, m: MessageRecord, event: { type: string; caseId: number | null; detail: Record<string, unknown> }): number {
  const rowId = recordMessage(desk, m);
  if (m.reading) keepAttachments(desk, m.reading, rowId);
  logEvent(desk.db, { caseId: event.caseId, at: m.now, type: event.type, actor: m.from, messageId: m.messageId, detail: event.detail });
  return rowId;
}

/** The raw message, kept once under its sha256 beside the attachments (the case archive needs it). */
export function keepFile(desk: Desk, content: Buffer, sha256: string): void {
  storeAttachment(desk.cfg.paths.files, { content, sha256 }, { maxBytes: Number.MAX_SAFE_INTEGER });
}

/** `keepFile` of a message already in a file (the spool, spool.ts): linked, not copied; not again when kept as a skeleton. */
export function keepSpooled(desk: Desk, file: string, sha256: string): void {
  if (openRaw(desk.cfg.paths.files, sha256) !== null) return;
  storeFile(desk.cfg.paths.files, file, sha256, { maxBytes: Number.MAX_SAFE_INTEGER });
}

/**
 * Once its attachments are recorded, the kept raw message gives up the bytes they already hold
 * (a skeleton, src/store/raw-message.ts), so each screenshot is stored once. Only the message's
 * own kept attachments are cut out: retention removes a message's files together. A failure
 * leaves the raw as it came, which is always readable.
 */
export async function compactKept(desk: Desk, rawSha: string): Promise<void> {
  const { db } = desk;
  const keptOf = prepared(db, 'attachments.keptOfRaw', () =>
    db
      .select({ sha256: attachments.sha256 })
      .from(attachments)
      .innerJoin(messages, eq(messages.id, attachments.messageRowId))
      .where(and(eq(messages.rawSha256, sql.placeholder('rawSha')), isNull(attachments.skippedReason)))
      .prepare(),
  );
  const kept = keptOf.all({ rawSha });
  if (kept.length === 0) return;
  await compact(desk.cfg.paths.files, rawSha, new Set(kept.map((k) => k.sha256))).catch(() => false);
}

/**
 * The copy kept of a message in which someone wrote a server password (typically the sent
 * escalation, or a staff reply): the SOP forbids storing one, so instead of the original the
 * store keeps its headers and its redacted text. Attachments are kept on their own as the
 * reading hands them over (text ones masked, an attached message with a password replaced).
 */
export function withoutSecrets(r: Reading, messageId: string): Promise<Buffer> {
  const note = '[Salinan tersimpan: isi asli tidak disimpan karena memuat password; password diganti [disembunyikan].]';
  return buildMessage({
    from: r.fromName ? { name: r.fromName, address: r.from ?? '' } : (r.from ?? ''),
    to: r.to,
    cc: r.cc,
    subject: r.subject,
    date: r.date ?? undefined,
    messageId,
    inReplyTo: r.inReplyTo ?? undefined,
    references: r.references.length ? r.references : undefined,
    text: `${note}\n\n${r.redactedBody}\n`,
  });
}
