// The database: cases and their clocks, every message in and out, attachments, the
// append-only event log, the transactional outbox and the mailbox checkpoint.
// Times are stored as integer milliseconds since the epoch (UTC).
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** `2026-0042`: year and a sequence number, shown in every subject tag. */
    ref: text('ref').notNull().unique(),
    state: text('state').notNull(),
    reporter: text('reporter').notNull(),
    reporterName: text('reporter_name'),
    /** The committee's own words about the problem; null on cases opened before it was kept. */
    description: text('description'),
    /** Set when a staff member opened the case for the committee (a forwarded mail, a report by phone). */
    openedByStaff: text('opened_by_staff'),
    openedVia: text('opened_via', { enum: ['forward', 'phone'] }),
    committeeName: text('committee_name'),
    userId: text('user_id'),
    tenderCode: text('tender_code'),
    tenderName: text('tender_name'),
    phone: text('phone'),
    errorCode: text('error_code'),
    symptoms: text('symptoms', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    missing: text('missing', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    requested: text('requested', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    screenshots: integer('screenshots').notNull().default(0),
    priority: text('priority'),
    assignee: text('assignee'),
    phoneConfirmedAt: ms('phone_confirmed_at'),
    lkppTicket: text('lkpp_ticket'),
    escalationMessageId: text('escalation_message_id'),
    outcome: text('outcome'),
    openedAt: ms('opened_at').notNull(),
    closedAt: ms('closed_at'),
    updatedAt: ms('updated_at').notNull(),
    /**
     * A closed case whose archive is missing or older than its last change: set by saveCase and
     * by the triggers of migration 0008 (a message or mail of the case), cleared when the archive
     * is written. The tick reads only these, not every closed case.
     */
    archiveDue: integer('archive_due', { mode: 'boolean' }).notNull().default(false),
    /** When the retention policy (config `retention`) removed the case's raw mail and attachment files. */
    filesPrunedAt: ms('files_pruned_at'),
  },
  // The list (`cases`) and the digest read the newest first, by state, by assignee, from a date:
  // by index. (state, opened_at) also serves every lookup by state alone; the digest's cases closed
  // in its period are read by closed_at (partial: the list's lookups by state stay on their index).
  (t) => [
    index('cases_state_opened_idx').on(t.state, t.openedAt),
    index('cases_reporter_idx').on(t.reporter),
    index('cases_opened_idx').on(t.openedAt),
    index('cases_assignee_idx').on(t.assignee, t.openedAt),
    index('cases_closed_idx').on(t.state, t.closedAt).where(sql`state = 'closed'`),
    index('cases_archive_due_idx').on(t.archiveDue),
    // Closed cases whose files the retention policy has not removed yet, oldest first.
    index('cases_unpruned_idx').on(t.closedAt).where(sql`state = 'closed' AND files_pruned_at IS NULL`),
  ],
);

/** One row per SOP step a case passed through; met/breached is derived, never stored. */
export const clocks = sqliteTable(
  'clocks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    step: text('step').notNull(),
    owner: text('owner', { enum: ['lpse', 'reporter', 'lkpp'] }).notNull(),
    startedAt: ms('started_at').notNull(),
    dueAt: ms('due_at').notNull(),
    stoppedAt: ms('stopped_at'),
    /** When staff were warned that this clock is close to its standard (sent once). */
    warnedAt: ms('warned_at'),
    /** When staff were told that this clock breached (sent once). */
    breachAlertedAt: ms('breach_alerted_at'),
    /** When the reporter was reminded that this (step 1c) clock ran out (sent once). */
    remindedAt: ms('reminded_at'),
  },
  (t) => [
    uniqueIndex('clocks_case_step_start_uq').on(t.caseId, t.step, t.startedAt),
    // Running clocks and clocks stopped in a period; with due_at, the digest's compliance window
    // (stopped in it, or running and due in it) is two index ranges.
    index('clocks_running_idx').on(t.stoppedAt, t.dueAt),
    // The digest's steps reached in a period and its escalations (step 5), from the index alone.
    index('clocks_step_started_idx').on(t.step, t.startedAt, t.caseId),
  ],
);

