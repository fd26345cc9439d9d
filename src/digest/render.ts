/**
 * Turns the digest's figures into a mail: subject, HTML and a plain-text alternative, in
 * Indonesian (default) or English, from src/templates/<lang>/digest.{html,txt}.hbs.
 *
 * Owns the reader's view: short dates in the helpdesk's time zone, spans of working time,
 * bars (HTML: table cells sized in percent with inline colours, which every mail client
 * renders — no scripts, no images, no external resources; text: ASCII `#`/`!`/`.` bars), and
 * the summarising that keeps a busy month readable: every count is exact, every list shows the
 * first `limit` entries (per SOP step: `perStep`) and says how many more there are.
 * Free text from cases (committee names, assignees) passes through redactSecrets: the digest
 * never shows a password.
 *
 * Public surface:
 *   renderDigest(figures, lang, opts): RenderedDigest
 *   types RenderedDigest, DigestRenderOptions
 */

import { oneLine, withoutControls } from '../inbox/control-characters';
import { formatWorkingMinutes } from '../outbox/format';
import { STEP_LABELS, type Lang } from '../outbox/labels';
import { renderPage } from '../outbox/pages';
import { redactSecrets, type Owner, type StepId } from '../workflow';
import type { AgeLine, ClockLine, DigestFigures } from './figures';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

export interface DigestRenderOptions {
  /** The LPSE's helpdesk name, e.g. 'Helpdesk LPSE Kabupaten Batang'. */
  helpdeskName: string;
  /** The subject tag prefix, e.g. 'LPSE' -> '[LPSE]'. */
  tagPrefix: string;
  /** Entries shown per list (default 10). */
  limit?: number;
  /** Cases shown per SOP step in the open-cases section (default 5). */
  perStep?: number;
  /** The staff list: an assignee (held as an address) is shown by name. */
  staff?: readonly { name: string; email: string }[];
}

const WORDS = {
  id: {
    owner: { lpse: 'LPSE', reporter: 'Pelapor', lkpp: 'LKPP' } as Record<Owner, string>,
    ownerLong: { lpse: 'Helpdesk LPSE', reporter: 'Pelapor', lkpp: 'Helpdesk LKPP' } as Record<Owner, string>,
    today: 'hari ini',
    days: (n: number) => `${n} hari`,
    more: (n: number) => `… dan ${n} lainnya`,
    overdue: (s: string) => `terlambat ${s}`,
    left: (s: string) => `sisa ${s}`,
    running: 'berjalan',
    stopped: 'berhenti',
    holiday: 'hari libur',
    none: '–',
  },
  en: {
    owner: { lpse: 'LPSE', reporter: 'Reporter', lkpp: 'LKPP' } as Record<Owner, string>,
    ownerLong: { lpse: 'LPSE helpdesk', reporter: 'Reporter', lkpp: 'LKPP helpdesk' } as Record<Owner, string>,
    today: 'today',
    days: (n: number) => `${n} day${n === 1 ? '' : 's'}`,
    more: (n: number) => `… and ${n} more`,
    overdue: (s: string) => `${s} late`,
    left: (s: string) => `${s} left`,
    running: 'running',
    stopped: 'stopped',
    holiday: 'holiday',
    none: '–',
  },
} as const;

const COLORS = { ok: '#16a34a', warn: '#d97706', bad: '#dc2626', blue: '#2563eb', track: '#e5e7eb' };
const TEXT_BAR = 20;

interface Segment {
  value: number;
  color: string;
  char: string;
}

/** A bar in both forms: HTML cells in whole percents (summing to 100), and `[##!!....]`. */
function bar(segments: Segment[], max: number) {
  const total = Math.max(max, 1);
  const cells: { width: number; color: string }[] = [];
  let used = 0;
  let text = '';
  let chars = 0;
  for (const s of segments) {
    const value = Math.max(0, s.value);
    // A non-zero value always shows (one percent, one character), however small beside the largest.
    const width = Math.min(100 - used, value > 0 ? Math.max(1, Math.floor((value * 100) / total)) : 0);
    if (width > 0) cells.push({ width, color: s.color });
    used += width;
    const n = Math.min(TEXT_BAR - chars, value > 0 ? Math.max(1, Math.round((value * TEXT_BAR) / total)) : 0);
    text += s.char.repeat(n);
    chars += n;
  }
  if (used < 100) cells.push({ width: 100 - used, color: COLORS.track });
  return { cells, text: `[${text.padEnd(TEXT_BAR, '.')}]` };
}

