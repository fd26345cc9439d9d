// The tick's mails, rendered from real decisions: the reporter's reminder and no-response
// notice are polite Indonesian with the fill-in block; staff alerts name the step, the time
// left or overdue in working time, and the due time.
import { renderMail, type MailContext } from '../../src/outbox/render';
import { createCalendar, decide, defaultSop, type Case, type CaseEvent, type MailAction } from '../../src/workflow';

const cal = createCalendar();
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const report = (phone: string | null): CaseEvent => ({
  type: 'report',
  from: 'pokja3@batangkab.go.id',
  fromName: 'Pokja 3',
  fields: { committeeName: 'Pokja Pemilihan 3', userId: 'pokja3btg', tenderCode: '10034567000', tenderName: 'Rehabilitasi Jalan', phone, errorCode: null },
  missing: phone ? [] : ['phone'],
  symptoms: ['error_notification'],
  screenshots: 1,
  ref: '2026-0042',
  description: '',
});

function mailAt(c: Case, t: string): { c: Case; action: MailAction } {
  const d = decide(c, { type: 'tick' }, wib(t), defaultSop, cal);
  const action = d.actions[0];
  if (action?.type !== 'mail') throw new Error('no mail');
  return { c: d.case, action };
}

function render(c: Case, action: MailAction, lang: 'id' | 'en') {
  const ctx: MailContext = {
    lang,
    timezone: 'Asia/Jakarta',
    helpdesk: { name: 'Helpdesk LPSE Kabupaten Batang', address: 'helpdesk@lpse.batangkab.go.id' },
    tag: '[LPSE#2026-0042]',
    case: c,
    data: action.data,
    attachments: [],
    timeline: [],
    server: { address: '', port: null },
    staffCommands: action.to === 'staff',
  };
  return renderMail(action.kind, ctx);
}

const waiting = decide(null, report(null), wib('2026-11-23 09:00'), defaultSop, cal).case;
const handling = decide(null, report('+6281227459910'), wib('2026-11-23 09:00'), defaultSop, cal).case;

describe('mails of the tick', () => {
  it("the reporter's reminder: polite, what is missing with its fill-in line, and when the case will close", () => {
    const { c, action } = mailAt(waiting, '2026-11-24 09:05');
    const r = render(c, action, 'id');
    expect(r.subject).toBe('[LPSE#2026-0042] Pengingat: mohon melengkapi data laporan');
    expect(r.text.startsWith('Yth. Bapak/Ibu Pokja 3,')).toBe(true);
    expect(r.text).toContain('- Nomor HP/WA yang dapat dihubungi\n');
    expect(r.text).toContain('\nNo. HP/WA: \n');
    expect(r.text).toContain('telah terlewati pada Selasa, 24 November 2026 09.00 WIB');
    expect(r.text).toContain('sampai Jumat, 27 November 2026 09.05 WIB, laporan ini akan kami tutup');
    expect(r.text.trimEnd().endsWith('Hormat kami,\n\nHelpdesk LPSE Kabupaten Batang\nhelpdesk@lpse.batangkab.go.id')).toBe(true);
    expect(r.text).not.toMatch(/\b(the|please|thank|reply|screenshot|e-?mail|attach|dear|regards|case)\b/i);
    expect(render(c, action, 'en').text).toContain('If we have not received it by Friday, 27 November 2026, 09:05 WIB, we will close this report.');
  });

  it('the no-response notice says how to reopen the case', () => {
    const reminded = mailAt(waiting, '2026-11-24 09:05').c;
    const { c, action } = mailAt(reminded, '2026-11-27 09:05');
    expect(c.state).toBe('closed');
    const r = render(c, action, 'id');
    expect(r.subject).toBe('[LPSE#2026-0042] Laporan ditutup sementara – data belum kami terima');
    expect(r.text).toContain('Laporan akan terbuka kembali secara otomatis');
    expect(r.text).not.toMatch(/\b(the|please|thank|reply|screenshot|e-?mail|attach|dear|regards|case)\b/i);
  });

  it('staff warnings and breach alerts give the step, the working time left or overdue, and the due time', () => {
    const warned = mailAt(handling, '2026-11-23 09:24');
    const w = render(warned.c, warned.action, 'id');
    expect(w.subject).toBe('[LPSE#2026-0042] Peringatan: waktu langkah 2 tinggal 6 menit');
    expect(w.text).toContain('telah terpakai 80% dari standar waktu SOP');
    expect(w.text).toContain('Batas waktu         : Senin, 23 November 2026 09.30 WIB');
    expect(w.text).toContain('PERINTAH PETUGAS');
    const breached = mailAt(warned.c, '2026-11-23 11:05');
    const b = render(breached.c, breached.action, 'en');
    expect(b.subject).toBe('[LPSE#2026-0042] Step 2 is past its time standard');
    expect(b.text).toContain('Overdue by          : 1 h 35 min (working time, when this was sent)');
  });
});