/** Every message seen or sent, once: the unique Message-ID makes reprocessing harmless. */
export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id').notNull().unique(),
    caseId: integer('case_id').references(() => cases.id),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    kind: text('kind').notNull(),
    role: text('role'),
    fromAddr: text('from_addr').notNull(),
    toAddrs: text('to_addrs', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    subject: text('subject').notNull().default(''),
    inReplyTo: text('in_reply_to'),
    references: text('references', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    date: ms('date'),
    /** sha256 of the raw message, stored under paths.files like an attachment. */
    rawSha256: text('raw_sha256').notNull(),
    /** The parse contract of an incoming message (fields, symptoms, commands ...). */
    reading: text('reading', { mode: 'json' }),
    /** processed | ignored | quarantined | sent */
    disposition: text('disposition').notNull(),
    reason: text('reason'),
    recordedAt: ms('recorded_at').notNull(),
  },
  (t) => [index('messages_case_idx').on(t.caseId), index('messages_raw_sha_idx').on(t.rawSha256)],
);

/** Attachment bytes live once under their sha256 in paths.files; rows say who sent which. */
export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageRowId: integer('message_row_id')
      .notNull()
      .references(() => messages.id),
    sha256: text('sha256').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    screenshot: integer('screenshot', { mode: 'boolean' }).notNull(),
    /** Why the bytes were not kept (e.g. too_large); null when stored. */
    skippedReason: text('skipped_reason'),
  },
  (t) => [index('attachments_sha_idx').on(t.sha256), index('attachments_message_idx').on(t.messageRowId)],
);

/** The case log. Append-only: triggers in the migrations refuse UPDATE and DELETE. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').references(() => cases.id),
    at: ms('at').notNull(),
    type: text('type').notNull(),
    actor: text('actor'),
    messageId: text('message_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  },
  // By type and time: the per-minute tick looks up the new-case notices folded in the last day.
  (t) => [index('events_case_idx').on(t.caseId, t.at), index('events_type_at_idx').on(t.type, t.at)],
);

/**
 * Outgoing mail, committed with the case change that caused it, sent afterwards. A row is small:
 * the envelope, the thread headers, the rendered text and HTML and references to attachment
 * files (under paths.files by sha256); the MIME is built from it when the mail is sent, the same
 * bytes on every attempt (src/outbox/message.ts). The big columns come last.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Same cause, same key: processing a message twice can never queue a mail twice. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    caseId: integer('case_id').references(() => cases.id),
    kind: text('kind').notNull(),
    messageId: text('message_id').notNull().unique(),
    fromAddr: text('from_addr').notNull(),
    /** The envelope: every recipient (To and Cc). */
    toAddrs: text('to_addrs', { mode: 'json' }).$type<string[]>().notNull(),
    /** Those of toAddrs shown as Cc. */
    ccAddrs: text('cc_addrs', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    subject: text('subject').notNull(),
    /** pending | sent | failed | draft | drafted */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at'),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
    sentAt: ms('sent_at'),
    /** When the copy in the IMAP Sent folder was filed (mailbox.saveSentCopies); null while it waits. */
    sentCopyAt: ms('sent_copy_at'),
    bouncedAt: ms('bounced_at'),
    bounceMessageId: text('bounce_message_id'),
    inReplyTo: text('in_reply_to'),
    references: text('references', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** RFC 3834 Auto-Submitted value; null for mail a person sends (drafts). */
    autoSubmitted: text('auto_submitted', { enum: ['auto-replied', 'auto-generated'] }),
    /** Files attached, in order: bytes under paths.files by sha256. */
    files: text('files', { mode: 'json' }).$type<{ sha256: string; filename: string; contentType: string; size: number }[]>().notNull().default(sql`'[]'`),
    text: text('text'),
    html: text('html'),
    /** The complete message of a row queued before rows held their parts (migration 0009); null since. */
    raw: text('raw'),
  },
  (t) => [
    index('outbox_status_idx').on(t.status, t.nextAttemptAt),
    index('outbox_created_idx').on(t.createdAt),
    // The new-case flood count (flood-guard.ts): mail of some kinds since a time, from the index alone.
    index('outbox_kind_created_idx').on(t.kind, t.createdAt),
    index('outbox_case_idx').on(t.caseId),
    // Sent mail whose Sent-folder copy is still to be filed (a crash does not lose it).
    index('outbox_sent_copy_idx').on(t.sentAt).where(sql`sent_copy_at IS NULL AND status = 'sent'`),
  ],
);

