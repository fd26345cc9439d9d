/**
 * The six mail kinds of issue 10 (src/outbox/render.ts ExtraMailData): each in both languages,
 * with the data the helpdesk hands over, the sentences that carry the meaning, the tag in the
 * subject, no body line a quoting client could turn into a command, and escaped HTML.
 */

import { type MailContext, type RenderedMail, type TemplateData, renderMail } from '../../src/outbox/render';
import type { Case } from '../../src/workflow';

type Kind = 'staff_relay_unmatched' | 'staff_help_no_case' | 'staff_note_recorded' | 'reporter_short_answer' | 'status_answer' | 'staff_clock_batch';

const BARE = '[LPSE]';
const TAG = '[LPSE#2026-0042]';
const at = (iso: string): Date => new Date(iso);

/** A case in step 2 (LPSE handling), opened on Friday 27 Nov 2026 14:05 WIB. */
function handlingCase(): Case {
  return {
    ref: '2026-0042',
    state: 'in_progress',
    reporter: 'pokja3@batangkab.go.id',
    reporterName: 'Pokja 3',
    description: 'Saat klik Simpan pada menu evaluasi muncul "maaf operasi yang anda lakukan salah".',
    openedBy: null,
    fields: {
      committeeName: 'Pokja Pemilihan 3',
      userId: 'pokja3btg',
      tenderCode: '10034567000',
      tenderName: 'Rehabilitasi Jalan Kandeman',
      phone: '+6281227459910',
      errorCode: null,
    },
    screenshots: 1,
    symptoms: ['error_notification'],
    missing: [],
    requested: [],
    priority: null,
    assignee: null,
    phoneConfirmedAt: null,
    lkppTicket: null,
    escalationMessageId: null,
    clocks: [
      { step: '1a', owner: 'lpse', startedAt: at('2026-11-27T07:05:00Z'), dueAt: at('2026-11-27T07:35:00Z'), stoppedAt: at('2026-11-27T07:10:00Z') },
      { step: '2', owner: 'lpse', startedAt: at('2026-11-27T07:10:00Z'), dueAt: at('2026-11-27T07:40:00Z'), stoppedAt: null },
    ],
    openedAt: at('2026-11-27T07:05:00Z'),
    closedAt: null,
    outcome: null,
  };
}

function render<K extends Kind>(kind: K, lang: 'id' | 'en', data: TemplateData[K], over: Partial<MailContext<K>> = {}): RenderedMail {
  return renderMail(kind, {
    lang,
    timezone: 'Asia/Jakarta',
    helpdesk: { name: 'Helpdesk LPSE Kabupaten Batang', address: 'helpdesk@lpse.batangkab.go.id' },
    tag: kind === 'staff_note_recorded' ? TAG : BARE,
    case: kind === 'staff_note_recorded' ? handlingCase() : null,
    data,
    attachments: [],
    timeline: [],
    server: { address: '', port: null },
    staffCommands: true,
    ...over,
  });
}

const lines = (s: string): string[] => s.split('\n');

