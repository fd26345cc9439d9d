/** The staff notice's screenshot list says where a screenshot is (inside a document) and when it may need converting (HEIC). */
import { renderMail, type MailContext } from '../../src/outbox/render';
import type { Case } from '../../src/workflow';

const at = (iso: string): Date => new Date(iso);

const CASE: Case = {
  ref: '2026-0042',
  state: 'awaiting_reporter',
  reporter: 'pokja3@batangkab.go.id',
  reporterName: 'Pokja 3',
  description: null,
  openedBy: null,
  fields: { committeeName: 'Pokja Pemilihan 3', userId: 'pokja3btg', tenderCode: '10034567000', tenderName: 'Rehabilitasi Jalan Kandeman', phone: '+6281227459910', errorCode: null },
  screenshots: 3,
  symptoms: ['upload_failed'],
  missing: [],
  requested: [],
  priority: null,
  assignee: null,
  phoneConfirmedAt: null,
  lkppTicket: null,
  escalationMessageId: null,
  clocks: [{ step: '1a', owner: 'lpse', startedAt: at('2026-11-27T07:05:00Z'), dueAt: at('2026-11-27T07:35:00Z'), stoppedAt: null }],
  openedAt: at('2026-11-27T07:05:00Z'),
  closedAt: null,
  outcome: null,
};

function notice(lang: 'id' | 'en'): { text: string; html: string } {
  const ctx: MailContext<'staff_new_case'> = {
    lang,
    timezone: 'Asia/Jakarta',
    helpdesk: { name: 'Helpdesk LPSE Kabupaten Batang', address: 'helpdesk@lpse.batangkab.go.id' },
    tag: '[LPSE#2026-0042]',
    case: CASE,
    data: { complete: true, missing: [] },
    attachments: [
      { filename: 'error.png', contentType: 'image/png', size: 48213 },
      { filename: 'laporan error.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 120_000 },
      { filename: 'IMG_4821.HEIC', contentType: 'image/heic', size: 1_800_000 },
    ],
    timeline: [],
    server: { address: '103.10.20.30', port: 22 },
    staffCommands: true,
  };
  return renderMail('staff_new_case', ctx);
}

test.each([
  ['id', 'tangkapan layar berada di dalam dokumen ini', 'mungkin perlu dikonversi'],
  ['en', 'the screenshot is inside this document', 'may need converting'],
] as const)('%s: the document and the HEIC photo are each explained, the PNG is not', (lang, inside, convert) => {
  const { text, html } = notice(lang);
  for (const body of [text, html]) {
    const line = (name: string) => body.split(/\n|<br>/).find((l) => l.includes(name)) ?? '';
    expect(line('laporan error.docx')).toContain(inside);
    expect(line('IMG_4821.HEIC')).toContain(convert);
    expect(line('error.png')).not.toContain(inside);
    expect(line('error.png')).not.toContain(convert);
  }
});
