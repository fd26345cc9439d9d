// staff_calendar_missing: the one mail to staff when the coming year's holiday file is missing
// (from 1 November): which year, which file, which folder, why it matters, in both languages.
import { renderMail, type RenderedMail } from '../../src/outbox/render';

function render(lang: 'id' | 'en'): RenderedMail {
  return renderMail('staff_calendar_missing', {
    lang,
    timezone: 'Asia/Jakarta',
    helpdesk: { name: 'Helpdesk LPSE Kabupaten Batang', address: 'helpdesk@lpse.batangkab.go.id' },
    tag: '[LPSE]',
    case: null,
    data: { year: 2027, holidaysDir: '/etc/lpse-helpdesk/holidays' },
    attachments: [],
    timeline: [],
    server: { address: '', port: null },
    staffCommands: false,
  });
}

describe('staff_calendar_missing', () => {
  test('names the year, the file and the folder, and the decree to take the dates from (id)', () => {
    const r = render('id');
    expect(r.subject).toBe('[LPSE] Kalender hari libur tahun 2027 belum tersedia');
    expect(r.text).toContain('mulai 1 Januari 2027 setiap hari libur nasional dan cuti bersama akan dihitung sebagai hari kerja');
    expect(r.text).toContain('Berkas              : 2027.yaml');
    expect(r.text).toContain('Folder              : /etc/lpse-helpdesk/holidays');
    expect(r.text).toContain('SKB 3 Menteri');
    expect(r.text).toContain('Tanggal yang belum pasti sebaiknya tidak dicantumkan.');
    expect(r.text).not.toMatch(/\b(the|please|file|holiday)\b/i);
    expect(r.html).toContain('<td style="padding:2px 0;vertical-align:top;">2027.yaml</td>');
  });

  test('in English', () => {
    const r = render('en');
    expect(r.subject).toBe('[LPSE] No holiday calendar for 2027 yet');
    expect(r.text).toContain('from 1 January 2027 every national holiday and cuti bersama counts as a working day');
    expect(r.text).toContain('This notice is sent once.');
    expect(r.html).toContain('<html lang="en">');
  });
});
