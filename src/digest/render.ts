/**
 * Turns the digest's figures into a mail: subject, HTML and a plain-text alternative, in
 * Indonesian (default) or English, from src/templates/<lang>/digest.{html,txt}.hbs.
 *
 * Owns the reader's view: short dates in the helpdesk's time zone, spans of working time,
 * bars (HTML: table cells sized in percent with inline colours, which every mail client
 * renders — no scripts, no images, no external resources; text: ASCII `#`/`!`/`.` bars), and
 * the summarising that keeps a busy month readable: every count is exact, every list shows the
 * first `limit` entries (per SOP step: `perStep`) and says how many more there are. Spans of a
 * working day or more read in working days ('terlambat 3 hari kerja 2 jam'). The headline is the
 * LPSE's own steps that it can miss; reporter and LKPP time stand apart, the instant steps
 * apart again. In the plain text a long committee name keeps what tells it apart: a prefix all
 * the names share ('Pokja Pemilihan') is left out (the digest says so), and what is still too
 * long is cut in the middle, never at the end. A year without a holiday file is a banner.
 * Free text from cases (committee names, assignees) passes through redactSecrets: the digest
 * never shows a password.
 *
 * Public surface:
 *   renderDigest(figures, lang, opts): RenderedDigest
 *   types RenderedDigest, DigestRenderOptions
 */

import { oneLine, withoutControls } from '../inbox/control-characters';
import { formatClock, formatDate, formatWorkingMinutes } from '../outbox/format';
import { STEP_LABELS, type Lang } from '../outbox/labels';
import { renderPage } from '../outbox/pages';
import { redactSecrets, type Owner } from '../workflow';
import type { AgeLine, ClockLine, CompliancePool, DigestFigures, StepKind } from './figures';

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
    instant: 'seketika',
    kinds: {
      lpse: 'Langkah Helpdesk LPSE yang dapat terlambat',
      reporter: 'Waktu pelapor',
      lkpp: 'Waktu Helpdesk LKPP',
      instant: 'Langkah seketika, selalu tepat waktu',
    } as Record<StepKind, string>,
    steps: (ids: readonly string[]) => `langkah ${ids.join(', ')}`,
    headline: {
      lpse: (steps: string) => `Kepatuhan LPSE 30 hari (langkah ${steps})`,
      reporter: (steps: string) => `  waktu pelapor (langkah ${steps})`,
      lkpp: (steps: string) => `  waktu Helpdesk LKPP (langkah ${steps})`,
    },
    prefix: (p: string) => `Nama pelapor pada daftar teks ditulis tanpa awalan bersama "${p}".`,
    missingYears: (ys: string) =>
      `PERHATIAN: kalender hari libur tahun ${ys} belum tersedia. Hari libur nasional dan cuti bersama tahun tersebut dihitung sebagai hari kerja, sehingga batas waktu dan angka ringkasan ini dapat keliru. Mohon tambahkan berkasnya berdasarkan SKB 3 Menteri.`,
    comingYear: (y: number) =>
      `Kalender hari libur tahun ${y} belum tersedia. Mulai 1 Januari ${y}, hari libur nasional dan cuti bersama akan dihitung sebagai hari kerja. Mohon tambahkan berkasnya berdasarkan SKB 3 Menteri sebelum tanggal tersebut.`,
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
    instant: 'instant',
    kinds: {
      lpse: 'LPSE helpdesk steps that can be late',
      reporter: "Reporters' time",
      lkpp: "LKPP helpdesk's time",
      instant: 'Instant steps, always on time',
    } as Record<StepKind, string>,
    steps: (ids: readonly string[]) => `step${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`,
    headline: {
      lpse: (steps: string) => `LPSE compliance, 30 days (steps ${steps})`,
      reporter: (steps: string) => `  reporters' time (step ${steps})`,
      lkpp: (steps: string) => `  LKPP helpdesk's time (steps ${steps})`,
    },
    prefix: (p: string) => `Reporters' names in the text lists leave out the prefix they all share, "${p}".`,
    missingYears: (ys: string) =>
      `WARNING: there is no holiday calendar for ${ys}. National holidays and cuti bersama of that year are counted as working days, so due times and the figures of this digest may be wrong. Please add its file from the SKB 3 Menteri.`,
    comingYear: (y: number) =>
      `There is no holiday calendar for ${y} yet. From 1 January ${y}, national holidays and cuti bersama would count as working days. Please add its file from the SKB 3 Menteri before then.`,
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

