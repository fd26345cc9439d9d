/**
 * The case archive (the SOP's link to the LPSE's document-archiving SOP): everything one case
 * left behind, in a folder a person can open without the bot.
 *
 *   <dir>/<ref>/messages/NNN-in-<kind>.eml    every message received, byte for byte as it came
 *                                             (one that carried a password: its redacted copy)
 *   <dir>/<ref>/messages/NNN-out-<kind>.eml   every mail the bot wrote (drafts included), built from
 *                                             its outbox row as it is sent (src/outbox/message.ts)
 *   <dir>/<ref>/attachments/<name>            every attachment kept, under its sanitised name
 *   <dir>/<ref>/record.json                   the case record (below), machine-readable
 *   <dir>/<ref>/record.html                   the same, laid out like the SOP's consultation form
 *
 * The record: the reporter's data, the symptoms and error code, the problem as first described,
 * every SOP step with its owner, start, due, stop and met/breached, which of the eleven SOP
 * steps the case passed, the staff and LKPP actions, the outcome, and the list of messages and
 * attachments with their sha256. Free text in the record passes through redactSecrets; the
 * .eml files are what intake kept: the originals, except a message in which someone wrote a
 * server password, which intake keeps only as a redacted copy (the SOP forbids storing one).
 *
 * Writing is idempotent and all-or-nothing: the folder is built beside the target and swapped
 * in, so a crash leaves the previous archive or the new one, never half of one.
 *
 * Public surface:
 *   caseRecord(deps, ref, now, previous?): Promise<ArchiveContent | null>
 *                                                        what would be written (no I/O but reads);
 *                                                        previous: the archive folder it replaces
 *   writeArchive(deps, ref, dir, now): Promise<ArchiveResult>   rejects with ArchiveError when the case is unknown
 *   casesToArchive(db, now): string[]                    the closed cases due a (re)written archive
 *   markArchived(db, caseId)                             clears the case's mark once its archive is written
 *   archivedCopies(dir): Map<sha256, file>               the files an archive folder holds, by sha256
 *   types ArchiveDeps, CaseRecord, ArchiveResult, ArchiveError
 */

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { numberedFilename, sanitizeFilename } from '../inbox/attachment-intake';
import type { Db } from '../store/db';
import { attachments, cases, clocks, events, messages, outbox } from '../store/schema';
import { redactSecrets, type Calendar, type Sop, type StepId } from '../workflow';
import { type Lang } from '../outbox/labels';
import { messageOf, type OutgoingMessage } from '../outbox/message';
import { openRaw, type StoredRaw } from '../store/raw-message';
import { readingsOf, type ScreenRead } from '../store/screenshot-readings';
import { renderRecordHtml } from './record-html';

export interface ArchiveDeps {
  db: Db;
  /** paths.files: where raw messages and attachments are kept by sha256. */
  filesDir: string;
  /**
   * paths.archive, when the archive is written elsewhere (`archive REF --out DIR`): the case's
   * archive there supplies the files retention removed from paths.files.
   */
  archiveDir?: string;
  sop: Sop;
  calendar: Calendar;
  lang: Lang;
  helpdesk: { name: string; address: string };
  tagPrefix: string;
  /** The staff list: the record names the assignee, which the case holds as an address. */
  staff: readonly { name: string; email: string }[];
}

export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export type StepStatus = 'met' | 'breached' | 'running';
export type ActionBy = 'staff' | 'lkpp' | 'reporter' | 'system';

export interface CaseRecord {
  form: { title: string; sop: string; lpse: string; address: string };
  ref: string;
  tag: string;
  state: string;
  openedAt: string;
  closedAt: string | null;
  archivedAt: string;
  reporter: {
    email: string;
    name: string | null;
    committeeName: string | null;
    userId: string | null;
    tenderCode: string | null;
    tenderName: string | null;
    phone: string | null;
    phoneConfirmedAt: string | null;
  };
  problem: { symptoms: string[]; errorCode: string | null; description: string | null; screenshots: number };
  priority: string | null;
  assignee: string | null;
  lkppTicket: string | null;
  /** Every clock, in the order the steps were passed. */
  steps: {
    step: StepId;
    owner: 'lpse' | 'reporter' | 'lkpp';
    startedAt: string;
    dueAt: string;
    stoppedAt: string | null;
    status: StepStatus;
    /** Working minutes from start to stop (or to the archive's time while running). */
    workingMinutes: number;
  }[];
  /** The SOP's eleven numbered steps (1 = 1a–1c) and whether the case passed each. */
  sopSteps: { step: string; passed: boolean }[];
  actions: { at: string; by: ActionBy; actor: string | null; type: string; command: string | null; text: string | null }[];
  outcome: { code: string | null; closedAt: string | null };
  messages: {
    file: string | null;
    direction: 'in' | 'out';
    kind: string;
    status: string;
    messageId: string;
    from: string;
    to: string[];
    subject: string;
    at: string;
    sha256: string | null;
    bytes: number | null;
  }[];
  attachments: {
    file: string | null;
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    messageId: string;
    screenshot: boolean;
    /** What reading the screenshot gave; null for other files, or when it was not read. */
    reading: ScreenRead | null;
    /** Why the bytes are not in the archive (too_large, too_many, missing). */
    skipped: string | null;
  }[];
}

