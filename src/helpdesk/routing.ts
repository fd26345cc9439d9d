/**
 * Routing: what happens to one incoming mail, and who hears of it. Read it like the SOP table
 * in src/workflow/sop.ts: one row per (sender, where the mail threads, what it carries); the
 * first row that matches decides. Every row names who is told; a row that tells no person is
 * allowed only for machine mail (bounces, auto-replies, our own copies), which is recorded and
 * never answered so that nothing loops. tests/helpdesk/routing.test.ts enumerates every
 * combination and runs a real mail through each row.
 *
 * Public surface:
 *   types Sender, Where, Trait, Handling, Told, Route, Facts
 *   ROUTES                 the table
 *   route(facts): Route    the first row that matches (there always is one)
 */

/** Who wrote, as routing sees it (src/helpdesk/roles.ts gives the configured role; the helpdesk adds the rest). */
export type Sender =
  /** The case's reporter or another participant; or, with no case, anyone who is not staff, LKPP or us. */
  | 'reporter'
  /** Someone who threads to a case (a Message-ID or tag is easy to copy) but takes no part in it. */
  | 'non_participant'
  | 'staff'
  | 'lkpp'
  /** The helpdesk's own address: our Sent folder, our CC copy of an escalation, or a forgery of it. */
  | 'self'
  /** Bounces, auto-replies, list mail, no-reply senders and mail without a sender. */
  | 'automated';

/** Where the mail threads (src/helpdesk/threading.ts): to no case, or to a case in one of these groups of states. */
export type Where = 'no_case' | 'open' | 'solved' | 'closed';

/** What the mail carries, as far as routing cares. */
export type Trait =
  /** A bounce that returns mail we sent. */
  | 'bounce_of_ours'
  | 'bounce'
  | 'auto_reply'
  /** Report data: a labelled field, a tender code or a screenshot. */
  | 'report_data'
  /** A copy of the escalation mail staff sent to LKPP, while the case waits for it (SOP step 4 -> 5). */
  | 'escalation_copy'
  /** Any `#word` of the sender's own (a command, an unknown or misplaced one) or one quoted. */
  | 'command'
  /** A `#word` of the sender's own and nothing of a report (no data, no symptom, no screenshot). */
  | 'stray_command'
  /** `#kasus REF`: attach the relayed mail this answers to case REF. */
  | 'attach'
  /**
   * `#kasus-baru` / `#laporan-telepon`: a report taken by phone or in person (with the committee's
   * data lines), or, in a reply to our relay of someone's mail, a case for that mail's writer.
   */
  | 'phone_report'
  /** A committee's mail forwarded (inline or attached) by the sender. */
  | 'forward'
  /** `#status`, or the subject `status`. */
  | 'status'
  /** Nothing of the sender's own: no text, no data, no attachment. */
  | 'blank';

export type Handling =
  | 'mark_bounce'
  | 'record'
  | 'relay_unmatched'
  | 'relay_outsider'
  | 'escalation_sent'
  | 'case_event'
  | 'note_and_help'
  | 'refuse_unproven'
  | 'open_case'
  | 'open_forwarded_case'
  | 'open_phone_case'
  | 'attach_to_case'
  | 'status_answer'
  | 'help_answer'
  | 'short_answer';

/**
 * Who hears of it: of a row's `told`, at least one always does (which one can depend on the case,
 * e.g. a reporter's reply is answered while data is awaited and relayed to staff otherwise).
 * `case_log` alone is allowed only for machine mail.
 */
export type Told = 'reporter' | 'staff' | 'sender' | 'lkpp' | 'case_log';

export interface Route {
  readonly sender: Sender;
  /** Proof of the From (roles.ts proofOf): rows for staff, LKPP and self say which they take; 'any' for the others. */
  readonly proven: boolean | 'any';
  readonly where: readonly Where[];
  /** The row applies when the mail has this trait ('always': whatever it carries). */
  readonly when: Trait | 'always';
  readonly handling: Handling;
  readonly told: readonly Told[];
  readonly what: string;
}

export interface Facts {
  sender: Sender;
  proven: boolean;
  where: Where;
  traits: ReadonlySet<Trait>;
}

const CASE: readonly Where[] = ['open', 'solved', 'closed'];
const NONE: readonly Where[] = ['no_case'];
const ANYWHERE: readonly Where[] = ['no_case', ...CASE];

function row(sender: Sender, proven: boolean | 'any', where: readonly Where[], when: Trait | 'always', handling: Handling, told: readonly Told[], what: string): Route {
  return Object.freeze({ sender, proven, where, when, handling, told: Object.freeze([...told]), what });
}

