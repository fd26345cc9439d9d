/**
 * One message's reading: everything the workflow and `parse --json` need to know about a mail,
 * assembled from the inbox's readers (MIME, fresh text, kind, fields, symptoms, commands,
 * attachments, case reference). `toContract` (contract.ts) gives exactly the object design.md specifies;
 * the `Reading` itself carries more (attachment bytes, addresses, authentication results, bounce
 * links) for the store and the workflow.
 */
import { describeAttachments, type AttachmentReading } from './attachments';
import { cappedBody } from './body-cap';
import { caseRefIn } from './case-ref';
import { readCommands, withoutCommands } from './commands';
import { describe } from './description';
import { extractFields } from './fields';
import { forwardedMessage, inlineForward, type ForwardedParts } from './forwarded';
import { isForwardSubject, splitFresh, type TextLine } from './fresh-text';
import { classifyKind, isAutomatedNoticeText, isOutOfOfficeText } from './kind';
import { parseMime, partSource, type MessageSource, type MimeMessage } from './mime';
import { noAnswerReason, type NoAnswer } from './no-answer';
import { readPhoneReport } from './phone-report';
import { maskReading, redactSecrets } from './secrets';
import { detectSymptoms } from './symptoms';
import { tidyBlock } from './text';
import { MISSING_ORDER, SYMPTOMS, type CommandName, type Contract, type Fields, type ForwardedMessage, type MissingItem, type PhoneReport, type Symptom } from './types';
import { UnparseableMessage } from './unparseable';
import { stillBroken } from './verdict';
import { matchesIn } from './matches';

export type { AttachmentReading, ForwardedMessage, PhoneReport };

export interface ReadOptions {
  /** The case tag prefix from config (`LPSE` in `[LPSE#2026-0042]`). */
  tagPrefix: string;
  /** The helpdesk's own addresses (lowercase): a forward of our own mail is not report data. */
  ownAddresses?: readonly string[];
}

/**
 * The contract (design.md) plus what the store and the workflow need besides. `from` is the
 * sender address, lowercase, or null; `freshText` has password values masked (secrets are never
 * stored or printed); `attachments` carry their bytes (or, when large, the file that holds them).
 */
export interface Reading extends Omit<Contract, 'attachments'> {
  fromName: string;
  to: string[];
  cc: string[];
  date: Date | null;
  attachments: AttachmentReading[];
  /** `#word` lines in fresh text that are not commands, as written (`#foo`). */
  unknownCommands: string[];
  /** Known commands found only in quoted text: the workflow refuses them. */
  quotedCommands: CommandName[];
  /** Raw values of every `Authentication-Results` header, top first. */
  authResults: string[];
  /** For a bounce: the Message-IDs of the returned message, to link it to what we sent. */
  bouncedMessageIds: string[];
  /** Some decoded text of the message (any part, header or attachment) held a password: keep only a redacted copy. */
  secretsRedacted: boolean;
  /** The whole body with passwords masked: the text of that copy. */
  redactedBody: string;
  /** Mail that must get no automatic answer whatever its kind (list mail, a no-reply sender); null otherwise. */
  noAnswer: NoAnswer | null;
  /** Known command words written mid-line in the sender's own text ("tolong #selesai ya"): answered, never obeyed. */
  misplacedCommands: CommandName[];
  /** The committee's mail a person forwarded (inline or attached), read as its writer's report; null for none. */
  forwarded: ForwardedMessage | null;
  /** The sender says, in their own words, that the problem is still there (verdict.ts). */
  stillBroken: boolean;
  /** The report under a staff member's `#kasus-baru` / `#laporan-telepon`; null without that command. */
  phoneReport: PhoneReport | null;
  /** The report in its writer's words: no data lines, greeting or closing, passwords masked (description.ts). */
  description: string;
}

// Forwarded and returned messages nest; a person opens a few levels, not a matryoshka.
const MAX_EMBEDDED = 8;
const MAX_DEPTH = 2;
const EMBEDDED_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/rfc822-headers', 'message/global-headers']);

