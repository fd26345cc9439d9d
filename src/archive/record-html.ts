/**
 * record.html of the case archive: the case record laid out like the SOP's consultation form
 * (Formulir Konsultasi), from src/templates/<lang>/case_record.html.hbs. A self-contained page:
 * inline styles, no scripts, no external resources; prints on A4.
 *
 * Public surface:
 *   renderRecordHtml(record, deps): string
 */

import { formatDateTime, formatSize, formatStandard, formatWorkingMinutes } from '../outbox/format';
import {
  COMMAND_HELP,
  OWNER_LABELS,
  PRIORITY_LABELS,
  STATE_LABELS,
  STEP_LABELS,
  SYMPTOM_LABELS,
  timelineLabel,
  type Lang,
} from '../outbox/labels';
import { renderPage } from '../outbox/pages';
import { COMMANDS, sopStep, type CaseState, type CommandName, type Priority, type Symptom } from '../workflow';
import type { ArchiveDeps, CaseRecord } from './archive';

const WORDS = {
  id: {
    status: { met: 'Tepat waktu', breached: 'Terlambat', running: 'Berjalan' },
    outcome: {
      solved: 'Diselesaikan oleh Helpdesk LPSE',
      solved_by_lkpp: 'Diselesaikan oleh Helpdesk LKPP',
      closed: 'Ditutup',
      no_response: 'Ditutup karena tidak ada tanggapan pelapor',
    } as Record<string, string>,
    open: 'Belum selesai',
    by: { staff: 'Helpdesk LPSE', lkpp: 'Helpdesk LKPP', reporter: 'Pelapor', system: 'Sistem' },
    dir: { in: 'masuk', out: 'keluar' },
    none: '–',
    notKept: 'tidak disimpan',
    files: (n: number) => `${n} berkas`,
  },
  en: {
    status: { met: 'Met', breached: 'Breached', running: 'Running' },
    outcome: {
      solved: 'Solved by the LPSE helpdesk',
      solved_by_lkpp: 'Solved by the LKPP helpdesk',
      closed: 'Closed',
      no_response: 'Closed: no response from the reporter',
    } as Record<string, string>,
    open: 'Not finished',
    by: { staff: 'LPSE helpdesk', lkpp: 'LKPP helpdesk', reporter: 'Reporter', system: 'System' },
    dir: { in: 'in', out: 'out' },
    none: '–',
    notKept: 'not kept',
    files: (n: number) => `${n} file${n === 1 ? '' : 's'}`,
  },
} as const;

const STATUS_COLORS = { met: '#15803d', breached: '#b91c1c', running: '#1d4ed8' };

export function renderRecordHtml(r: CaseRecord, deps: Pick<ArchiveDeps, 'lang' | 'sop' | 'calendar'>): string {
  const L: Lang = deps.lang;
  const W = WORDS[L];
  const tz = deps.calendar.config.timezone;
  const when = (s: string | null) => (s === null ? W.none : formatDateTime(new Date(s), L, tz));
  /** Table cells: '26/11/2026 09.06' / '26/11/2026 09:06'. */
  const short = (s: string | null) => {
    if (s === null) return W.none;
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(s));
    const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
    return `${p('day')}/${p('month')}/${p('year')} ${p('hour')}${L === 'id' ? '.' : ':'}${p('minute')}`;
  };
  const value = (s: string | null) => (s === null || s.trim() === '' ? W.none : s);
  const commandWord = (name: string | null) => (name !== null && Object.hasOwn(COMMANDS, name) ? COMMAND_HELP[L][name as CommandName].word : null);

  const view = {
    lang: L,
    title: `${r.form.title} ${r.tag}`,
    form: r.form,
    ref: r.ref,
    tag: r.tag,
    openedAt: when(r.openedAt),
    archivedAt: when(r.archivedAt),
    reporter: {
      email: r.reporter.email,
      name: value(r.reporter.name),
      committeeName: value(r.reporter.committeeName),
      userId: value(r.reporter.userId),
      tenderCode: value(r.reporter.tenderCode),
      tenderName: value(r.reporter.tenderName),
      phone: value(r.reporter.phone),
      phoneConfirmedAt: when(r.reporter.phoneConfirmedAt),
    },
    problem: {
      symptoms: r.problem.symptoms.map((s) => SYMPTOM_LABELS[L][s as Symptom] ?? s),
      hasSymptoms: r.problem.symptoms.length > 0,
      errorCode: value(r.problem.errorCode),
      description: value(r.problem.description),
      screenshots: W.files(r.problem.screenshots),
    },
    priority: r.priority === null ? W.none : (PRIORITY_LABELS[L][r.priority as Priority] ?? r.priority),
    assignee: value(r.assignee),
    lkppTicket: value(r.lkppTicket),
    steps: r.steps.map((s) => ({
      step: s.step,
      what: STEP_LABELS[L][s.step],
      owner: OWNER_LABELS[L][s.owner],
      standard: formatStandard(sopStep(deps.sop, s.step).standard, L),
      startedAt: short(s.startedAt),
      dueAt: short(s.dueAt),
      stoppedAt: short(s.stoppedAt),
      taken: formatWorkingMinutes(s.workingMinutes, L),
      status: W.status[s.status],
      color: STATUS_COLORS[s.status],
    })),
    sopSteps: r.sopSteps.map((s) => ({ step: s.step, passed: s.passed })),
    actions: r.actions.map((a) => ({
      at: short(a.at),
      by: W.by[a.by],
      actor: value(a.actor),
      what: commandWord(a.command) ?? timelineLabel(a.type, L),
      text: value(a.text),
    })),
    hasActions: r.actions.length > 0,
    state: STATE_LABELS[L][r.state as CaseState] ?? r.state,
    outcome: r.outcome.code === null ? W.open : (W.outcome[r.outcome.code] ?? r.outcome.code),
    closedAt: when(r.outcome.closedAt),
    messages: r.messages.map((m, i) => ({
      n: i + 1,
      dir: W.dir[m.direction],
      kind: m.kind,
      status: m.status,
      from: m.from,
      to: m.to.join(', '),
      subject: m.subject,
      at: short(m.at),
      file: m.file ?? W.notKept,
    })),
    attachments: r.attachments.map((a) => ({
      file: a.file ?? `${W.notKept} (${a.skipped ?? ''})`,
      filename: a.filename,
      contentType: a.contentType,
      size: formatSize(a.size, L),
      sha256: a.sha256,
    })),
    hasAttachments: r.attachments.length > 0,
  };
  return renderPage('case_record', L, 'html', view);
}