/** Who each outgoing mail went to, one row per address: the per-recipient loop caps count these. */
export const outboxRecipients = sqliteTable(
  'outbox_recipients',
  {
    outboxId: integer('outbox_id')
      .notNull()
      .references(() => outbox.id),
    address: text('address').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.address] }), index('outbox_recipients_address_idx').on(t.address, t.createdAt)],
);

/** How far intake has read each IMAP folder; a UIDVALIDITY change restarts the folder. */
export const mailboxCheckpoints = sqliteTable(
  'mailbox_checkpoints',
  {
    folder: text('folder').notNull(),
    uidValidity: text('uid_validity').notNull(),
    lastUid: integer('last_uid').notNull(),
    /**
     * The message intake has in hand (after lastUid) and how many times taking it began, counted
     * before it is read: a message whose reading ends the whole process (kill, out of memory)
     * is counted by the restarts, and quarantined unread instead of read forever.
     */
    takingUid: integer('taking_uid'),
    takingAttempts: integer('taking_attempts').notNull().default(0),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.folder] })],
);

/** The last case number given out per year, for refs like 2026-0042. */
export const caseCounters = sqliteTable('case_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * Secrets the bot generates for itself once, e.g. the key of its unguessable Message-IDs
 * when LPSE_MESSAGE_ID_SECRET is not set: kept with the data they protect.
 */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * What reading a screenshot gave (src/ocr), once per file: the same picture sent twice is read
 * once. `status` read | unreadable; an unreadable one keeps its reason.
 */
export const screenshotReadings = sqliteTable('screenshot_readings', {
  sha256: text('sha256').primaryKey(),
  status: text('status', { enum: ['read', 'unreadable'] }).notNull(),
  errorCode: text('error_code'),
  headline: text('headline'),
  exception: text('exception'),
  page: text('page'),
  notification: integer('notification', { mode: 'boolean' }).notNull(),
  detailsHidden: integer('details_hidden', { mode: 'boolean' }).notNull(),
  /** A code is shown but was not read with certainty (src/ocr/types.ts ScreenReading). */
  codeUnclear: integer('code_unclear', { mode: 'boolean' }).notNull().default(false),
  confidence: integer('confidence').notNull(),
  ms: integer('ms').notNull(),
  /** Why it could not be read (src/ocr/types.ts Unreadable) and the engine's words; null when read. */
  reason: text('reason'),
  detail: text('detail'),
  readAt: ms('read_at').notNull(),
  /** The read text (capped); last, as the biggest column. */
  text: text('text').notNull(),
});

/**
 * A message's screenshots waiting to be read, committed with the message: reading runs after
 * commit, off intake's path, and a crash resumes it. `held`: the staff notices queued only once
 * the reading is done (they show what it read); `attempts` counts starts, so a picture that
 * kills the reading every time is given up and the notices still go.
 */
export const screenshotJobs = sqliteTable(
  'screenshot_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    messageId: text('message_id').notNull().unique(),
    /** The files to read, in the message's order. */
    files: text('files', { mode: 'json' }).$type<{ sha256: string; filename: string; contentType: string }[]>().notNull(),
    held: text('held', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    /** Staff hear of the message otherwise (its notice held, or folded into a summary of new cases): no separate mail about the reading. */
    staffTold: integer('staff_told', { mode: 'boolean' }).notNull().default(false),
    attempts: integer('attempts').notNull().default(0),
    createdAt: ms('created_at').notNull(),
    doneAt: ms('done_at'),
  },
  // Waiting jobs; each committee's last served job (nextJob takes turns between committees).
  (t) => [index('screenshot_jobs_waiting_idx').on(t.id).where(sql`done_at IS NULL`), index('screenshot_jobs_case_done_idx').on(t.caseId, t.doneAt)],
);
