/**
 * Renders one outgoing mail — subject, plain text and HTML — from the Handlebars templates in
 * src/templates (dist/templates once built), in Indonesian (default) or English.
 *
 * Templates: `<lang>/<kind>.txt.hbs` (first line `Subject: ...`, a blank line, then the body)
 * and `<lang>/<kind>.html.hbs` (the body, wrapped in the `_layout` partial). Every
 * `<lang>/_<name>.<txt|html>.hbs` is a partial `_<name>` for the templates of that language and
 * format. Text is compiled with `noEscape`, HTML with escaping; both in strict mode, and the
 * built-in `if`/`unless`/`each`/`with` are replaced by versions that throw on a missing value,
 * so a context that lacks anything a template uses throws instead of mailing a gap. Compiled
 * templates are cached per language, format and kind.
 *
 * Public surface:
 *   renderMail(kind, ctx): RenderedMail     throws on an unknown kind or language, a context that
 *                                           misses what the template needs, or a subject
 *                                           without ctx.tag
 *   TEMPLATE_KINDS                          every kind there is a template for
 *   TEMPLATES_DIR                           where the templates are read from
 *   types TemplateKind, TemplateData, ExtraMailData, MailContext, RenderedMail,
 *         AttachmentInfo, TimelineEntry, ServerAccess, HelpdeskContact, Lang
 *
 * Templates see a view built here from the context (labels and dates already in the mail's
 * language and time zone): tag, subject (HTML only), lang, helpdesk, case (or null), data (the
 * kind's data as given), items, fillin, reporterDue, sla, attachments, hasAttachments, timeline,
 * server, contact (the signature's phone, WhatsApp and office hours), commands (null unless
 * ctx.staffCommands; in HTML with one mailto: link per command valid now), refusal, ack, copied
 * (staff_command_copy's command word), help (staff_help's commands), and `when`: every Date in the
 * data formatted (data.dueAt -> when.dueAt) and every `...Minutes` number as a span of working
 * time (data.remainingMinutes -> when.remainingMinutes). The commands help appears only
 * in mails to staff, and none of its lines starts with a command (a quoted help line must not
 * read as a quoted command). The escalation's timeline leaves out internal bookkeeping events
 * (state changes, queued mail, refusals, ticks) and repeats within the same minute. No template
 * prints a password: the escalation carries a blank for the root password that staff fill in
 * before sending. The reporter's phone carries a tel: link, and a wa.me link too when it is an
 * Indonesian mobile number; the committee's description is shown to staff and LKPP only through
 * {{relayed}}.
 *
 * Context beyond the mail itself: ctx.sop (optional, default the SOP's own) supplies the time
 * standards quoted to the reporter ("dalam 1 (satu) hari kerja") and to staff; ctx.contact
 * (optional, default none) the signature's contact lines; ctx.staff (optional) the names for
 * staff addresses in the case (assignee, openedBy).
 */

import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import {
  type Case,
  type CommandName,
  type FieldName,
  type MailData,
  type MailKind,
  type MissingItem,
  type Sop,
  COMMANDS,
  MISSING_ORDER,
  commandsAllowed,
  defaultSop,
  runningClock,
  sopStep,
} from '../workflow';
import { oneLine, withoutControls } from '../inbox/control-characters';
import type { ScreenRead } from '../store/screenshot-readings';
import { formatDateTime, formatSize, formatStandard, formatWorkingMinutes, mobileWaUri, telUri, waUri } from './format';
import {
  type Lang,
  BAD_ARGUMENT_HINTS,
  COMMAND_HELP,
  COMMAND_ORDER,
  FIELD_LABELS,
  FILLIN_LABELS,
  ITEM_LABELS,
  OWNER_LABELS,
  PRIORITY_LABELS,
  REFUSAL_LABELS,
  UNREADABLE_SCREEN_LABELS,
  STATE_LABELS,
  STEP_LABELS,
  SYMPTOM_LABELS,
  timelineLabel,
} from './labels';

export type { Lang } from './labels';

// ---- Types --------------------------------------------------------------------------------

