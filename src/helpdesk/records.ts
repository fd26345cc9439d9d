// What the helpdesk keeps of an incoming message: its row (with the reading), its raw bytes
// once under their sha256, and each attachment once under its own. Called inside the caller's transaction.
import { storeAttachment, storeFile } from '../inbox/attachment-intake';
import { toContract, type Reading } from '../inbox/reading';
import { buildMessage } from '../outbox/compose';
import { attachments, events, messages } from '../store/schema';
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

export function recordMessage(desk: Desk, m: MessageRecord): number {
  const r = m.reading;
  return desk.db
    .insert(messages)
    .values({
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
    })
    .returning({ id: messages.id })
    .get().id;
}

/** Each attachment's bytes once under its sha256; oversized ones and the excess are recorded as skipped. */
export function keepAttachments(desk: Desk, r: Reading, messageRowId: number): void {
  const { cfg } = desk;
  r.attachments.forEach((a, i) => {
    const overCount = i >= cfg.attachments.maxPerMessage;
    const limits = { maxBytes: cfg.attachments.maxBytes };
    // A part too large for memory is already a file (the reader's): it is linked, not copied.
    const result = overCount
      ? ({ stored: false, reason: 'too_many' } as const)
      : a.file !== null
        ? storeFile(cfg.paths.files, a.file, a.sha256, limits)
        : storeAttachment(cfg.paths.files, a, limits);
    desk.db
      .insert(attachments)
      .values({
        messageRowId,
        sha256: a.sha256,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        screenshot: a.screenshot && result.stored,
        skippedReason: result.stored ? null : result.reason,
      })
      .run();
  });
}

/** Records a message (and its attachments) with a log event on its case; for mail that changes no case. */
export function recordWithEvent(desk: Desk, m: MessageRecord, event: { type: string; caseId: number | null; detail: Record<string, unknown> }): number {
  const rowId = recordMessage(desk, m);
  if (m.reading) keepAttachments(desk, m.reading, rowId);
  desk.db.insert(events).values({ caseId: event.caseId, at: m.now, type: event.type, actor: m.from, messageId: m.messageId, detail: event.detail }).run();
  return rowId;
}

/** The raw message, kept once under its sha256 beside the attachments (the case archive needs it). */
export function keepFile(desk: Desk, content: Buffer, sha256: string): void {
  storeAttachment(desk.cfg.paths.files, { content, sha256 }, { maxBytes: Number.MAX_SAFE_INTEGER });
}

/** `keepFile` of a message already in a file (the spool, spool.ts): linked, not copied. */
export function keepSpooled(desk: Desk, file: string, sha256: string): void {
  storeFile(desk.cfg.paths.files, file, sha256, { maxBytes: Number.MAX_SAFE_INTEGER });
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