const clean = (s: string | null): string | null => (s === null ? null : redactSecrets(s).text);

function cut(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

/** The text lines' width (indented by two, within 78 columns). */
const LINE = 76;

/**
 * The words all the names begin with ('Pokja Pemilihan'), when there are two names or more
 * and every one of them goes on past it; '' when they share nothing.
 */
export function commonPrefix(names: readonly string[]): string {
  const distinct = [...new Set(names)];
  if (distinct.length < 2) return '';
  const split = distinct.map((n) => n.split(' '));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((w) => w.length > n + 1 && w[n] === first[n])) n++;
  return first.slice(0, n).join(' ');
}

/**
 * A name in at most `width` characters: the shared prefix left out, then, when still too long,
 * words taken out of the middle ('10 … Pendidikan'), keeping a first and a last word where
 * they fit, for the number and the unit are what tell committees apart. When the last word is
 * too long to stand beside the first, the name is told by its first words ('Pokja Pemilihan 7 …');
 * a name of one long word is cut in its middle.
 */
export function fitName(name: string, width: number, prefix: string): string {
  const short = prefix !== '' && name.startsWith(`${prefix} `) ? name.slice(prefix.length + 1) : name;
  if (short.length <= width) return short;
  const words = short.split(' ');
  let best = '';
  for (let head = 1; head < words.length - 1; head++) {
    for (let tail = 1; head + tail < words.length; tail++) {
      const candidate = [...words.slice(0, head), '…', ...words.slice(words.length - tail)].join(' ');
      if (candidate.length <= width && candidate.length > best.length) best = candidate;
    }
  }
  if (best !== '') return best;
  for (let head = words.length - 1; head >= 1; head--) {
    const candidate = `${words.slice(0, head).join(' ')} …`;
    if (candidate.length <= width) return candidate;
  }
  if (width < 5) return short.slice(0, Math.max(0, width));
  const head = Math.ceil((width - 1) / 2);
  return `${short.slice(0, head)}…${short.slice(short.length - (width - 1 - head))}`;
}

/** Prose for the plain text, broken into lines of at most `width` at spaces. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(current);
  return lines.join('\n');
}

/** The assignee after the row when it fits, else on a line of its own under the due time. */
function withAssignee(row: string, assignee: string | null): string {
  if (assignee === null) return row;
  const tag = `[${assignee}]`;
  return row.length + 1 + tag.length <= LINE ? `${row} ${tag}` : `${row}\n  ${' '.repeat(10)}${cut(tag, LINE - 10)}`;
}