/** The data of the kinds the workflow does not emit as mail actions. */
export interface ExtraMailData {
  /** To LKPP (or a draft for staff): the structured escalation of SOP step 4. */
  escalation: Record<string, never>;
  /** To staff: an incoming message could not be read and was quarantined. */
  staff_quarantine: { from: string; subject: string; reason: string };
  /** To staff: a mail we sent was rejected permanently or bounced. */
  staff_send_failed: { to: string; subject: string; error: string };
  /**
   * To staff: a mail threaded to the case changed nothing, because its sender is not one of the
   * case's participants, or claims to be staff/LKPP/the helpdesk without proof (`unproven`, `detail` says why).
   */
  staff_relay_outsider: { from: string; text: string; unproven: boolean; detail: string };
  /** To staff: a second, different message came under a Message-ID already seen; both were processed. */
  staff_message_id_clash: { messageId: string; firstFrom: string; firstSubject: string; from: string; subject: string };
  /** To staff: the cases of one interval whose notices were folded because many opened at once (src/helpdesk/flood-guard.ts). */
  staff_new_cases_summary: {
    count: number;
    minutes: number;
    from: Date;
    until: Date;
    withheld: number;
    cases: { tag: string; reporter: string; openedAt: string; ackWithheld: boolean }[];
  };
  /**
   * To staff: a mail that threads to no case and that nobody answers automatically: LKPP's
   * circular or ticket (`why` 'lkpp'), an unproven staff/LKPP/helpdesk From ('unproven', `detail`
   * says why), or machine mail carrying report data ('machine'). A reply with `#kasus REF` attaches it.
   */
  staff_relay_unmatched: { from: string; subject: string; text: string; why: 'lkpp' | 'unproven' | 'machine'; detail: string };
  /**
   * To a staff sender whose mail threads to no case and runs nothing: how to open a case, the
   * commands, and what was wrong (`unknown`: `#words` not understood, each with a suggestion or '';
   * `problem`: 'phone_report_without_address' | 'attach_without_relay' | 'attach_unknown_case' | 'command_without_case' | '').
   */
  /** `missingRef`: the case tag the subject carries, of a case that does not exist ('' when none). */
  staff_help_no_case: { unknown: { word: string; suggestion: string }[]; problem: string; ref: string; missingRef: string };
  /**
   * To staff, once per case and hour: the loop guard (src/helpdesk/caps.ts) withheld an automatic
   * answer to `to`, which wrote again and again (a robot, or a person stuck in a loop): at most
   * `perHour` per case and hour and `perDay` a day go to one address.
   */
  staff_answer_withheld: { to: string; perHour: number; perDay: number };
  /** To a staff sender whose mail in a case carried no command: it was kept as a note; the commands valid now. */
  staff_note_recorded: { text: string };
  /** To a committee whose mail opened no case: it was empty (`reason` 'blank') or only a command ('command'). */
  reporter_short_answer: { reason: 'blank' | 'command' };
  /** To the sender of `#status` (or subject `status`): their open cases; for staff also every overdue case. */
  status_answer: {
    forStaff: boolean;
    cases: { tag: string; subject: string; state: string; step: string; dueAt: string; overdue: boolean; assignee: string }[];
    overdue: number;
  };
  /**
   * To staff, once (from 1 November): the holiday calendar of the coming `year` is missing, so
   * from 1 January its national holidays and cuti bersama would count as working days;
   * `holidaysDir` is the folder the file belongs in (calendar.holidaysDir, resolved).
   */
  staff_calendar_missing: { year: number; holidaysDir: string };
  /**
   * To staff, once per tick: every case whose LPSE clock crossed the warning line or its due time
   * (one mail instead of one per case). `forHead`: the copy to alerts.breachCopyTo, breaches only.
   */
  staff_clock_batch: {
    forHead: boolean;
    warnings: { tag: string; step: string; stepLabel: string; dueAt: string; remaining: string; assignee: string }[];
    breaches: { tag: string; step: string; stepLabel: string; dueAt: string; overdue: string; assignee: string }[];
  };
}

export type TemplateData = MailData & ExtraMailData;
export type TemplateKind = MailKind | keyof ExtraMailData;

export interface AttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
  /** false: too big for the outgoing size cap, so listed in the mail but not attached. */
  attached?: boolean;
  /** What reading the screenshot gave (src/ocr); null or absent while unread or when reading is off. */
  read?: ScreenRead | null;
}


export interface TimelineEntry {
  at: Date;
  type: string;
  /** Who caused it (an address), or null for the system. */
  actor: string | null;
}

export interface ServerAccess {
  /** IP address or host name of the LPSE server; '' when not configured. */
  address: string;
  port: number | null;
}

/** How committees reach the helpdesk besides mail (config mailbox.contact); null leaves a line out. */
export interface HelpdeskContact {
  phone: string | null;
  whatsapp: string | null;
  officeHours: string | null;
}

const NO_CONTACT: HelpdeskContact = { phone: null, whatsapp: null, officeHours: null };

