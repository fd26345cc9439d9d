// The shape of config/default.yaml. Strict everywhere: an unknown key is a mistake the
// operator must hear about, not an option silently ignored.
import { z } from 'zod';
import { isKnownZone } from '../workflow/zone-clock';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM');
const email = z.email({ message: 'expected an e-mail address' }).transform((s) => s.toLowerCase());
const port = z.number().int().min(1).max(65535);
/** A time standard: `30m` (working minutes), `2h` (working hours) or `1d` (working days). */
const duration = z.string().regex(/^\d+(m|h|d)$/, 'expected a duration such as 30m, 2h or 1d');

const workingDay = z.strictObject({ start: hhmm, end: hhmm }).nullable();

/**
 * A phone number as people write it ('(0285) 391234', '+62 812-3456-7890'): digits with spaces,
 * dashes, dots and brackets, 5 to 15 digits. A WhatsApp number must also say where it is,
 * international ('+62 ...') or Indonesian national ('0812 ...'), so that a wa.me link can be made.
 */
const digitCount = (s: string): number => s.replace(/\D/g, '').length;
const phone = z
  .string()
  .refine((s) => /^\+?[\d ().-]+$/.test(s) && digitCount(s) >= 5 && digitCount(s) <= 15, 'expected a phone number such as (0285) 391234');
const whatsapp = z
  .string()
  .refine(
    (s) => /^(\+|\(?0)[\d ().-]+$/.test(s) && digitCount(s) >= 8 && digitCount(s) <= 15,
    'expected a number with + and the country code, or starting with 0, such as +62 812-3456-7890',
  );

const server = z.strictObject({
  host: z.string().min(1),
  port,
  secure: z.boolean(),
  user: z.string().min(1),
  /** Refuse servers whose certificate does not verify; turn off only for a lab. */
  rejectUnauthorized: z.boolean(),
});

const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'expected a valid regular expression');

