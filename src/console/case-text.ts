/**
 * What `cases` and `case REF` print for a person: aligned columns, times in
 * `calendar.timezone`, staff by name. The JSON forms (`--json`) are the views themselves.
 *
 * Public surface:
 *   caseListText(cases, ctx, takenAt, note?): string[]  the header line ("per …"), one line per case
 *   caseText(c, ctx): string[]                          data, clocks, timeline, messages
 */
import type { Lang } from '../outbox/labels';
import type { CaseDetailView, CaseView, ClockView } from '../store/case-views';
import { localMinute, takenAtLine } from './local-time';

export interface TextContext {
  lang: Lang;
  timezone: string;
  staff: readonly { name: string; email: string }[];
}

const NONE = '-';
/** Free text (a command's arguments, a reason) is cut to one line of this length. */
const SNIPPET = 72;

function staffName(address: string, ctx: TextContext): string {
  return ctx.staff.find((s) => s.email === address)?.name ?? address;
}

function snippet(text: string, max = SNIPPET): string {
  const first = text.replace(/\s+/g, ' ').trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/** Columns padded to their widest cell; the last column is never padded. */
function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) => `${indent}${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd());
}

function runningClock(c: CaseView, ctx: TextContext): string {
  const running = c.clocks.find((k) => k.stoppedAt === null);
  if (!running) return 'no clock running';
  return `step ${running.step} (${running.owner}) due ${localMinute(new Date(running.dueAt), ctx.timezone)}${running.breached ? ' BREACHED' : ''}`;
}

/** `list` may be a stream of cases (eachCase): only each one's cells are kept, for the column widths. */
export function caseListText(list: Iterable<CaseView>, ctx: TextContext, takenAt: Date, note?: string): string[] {
  const header = `${takenAtLine(takenAt, ctx.lang, ctx.timezone)}${note ? ` (${note})` : ''}`;
  const rows: string[][] = [];
  for (const c of list) {
    rows.push([
      c.ref,
      c.state,
      c.reporter,
      runningClock(c, ctx),
      c.assignee ? `assigned: ${staffName(c.assignee, ctx)}` : '',
      c.missing.length ? `missing: ${c.missing.join(', ')}` : '',
    ]);
  }
  if (rows.length === 0) return [header, 'no cases'];
  return [header, ...table(rows, '')];
}

function clockVerdict(k: ClockView): string {
  if (k.stoppedAt === null) return k.breached ? 'running, BREACHED' : 'running';
  return k.breached ? 'BREACHED' : 'met';
}

/** One timeline entry's detail, from events.detail: what a person needs, not the whole record. */
function eventDetail(type: string, d: Record<string, unknown>, ctx: TextContext): string {
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  const list = (k: string) => (Array.isArray(d[k]) ? (d[k] as unknown[]).map(String) : []);
  switch (type) {
    case 'command':
      return snippet(`${str('name')}${str('args') ? ` ${str('args')}` : ''}`);
    case 'command_refused':
      return snippet(`${str('command')} refused: ${str('reason')}`);
    case 'state_changed': {
      const steps = [str('stopped') && `stopped ${str('stopped')}`, list('passed').length ? `passed ${list('passed').join(', ')}` : '', str('started') && `started ${str('started')}`];
      return `${str('from')} -> ${str('to')}${steps.some(Boolean) ? `  (${steps.filter(Boolean).join('; ')})` : ''}`;
    }
    case 'mail_queued':
    case 'draft_queued':
      return `${str('kind')} to ${list('to')
        .map((a) => staffName(a, ctx))
        .join(', ')}`;
    default: {
      // The case's own ref and the actor are on the line already.
      const scalars = Object.entries(d)
        .filter(([k, v]) => k !== 'ref' && k !== 'from' && v !== '' && !(Array.isArray(v) && v.length === 0))
        .flatMap(([k, v]) =>
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? [`${k}=${String(v)}`]
          : Array.isArray(v) && v.every((x) => typeof x !== 'object')
            ? [`${k}=${v.map(String).join(',')}`]
            : [],
      );
      return snippet(scalars.join(' '));
    }
  }
}

/** What reading a screenshot gave, on one line: the code, the details not opened or the code unclear, the headline, the exception, the page. */
function screenshotReading(a: CaseDetailView['screenshots'][number], ctx: TextContext): string {
  const r = a.reading;
  if (r === null) return 'not read';
  if (r.status === 'unreadable') return `unreadable: ${r.reason ?? NONE}`;
  const hidden = ctx.lang === 'id' ? 'rincian error belum dibuka' : 'error details not opened';
  const unclear = ctx.lang === 'id' ? 'kode error tidak terbaca dengan pasti' : 'error code not read with certainty';
  const said = [r.errorCode === null ? 'no error code' : `Kode Error ${r.errorCode}`, r.detailsHidden ? hidden : null, r.codeUnclear ? unclear : null, r.headline, r.exception, r.page];
  return snippet(said.filter((s) => s !== null).join(' · '), 160);
}

export function caseText(c: CaseDetailView, ctx: TextContext): string[] {
  const at = (iso: string | null) => (iso ? localMinute(new Date(iso), ctx.timezone) : NONE);
  const or = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? NONE : v);
  const data: [string, string][] = [
    ['state', c.state],
    ['reporter', c.reporter],
    ['committee', or(c.fields.committeeName)],
    ['user ID', or(c.fields.userId)],
    ['tender code', or(c.fields.tenderCode)],
    ['tender name', or(c.fields.tenderName)],
    ['phone', or(c.fields.phone)],
    ['error code', or(c.fields.errorCode)],
    ['symptoms', c.symptoms.length ? c.symptoms.join(', ') : NONE],
    ['missing', c.missing.length ? c.missing.join(', ') : NONE],
    ['priority', or(c.priority)],
    ['assigned', c.assignee ? staffName(c.assignee, ctx) : NONE],
    ['LKPP ticket', or(c.lkppTicket)],
    ['outcome', or(c.outcome)],
    ['opened', at(c.openedAt)],
    ['closed', at(c.closedAt)],
  ];
  const out = [`Case ${c.ref}  (times in ${ctx.timezone})`, ...table(data)];
  out.push('', 'Clocks');
  if (c.clocks.length === 0) out.push('  none');
  else out.push(...table([['step', 'owner', 'started', 'due', 'stopped', ''], ...c.clocks.map((k) => [k.step, k.owner, at(k.startedAt), at(k.dueAt), at(k.stoppedAt), clockVerdict(k)])]));
  out.push('', 'Screenshots');
  if (c.screenshots.length === 0) out.push('  none');
  else out.push(...table(c.screenshots.map((a) => [snippet(a.filename, 40), a.contentType, screenshotReading(a, ctx)])));
  out.push('', 'Timeline');
  if (c.timeline.length === 0) out.push('  none');
  else out.push(...table(c.timeline.map((e) => [at(e.at), e.type, e.actor ? staffName(e.actor, ctx) : NONE, eventDetail(e.type, e.detail, ctx)])));
  out.push('', 'Messages');
  if (c.messages.length === 0) out.push('  none');
  else
    out.push(
      ...table(
        c.messages.map((m) => [at(m.date), m.direction, m.kind, m.direction === 'in' ? m.from : `to ${m.to.map((a) => staffName(a, ctx)).join(', ')}`, m.disposition, snippet(m.subject, 60)]),
      ),
    );
  return out;
}