export interface MailContext<K extends TemplateKind = TemplateKind> {
  lang: Lang;
  /** IANA time zone the dates are shown in, e.g. 'Asia/Jakarta'. */
  timezone: string;
  helpdesk: { name: string; address: string };
  /** The case tag, e.g. '[LPSE#2026-0042]'; every subject carries it. For mails without a case, the bare prefix tag, e.g. '[LPSE]'. */
  tag: string;
  /** The case; null only for staff_quarantine and staff_send_failed about a message of no case. */
  case: Case | null;
  /** The kind's data, TemplateData[kind] (a MailAction's data, or an extra kind's); checked when rendered. */
  data: TemplateData[K] | object;
  /** The case's screenshots: listed in staff mails and the escalation (the caller attaches the files). */
  attachments: AttachmentInfo[];
  /** The case's events, oldest first: the escalation's timeline. */
  timeline: TimelineEntry[];
  /** The escalation's server-access section. Never holds a password. */
  server: ServerAccess;
  /** Append the tag-command help to mails for staff. */
  staffCommands: boolean;
  /** The helpdesk's phone, WhatsApp and office hours, in every signature; default: none. */
  contact?: HelpdeskContact;
  /** The staff (config staff): a staff address in the case (assignee, openedBy) is shown as the name; default: the address. */
  staff?: readonly { name: string; email: string }[];
  /** The SOP time standards in force (from config); default: the SOP's own. */
  sop?: Sop;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

// ---- Kinds and templates ------------------------------------------------------------------

/** Every kind with its templates; a Record so that the compiler insists on all of them. */
const KINDS: Readonly<Record<TemplateKind, { needsCase: boolean }>> = {
  ack_complete: { needsCase: true },
  ack_missing: { needsCase: true },
  data_complete: { needsCase: true },
  request_data: { needsCase: true },
  relay_to_reporter: { needsCase: true },
  solved_notice: { needsCase: true },
  lkpp_solved_notice: { needsCase: true },
  staff_new_case: { needsCase: true },
  staff_case_complete: { needsCase: true },
  staff_relay_reporter: { needsCase: true },
  staff_relay_lkpp: { needsCase: true },
  staff_lkpp_request: { needsCase: true },
  staff_lkpp_solved: { needsCase: true },
  staff_escalation_draft: { needsCase: true },
  staff_refusal: { needsCase: true },
  staff_ack: { needsCase: true },
  staff_command_copy: { needsCase: true },
  staff_assigned: { needsCase: true },
  staff_help: { needsCase: true },
  staff_status_case: { needsCase: true },
  staff_case_reopened: { needsCase: true },
  escalated_notice: { needsCase: true },
  reopened_notice: { needsCase: true },
  to_lkpp_data: { needsCase: true },
  staff_clock_warning: { needsCase: true },
  staff_clock_breached: { needsCase: true },
  reporter_reminder: { needsCase: true },
  no_response_notice: { needsCase: true },
  screenshot_details_request: { needsCase: true },
  screenshot_code_request: { needsCase: true },
  staff_screenshot_read: { needsCase: true },
  escalation: { needsCase: true },
  staff_quarantine: { needsCase: false },
  staff_send_failed: { needsCase: false },
  staff_relay_outsider: { needsCase: true },
  staff_message_id_clash: { needsCase: false },
  staff_new_cases_summary: { needsCase: false },
  staff_relay_unmatched: { needsCase: false },
  staff_help_no_case: { needsCase: false },
  staff_note_recorded: { needsCase: true },
  staff_answer_withheld: { needsCase: true },
  reporter_short_answer: { needsCase: false },
  status_answer: { needsCase: false },
  staff_clock_batch: { needsCase: false },
  staff_calendar_missing: { needsCase: false },
};

export const TEMPLATE_KINDS: readonly TemplateKind[] = Object.freeze(Object.keys(KINDS) as TemplateKind[]);

/** src/templates under ts-jest, dist/templates once built (scripts/finish-build.js). */
export const TEMPLATES_DIR = path.join(__dirname, '..', 'templates');

type Format = 'txt' | 'html';
const LANGS: readonly Lang[] = ['id', 'en'];

interface Env {
  hb: typeof Handlebars;
  templates: Map<TemplateKind, Handlebars.TemplateDelegate>;
}

const envs = new Map<string, Env>();

function compileOptions(format: Format): CompileOptions {
  return { strict: true, noEscape: format === 'txt' };
}

const STRICT_BLOCKS: ReadonlySet<string> = new Set(['if', 'unless', 'each', 'with']);

/**
 * Notes the path of every {{#if path}} (and unless/each/with) as a hidden hash argument, so the
 * strict block helpers can name what is missing.
 */
class BlockPaths extends Handlebars.Visitor {
  override BlockStatement(block: hbs.AST.BlockStatement): void {
    const param = block.params[0];
    if (STRICT_BLOCKS.has(block.path.original) && param?.type === 'PathExpression') {
      const original = (param as hbs.AST.PathExpression).original;
      const pair: hbs.AST.HashPair = {
        type: 'HashPair',
        key: PATH_KEY,
        value: { type: 'StringLiteral', value: original, original, loc: param.loc } as hbs.AST.StringLiteral,
        loc: param.loc,
      };
      block.hash = { type: 'Hash', pairs: [...(block.hash?.pairs ?? []), pair], loc: block.hash?.loc ?? param.loc };
    }
    super.BlockStatement(block);
  }
}

const PATH_KEY = '__path';

function compileSource(hb: typeof Handlebars, source: string, format: Format): Handlebars.TemplateDelegate {
  const ast = hb.parse(source);
  new BlockPaths().accept(ast);
  return hb.compile(ast, compileOptions(format));
}

/** One Handlebars environment per language and format: its helpers and partials, registered once. */
function env(lang: Lang, format: Format): Env {
  const key = `${lang}/${format}`;
  const existing = envs.get(key);
  if (existing) return existing;
  const hb = Handlebars.create();
  registerHelpers(hb);
  const dir = path.join(TEMPLATES_DIR, lang);
  const suffix = `.${format}.hbs`;
  for (const file of fs.readdirSync(dir)) {
    if (!file.startsWith('_') || !file.endsWith(suffix)) continue;
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    hb.registerPartial(file.slice(0, -suffix.length), compileSource(hb, source, format));
  }
  const made: Env = { hb, templates: new Map() };
  envs.set(key, made);
  return made;
}

function template(lang: Lang, format: Format, kind: TemplateKind): Handlebars.TemplateDelegate {
  const e = env(lang, format);
  let t = e.templates.get(kind);
  if (t === undefined) {
    const file = path.join(TEMPLATES_DIR, lang, `${kind}.${format}.hbs`);
    t = compileSource(e.hb, fs.readFileSync(file, 'utf8'), format);
    e.templates.set(kind, t);
  }
  return t;
}

// ---- Helpers ------------------------------------------------------------------------------

function where(options: Handlebars.HelperOptions | undefined): string {
  const loc = (options as { loc?: { start?: { line?: number; column?: number } } } | undefined)?.loc?.start;
  return loc ? ` (line ${loc.line ?? '?'}, column ${loc.column ?? '?'})` : '';
}

function registerHelpers(hb: typeof Handlebars): void {
  // Strict mode does not cover block-helper parameters: {{#if missing}} would be silently false.
  for (const name of ['if', 'unless', 'each', 'with'] as const) {
    const builtin = hb.helpers[name] as Handlebars.HelperDelegate;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args[args.length - 1] as Handlebars.HelperOptions;
      if (args.length !== 2 || args[0] === undefined) {
        const hash = options.hash as Record<string, unknown> | undefined;
        const what = typeof hash?.[PATH_KEY] === 'string' ? ` ${hash[PATH_KEY]}` : '';
        throw new Error(`{{#${name}${what}}}: "${what.trim() || '?'}" is a missing value${where(options)}`);
      }
      if (options.hash) delete (options.hash as Record<string, unknown>)[PATH_KEY];
      return builtin.apply(this, args as Parameters<Handlebars.HelperDelegate>) as unknown;
    });
  }
  /** HTML: user text escaped, its line breaks kept as <br>. */
  hb.registerHelper('lines', (text: unknown, options?: Handlebars.HelperOptions) => {
    if (typeof text !== 'string') throw new Error(`{{lines}} needs text, got ${String(text)}${where(options)}`);
    const escaped = hb.escapeExpression(text.replace(/\r\n?/g, '\n'));
    return new hb.SafeString(escaped.replace(/\n/g, '<br>\n'));
  });
  /**
   * Someone else's words inside a mail to staff, each line behind "> ": a `#command` line in them
   * must never stand at the start of a line, where a staff reply whose client quotes in a way the
   * reader does not know would carry it as the staff member's own.
   */
  hb.registerHelper('relayed', (text: unknown, options?: Handlebars.HelperOptions) => {
    if (typeof text !== 'string') throw new Error(`{{relayed}} needs text, got ${String(text)}${where(options)}`);
    return text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => (line === '' ? '>' : `> ${line}`))
      .join('\n');
  });
  /** Text: a label padded to a column. */
  hb.registerHelper('pad', (text: unknown, width: unknown, options?: Handlebars.HelperOptions) => {
    if (typeof text !== 'string' || typeof width !== 'number') throw new Error(`{{pad}} needs text and a width${where(options)}`);
    return text.padEnd(width);
  });
}

