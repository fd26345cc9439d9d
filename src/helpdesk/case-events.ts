// Decide, first half: the workflow events one message carries (src/workflow/decide.ts takes
// them one by one). Pure apart from the config it reads.
import type { Config } from '../config/load';
import { parseRequestedItems, suggestCommand } from '../inbox/commands';
import type { Reading } from '../inbox/reading';
import { commandsAllowed, type Case, type CaseEvent, type Fields, type MissingItem, type Role, type Symptom } from '../workflow';
import type { Proof, SenderRole } from './roles';
import { lkppTicket } from './threading';

/** Image attachments that count as screenshots (kept: not over attachments.maxBytes). */
export function screenshotCount(cfg: Config, r: Pick<Reading, 'attachments'>): number {
  return r.attachments.filter((a) => a.screenshot && a.size <= cfg.attachments.maxBytes).length;
}

export interface ReportSource {
  from: string;
  fromName: string | null;
  fields: Fields;
  missing: MissingItem[];
  symptoms: Symptom[];
  description: string;
  /** Screenshots of the report when they are not the current message's (a relayed mail's). */
  screenshots?: number;
  openedBy?: { staff: string; via: 'forward' | 'phone' };
}

/** A report that opens case `ref`: the committee's own mail, or one a staff member brought in for it. */
export function reportEvent(cfg: Config, r: Reading, source: ReportSource, ref: string): CaseEvent {
  return {
    type: 'report',
    from: source.from,
    fromName: source.fromName,
    fields: source.fields,
    missing: source.missing,
    symptoms: source.symptoms,
    screenshots: source.screenshots ?? screenshotCount(cfg, r),
    description: source.description,
    ...(source.openedBy ? { openedBy: source.openedBy } : {}),
    ref,
  };
}

/** The committee's own mail as a report. */
export function ownReport(r: Reading, from: string): ReportSource {
  return { from, fromName: r.fromName || null, fields: r.fields, missing: r.missing, symptoms: r.symptoms, description: r.description };
}

/**
 * What a reporter's reply adds: the items the case still lacks or that were asked for again.
 * Data already on the case is not overwritten by a reply, whose signature or sentences can
 * carry a shorter form of it ("Pokja Pemilihan 1" for "Pokja Pemilihan 1 DPUPR"); a correction
 * reaches staff in the relayed text.
 */
function replyFields(fields: Reading['fields'], c: Case): Partial<Reading['fields']> {
  const keys = Object.keys(fields) as (keyof Reading['fields'])[];
  return Object.fromEntries(keys.filter((k) => c.fields[k] === null || (c.requested as string[]).includes(k)).map((k) => [k, fields[k]]));
}

/** The workflow events one message carries for an existing case, in the order written. */
export function caseEvents(cfg: Config, r: Reading, from: string, role: SenderRole, c: Case, proof: Proof): CaseEvent[] {
  const actor: Role = role === 'staff' || role === 'lkpp' ? role : 'reporter';
  const out: CaseEvent[] = [];
  if (!proof.proven && actor !== 'reporter') {
    // Nothing of an unproven staff mail runs: one refusal, to the address it claims, alerts the real staff member.
    const words = [...r.commands.map((c) => c.name), ...r.unknownCommands.map((w) => w.replace(/^#/, '')), ...r.misplacedCommands, ...r.quotedCommands];
    const [first, ...rest] = words;
    if (first === undefined) return out;
    const why = rest.length ? `${proof.why}; not run either: ${rest.map((w) => `#${w}`).join(', ')}` : proof.why;
    return [{ type: 'unproven_command', from, role: actor, name: first, why }];
  }
  for (const word of r.unknownCommands) out.push({ type: 'unknown_command', from, role: actor, word, suggestion: suggestCommand(word.replace(/^#/, '')) });
  for (const name of r.misplacedCommands) out.push({ type: 'misplaced_command', from, role: actor, name });
  // One refusal for quoted commands, whatever their number: a quoted command list must not flood the sender.
  const quoted = r.quotedCommands[0];
  if (quoted !== undefined) out.push({ type: 'quoted_command', from, role: actor, name: quoted });
  for (const cmd of r.commands) {
    out.push({
      type: 'command',
      from,
      role: actor,
      name: cmd.name,
      args: cmd.args,
      ...(cmd.name === 'request_data' ? { items: parseRequestedItems(cmd.args) } : {}),
      ...(actor === 'lkpp' ? { ticket: lkppTicket(cfg, r) } : {}),
    });
  }
  if (actor === 'reporter' && from === c.reporter) {
    out.push({ type: 'reporter_message', from, fields: replyFields(r.fields, c), screenshots: screenshotCount(cfg, r), text: r.freshText, stillBroken: r.stillBroken });
  } else if (actor === 'lkpp' && !r.commands.some((cmd) => commandsAllowed(c.state, 'lkpp').includes(cmd.name))) {
    // LKPP's words always reach staff: as the command's own notice, or relayed when it gave
    // no command that applies now (a refused one changes nothing and would lose the text).
    out.push({ type: 'lkpp_message', from, text: r.freshText, ticket: lkppTicket(cfg, r) });
  } else if (actor === 'reporter') {
    // Someone else who takes part (a colleague in CC) writes: staff read it. Their "masih error"
    // may be about their own package: only the reporter's reopens; staff decide on the colleague's.
    out.push({ type: 'reporter_message', from, fields: {}, screenshots: 0, text: r.freshText, stillBroken: false });
  }
  return out;
}