/** What every mail must satisfy, whatever its kind. */
function expectSound(r: RenderedMail, tag: string): void {
  expect(r.subject.startsWith(tag)).toBe(true);
  expect(r.subject).not.toMatch(/\n/);
  // A quoted help line must never read as a command: no body line begins with '#'.
  expect(lines(r.text).filter((l) => /^\s*#/.test(l))).toEqual([]);
  expect(r.html.startsWith('<!DOCTYPE html>')).toBe(true);
  for (const out of [r.subject, r.text, r.html]) {
    expect(out).not.toMatch(/undefined|\[object Object\]|\{\{|\}\}|NaN/);
  }
}

const ENGLISH_IN_ID = /\b(the|please|thank|reply|screenshot|e-?mail|attach|dear|regards|case|data is)\b/i;

const LKPP_CIRCULAR = [
  'Yth. Admin LPSE,',
  '',
  'Diberitahukan bahwa SPSE 4.5 akan menjalani pemeliharaan pada Sabtu, 5 Desember 2026 pukul 22.00 WIB.',
  '#tutup',
  'Mohon <b>disebarluaskan</b> kepada Pokja Pemilihan.',
].join('\n');

describe('staff_relay_unmatched', () => {
  const lkpp: TemplateData['staff_relay_unmatched'] = {
    from: 'helpdesk@lkpp.go.id',
    subject: 'Surat Edaran <Pemeliharaan> SPSE 5 Desember 2026',
    text: LKPP_CIRCULAR,
    why: 'lkpp',
    detail: '',
  };

  it('says the mail threads to no case, quotes it, and tells staff how to attach it (id)', () => {
    const r = render('staff_relay_unmatched', 'id', lkpp);
    expectSound(r, BARE);
    expect(r.subject).toContain('helpdesk@lkpp.go.id');
    expect(r.text).toContain('tidak terkait dengan kasus mana pun dan tidak dijawab');
    expect(r.text).toContain('surat edaran atau tiket baru dari sistem LKPP');
    expect(r.text).toContain('Pengirim            : helpdesk@lkpp.go.id');
    expect(r.text).toContain('Subjek              : Surat Edaran <Pemeliharaan> SPSE 5 Desember 2026');
    expect(r.text).toContain('> Diberitahukan bahwa SPSE 4.5');
    expect(r.text).toContain('> #tutup');
    expect(r.text).toContain('balas surel ini dengan baris berisi #kasus diikuti nomor kasus, misalnya #kasus 2026-0042');
    expect(r.text).toContain('#kasus-baru');
    expect(r.text).toContain('PERINTAH PETUGAS');
    expect(r.html).toContain('Mohon &lt;b&gt;disebarluaskan&lt;/b&gt;');
    expect(r.html).toContain('Surat Edaran &lt;Pemeliharaan&gt;');
    expect(r.html).not.toContain('<b>disebarluaskan');
  });

  it('names the reason: an unproven sender with its detail, or a machine with report data', () => {
    const unproven = render('staff_relay_unmatched', 'id', {
      ...lkpp,
      from: 'rina.wulandari@lpse.batangkab.go.id',
      subject: 'tolong tutup kasus',
      text: 'tolong ditutup saja',
      why: 'unproven',
      detail: 'DMARC tidak lolos (dmarc=fail)',
    });
    expectSound(unproven, BARE);
    expect(unproven.text).toContain('tetapi tidak terbukti (DMARC tidak lolos (dmarc=fail)), sehingga tidak ada perintah yang dijalankan');

    const machine = render('staff_relay_unmatched', 'en', {
      from: 'no-reply@formulir.batangkab.go.id',
      subject: 'Formulir pengaduan baru',
      text: 'Nama Pokja Pemilihan: Pokja 7\nKode Tender: 10034568000\nEmail: pokja7@batangkab.go.id',
      why: 'machine',
      detail: '',
    });
    expectSound(machine, BARE);
    expect(machine.text).toContain('nobody answers a machine');
    expect(machine.text).toContain('> Kode Tender: 10034568000');
    expect(machine.text).toContain('reply to this e-mail with a line holding #case followed by the case number, e.g. #case 2026-0042');
  });

  it('says so when the message has no text, and refuses a reason it does not know', () => {
    expect(render('staff_relay_unmatched', 'id', { ...lkpp, text: '', subject: '' }).text).toContain('(tanpa subjek)');
    expect(render('staff_relay_unmatched', 'en', { ...lkpp, text: '' }).text).toContain('(no text; the message may hold attachments only)');
    expect(() => render('staff_relay_unmatched', 'id', { ...lkpp, why: 'lkp' as 'lkpp' })).toThrow(/lkp/);
  });
});

describe('staff_help_no_case', () => {
  const typo: TemplateData['staff_help_no_case'] = {
    unknown: [
      { word: '#selsai', suggestion: 'selesai' },
      { word: '#laporanbaru', suggestion: '' },
    ],
    problem: '',
    ref: '',
    missingRef: '',
  };

  it('lists each unknown word with its suggestion, how to open a case, and the commands (id)', () => {
    const r = render('staff_help_no_case', 'id', typo);
    expectSound(r, BARE);
    expect(r.text).toContain('Surel Anda tidak terkait dengan kasus mana pun');
    expect(r.text).toContain('- Perintah #selsai tidak dikenal; maksud Anda #selesai?');
    expect(r.text).toContain('- Perintah #laporanbaru tidak dikenal.');
    expect(r.text).toContain('teruskan surel Pokja Pemilihan kepada helpdesk@lpse.batangkab.go.id');
    expect(r.text).toContain('dengan baris berisi #kasus-baru (atau #laporan-telepon)');
    // The data lines a phone report needs, each at the start of a line, as the parser reads them.
    for (const label of ['Alamat surel: ', 'Nama Pokja Pemilihan: ', 'User ID SPSE: ', 'Kode Tender: ', 'Nama Paket/Tender: ', 'No. HP/WA: ']) {
      expect(lines(r.text)).toContain(label);
    }
    expect(r.text).toContain('Kirim surel berisi #bantuan untuk menerima petunjuk ini kembali, atau #status');
    expect(r.text).toContain('PERINTAH PETUGAS');
    expect(r.html).toContain('maksud Anda <code>#selesai</code>?');
    expect(render('staff_help_no_case', 'en', typo).text).toContain('- The command #selsai is not known; did you mean #selesai?');
  });

  it('explains each problem in a sentence of its own (id and en)', () => {
    const sentences: Record<string, [string, string]> = {
      phone_report_without_address: ['belum memuat alamat surel Pokja Pemilihan yang melapor, sehingga kasus belum dibuka', 'does not give the e-mail address of the committee that reported'],
      attach_without_relay: ['Perintah #kasus hanya berlaku dalam balasan atas pesan tanpa kasus', 'The command #case works only in a reply to a message without a case'],
      attach_unknown_case: ['Kasus 2026-9999 tidak ditemukan', 'There is no case 2026-9999'],
      command_without_case: ['hanya dijalankan dalam balasan atas surel suatu kasus', 'run only in a reply to a case'],
    };
    for (const [problem, [id, en]] of Object.entries(sentences)) {
      const data = { unknown: [], problem, ref: '2026-9999', missingRef: '' };
      const rid = render('staff_help_no_case', 'id', data);
      const ren = render('staff_help_no_case', 'en', data);
      expectSound(rid, BARE);
      expectSound(ren, BARE);
      expect(rid.text).toContain(id);
      expect(ren.text).toContain(en);
      expect(rid.text).not.toContain('tidak dikenal');
    }
    const none = render('staff_help_no_case', 'en', { unknown: [], problem: '', ref: '', missingRef: '' });
    expect(none.text).not.toMatch(/not known|no case 2026/);
    expect(lines(none.text)).toContain('E-mail: ');
    expect(() => render('staff_help_no_case', 'id', { unknown: [], problem: 'no_such_problem', ref: '', missingRef: '' })).toThrow(/no_such_problem/);
  });

  it('names the case the subject gives when no such case exists, in both languages', () => {
    const data = { unknown: [], problem: 'command_without_case', ref: '', missingRef: '2026-0999' };
    const rid = render('staff_help_no_case', 'id', data);
    const ren = render('staff_help_no_case', 'en', data);
    expectSound(rid, BARE);
    expectSound(ren, BARE);
    expect(rid.text).toContain('Kasus 2026-0999 yang disebut pada subjek surel Anda tidak ditemukan, sehingga tidak ada yang dijalankan');
    expect(rid.text).not.toContain('tidak memuat kode kasus');
    expect(rid.html).toContain('<strong>2026-0999</strong>');
    expect(ren.text).toContain('There is no case 2026-0999, the case your subject names, so nothing was run');
    expect(ren.text).not.toContain('carries no case tag');
  });

  it('escapes a written word in HTML', () => {
    const r = render('staff_help_no_case', 'en', { unknown: [{ word: '#<img>', suggestion: '' }], problem: '', ref: '', missingRef: '' });
    expect(r.html).toContain('<code>#&lt;img&gt;</code>');
    expect(r.html).not.toContain('#<img>');
  });
});

describe('staff_note_recorded', () => {
  const note = { text: 'Sudah saya telepon pelapor, besok pagi dicoba lagi.\nKalau masih gagal baru kita #eskalasi.\n<i>Rina</i>' };

  it('says the mail was kept as a note, nothing went to the committee, and how to write to it (id)', () => {
    const r = render('staff_note_recorded', 'id', note);
    expectSound(r, TAG);
    expect(r.text).toContain(`Surel Anda pada kasus ${TAG} tidak memuat perintah, sehingga disimpan sebagai catatan internal pada kasus.`);
    expect(r.text).toContain('Tidak ada surel yang dikirim kepada pelapor');
    expect(r.text).toContain('> Sudah saya telepon pelapor');
    expect(r.text).toContain('balas surel ini dengan baris yang diawali #balas');
    expect(lines(r.text).find((l) => l.startsWith('Berlaku pada status kasus saat ini: '))).toContain('#balas');
    expect(r.html).toContain('&lt;i&gt;Rina&lt;/i&gt;');
  });

  it('does not point to a commands list that is not there (en)', () => {
    const r = render('staff_note_recorded', 'en', note, { staffCommands: false });
    expectSound(r, TAG);
    expect(r.text).toContain('it was kept as an internal note on the case. Nothing was sent to the reporter');
    expect(r.text).not.toContain('listed below');
    expect(render('staff_note_recorded', 'en', note).text).toContain('The commands valid for this case now are listed below.');
  });
});

describe('reporter_short_answer', () => {
  it('answers a blank mail politely, in Indonesian only, with what a report needs', () => {
    const r = render('reporter_short_answer', 'id', { reason: 'blank' });
    expectSound(r, BARE);
    expect(r.text.startsWith('Yth. Bapak/Ibu,')).toBe(true);
    expect(r.text).toContain('tidak memuat isi maupun lampiran, sehingga belum kami catat sebagai laporan');
    for (const item of ['- Nama Pokja Pemilihan', '- User ID SPSE', '- Kode Tender', '- Nama Paket/Tender', '- Nomor HP/WA yang dapat dihubungi', '- Tangkapan layar tampilan kesalahan pada SPSE']) {
      expect(lines(r.text)).toContain(item);
    }
    for (const label of ['Nama Pokja Pemilihan: ', 'User ID SPSE: ', 'Kode Tender: ', 'Nama Paket/Tender: ', 'No. HP/WA: ']) {
      expect(lines(r.text)).toContain(label);
    }
    expect(r.text).toContain('klik dua kali terlebih dahulu pada empat titik');
    expect(r.text.trimEnd().endsWith('Hormat kami,\n\nHelpdesk LPSE Kabupaten Batang\nhelpdesk@lpse.batangkab.go.id')).toBe(true);
    expect(r.subject).not.toMatch(ENGLISH_IN_ID);
    expect(r.text).not.toMatch(ENGLISH_IN_ID);
    // Even when the caller asks for it, a committee never gets the staff commands.
    expect(r.text).not.toContain('PERINTAH PETUGAS');
  });

  it('tells a committee that tag commands are for staff only', () => {
    const id = render('reporter_short_answer', 'id', { reason: 'command' });
    expectSound(id, BARE);
    expect(id.text).toContain('merupakan perintah yang hanya digunakan oleh petugas Helpdesk LPSE');
    expect(id.text).not.toMatch(ENGLISH_IN_ID);
    const en = render('reporter_short_answer', 'en', { reason: 'command' });
    expectSound(en, BARE);
    expect(en.text.startsWith('Dear Sir or Madam,')).toBe(true);
    expect(en.text).toContain('Such words are commands used only by the LPSE helpdesk staff');
    expect(en.text).toContain('Committee name: ');
    expect(en.html).toContain('Kind regards,');
  });
});

describe('status_answer', () => {
  const cases: TemplateData['status_answer']['cases'] = [
    {
      tag: '[LPSE#2026-0042]',
      subject: 'Error <evaluasi> tender',
      state: 'sedang ditangani Helpdesk LPSE (langkah 2)',
      step: '2 – menangani permasalahan',
      dueAt: 'Jumat, 27 November 2026 14.40 WIB',
      overdue: true,
      assignee: 'Rina Wulandari',
    },
    {
      tag: '[LPSE#2026-0045]',
      subject: 'Gagal unggah dokumen penawaran',
      state: 'menunggu kelengkapan data dari pelapor (langkah 1)',
      step: '1c – pelapor mengirim kelengkapan data',
      dueAt: 'Senin, 30 November 2026 10.15 WIB',
      overdue: false,
      assignee: '',
    },
  ];

  it('lists a staff member the cases with state, step, due time, overdue marker and assignee (id)', () => {
    const r = render('status_answer', 'id', { forStaff: true, cases, overdue: 1 });
    expectSound(r, BARE);
    expect(r.subject).toBe('[LPSE] Status kasus: 2 terbuka, 1 terlambat');
    expect(r.text).toContain('2 kasus, 1 di antaranya telah melewati batas waktu');
    expect(r.text).toContain('- [LPSE#2026-0042] (TERLAMBAT) Error <evaluasi> tender');
    expect(r.text).toContain('- [LPSE#2026-0045] Gagal unggah dokumen penawaran');
    expect(r.text).toContain('Langkah     : 1c – pelapor mengirim kelengkapan data');
    expect(r.text).toContain('Batas waktu : Jumat, 27 November 2026 14.40 WIB');
    expect(r.text).toContain('Petugas     : Rina Wulandari');
    expect(r.text).toContain('Petugas     : (belum ditugaskan)');
    expect(r.text).toContain('PERINTAH PETUGAS');
    expect(r.html).toContain('Error &lt;evaluasi&gt; tender');
    expect(r.html).not.toContain('<evaluasi>');
  });

  it('answers a committee politely, without assignees or staff commands', () => {
    const r = render('status_answer', 'id', { forStaff: false, cases, overdue: 1 });
    expectSound(r, BARE);
    expect(r.subject).toBe('[LPSE] Status laporan Bapak/Ibu');
    expect(r.text.startsWith('Yth. Bapak/Ibu,')).toBe(true);
    expect(r.text).toContain('Berikut laporan Bapak/Ibu yang masih dalam penanganan Helpdesk LPSE Kabupaten Batang');
    expect(r.text).toContain('Batas waktu : Jumat, 27 November 2026 14.40 WIB (telah terlampaui)');
    expect(r.text).toContain('Sebanyak 1 laporan telah melewati batas waktu');
    expect(r.text).not.toContain('Rina Wulandari');
    expect(r.text).not.toContain('PERINTAH PETUGAS');
    expect(r.html).not.toContain('Petugas');
    expect(r.text).toContain('Hormat kami,');
    expect(r.text).not.toMatch(ENGLISH_IN_ID);
  });

  it('says so when there is nothing open', () => {
    const staff = render('status_answer', 'en', { forStaff: true, cases: [], overdue: 0 });
    expectSound(staff, BARE);
    expect(staff.subject).toBe('[LPSE] Case status: 0 open, 0 overdue');
    expect(staff.text).toContain('You have no open cases, and no case is overdue.');
    const committee = render('status_answer', 'id', { forStaff: false, cases: [], overdue: 0 });
    expectSound(committee, BARE);
    expect(committee.text).toContain('Saat ini tidak ada laporan Bapak/Ibu yang masih terbuka');
    const en = render('status_answer', 'en', { forStaff: false, cases, overdue: 1 });
    expectSound(en, BARE);
    expect(en.text.startsWith('Dear Sir or Madam,')).toBe(true);
    expect(en.text).toContain('Due         : Jumat, 27 November 2026 14.40 WIB (passed)');
  });
});

describe('staff_clock_batch', () => {
  const breaches: TemplateData['staff_clock_batch']['breaches'] = [
    { tag: '[LPSE#2026-0042]', step: '2', stepLabel: 'menangani permasalahan', dueAt: 'Jumat, 27 November 2026 14.40 WIB', overdue: '25 menit', assignee: 'Rina Wulandari' },
    { tag: '[LPSE#2026-0047]', step: '1a', stepLabel: 'menerima laporan dan memeriksa data pendukung', dueAt: 'Jumat, 27 November 2026 14.50 WIB', overdue: '15 menit', assignee: '' },
  ];
  const warnings: TemplateData['staff_clock_batch']['warnings'] = [
    { tag: '[LPSE#2026-0048]', step: '4', stepLabel: 'menyiapkan eskalasi <LKPP>', dueAt: 'Jumat, 27 November 2026 15.20 WIB', remaining: '6 menit', assignee: 'Budi Santoso' },
  ];

  it('lists breaches first, then warnings, in one mail whose subject counts both (id)', () => {
    const r = render('staff_clock_batch', 'id', { forHead: false, warnings, breaches });
    expectSound(r, BARE);
    expect(r.subject).toBe('[LPSE] Pengingat SLA: 2 terlambat, 1 mendekati batas waktu');
    const late = r.text.indexOf('TERLAMBAT (2)');
    const near = r.text.indexOf('MENDEKATI BATAS WAKTU (1)');
    expect(late).toBeGreaterThan(-1);
    expect(near).toBeGreaterThan(late);
    expect(r.text.indexOf('[LPSE#2026-0047]')).toBeLessThan(near);
    expect(r.text.indexOf('[LPSE#2026-0048]')).toBeGreaterThan(near);
    expect(r.text).toContain('- [LPSE#2026-0042] langkah 2 (menangani permasalahan)');
    expect(r.text).toContain('Terlambat   : 25 menit (jam kerja)');
    expect(r.text).toContain('Sisa waktu  : 6 menit (jam kerja)');
    expect(r.text).toContain('Petugas     : (belum ditugaskan)');
    expect(r.text).toContain('bukan dalam balasan atas surel ini');
    expect(r.text).toContain('PERINTAH PETUGAS');
    expect(r.html).toContain('menyiapkan eskalasi &lt;LKPP&gt;');
    expect(r.html).not.toContain('<LKPP>');
  });

  it('gives the coordinator/head a short intro and the breaches only, without commands help', () => {
    const r = render('staff_clock_batch', 'id', { forHead: true, warnings, breaches });
    expectSound(r, BARE);
    expect(r.subject).toBe('[LPSE] Batas waktu SOP terlampaui: 2 kasus');
    expect(r.text.startsWith('Yth. Bapak/Ibu Koordinator Helpdesk dan Kepala LPSE,')).toBe(true);
    expect(r.text).toContain('[LPSE#2026-0042]');
    expect(r.text).not.toContain('[LPSE#2026-0048]');
    expect(r.text).not.toContain('PERINTAH PETUGAS');
    expect(r.html).not.toContain('Perintah petugas');
  });

  it('renders in English with only warnings', () => {
    const r = render('staff_clock_batch', 'en', { forHead: false, warnings, breaches: [] });
    expectSound(r, BARE);
    expect(r.subject).toBe('[LPSE] SLA reminder: 0 overdue, 1 near their due time');
    expect(r.text).not.toContain('OVERDUE (');
    expect(r.text).toContain('NEAR THE DUE TIME (1)');
    expect(r.text).toContain('Remaining   : 6 menit (working time)');
  });
});