// ---- The view the templates see -----------------------------------------------------------

interface Row {
  label: string;
  value: string | null;
  tel: string | null;
  /** A wa.me link beside tel: only for an Indonesian mobile number. */
  wa: string | null;
}

interface CaseView {
  ref: string;
  state: string;
  stateLabel: string;
  reporter: string;
  reporterName: string | null;
  /** How the reporter is addressed: their name, else the committee's. */
  greetName: string | null;
  fields: Case['fields'];
  /** The five required fields, with null for what is absent. */
  rows: Row[];
  /** Only the fields we have, the error code included. */
  given: Row[];
  phone: { display: string; tel: string | null; wa: string | null } | null;
  /** The committee's own words about the problem, for {{relayed}}: never a line of its own that could read as a command. */
  description: string | null;
  /** A staff member opened the case for the committee: their name (or address) and how the report came. */
  openedBy: { staff: string; forward: boolean } | null;
  errorCode: string | null;
  symptoms: string[];
  hasSymptoms: boolean;
  missing: string[];
  hasMissing: boolean;
  screenshots: number;
  priority: string | null;
  assignee: string | null;
  lkppTicket: string | null;
  openedAt: string;
  phoneConfirmedAt: string | null;
  clock: { step: string; what: string; owner: string; startedAt: string; due: string } | null;
}