export const ROUTES: readonly Route[] = Object.freeze([
  // sender             proven  where     when               handling               told                       what
  row('automated',       'any', ANYWHERE, 'bounce_of_ours',  'mark_bounce',         ['staff', 'case_log'],     'the outbox row is marked bounced; staff hear once (a failure notice of a failure is only logged)'),
  row('automated',       'any', ANYWHERE, 'bounce',          'record',              ['case_log'],              'a bounce of mail we never sent: recorded, never answered'),
  // Before auto_reply: a report sent as automated mail (Auto-Submitted, Precedence: bulk) threads to no case, and only staff can take it up.
  row('automated',       'any', NONE,     'report_data',     'relay_unmatched',     ['staff'],                 'a contact form, a no-reply notice, list or auto-submitted mail with report data: staff decide, nobody answers a machine'),
  row('automated',       'any', ANYWHERE, 'auto_reply',      'record',              ['case_log'],              'an out-of-office or notice: logged on the case it names, never answered (no loops)'),
  row('automated',       'any', CASE,     'report_data',     'relay_outsider',      ['staff'],                 'machine mail carrying report data in a case: staff read it; nobody answers a machine'),
  row('automated',       'any', ANYWHERE, 'always',          'record',              ['case_log'],              'list mail, bulk mail or a no-reply sender without report data: recorded, never answered'),

  row('self',            true,  ['open'], 'escalation_copy', 'escalation_sent',     ['reporter', 'case_log'],  'the escalation went to LKPP: step 5 starts, the committee is told it is at LKPP'),
  row('self',            true,  ANYWHERE, 'always',          'record',              ['case_log'],              'our own mail (Sent folder, CC copy): recorded on its case'),
  row('self',            false, CASE,     'always',          'relay_outsider',      ['staff'],                 "a mail claiming the helpdesk's address without proof: changes nothing, staff see it"),
  row('self',            false, NONE,     'always',          'relay_unmatched',     ['staff'],                 "a mail claiming the helpdesk's address without proof: staff see it"),

  row('staff',           true,  CASE,     'phone_report',    'open_phone_case',     ['reporter', 'staff'],     "#kasus-baru in a case's thread: a new case for the committee it names, or for the writer of the relayed mail it answers"),
  row('staff',           true,  CASE,     'command',         'case_event',          ['sender', 'staff'],       'the commands run (sop.ts COMMANDS); each is confirmed to the sender and copied to colleagues, or refused with the reason'),
  row('staff',           true,  CASE,     'always',          'note_and_help',       ['sender', 'case_log'],    'no command: kept as a note on the case; the sender is told so, with the commands valid now'),
  row('staff',           false, CASE,     'command',         'refuse_unproven',     ['sender'],                'an unproven staff From: nothing runs; the refusal goes to the address it claims'),
  row('staff',           false, CASE,     'always',          'relay_outsider',      ['staff'],                 'an unproven staff From without a command: staff see it'),
  row('staff',           true,  NONE,     'attach',          'attach_to_case',      ['sender', 'staff'],       '#kasus REF answering a relayed mail: that mail joins case REF and is handled there'),
  row('staff',           true,  NONE,     'phone_report',    'open_phone_case',     ['reporter', 'staff'],     'a report taken by phone or in person: a case opens for the committee, which is acknowledged'),
  row('staff',           true,  NONE,     'forward',         'open_forwarded_case', ['reporter', 'staff'],     "a committee's mail forwarded by staff: a case opens for its writer, acknowledged as if it had written itself"),
  row('staff',           true,  NONE,     'status',          'status_answer',       ['sender'],                "the sender's open cases and what is overdue"),
  row('staff',           true,  NONE,     'always',          'help_answer',         ['sender'],                'how to open a case and the command list (also #bantuan): never silence'),
  row('staff',           false, NONE,     'always',          'relay_unmatched',     ['staff'],                 'an unproven staff From with no case: nothing runs, staff see it'),

  row('lkpp',            true,  CASE,     'always',          'case_event',          ['staff'],                 "LKPP's commands run or its words are relayed to staff"),
  row('lkpp',            true,  NONE,     'always',          'relay_unmatched',     ['staff'],                 'a circular or a ticket of LKPP without a case: relayed to staff, who attach it with #kasus REF'),
  row('lkpp',            false, CASE,     'always',          'relay_outsider',      ['staff'],                 'an unproven LKPP From: changes nothing, staff see it'),
  row('lkpp',            false, NONE,     'always',          'relay_unmatched',     ['staff'],                 'an unproven LKPP From with no case: staff see it'),

  row('non_participant', 'any', CASE,     'always',          'relay_outsider',      ['staff'],                 "someone using a case's tag or thread who takes no part: changes nothing, staff see what they wrote"),

  row('reporter',        'any', ['open'], 'always',          'case_event',          ['reporter', 'staff'],     'data added (step 1c) or the words relayed to staff'),
  row('reporter',        'any', ['solved'], 'always',        'case_event',          ['reporter', 'staff'],     '"masih error" reopens the case to step 2 (committee and staff told); anything else is relayed and the case closes on schedule'),
  row('reporter',        'any', ['closed'], 'always',        'case_event',          ['reporter', 'staff'],     'an answer to a no-response close, or "masih error" after a solved close, reopens; anything else is relayed'),
  row('reporter',        'any', NONE,     'status',          'status_answer',       ['sender'],                'a committee asking for status: its open cases'),
  row('reporter',        'any', NONE,     'blank',           'short_answer',        ['sender'],                'an empty mail opens no case: a short answer says what a report needs'),
  row('reporter',        'any', NONE,     'stray_command',   'short_answer',        ['sender'],                'a stray command with no report opens no case: a short answer says commands are for staff'),
  row('reporter',        'any', NONE,     'always',          'open_case',           ['reporter', 'staff'],     'a new report: SOP step 1a, acknowledged at once'),
] satisfies Route[]);

export function route(facts: Facts): Route {
  const found = ROUTES.find(
    (r) =>
      r.sender === facts.sender &&
      (r.proven === 'any' || r.proven === facts.proven) &&
      r.where.includes(facts.where) &&
      (r.when === 'always' || facts.traits.has(r.when)),
  );
  if (!found) throw new Error(`routing table has no row for ${facts.sender}/${facts.proven}/${facts.where} (bug)`);
  return found;
}
