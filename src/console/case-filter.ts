/**
 * The `cases` command's options as a store filter: `--state` (repeatable or a comma list),
 * `--assignee NAME|ADDRESS` (a name from config `staff`), `--since DATE` (in
 * `calendar.timezone`), `--limit N`; open cases only unless `--all` or `--state` says otherwise.
 * A wrong value is an Error whose message is the one line the CLI prints (exit 1).
 *
 * Public surface:
 *   caseFilterFrom(opts, ctx): CaseFilter
 *   describeFilter(filter, ctx): string     'open cases', 'state in_progress, assigned to Agus, newest 20' …
 */
import type { CaseFilter } from '../store/case-views';
import { STATES } from '../workflow/sop';
import { localMinute, parseLocalInstant } from './local-time';

export interface CasesOptions {
  state?: string[];
  assignee?: string;
  since?: string;
  limit?: string;
  all?: boolean;
}

interface FilterContext {
  timezone: string;
  staff: readonly { name: string; email: string }[];
}

const KNOWN_STATES: readonly string[] = STATES.map((r) => r.state);

export function caseFilterFrom(opts: CasesOptions, ctx: FilterContext): CaseFilter {
  const filter: CaseFilter = {};
  const states = (opts.state ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (states.length > 0) {
    const unknown = states.filter((s) => !KNOWN_STATES.includes(s));
    if (unknown.length) throw new Error(`--state: unknown state ${unknown.map((s) => `"${s}"`).join(', ')}; the states are ${KNOWN_STATES.join(', ')}`);
    filter.states = [...new Set(states)];
  } else if (!opts.all) {
    filter.openOnly = true;
  }
  if (opts.assignee !== undefined) filter.assignee = staffAddress(opts.assignee, ctx.staff);
  if (opts.since !== undefined) {
    const since = parseLocalInstant(opts.since, ctx.timezone);
    if (since === null) throw new Error(`--since: expected a date as YYYY-MM-DD (or YYYY-MM-DD HH:MM, in ${ctx.timezone}), got "${opts.since}"`);
    filter.since = since;
  }
  if (opts.limit !== undefined) {
    if (!/^\d{1,9}$/.test(opts.limit) || Number(opts.limit) < 1) throw new Error(`--limit: expected a whole number of at least 1, got "${opts.limit}"`);
    filter.limit = Number(opts.limit);
  }
  return filter;
}

/** A staff member's address from their name (case and spacing do not matter) or address. */
function staffAddress(given: string, staff: FilterContext['staff']): string {
  const wanted = given.trim().toLowerCase();
  if (wanted.includes('@')) return wanted;
  const folded = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  // The full name, else the one name that contains what was given ("agus" for Agus Setiawan).
  const partial = staff.filter((s) => folded(s.name).includes(folded(given)));
  const match = staff.find((s) => folded(s.name) === folded(given)) ?? (partial.length === 1 ? partial[0] : undefined);
  if (!match) throw new Error(`--assignee: no one staff member named "${given}" in config staff (${staff.map((s) => s.name).join(', ')}); an address works too`);
  return match.email;
}

export function describeFilter(filter: CaseFilter, ctx: FilterContext): string {
  const parts = [filter.states ? `state ${filter.states.join(', ')}` : filter.openOnly ? 'open cases' : 'all cases'];
  if (filter.assignee !== undefined) {
    const address = filter.assignee;
    parts.push(`assigned to ${ctx.staff.find((s) => s.email === address)?.name ?? address}`);
  }
  if (filter.since !== undefined) parts.push(`opened since ${localMinute(filter.since, ctx.timezone)}`);
  if (filter.limit !== undefined) parts.push(`newest ${filter.limit}`);
  return parts.join(', ');
}