/** `text`: the read text, each line prefixed for quoting; `unreadable`: why it could not be read, in words. */
interface ScreenReadView {
  code: string | null;
  headline: string | null;
  exception: string | null;
  page: string | null;
  hidden: boolean;
  /** A code is shown but was not read with certainty. */
  unclear: boolean;
  unreadable: string | null;
  text: string | null;
  lines: string[];
}

const READ_TEXT_LINES = 25;

function screenReadView(r: ScreenRead, L: Lang): ScreenReadView {
  const lines = r.text
    .split('\n')
    .map((l) => oneLine(l))
    .filter((l) => l !== '')
    .slice(0, READ_TEXT_LINES);
  const unreadable = r.status === 'unreadable' ? (UNREADABLE_SCREEN_LABELS[L][r.reason ?? ''] ?? UNREADABLE_SCREEN_LABELS[L].engine_failed ?? '') : null;
  const one = (v: string | null) => (v === null ? null : oneLine(v));
  return { code: r.errorCode, headline: one(r.headline), exception: one(r.exception), page: one(r.page), hidden: r.detailsHidden, unclear: r.codeUnclear, unreadable, text: lines.length > 0 ? lines.map((l) => `    | ${l}`).join('\n') : null, lines };
}

interface View {
  lang: Lang;
  tag: string;
  subject: string;
  helpdesk: { name: string; address: string };
  case: CaseView | null;
  data: unknown;
  /** The items this mail asks for or reports missing (labels). */
  items: string[];
  hasItems: boolean;
  fillin: { lines: string[]; hasLines: boolean; screenshot: boolean };
  /** When the reporter's running clock falls due, or null. */
  reporterDue: string | null;
  sla: { reporter: string; handle: string; escalation: string; lkppData: string };
  /** `document`: a PDF or Office file that holds the screenshot; `convert`: HEIC/HEIF, which many viewers do not open. */
  attachments: { filename: string; contentType: string; size: string; notAttached: boolean; document: boolean; convert: boolean; read: ScreenReadView | null }[];
  hasAttachments: boolean;
  /** A code read from a screenshot that differs from the case's (the mail's text won), or null. */
  codeDisagrees: string | null;
  /** A staff notice whose mail to the reporter, queued with it, was withheld by the loop guard (data.reporterWithheld). */
  reporterWithheld: boolean;
  timeline: { at: string; label: string; actor: string | null }[];
  hasTimeline: boolean;
  server: { address: string | null; port: string | null };
  /** The signature's contact lines; each null when not configured. */
  contact: { phone: { display: string; tel: string | null } | null; whatsapp: { display: string; wa: string | null } | null; officeHours: string | null };
  /**
   * `links`: one mailto: per command valid now, for the HTML only (filled in once the subject
   * is known; see renderMail).
   */
  commands: { list: { usage: string; desc: string }[]; now: string | null; links: { word: string; href: string }[] } | null;
  refusal: {
    reason: string;
    hint: string | null;
    command: string | null;
    stateLabel: string;
    allowed: string | null;
    /** What a bad argument may be instead (the staff list for #assign), joined; an unknown command's nearest word. */
    choices: string | null;
    suggestion: string | null;
  } | null;
  ack: { command: string; desc: string; stateLabel: string; resolve: boolean } | null;
  /** staff_command_copy: the command's word in the mail's language. */
  copied: string | null;
  /** staff_help: the commands valid now, each with what it does. */
  help: { usage: string; desc: string }[] | null;
  /** The data's dates and `...Minutes` spans, formatted. */
  when: Record<string, string>;
}

/** Internal bookkeeping left out of the escalation's timeline: it tells LKPP nothing. */
const TIMELINE_NOISE: ReadonlySet<string> = new Set([
  'tick',
  'ignored',
  'message_ignored',
  'reply_capped',
  'ack_withheld',
  'staff_notice_folded',
  'secret_redacted',
  'state_changed',
  'mail_queued',
  'draft_queued',
  'mail_files_missing',
  'command_refused',
  'unknown_command',
  'quoted_command',
  'clock_warning',
  'clock_breached',
  'case_archived',
  'archive_failed',
]);

const FIELD_ORDER: readonly FieldName[] = ['committeeName', 'userId', 'tenderCode', 'tenderName', 'phone', 'errorCode'];