async function embeddedMessages(m: MimeMessage, depth: number): Promise<Array<{ message: MimeMessage; headersOnly: boolean }>> {
  if (depth >= MAX_DEPTH) return [];
  const out: Array<{ message: MimeMessage; headersOnly: boolean }> = [];
  for (const part of m.parts.filter((p) => EMBEDDED_TYPES.has(p.contentType)).slice(0, MAX_EMBEDDED)) {
    try {
      const { message } = cappedBody(await parseMime(partSource(part)));
      out.push({ message, headersOnly: part.contentType.endsWith('-headers') });
      for (const inner of await embeddedMessages(message, depth + 1)) out.push(inner);
    } catch (e) {
      // A returned or forwarded message that is itself unreadable is just an attachment.
      if (!(e instanceof UnparseableMessage)) throw e;
    }
  }
  return out;
}

/** Each symptom once, in the SOP's order. */
function inSopOrder(found: readonly Symptom[]): Symptom[] {
  return SYMPTOMS.filter((x) => found.includes(x));
}

/** A forwarded-as-attachment message, laid out the way mail clients show an inline forward. */
function forwardedLines(message: MimeMessage, own: readonly string[]): TextLine[] {
  const header = ['---------- Forwarded message ----------'];
  if (message.from) header.push(`From: ${message.fromName ? `${message.fromName} <${message.from.address}>` : message.from.address}`);
  if (message.date) header.push(`Date: ${message.date.toUTCString()}`);
  if (message.subject) header.push(`Subject: ${message.subject}`);
  header.push('');
  const body = splitFresh(message.body, { forward: isForwardSubject(message.subject), ownAddresses: own }).lines;
  // Report data, never commands: the attached mail's words are its writer's.
  const lines: TextLine[] = [{ text: '', zone: 'fresh' }, ...header.map((text) => ({ text, zone: 'fresh' as const })), ...body];
  return lines.map((l) => ({ ...l, forwarded: true }));
}

function returnedMessageIds(m: MimeMessage, embedded: ReadonlyArray<{ message: MimeMessage }>): string[] {
  const ids = new Set<string>();
  for (const { message } of embedded) if (message.messageId) ids.add(message.messageId);
  // Plain-text bounces (qmail, Exim, Exchange 2003) quote the original's headers in the body.
  for (const match of matchesIn(/^[ \t>]*message-id:[ \t]*(<[^<>\s]+>)/gim, m.body.slice(0, 200_000))) {
    if (match[1]) ids.add(match[1]);
  }
  // Amazon SES notifications name the returned mail's Message-ID in their JSON (escaped inside SNS's envelope).
  for (const match of matchesIn(/\\?"(?:messageId|value)\\?"[ \t]*:[ \t]*\\?"(<[^<>\s"\\]+>)\\?"/g, m.body.slice(0, 200_000))) {
    if (match[1]) ids.add(match[1]);
  }
  if (m.messageId) ids.delete(m.messageId);
  return [...ids];
}

/**
 * The one rule for reading a subject, for fields and symptoms alike: a subject counts when its
 * writer wrote it for this mail: it carries no case tag (every subject we send has one, so a
 * reply's "Re: [LPSE#2026-0042] …" is our own echoed back) and no reply or forward prefix (the
 * subject of the mail answered or passed on, already read with that mail). A new report's subject
 * counts; so does a reply's when its writer rewrote it ("Kode tender 10034567000, upload gagal"),
 * whatever its In-Reply-To says.
 */
function isFreshSubjectText(subject: string, tagPrefix: string): boolean {
  if (caseRefIn(subject, tagPrefix) !== null) return false;
  return !/^\s*(?:re|aw|antw|sv|fwd?|fw|tr|wg|rv|balas|bls)\s*:/i.test(subject);
}

/** `m`'s subject when it is the writer's own (isFreshSubjectText), else undefined. */
function writersSubject(m: MimeMessage, tagPrefix: string): string | undefined {
  return isFreshSubjectText(m.subject, tagPrefix) ? m.subject : undefined;
}