function complianceColor(percent: number | null): string {
  return percent === null ? COLORS.track : percent >= 90 ? COLORS.ok : percent >= 70 ? COLORS.warn : COLORS.bad;
}

function fmtParts(d: Date, lang: Lang, timezone: string, options: Intl.DateTimeFormatOptions) {
  const parts = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { ...options, timeZone: timezone }).formatToParts(d);
  return (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
}

/** 'Rab, 25 Mar 09.30' / 'Wed 25 Mar 09:30'. */
function shortTime(d: Date, lang: Lang, tz: string): string {
  const p = fmtParts(d, lang, tz, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return lang === 'id' ? `${p('weekday')}, ${p('day')} ${p('month')} ${p('hour')}.${p('minute')}` : `${p('weekday')} ${p('day')} ${p('month')} ${p('hour')}:${p('minute')}`;
}

/** 'Rabu, 25 Maret 2026' / 'Wednesday, 25 March 2026'. */
function longDate(d: Date, lang: Lang, tz: string): string {
  const p = fmtParts(d, lang, tz, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  return `${p('weekday')}, ${p('day')} ${p('month')} ${p('year')}`;
}

/** '07.00 WIB' / '07:00 WIB': the Indonesian zone names where the zone has one, else 'GMT+7'. */
function clockTime(d: Date, lang: Lang, tz: string): string {
  const p = fmtParts(d, lang, tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const short = fmtParts(d, 'id', tz, { timeZoneName: 'short' })('timeZoneName');
  const zone = /^[A-Z]{2,5}$/.test(short) ? short : new Intl.DateTimeFormat('en-GB', { timeZone: tz, timeZoneName: 'shortOffset' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? tz;
  return `${p('hour')}${lang === 'id' ? '.' : ':'}${p('minute')} ${zone}`;
}

/** A span of working time, rounded to whole hours from ten hours up. */
function span(minutes: number, lang: Lang): string {
  const m = Math.abs(minutes);
  return formatWorkingMinutes(m >= 600 ? Math.round(m / 60) * 60 : m, lang);
}

const clean = (s: string | null): string | null => (s === null ? null : redactSecrets(s).text);

function cut(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

function limited<T, V>(list: readonly T[], n: number, lang: Lang, map: (x: T) => V) {
  return { rows: list.slice(0, n).map(map), more: list.length > n ? WORDS[lang].more(list.length - n) : null, count: list.length };
}

export function renderDigest(f: DigestFigures, lang: Lang, opts: DigestRenderOptions): RenderedDigest {
  const W = WORDS[lang];
  const tz = f.timezone;
  const limit = opts.limit ?? 10;
  const perStep = opts.perStep ?? 5;
  const who = (x: { committeeName: string | null; reporter: string }) => clean(x.committeeName) ?? x.reporter;
  const owner = (o: Owner) => W.owner[o];

  // Text rows are indented by two and cut at 78 columns, for any mail client's plain-text view.
  const clockRow = (k: ClockLine) => {
    const late = k.dueAt.getTime() < (k.stoppedAt ?? f.now).getTime();
    const stopped = k.stoppedAt !== null;
    const when = late ? W.overdue(span(k.overdueMinutes, lang)) : W.left(span(k.remainingMinutes, lang));
    const row = {
      ref: k.ref,
      step: k.step,
      owner: owner(k.owner),
      due: shortTime(k.dueAt, lang, tz),
      when,
      late,
      stopped,
      status: stopped ? W.stopped : W.running,
      who: who(k),
      assignee: clean(opts.staff?.find((m) => m.email === k.assignee)?.name ?? k.assignee) ?? W.none,
    };
    const whenText = stopped ? `${when} (${W.stopped})` : when;
    return {
      ...row,
      /** For lists across steps: case, step, owner, due, late/left. */
      text: cut(`${row.ref.padEnd(10)}${row.step.padEnd(4)}${row.owner.padEnd(9)}${row.due.padEnd(19)}${whenText}`, 76),
      /** Under a step's heading: case, due, late/left, the assignee when there is one, committee. */
      stepText: cut(`${row.ref.padEnd(10)}${row.due.padEnd(19)}${when.padEnd(25)}${k.assignee ? `[${row.assignee}] ` : ''}${row.who}`, 76),
    };
  };
  const ageRow = (a: AgeLine) => {
    const age = a.ageDays === 0 ? W.today : W.days(a.ageDays);
    const row = { ref: a.ref, since: shortTime(a.since, lang, tz), age, due: shortTime(a.dueAt, lang, tz), overdue: a.overdue, who: who(a) };
    return { ...row, text: cut(`${row.ref.padEnd(10)}${row.since.padEnd(19)}${row.age.padEnd(10)}${row.who}`, 76) };
  };

  const maxStep = Math.max(1, ...f.open.byStep.map((s) => s.count));
  const openSteps = f.open.byStep.map((s) => {
    const clocks = f.open.clocks.filter((k) => k.step === s.step);
    const b = bar(
      [
        { value: s.overdue, color: COLORS.bad, char: '!' },
        { value: s.count - s.overdue, color: COLORS.blue, char: '#' },
      ],
      maxStep,
    );
    return {
      step: s.step,
      what: STEP_LABELS[lang][s.step],
      owner: owner(s.owner),
      ownerLong: W.ownerLong[s.owner],
      count: s.count,
      overdue: s.overdue,
      bar: b,
      cases: limited(clocks, perStep, lang, clockRow),
    };
  });

  const maxOwner = Math.max(1, ...Object.values(f.breached.byOwner));
  const breachOwners = (['lpse', 'reporter', 'lkpp'] as const).map((o) => ({
    owner: owner(o),
    ownerLong: W.ownerLong[o],
    count: f.breached.byOwner[o],
    bar: bar([{ value: f.breached.byOwner[o], color: COLORS.bad, char: '!' }], maxOwner),
  }));

  const compliance = f.compliance.steps.map((c) => ({
    step: c.step,
    what: STEP_LABELS[lang][c.step as StepId],
    owner: owner(c.owner),
    met: c.met,
    total: c.total,
    ratio: `${c.met}/${c.total}`,
    percent: c.percent === null ? W.none : `${c.percent}%`,
    median: c.medianMinutes === null ? W.none : span(c.medianMinutes, lang),
    bar: bar([{ value: c.met, color: complianceColor(c.percent), char: '#' }], c.total),
  }));
  const overall = f.compliance.overall;

  const period =
    f.period.firstDay === f.period.lastDay
      ? longDate(f.period.from, lang, tz)
      : `${longDate(f.period.from, lang, tz)} – ${longDate(new Date(f.period.to.getTime() - 1), lang, tz)}`;
  const dateLong = longDate(f.now, lang, tz);
  const tag = `[${opts.tagPrefix}]`;
  const runningLate = f.breached.running;

  const view = {
    lang,
    tag,
    helpdeskName: opts.helpdeskName,
    date: f.date,
    dateLong,
    asOf: clockTime(f.now, lang, tz),
    holiday: f.workingDay ? null : W.holiday,
    period,
    dueSoonUntil: shortTime(f.dueSoon.until, lang, tz),
    headline: {
      open: f.open.total,
      runningLate,
      breached: f.breached.total,
      dueSoon: f.dueSoon.clocks.length,
      compliance: overall.percent === null ? W.none : `${overall.percent}%`,
      complianceColor: complianceColor(overall.percent),
    },
    open: {
      total: f.open.total,
      lpse: f.open.byOwner.lpse,
      reporter: f.open.byOwner.reporter,
      lkpp: f.open.byOwner.lkpp,
      steps: openSteps,
      hasSteps: openSteps.length > 0,
    },
    breached: {
      total: f.breached.total,
      running: f.breached.running,
      stopped: f.breached.stopped,
      owners: breachOwners,
      list: limited(f.breached.clocks, limit, lang, clockRow),
    },
    dueSoon: limited(f.dueSoon.clocks, limit, lang, clockRow),
    waitingReporter: limited(f.waitingReporter, limit, lang, ageRow),
    atLkpp: limited(f.atLkpp, limit, lang, ageRow),
    activity: f.activity,
    compliance: {
      days: f.compliance.days,
      from: longDate(f.compliance.from, lang, tz),
      steps: compliance,
      hasSteps: compliance.length > 0,
      overall: { ratio: `${overall.met}/${overall.total}`, percent: overall.percent === null ? W.none : `${overall.percent}%` },
    },
  };

  // Reporters' names and committees come from mail: no control or bidi character reaches the digest.
  const text = tidy(withoutControls(renderPage('digest', lang, 'txt', view)));
  const m = /^Subject:[ \t]*(.*)\n\n/.exec(text);
  if (!m) throw new Error(`renderDigest: ${lang}/digest.txt.hbs must start with "Subject: ..." and a blank line`);
  const subject = oneLine(m[1] ?? '');
  const html = withoutControls(renderPage('digest', lang, 'html', { ...view, subject }));
  return { subject, text: text.slice(m[0].length), html: `${html.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n').trim()}\n` };
}

function tidy(s: string): string {
  return `${s.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