function fail(message: string): never {
  throw new Error(`renderMail: ${message}`);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function itemsOf(data: Record<string, unknown>, key: string, kind: TemplateKind): MissingItem[] {
  const list = data[key];
  if (!Array.isArray(list)) fail(`${kind}: data.${key} must be a list of items`);
  for (const item of list) {
    if (!(MISSING_ORDER as readonly unknown[]).includes(item)) fail(`${kind}: unknown item ${JSON.stringify(item)} in data.${key}`);
  }
  return MISSING_ORDER.filter((item) => (list as unknown[]).includes(item));
}

function labelOf<T extends string>(table: Readonly<Record<T, string>>, key: T, what: string): string {
  const label = Object.hasOwn(table, key) ? table[key] : undefined;
  if (label === undefined) fail(`unknown ${what} ${JSON.stringify(key)}`);
  return label;
}

function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMANDS, name);
}

function commandText(name: string, lang: Lang): string {
  if (isCommandName(name)) return COMMAND_HELP[lang][name].word;
  return name.startsWith('#') ? name : `#${name}`;
}

function contactView(k: HelpdeskContact): View['contact'] {
  const text = (v: string | null): string | null => (v === null || oneLine(v) === '' ? null : oneLine(v));
  const phone = text(k.phone);
  const whatsapp = text(k.whatsapp);
  return {
    phone: phone === null ? null : { display: phone, tel: telUri(phone) },
    whatsapp: whatsapp === null ? null : { display: whatsapp, wa: waUri(whatsapp) },
    officeHours: text(k.officeHours),
  };
}

/** A staff member as the mail names them: the name from ctx.staff for their address, else what the case holds. */
function staffName(who: string, ctx: MailContext): string {
  const member = ctx.staff?.find((m) => m.email.toLowerCase() === who.trim().toLowerCase());
  return oneLine(member?.name ?? who);
}

function caseView(c: Case, ctx: MailContext, date: (d: Date) => string): CaseView {
  const L = ctx.lang;
  const fields = record(c.fields, 'case.fields') as Case['fields'];
  const all = FIELD_ORDER.map((key): Row => {
    const v = fields[key];
    if (v !== null && typeof v !== 'string') fail(`case.fields.${key} must be a string or null`);
    const value = v === null || oneLine(v) === '' ? null : oneLine(v);
    const isPhone = key === 'phone' && value !== null;
    return { label: FIELD_LABELS[L][key], value, tel: isPhone ? telUri(value) : null, wa: isPhone ? mobileWaUri(value) : null };
  });
  const clock = runningClock(c);
  const phone =
    fields.phone !== null && oneLine(fields.phone) !== ''
      ? { display: oneLine(fields.phone), tel: telUri(fields.phone), wa: mobileWaUri(fields.phone) }
      : null;
  const description = typeof c.description === 'string' && c.description.trim() !== '' ? c.description.trim() : null;
  const symptoms = c.symptoms.map((s) => labelOf(SYMPTOM_LABELS[L], s, 'symptom'));
  const missing = c.missing.map((m) => labelOf(ITEM_LABELS[L], m, 'item'));
  const reporterName = c.reporterName === null ? null : oneLine(c.reporterName);
  const greetName = reporterName || (fields.committeeName === null ? '' : oneLine(fields.committeeName)) || null;
  return {
    ref: c.ref,
    state: c.state,
    stateLabel: labelOf(STATE_LABELS[L], c.state, 'case state'),
    reporter: c.reporter,
    reporterName,
    greetName,
    fields: Object.fromEntries(all.map((r, i) => [FIELD_ORDER[i], r.value])) as Case['fields'],
    rows: all.slice(0, 5),
    given: all.filter((r) => r.value !== null),
    phone,
    description,
    openedBy: c.openedBy ? { staff: staffName(c.openedBy.staff, ctx), forward: c.openedBy.via === 'forward' } : null,
    errorCode: all[FIELD_ORDER.indexOf('errorCode')]?.value ?? null,
    symptoms,
    hasSymptoms: symptoms.length > 0,
    missing,
    hasMissing: missing.length > 0,
    screenshots: c.screenshots,
    priority: c.priority === null ? null : labelOf(PRIORITY_LABELS[L], c.priority, 'priority'),
    assignee: c.assignee === null ? null : staffName(c.assignee, ctx),
    lkppTicket: c.lkppTicket === null ? null : oneLine(c.lkppTicket),
    openedAt: date(c.openedAt),
    phoneConfirmedAt: c.phoneConfirmedAt === null ? null : date(c.phoneConfirmedAt),
    clock:
      clock === null
        ? null
        : {
            step: clock.step,
            what: labelOf(STEP_LABELS[L], clock.step, 'SOP step'),
            owner: labelOf(OWNER_LABELS[L], clock.owner, 'clock owner'),
            startedAt: date(clock.startedAt),
            due: date(clock.dueAt),
          },
  };
}