/**
 * The committee's mail inside a human sender's: the first inline forward in the body, else the
 * first attached message that is not our own. Its images join the reading's attachments (they
 * are the committee's screenshots and must be kept), once each.
 */
async function forwardSource(
  split: readonly TextLine[],
  attached: MimeMessage | undefined,
  attachments: AttachmentReading[],
  opts: ReadOptions,
): Promise<Omit<ForwardedParts, 'screenshot'> | null> {
  const own = opts.ownAddresses ?? [];
  const inline = inlineForward(split, own);
  if (inline) {
    const fresh = isFreshSubjectText(inline.header.subject, opts.tagPrefix) ? inline.header.subject : undefined;
    return { header: inline.header, body: inline.body, via: 'inline', ...(fresh ? { freshSubject: fresh } : {}) };
  }
  if (!attached) return null;
  const known = new Set(attachments.map((a) => a.sha256));
  for (const image of (await describeAttachments(attached.parts, attached.html)).filter((a) => a.screenshot)) {
    if (known.has(image.sha256)) continue;
    known.add(image.sha256);
    attachments.push(image);
  }
  const header = { from: attached.from?.address ?? null, fromName: attached.fromName || null, subject: attached.subject, date: attached.date };
  const body = splitFresh(attached.body, { forward: isForwardSubject(attached.subject), ownAddresses: own }).lines;
  const fresh = writersSubject(attached, opts.tagPrefix);
  return { header, body, via: 'attached', ...(fresh !== undefined ? { freshSubject: fresh } : {}) };
}

/**
 * Whether a mail carries anything of a report, as machine texts never do. A phone number or a
 * committee name does not count: absence notes name a colleague's number to call, and a Pokja
 * member's signature names the committee.
 */
function carriesReport(fields: Fields, attachments: readonly AttachmentReading[]): boolean {
  return (fields.userId ?? fields.tenderCode ?? fields.tenderName ?? fields.errorCode) !== null || attachments.some((a) => a.screenshot);
}

/** A body-only out-of-office text: short, saying its writer is away, and carrying nothing of a report. */
function isAbsenceNote(fresh: string, fields: Fields, attachments: readonly AttachmentReading[]): boolean {
  return !carriesReport(fields, attachments) && isOutOfOfficeText(fresh);
}

/**
 * A system's notice with no headers saying so (a ticket system's "received, do not reply"): read
 * in what the sender wrote, never in a message they forward. Symptoms do not count against it:
 * such notices repeat the subject of the mail they answer.
 */
function isSystemNotice(lines: readonly TextLine[], fields: Fields, attachments: readonly AttachmentReading[]): boolean {
  const own = tidyBlock(lines.filter((l) => l.zone === 'fresh' && l.forwarded !== true).map((l) => l.text));
  return !carriesReport(fields, attachments) && isAutomatedNoticeText(own);
}

function missingItems(fields: Fields, attachments: readonly AttachmentReading[]): MissingItem[] {
  return MISSING_ORDER.filter((item) => (item === 'screenshot' ? !attachments.some((a) => a.screenshot) : fields[item] === null));
}

/**
 * Reads one raw message (bytes, or a file that is streamed: mime.ts). Throws `UnparseableMessage`
 * (with a one-line `reason`) when the bytes are not a message; a malformed message otherwise
 * yields the reading that could be made.
 */