/** What writeArchive puts on disk: the record, and where each file's bytes come from. */
export interface ArchiveContent {
  record: CaseRecord;
  files: { name: string; from: { path: string } | { message: OutgoingMessage } | { raw: StoredRaw } }[];
}

export interface ArchiveResult {
  dir: string;
  /** Relative to dir, sorted. */
  files: string[];
  record: CaseRecord;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const redact = (s: string | null): string | null => (s === null ? null : redactSecrets(s).text);
const NUMBERED = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'];

function storedPath(filesDir: string, sha256: string): string {
  return path.join(path.resolve(filesDir), sha256.slice(0, 2), sha256);
}

/**
 * Where a kept file's bytes are: under paths.files, or, once retention (retention.ts) removed
 * them there, the copy in the archive being replaced, so that a rewrite never loses a file.
 * That archive's record is read only when a file is gone.
 */
function fileLocator(filesDir: string, previous: string | undefined): (sha256: string) => string | null {
  let copies: Map<string, string> | undefined;
  return (sha256) => {
    const stored = storedPath(filesDir, sha256);
    if (fs.existsSync(stored)) return stored;
    if (previous === undefined) return null;
    copies ??= archivedCopies(previous);
    const copy = copies.get(sha256);
    return copy !== undefined && fs.existsSync(copy) ? copy : null;
  };
}

/** sha256 -> file of an archive folder, from its record.json (none when it cannot be read). */
export function archivedCopies(dir: string): Map<string, string> {
  const copies = new Map<string, string>();
  let record: Partial<Pick<CaseRecord, 'messages' | 'attachments'>>;
  try {
    record = JSON.parse(fs.readFileSync(path.join(dir, 'record.json'), 'utf8')) as typeof record;
  } catch {
    return copies;
  }
  const root = path.resolve(dir);
  for (const f of [...(record.messages ?? []), ...(record.attachments ?? [])]) {
    const file = f.file === null ? null : path.resolve(root, f.file);
    if (f.sha256 !== null && file !== null && file.startsWith(root + path.sep)) copies.set(f.sha256, file);
  }
  return copies;
}

const slug = (s: string) => s.replace(/[^a-z0-9_-]+/gi, '_').slice(0, 40) || 'mail';

export async function caseRecord(deps: ArchiveDeps, ref: string, now: Date, previous?: string): Promise<ArchiveContent | null> {
  const { db } = deps;
  const locate = fileLocator(deps.filesDir, previous);
  const row = db.select().from(cases).where(eq(cases.ref, ref)).get();
  if (!row) return null;
  const rowClocks = db.select().from(clocks).where(eq(clocks.caseId, row.id)).orderBy(asc(clocks.startedAt), asc(clocks.id)).all();
  const inRows = db.select().from(messages).where(eq(messages.caseId, row.id)).orderBy(asc(messages.recordedAt), asc(messages.id)).all();
  const outRows = db.select().from(outbox).where(eq(outbox.caseId, row.id)).orderBy(asc(outbox.createdAt), asc(outbox.id)).all();
  const log = db.select().from(events).where(eq(events.caseId, row.id)).orderBy(asc(events.at), asc(events.id)).all();
  const attRows =
    inRows.length === 0
      ? []
      : db
          .select()
          .from(attachments)
          .where(inArray(attachments.messageRowId, inRows.map((m) => m.id)))
          .orderBy(asc(attachments.messageRowId), asc(attachments.id))
          .all();

  const files: ArchiveContent['files'] = [];

  // Messages, in the order they happened: what came in before what it caused.
  type Item = { at: number; order: number; id: number } & (
    | { dir: 'in'; m: (typeof inRows)[number] }
    | { dir: 'out'; o: (typeof outRows)[number] }
  );
  const items: Item[] = [
    ...inRows.map((m): Item => ({ at: m.recordedAt.getTime(), order: 0, id: m.id, dir: 'in', m })),
    ...outRows.map((o): Item => ({ at: o.createdAt.getTime(), order: 1, id: o.id, dir: 'out', o })),
  ].sort((a, b) => a.at - b.at || a.order - b.order || a.id - b.id);
  const width = Math.max(3, String(items.length).length);
  // Outgoing mail is built as it is sent, its files found as the incoming ones are.
  const source = { fromName: deps.helpdesk.name, fileOf: locate };
  const recordMessages: CaseRecord['messages'] = [];
  for (const [i, item] of items.entries()) recordMessages.push(await messageEntry(item, i));
  async function messageEntry(item: Item, i: number): Promise<CaseRecord['messages'][number]> {
    const n = String(i + 1).padStart(width, '0');
    if (item.dir === 'in') {
      const m = item.m;
      // Kept as it came or as a skeleton (raw-message.ts): rebuilt byte for byte either way.
      const copy = locate(m.rawSha256);
      const source = openRaw(deps.filesDir, m.rawSha256) ?? (copy === null ? null : { size: fs.statSync(copy).size, open: () => fs.createReadStream(copy) });
      const name = `messages/${n}-${m.direction}-${slug(m.kind)}.eml`;
      if (source !== null) files.push({ name, from: { raw: source } });
      return {
        file: source !== null ? name : null,
        direction: m.direction,
        kind: m.kind,
        status: m.disposition,
        messageId: m.messageId,
        from: m.fromAddr,
        to: m.toAddrs,
        subject: m.subject,
        at: m.recordedAt.toISOString(),
        sha256: m.rawSha256,
        bytes: source !== null ? source.size : null,
      };
    }
    const o = item.o;
    const name = `messages/${n}-out-${slug(o.kind)}.eml`;
    const message = messageOf(o, source);
    files.push({ name, from: { message } });
    return {
      file: name,
      direction: 'out',
      kind: o.kind,
      status: o.status,
      messageId: o.messageId,
      from: o.fromAddr,
      to: o.toAddrs,
      subject: o.subject,
      at: o.createdAt.toISOString(),
      sha256: null,
      bytes: await message.size(),
    };
  }

  // Attachments: one file per distinct (name, bytes); a clash of names gets a numbered suffix.
  const messageIdOf = new Map(inRows.map((m) => [m.id, m.messageId]));
  const taken = new Map<string, { name: string; sha256: string }>(); // by file name, lowercase
  const readings = readingsOf(deps.db, attRows.map((a) => a.sha256));
  const recordAttachments: CaseRecord['attachments'] = attRows.map((a) => {
    const base = {
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      sha256: a.sha256,
      messageId: messageIdOf.get(a.messageRowId) ?? '',
      screenshot: a.screenshot,
      reading: a.screenshot ? (readings.get(a.sha256) ?? null) : null,
    };
    const source = a.skippedReason === null ? locate(a.sha256) : null;
    if (source === null) return { ...base, file: null, skipped: a.skippedReason ?? 'missing' };
    // Names clash case-insensitively too: the archive is opened on Windows and macOS.
    const clean = sanitizeFilename(a.filename);
    let name = clean;
    for (let i = 2; (taken.get(name.toLowerCase())?.sha256 ?? a.sha256) !== a.sha256; i++) name = numberedFilename(clean, i);
    const kept = taken.get(name.toLowerCase());
    if (kept === undefined) {
      taken.set(name.toLowerCase(), { name, sha256: a.sha256 });
      files.push({ name: `attachments/${name}`, from: { path: source } });
    }
    const file = `attachments/${kept?.name ?? name}`;
    return { ...base, file, skipped: null };
  });

  const steps: CaseRecord['steps'] = rowClocks.map((k) => ({
    step: k.step as StepId,
    owner: k.owner,
    startedAt: k.startedAt.toISOString(),
    dueAt: k.dueAt.toISOString(),
    stoppedAt: iso(k.stoppedAt),
    status: k.stoppedAt === null ? (now.getTime() > k.dueAt.getTime() ? 'breached' : 'running') : k.stoppedAt.getTime() <= k.dueAt.getTime() ? 'met' : 'breached',
    workingMinutes: Math.round(deps.calendar.workingMinutesBetween(k.startedAt, k.stoppedAt ?? now) * 10) / 10,
  }));
  const passed = new Set(steps.map((s) => s.step.replace(/[abc]$/, '')));

  const actions: CaseRecord['actions'] = [];
  for (const e of log) {
    const d = e.detail as Record<string, unknown>;
    const text = typeof d.text === 'string' ? d.text : typeof d.args === 'string' ? d.args : null;
    const by: ActionBy | null =
      e.type === 'command'
        ? d.role === 'lkpp'
          ? 'lkpp'
          : d.role === 'staff'
            ? 'staff'
            : null
        : e.type === 'lkpp_message'
          ? 'lkpp'
          : e.type === 'escalation_sent'
            ? 'staff'
            : e.type === 'reporter_message' || e.type === 'case_opened'
              ? 'reporter'
              : ['escalation_assumed_sent', 'clock_warning', 'clock_breached', 'reporter_reminded', 'closed_no_response', 'case_reopened'].includes(e.type)
                ? 'system'
                : null;
    if (by === null) continue;
    actions.push({
      at: e.at.toISOString(),
      by,
      actor: e.actor,
      type: e.type,
      command: e.type === 'command' && typeof d.name === 'string' ? d.name : null,
      text: redact(text === '' ? null : text),
    });
  }

  const firstReport = inRows.find((m) => m.disposition === 'processed' && m.fromAddr === row.reporter);
  const reading = (firstReport?.reading ?? null) as { freshText?: unknown } | null;
  const description = typeof reading?.freshText === 'string' ? redact(reading.freshText.trim()) : null;

  const record: CaseRecord = {
    form: { title: 'Formulir Konsultasi', sop: 'SOP-LPSE.BTG-003', lpse: deps.helpdesk.name, address: deps.helpdesk.address },
    ref: row.ref,
    tag: `[${deps.tagPrefix}#${row.ref}]`,
    state: row.state,
    openedAt: row.openedAt.toISOString(),
    closedAt: iso(row.closedAt),
    archivedAt: now.toISOString(),
    reporter: {
      email: row.reporter,
      name: redact(row.reporterName),
      committeeName: redact(row.committeeName),
      userId: row.userId,
      tenderCode: row.tenderCode,
      tenderName: redact(row.tenderName),
      phone: row.phone,
      phoneConfirmedAt: iso(row.phoneConfirmedAt),
    },
    problem: { symptoms: row.symptoms, errorCode: row.errorCode, description, screenshots: row.screenshots },
    priority: row.priority,
    assignee: redact(deps.staff.find((m) => m.email === row.assignee)?.name ?? row.assignee),
    lkppTicket: row.lkppTicket,
    steps,
    sopSteps: NUMBERED.map((step) => ({ step, passed: passed.has(step) })),
    actions,
    outcome: { code: row.outcome, closedAt: iso(row.closedAt) },
    messages: recordMessages,
    attachments: recordAttachments,
  };
  return { record, files };
}

/** Writes (or rewrites) `<dir>/<ref>/`; returns what it wrote. */
export async function writeArchive(deps: ArchiveDeps, ref: string, dir: string, now: Date): Promise<ArchiveResult> {
  const root = path.resolve(dir);
  const target = path.join(root, ref);
  const standing = deps.archiveDir === undefined ? target : path.join(path.resolve(deps.archiveDir), ref);
  const content = await caseRecord(deps, ref, now, fs.existsSync(target) ? target : standing);
  if (content === null) throw new ArchiveError(`no case ${ref}`);
  const tmp = path.join(root, `.${ref}.${randomBytes(6).toString('hex')}.tmp`);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    for (const f of content.files) {
      const file = path.join(tmp, f.name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if ('path' in f.from) fs.copyFileSync(f.from.path, file);
      else await pipeline('raw' in f.from ? f.from.raw.open() : f.from.message.stream(), fs.createWriteStream(file));
    }
    fs.writeFileSync(path.join(tmp, 'record.json'), `${JSON.stringify(content.record, null, 2)}\n`);
    fs.writeFileSync(path.join(tmp, 'record.html'), renderRecordHtml(content.record, deps));
    // Swap: the old archive steps aside, the new one takes its name, the old one goes.
    const old = fs.existsSync(target) ? `${tmp}.old` : null;
    if (old) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const files = [...content.files.map((f) => f.name), 'record.json', 'record.html'].sort();
  return { dir: target, files, record: content.record };
}

const RETRY_AFTER_FAILURE_MS = 3_600_000;

/**
 * Closed cases whose archive is missing or older than their last change — the case itself, a
 * message recorded on it (an auto-reply too), a mail queued or sent for it — for the tick to
 * (re)write: the cases marked archiveDue (saveCase and the triggers of migration 0008 mark them,
 * markArchived clears the mark), read by index, never every closed case. A case whose archive
 * failed within the last hour waits (no event-log flood from a full disk).
 */
export function casesToArchive(db: Db, now: Date): string[] {
  return db
    .all<{ ref: string }>(
      sql`select c.ref as ref from cases c where c.archive_due = 1 and c.state = 'closed'
          and not exists (select 1 from events e where e.case_id = c.id and e.type = 'archive_failed' and e.at > ${now.getTime() - RETRY_AFTER_FAILURE_MS})
          order by c.id`,
    )
    .map((r) => r.ref);
}

/** The archive of the case was written: the tick has nothing to do for it until it changes again. */
export function markArchived(db: Db, caseId: number): void {
  db.update(cases).set({ archiveDue: false }).where(eq(cases.id, caseId)).run();
}