function buildView(kind: TemplateKind, ctx: MailContext): View {
  const L = ctx.lang;
  const date = (d: Date): string => formatDateTime(d, L, ctx.timezone);
  const sop = ctx.sop ?? defaultSop;
  const data = record(ctx.data, 'ctx.data');
  const c = ctx.case;
  if (c === null && KINDS[kind].needsCase) fail(`${kind} needs the case`);
  const cv = c === null ? null : caseView(c, ctx, date);

  const items =
    kind === 'request_data' || kind === 'reporter_reminder' || kind === 'no_response_notice'
      ? itemsOf(data, 'items', kind)
      : kind === 'ack_missing' || kind === 'staff_new_case'
        ? itemsOf(data, 'missing', kind)
        : kind === 'reporter_short_answer' || kind === 'staff_help_no_case'
          ? [...MISSING_ORDER] // no report yet: what a whole one needs, with the labels the parser reads back
          : [];
  const fillinLines = items.flatMap((item) => (item === 'screenshot' ? [] : [`${FILLIN_LABELS[L][item]}: `]));

  const clock = c === null ? null : runningClock(c);
  const reporterDue = clock !== null && clock.owner === 'reporter' ? date(clock.dueAt) : null;

  const refusal =
    kind === 'staff_refusal'
      ? (() => {
          const reason = labelOf(REFUSAL_LABELS[L], data.reason as keyof (typeof REFUSAL_LABELS)['id'], 'refusal reason');
          const command = typeof data.command === 'string' && data.command.trim() !== '' ? data.command.trim() : null;
          const hint =
            data.reason === 'unproven_sender' && typeof data.message === 'string'
              ? data.message
              : data.reason === 'bad_argument'
              ? ((isCommandName(command) ? BAD_ARGUMENT_HINTS[L][command] : undefined) ??
                (L === 'en' && typeof data.message === 'string' ? data.message : null))
              : null;
          if (!Array.isArray(data.allowed)) fail('staff_refusal: data.allowed must be a list of commands');
          const allowed = (data.allowed as unknown[]).map((n) => commandText(String(n), L));
          return {
            reason,
            hint,
            command: command === null ? null : commandText(command, L),
            stateLabel: labelOf(STATE_LABELS[L], data.state as keyof (typeof STATE_LABELS)['id'], 'case state'),
            allowed: allowed.length > 0 ? allowed.join(', ') : null,
            choices: Array.isArray(data.choices) && data.choices.length > 0 ? (data.choices as unknown[]).map(String).join(', ') : null,
            suggestion: typeof data.suggestion === 'string' && data.suggestion !== '' ? commandText(data.suggestion, L) : null,
          };
        })()
      : null;

  const ack =
    kind === 'staff_ack'
      ? (() => {
          if (!isCommandName(data.command)) fail(`staff_ack: unknown command ${JSON.stringify(data.command)}`);
          return {
            command: COMMAND_HELP[L][data.command].word,
            desc: COMMAND_HELP[L][data.command].desc,
            stateLabel: labelOf(STATE_LABELS[L], data.state as keyof (typeof STATE_LABELS)['id'], 'case state'),
            resolve: data.command === 'resolve',
          };
        })()
      : null;

  if (kind === 'staff_command_copy' && !isCommandName(data.command)) fail(`staff_command_copy: unknown command ${JSON.stringify(data.command)}`);
  const copied = kind === 'staff_command_copy' && isCommandName(data.command) ? commandText(data.command, L) : null;
  if (kind === 'staff_help' && !Array.isArray(data.allowed)) fail('staff_help: data.allowed must be a list of commands');
  const help =
    kind === 'staff_help'
      ? (data.allowed as unknown[]).filter(isCommandName).map((name) => {
          const h = COMMAND_HELP[L][name];
          return { usage: h.args === '' ? h.word : `${h.word} ${h.args}`, desc: h.desc };
        })
      : null;

  const commands = ctx.staffCommands
    ? {
        list: COMMAND_ORDER.map((name) => {
          const h = COMMAND_HELP[L][name];
          return { usage: h.args === '' ? h.word : `${h.word} ${h.args}`, desc: h.desc };
        }),
        now: c === null ? null : commandsAllowed(c.state, 'staff').map((n) => commandText(n, L)).join(', ') || null,
        links: [],
      }
    : null;

  const attachments = ctx.attachments.map((a) => ({
    filename: oneLine(a.filename),
    contentType: a.contentType,
    size: formatSize(a.size, L),
    notAttached: a.attached === false,
    document: !a.contentType.startsWith('image/'),
    convert: /^image\/hei[cf]/.test(a.contentType),
    read: a.read ? screenReadView(a.read, L) : null,
  }));
  const known = c?.fields.errorCode?.toLowerCase() ?? null;
  const codeDisagrees = known === null ? null : (ctx.attachments.find((a) => a.read?.errorCode != null && a.read.errorCode.toLowerCase() !== known)?.read?.errorCode ?? null);
  const timeline: View['timeline'] = [];
  for (const t of ctx.timeline) {
    if (TIMELINE_NOISE.has(t.type)) continue;
    const entry = { at: date(t.at), label: timelineLabel(t.type, L), actor: t.actor === null ? null : oneLine(t.actor) };
    const last = timeline[timeline.length - 1];
    if (last && last.at === entry.at && last.label === entry.label && last.actor === entry.actor) continue;
    timeline.push(entry);
  }
  const address = ctx.server.address.trim();
  const when: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value instanceof Date) when[key] = date(value);
    else if (key.endsWith('Minutes') && typeof value === 'number') when[key] = formatWorkingMinutes(value, L);
  }

  return {
    lang: L,
    tag: ctx.tag,
    subject: '',
    helpdesk: ctx.helpdesk,
    case: cv,
    data: ctx.data,
    items: items.map((i) => ITEM_LABELS[L][i]),
    hasItems: items.length > 0,
    fillin: { lines: fillinLines, hasLines: fillinLines.length > 0, screenshot: items.includes('screenshot') },
    reporterDue,
    sla: {
      reporter: formatStandard(sopStep(sop, '1c').standard, L),
      handle: formatStandard(sopStep(sop, '2').standard, L),
      escalation: formatStandard(sopStep(sop, '4').standard, L),
      lkppData: formatStandard(sopStep(sop, '7').standard, L),
    },
    attachments,
    hasAttachments: attachments.length > 0,
    codeDisagrees,
    reporterWithheld: data.reporterWithheld === true,
    timeline,
    hasTimeline: timeline.length > 0,
    server: { address: address === '' ? null : address, port: ctx.server.port === null ? null : String(ctx.server.port) },
    contact: contactView(ctx.contact ?? NO_CONTACT),
    commands,
    refusal,
    ack,
    copied,
    help,
    when,
  };
}