export async function readMessage(raw: MessageSource, opts: ReadOptions): Promise<Reading> {
  const { message: m, cut: bodyCut } = cappedBody(await parseMime(raw));
  const headerKind = classifyKind(m);
  const own = opts.ownAddresses ?? [];
  const split = splitFresh(m.body, { forward: isForwardSubject(m.subject), ownAddresses: own });
  const embedded = await embeddedMessages(m, 0);

  const lines: TextLine[] = [...split.lines];
  let attached: MimeMessage | undefined;
  if (headerKind === 'human') {
    for (const { message, headersOnly } of embedded) {
      if (headersOnly || own.includes(message.from?.address ?? '')) continue;
      attached ??= message;
      lines.push(...forwardedLines(message, own));
    }
  }
  const plainFresh = tidyBlock(lines.filter((l) => l.zone === 'fresh').map((l) => l.text));
  const freshText = redactSecrets(plainFresh);
  const subject = writersSubject(m, opts.tagPrefix);
  // Some clients' plain part is one line ("terlampir") while the HTML part holds the report.
  const alternative = m.alternativeText === '' ? undefined : splitFresh(m.alternativeText, { forward: isForwardSubject(m.subject), ownAddresses: own }).lines;
  const fields = extractFields(lines, subject, alternative);
  const attachments = await describeAttachments(m.parts, m.html);
  const source = headerKind === 'human' ? await forwardSource(split.lines, attached, attachments, opts) : null;
  // A delivery report's "error" and "failed" are about mail transport, not about SPSE.
  // The HTML alternative's own words count for symptoms as for fields: a stub plain part hides nothing.
  const alternativeFresh = alternative === undefined ? '' : tidyBlock(alternative.filter((l) => l.zone === 'fresh' && !l.forwarded).map((l) => l.text));
  const symptoms = headerKind === 'bounce' ? [] : inSopOrder([...detectSymptoms(subject ?? '', freshText), ...detectSymptoms('', alternativeFresh)]);
  if (headerKind !== 'bounce' && fields.errorCode !== null && !symptoms.includes('error_notification')) symptoms.unshift('error_notification');
  const read = readCommands(split.lines);
  const commands = read.commands.map((c) => ({ name: c.name, args: redactSecrets(c.args) }));
  const { unknownCommands, quotedCommands, misplacedCommands } = read;
  const wroteSomething = symptoms.length > 0 || commands.length > 0 || unknownCommands.length > 0;
  const machineText = (!wroteSomething && isAbsenceNote(plainFresh, fields, attachments)) || (commands.length === 0 && unknownCommands.length === 0 && isSystemNotice(lines, fields, attachments));
  const kind = headerKind === 'human' && machineText ? 'auto_reply' : headerKind;

  let caseRef = caseRefIn(m.subject, opts.tagPrefix);
  if (caseRef === null && kind === 'bounce') {
    for (const { message } of embedded) caseRef ??= caseRefIn(message.subject, opts.tagPrefix);
    caseRef ??= caseRefIn(m.body.slice(0, 200_000), opts.tagPrefix);
  }

  const ownLines = split.lines.filter((l) => l.zone === 'fresh' && !l.forwarded).map((l) => l.text);
  const screenshot = attachments.some((a) => a.screenshot);
  const forwarded = source && kind === 'human' ? forwardedMessage({ ...source, screenshot }) : null;
  const forwardedWords = forwarded && source ? ['', ...source.body.filter((l) => l.zone === 'fresh').map((l) => l.text)] : [];

  return maskReading({
    messageId: m.messageId,
    from: m.from?.address ?? null,
    fromName: m.fromName,
    to: m.to.map((a) => a.address),
    cc: m.cc.map((a) => a.address),
    date: m.date,
    subject: m.subject,
    kind,
    caseRef,
    inReplyTo: m.inReplyTo,
    references: m.references,
    freshText,
    fields,
    missing: missingItems(fields, attachments),
    symptoms,
    attachments,
    commands,
    unknownCommands,
    quotedCommands,
    authResults: m.headers.get('authentication-results') ?? [],
    bouncedMessageIds: kind === 'bounce' ? returnedMessageIds(m, embedded) : [],
    secretsRedacted: freshText !== plainFresh || commands.some((c, i) => c.args !== read.commands[i]?.args),
    noAnswer: noAnswerReason(m),
    misplacedCommands,
    forwarded,
    stillBroken: stillBroken(tidyBlock(ownLines)),
    phoneReport: commands.some((c) => c.name === 'new_case') ? readPhoneReport({ lines: split.lines, sender: m.from?.address ?? null, own, screenshot }) : null,
    description: describe([...withoutCommands(ownLines), ...forwardedWords], fields),
  }, m, bodyCut);
}