export const ConfigSchema = z.strictObject({
  language: z.enum(['id', 'en']),
  mailbox: z.strictObject({
    address: email,
    name: z.string().min(1),
    /** Domain of the Message-IDs we create; our own mail is recognised by it. */
    messageIdDomain: z.string().min(1),
    imap: server,
    smtp: server.extend({ pool: z.boolean() }),
    folders: z.strictObject({
      inbox: z.string().min(1),
      processed: z.string().min(1),
      quarantine: z.string().min(1),
      drafts: z.string().min(1),
      sent: z.string().min(1),
    }),
    pollSeconds: z.number().int().min(5),
    /** APPEND a copy of each mail the daemon sends to folders.sent (off where the SMTP server files sent mail itself). */
    saveSentCopies: z.boolean(),
    /** Shown in every signature when set; null leaves the line out. */
    contact: z.strictObject({
      phone: phone.nullable(),
      whatsapp: whatsapp.nullable(),
      officeHours: z.string().trim().min(1, 'expected the office hours as text, or null').nullable(),
    }),
  }),
  staff: z.array(z.strictObject({ name: z.string().min(1), email })).min(1, 'list at least one staff member'),
  lkpp: z.strictObject({
    addresses: z.array(email).min(1, 'list at least one LKPP address'),
    /** Recognises LKPP's own ticket number in their replies; the first group is the number. */
    ticketPattern: regex,
  }),
  cases: z.strictObject({
    tagPrefix: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'expected letters, digits or "-"'),
    closeSolvedAfterWorkingDays: z.number().int().min(1),
    /** A committee's mail in a case closed longer ago than this (calendar days) opens a new case instead of reopening it. */
    reopenWithinDays: z.number().int().min(1),
    /** 'assignee': once a case has an assignee, its staff notices go to that member only. */
    staffNotices: z.enum(['all', 'assignee']),
  }),
  calendar: z.strictObject({
    timezone: z.string().refine(isKnownZone, 'expected an IANA time zone such as Asia/Jakarta'),
    workingHours: z.strictObject({
      mon: workingDay,
      tue: workingDay,
      wed: workingDay,
      thu: workingDay,
      fri: workingDay,
      sat: workingDay,
      sun: workingDay,
    }),
    holidaysDir: z.string().min(1),
    extraHolidays: z.array(z.iso.date({ message: 'expected a date as YYYY-MM-DD' })),
  }),
  sop: z.strictObject({
    standards: z.strictObject({
      '1a': duration,
      '1b': duration,
      '1c': duration,
      '2': duration,
      '3': duration,
      '4': duration,
      '5': duration,
      '6': duration,
      '7': duration,
      '8': duration,
      '9': duration,
      '10': duration,
      '11': duration,
    }),
  }),
  escalation: z.strictObject({
    mode: z.enum(['draft', 'send']),
    /** What LKPP needs to reach the LPSE's SPSE server; the root password is never here. */
    server: z.strictObject({ address: z.string(), port: port.nullable() }),
  }),
  digest: z.strictObject({
    schedule: z.string().min(1),
    recipients: z.array(email),
  }),
  alerts: z.strictObject({
    warnAtPercent: z.number().int().min(1).max(99),
    /** Also told of every breached LPSE step (the coordinator, the head of the LPSE). */
    breachCopyTo: z.array(email),
  }),
  reminders: z.strictObject({
    closeAfterWorkingDays: z.number().int().min(1),
  }),
  reading: z.strictObject({
    /** Seconds one message may take to read (in a worker thread) before it is quarantined: one mail must never stop intake. */
    budgetSeconds: z.number().positive().max(600),
  }),
  /** Reading the screenshot (src/ocr): after commit, off intake's path; 'auto' reads when the engine is installed. */
  ocr: z.strictObject({
    enabled: z.enum(['auto', 'on', 'off']),
    command: z.string().min(1),
    languages: z.string().regex(/^[a-z_]+(?:\+[a-z_]+)*$/, 'tesseract languages joined by "+", e.g. ind+eng'),
    /** Seconds the screenshots of one message may take, all together, every pass included. */
    budgetSeconds: z.number().positive().max(300),
    /** Memory cap of the reader's process (resident memory) and of tesseract's (address space). */
    memoryMB: z.number().int().min(64).max(8192),
    /** Pictures with more pixels are not decoded (a PNG can claim 50,000 x 50,000 in a few bytes). */
    maxMegapixels: z.number().positive().max(500),
  }),
  attachments: z.strictObject({
    maxBytes: z.number().int().min(1),
    maxPerMessage: z.number().int().min(1),
  }),
  autoReply: z.strictObject({
    maxPerHour: z.number().int().min(1),
    maxPerDay: z.number().int().min(1),
    /** Refusals and relays of outsiders' mail to one staff address per hour: a forger cannot flood a staff inbox. */
    maxOutsiderAlertsPerHour: z.number().int().min(1),
    /** The whole mailbox's new-case acknowledgments per hour: forged senders in bulk must not get backscatter from us. */
    maxNewCaseAcksPerHour: z.number().int().min(1),
    /** Staff notices of new cases within staffSummaryMinutes before the rest fold into one summary per interval. */
    staffNewCaseNoticesPerInterval: z.number().int().min(1),
    staffSummaryMinutes: z.number().int().min(1).max(1440),
  }),
  outbox: z.strictObject({
    /** Largest outgoing message, in bytes: screenshots beyond it are listed, not attached (SMTP servers refuse big mail). */
    maxMessageBytes: z.number().int().min(100_000),
  }),
  security: z
    .strictObject({
      /** authserv-id of our own receiving server; when set, commands need a DMARC/DKIM/SPF pass. */
      trustedAuthservId: z.string().min(1).nullable(),
      /**
       * How many Authentication-Results headers that server adds at the top of each message: only
       * those are read, so a header the sender wrote below them, even with our id, is never believed.
       */
      authResultsHeaders: z.number().int().min(1).max(5),
      /** Believe the bare From address (anyone can forge it): an explicit choice, warned about at every start. */
      trustFromHeader: z.boolean(),
    })
    .refine((s) => !(s.trustFromHeader && s.trustedAuthservId !== null), {
      message: 'set either trustedAuthservId or trustFromHeader: true, not both',
      path: ['trustFromHeader'],
    }),
  paths: z.strictObject({
    database: z.string().min(1),
    files: z.string().min(1),
    archive: z.string().min(1),
    outbox: z.string().min(1),
  }),
  retention: z.strictObject({
    /**
     * Calendar days after a case closed when its raw mail and attachments leave paths.files (its
     * archive keeps a copy); null keeps every file. Longer than cases.reopenWithinDays (checked below).
     */
    filesAfterDays: z.number().int().min(1).nullable(),
  }),
  log: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    format: z.enum(['json', 'pretty']),
  }),
})
  // A case that may still reopen (a late "masih error") is worked from its files, not its archive.
  // Refinements run even when a field failed: a days value already refused is not named twice.
  .superRefine((cfg, ctx) => {
    const days = cfg.retention.filesAfterDays;
    if (typeof days === 'number' && days >= 1 && days <= cfg.cases.reopenWithinDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'filesAfterDays'],
        input: days,
        message: `expected more days than cases.reopenWithinDays (${cfg.cases.reopenWithinDays}), or null to keep every file`,
      });
    }
  });

export type ConfigFile = z.infer<typeof ConfigSchema>;