/**
 * One mailto: link (RFC 6068) per command valid now, each opening a reply that carries it: to the
 * helpdesk, subject "Re: " and this mail's subject (its tag threads the reply to the case), body
 * the command word and a space for its text, both percent-encoded. HTML only: the plain text
 * already lists the commands, and a line of percent-encoded URLs per command would bury them;
 * a plain-text reader types the command as quickly as a link opens.
 */
function commandLinks(c: Case, ctx: MailContext, subject: string): { word: string; href: string }[] {
  const reply = /^re:/i.test(subject) ? subject : `Re: ${subject}`;
  return commandsAllowed(c.state, 'staff').map((name) => {
    const word = commandText(name, ctx.lang);
    return { word, href: `mailto:${ctx.helpdesk.address}?subject=${encodeURIComponent(reply)}&body=${encodeURIComponent(`${word} `)}` };
  });
}

// ---- Rendering ----------------------------------------------------------------------------

/** Strict mode only catches absent keys; a key holding undefined would print as nothing. */
function assertDefined(value: unknown, where: string, depth = 0): void {
  if (value === undefined) fail(`${where} is undefined`);
  if (value === null || typeof value !== 'object' || value instanceof Date || depth > 8) return;
  for (const [k, v] of Object.entries(value)) assertDefined(v, `${where}.${k}`, depth + 1);
}

/** Tidy plain text: LF line ends, blank-only lines emptied, at most one blank line in a row. */
function tidyText(s: string): string {
  return `${s
    .replace(/\r\n?/g, '\n')
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function tidyHtml(s: string): string {
  return `${s.replace(/\r\n?/g, '\n').replace(/^[ \t]+$/gm, '').replace(/\n{2,}/g, '\n').trim()}\n`;
}

export function renderMail<K extends TemplateKind>(kind: K, ctx: MailContext<K>): RenderedMail {
  if (!Object.hasOwn(KINDS, kind)) fail(`no template for mail kind ${JSON.stringify(kind)}`);
  if (!LANGS.includes(ctx.lang)) fail(`unknown language ${JSON.stringify(ctx.lang)} (id or en)`);
  if (typeof ctx.tag !== 'string' || ctx.tag.trim() === '') fail('ctx.tag is empty');
  const view = buildView(kind, ctx as MailContext);

  assertDefined(view, 'the mail context');
  const run = (format: Format, v: View): string => {
    try {
      return template(ctx.lang, format, kind)(v);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new Error(`renderMail: ${ctx.lang}/${kind}.${format}.hbs: ${message}`, { cause: e });
    }
  };
  // Whatever a value from mail carried, no control or bidi character reaches the mail.
  const raw = tidyText(withoutControls(run('txt', view)));
  const m = /^Subject:[ \t]*(.*)\n\n/.exec(raw);
  if (!m) fail(`${ctx.lang}/${kind}.txt.hbs must start with "Subject: ..." and a blank line`);
  const subject = oneLine(m[1] ?? '');
  if (!subject.includes(ctx.tag)) fail(`${ctx.lang}/${kind}: the subject "${subject}" lacks the tag ${ctx.tag}`);
  const text = raw.slice(m[0].length);

  const commands = view.commands !== null && ctx.case !== null ? { ...view.commands, links: commandLinks(ctx.case, ctx, subject) } : view.commands;
  const html = tidyHtml(withoutControls(run('html', { ...view, subject, commands })));
  return { subject, text, html };
}