/** A text row whose last column is a name: the columns as they are, the name fitted to what is left. */
function nameRow(columns: string, name: string, prefix: string): string {
  const row = cut(columns, LINE);
  return `${row}${fitName(name, Math.max(0, LINE - row.length), prefix)}`;
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
  const span = (minutes: number) => formatWorkingMinutes(Math.abs(minutes), lang, { minutesPerDay: f.workingDayMinutes });
  const shown = [...f.open.clocks, ...f.breached.clocks, ...f.dueSoon.clocks, ...f.waitingReporter, ...f.atLkpp];
  const prefix = commonPrefix(shown.map(who));

  // Text rows are indented by two and cut at 78 columns, for any mail client's plain-text view.
  const clockRow = (k: ClockLine) => {
    const late = k.dueAt.getTime() < (k.stoppedAt ?? f.now).getTime();
    const stopped = k.stoppedAt !== null;
    const when = late ? W.overdue(span(k.overdueMinutes)) : W.left(span(k.remainingMinutes));
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
      text: cut(`${row.ref.padEnd(10)}${row.step.padEnd(4)}${row.owner.padEnd(9)}${row.due.padEnd(19)}${whenText}`, LINE),
      /** Under a step's heading: case, due, late/left, the assignee when there is one, committee. */
      stepText: withAssignee(nameRow(`${row.ref.padEnd(10)}${row.due.padEnd(18)}${when.padEnd(28)} `, row.who, prefix), k.assignee ? row.assignee : null),
    };
  };
  const ageRow = (a: AgeLine) => {
    const age = a.ageDays === 0 ? W.today : W.days(a.ageDays);
    const row = { ref: a.ref, since: shortTime(a.since, lang, tz), age, due: shortTime(a.dueAt, lang, tz), overdue: a.overdue, who: who(a) };
    return { ...row, text: nameRow(`${row.ref.padEnd(10)}${row.since.padEnd(19)}${row.age.padEnd(10)}`, row.who, prefix) };
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

  const percentOf = (p: CompliancePool) => (p.percent === null ? W.none : `${p.percent}%`);
  const compliance = (['lpse', 'reporter', 'lkpp', 'instant'] as const)
    .map((kind) => {
      const p = f.compliance.byKind[kind];
      const instant = kind === 'instant';
      return {
        kind,
        instant,
        title: `${W.kinds[kind]} (${W.steps(p.steps)})`,
        ratio: `${p.met}/${p.total}`,
        percent: percentOf(p),
        steps: f.compliance.steps
          .filter((c) => c.kind === kind)
          .map((c) => ({
            step: c.step,
            what: STEP_LABELS[lang][c.step],
            owner: owner(c.owner),
            ratio: `${c.met}/${c.total}`,
            percent: c.percent === null ? W.none : `${c.percent}%`,
            median: instant ? W.instant : c.medianMinutes === null ? W.none : span(c.medianMinutes),
            bar: bar([{ value: c.met, color: instant ? COLORS.track : complianceColor(c.percent), char: instant ? '=' : '#' }], c.total),
          })),
      };
    })
    .filter((g) => g.steps.length > 0);
  const headlinePool = (kind: Exclude<StepKind, 'instant'>) => {
    const p = f.compliance.byKind[kind];
    const steps = p.steps.join(', ');
    return { percent: percentOf(p), color: complianceColor(p.percent), steps, label: W.headline[kind](steps) };
  };
  const missingYears = f.calendar.missingYears.join(', ');

  const period =
    f.period.firstDay === f.period.lastDay
      ? formatDate(f.period.from, lang, tz)
      : `${formatDate(f.period.from, lang, tz)} – ${formatDate(new Date(f.period.to.getTime() - 1), lang, tz)}`;
  const dateLong = formatDate(f.now, lang, tz);
  const tag = `[${opts.tagPrefix}]`;
  const runningLate = f.breached.running;

  const view = {
    lang,
    tag,
    helpdeskName: opts.helpdeskName,
    date: f.date,
    dateLong,
    asOf: formatClock(f.now, lang, tz),
    holiday: f.workingDay ? null : W.holiday,
    period,
    dueSoonUntil: shortTime(f.dueSoon.until, lang, tz),
    headline: {
      open: f.open.total,
      runningLate,
      breached: f.breached.total,
      dueSoon: f.dueSoon.clocks.length,
      lpse: headlinePool('lpse'),
      reporter: headlinePool('reporter'),
      lkpp: headlinePool('lkpp'),
    },
    calendarBanner: missingYears === '' ? null : W.missingYears(missingYears),
    calendarNotice: f.calendar.comingYear === null ? null : W.comingYear(f.calendar.comingYear),
    calendarBannerText: missingYears === '' ? null : wrap(W.missingYears(missingYears), LINE),
    calendarNoticeText: f.calendar.comingYear === null ? null : wrap(W.comingYear(f.calendar.comingYear), LINE),
    namePrefix: prefix === '' ? null : W.prefix(prefix),
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
      from: formatDate(f.compliance.from, lang, tz),
      groups: compliance,
      hasSteps: compliance.length > 0,
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
