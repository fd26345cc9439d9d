/** renderMail: every kind in both languages, the fill-in contract, escaping, the escalation, strictness. */

import { isCommandLine } from '../../src/inbox/commands';
import { extractFields } from '../../src/inbox/fields';
import { splitFresh } from '../../src/inbox/fresh-text';
import { type MailContext, type TemplateData, type TemplateKind, TEMPLATE_KINDS, renderMail } from '../../src/outbox/render';
import type { Case, MailKind, MissingItem } from '../../src/workflow';

const TAG = '[LPSE#2026-0042]';
const at = (iso: string): Date => new Date(iso);

/** A case waiting on the reporter: tender code and screenshot missing, the reporter's 1c clock running. */
function makeCase(over: Partial<Case> = {}): Case {
  return {
    ref: '2026-0042',
    state: 'awaiting_reporter',
    reporter: 'pokja3@batangkab.go.id',
    reporterName: 'Pokja 3',
    description: null,
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
      // 27 Nov 2026 14:05 WIB (a Friday); 1c due Monday 30 Nov 14:05 WIB.
      { step: '1a', owner: 'lpse', startedAt: at('2026-11-27T07:05:00Z'), dueAt: at('2026-11-27T07:35:00Z'), stoppedAt: at('2026-11-27T07:05:00Z') },
      { step: '1c', owner: 'reporter', startedAt: at('2026-11-27T07:05:00Z'), dueAt: at('2026-11-30T07:05:00Z'), stoppedAt: null },
    ],
    openedAt: at('2026-11-27T07:05:00Z'),
    closedAt: null,
    outcome: null,
    ...over,
  };
}

const DATA: { [K in TemplateKind]: TemplateData[K] } = {
  ack_complete: {},
  ack_missing: { missing: ['tenderCode', 'screenshot'] },
  data_complete: {},
  request_data: { items: ['userId', 'phone'], text: 'Mohon dilengkapi.' },
  relay_to_reporter: { text: 'Silakan dicoba kembali.' },
  solved_notice: { text: 'Sudah kami perbaiki.' },
  lkpp_solved_notice: { staffText: 'Mohon dicoba kembali setelah membersihkan cache peramban.' },
  escalated_notice: {},
  reopened_notice: {},
  staff_new_case: { complete: false, missing: ['tenderCode', 'screenshot'] },
  staff_case_complete: { text: 'Berikut kode tendernya.' },
  staff_relay_reporter: { from: 'pokja3@batangkab.go.id', text: 'Apakah sudah ada kabar?' },
  staff_relay_lkpp: { from: 'helpdesk@lkpp.go.id', text: 'Sedang kami periksa.', ticket: 'TUS-20261127' },
  staff_lkpp_request: { from: 'helpdesk@lkpp.go.id', text: 'Mohon dibukakan akses server.' },
  staff_lkpp_solved: { from: 'helpdesk@lkpp.go.id', text: 'Sudah selesai.', textSentToReporter: false },
  staff_case_reopened: { from: 'pokja3@batangkab.go.id', text: 'Masih error pak.' },
  staff_escalation_draft: {},
  staff_refusal: {
    reason: 'not_allowed_in_state',
    message: '#escalate does not apply',
    command: 'escalate',
    state: 'awaiting_reporter',
    allowed: ['request_data', 'reply', 'note'],
  },
  staff_ack: { command: 'resolve', state: 'solved' },
  staff_command_copy: { command: 'reply', by: 'Rina Wulandari', args: 'Mohon dicoba kembali.' },
  staff_assigned: { by: 'Rina Wulandari' },
  staff_help: { allowed: ['request_data', 'reply', 'note'] },
  staff_status_case: {},
  to_lkpp_data: { text: 'Akses server sudah kami buka.' },
  staff_clock_warning: { step: '1c', dueAt: at('2026-11-30T07:05:00Z'), percent: 80, remainingMinutes: 102 },
  staff_clock_breached: { step: '1c', dueAt: at('2026-11-30T07:05:00Z'), overdueMinutes: 14 },
  reporter_reminder: { items: ['tenderCode', 'screenshot'], closeAt: at('2026-12-03T07:05:00Z') },
  no_response_notice: { items: ['tenderCode', 'screenshot'] },
  screenshot_details_request: {},
  screenshot_code_request: {},
  staff_screenshot_read: { errorCode: '3a8c1f0b2', disagreement: { known: '3a8c1f0b3', read: ['3a8c1f0b2'] }, detailsHidden: true, codeUnclear: true, unreadable: ['foto.heic'] },
  escalation: {},
  staff_quarantine: { from: 'someone@example.com', subject: 'Laporan error', reason: 'MIME structure could not be parsed' },
  staff_send_failed: { to: 'pokja3@batangkab.go.id', subject: `${TAG} Laporan diterima`, error: '550 5.1.1 user unknown' },
  staff_message_id_clash: { messageId: '<r1@gmail.com>', firstFrom: 'x@forged.example', firstSubject: 'Terima kasih', from: 'pokja3@batangkab.go.id', subject: 'Error evaluasi' },
  staff_relay_outsider: { from: 'orang.lain@gmail.com', text: 'Saya rekan pelapor. Mohon kasus ini ditutup saja.', unproven: false, detail: '' },
  staff_new_cases_summary: {
    count: 2,
    minutes: 15,
    from: at('2026-11-27T01:00:00Z'),
    until: at('2026-11-27T01:15:00Z'),
    withheld: 1,
    cases: [
      { tag: '[LPSE#2026-0043]', reporter: 'pokja4@batangkab.go.id', openedAt: 'Jumat, 27 November 2026 08.02 WIB', ackWithheld: false },
      { tag: '[LPSE#2026-0044]', reporter: 'x1@forged.example', openedAt: 'Jumat, 27 November 2026 08.03 WIB', ackWithheld: true },
    ],
  },
  staff_relay_unmatched: { from: 'helpdesk@lkpp.go.id', subject: 'Surat Edaran pemeliharaan server', text: 'Server SPSE pusat dipelihara Sabtu malam.', why: 'lkpp', detail: '' },
  staff_help_no_case: { unknown: [{ word: '#selsai', suggestion: 'selesai' }], problem: '', ref: '', missingRef: '' },
  staff_note_recorded: { text: 'Sudah saya hubungi lewat telepon.' },
  staff_answer_withheld: { to: 'loopy@example.com', perHour: 5, perDay: 20 },
  reporter_short_answer: { reason: 'blank' },
  status_answer: {
    forStaff: true,
    cases: [{ tag: TAG, subject: 'Rehabilitasi Jalan', state: 'menunggu kelengkapan data', step: '1c', dueAt: 'Senin, 30 November 2026 14.05 WIB', overdue: true, assignee: 'Rina Wulandari' }],
    overdue: 1,
  },
  staff_calendar_missing: { year: 2027, holidaysDir: '/etc/lpse-helpdesk/holidays' },
  staff_clock_batch: {
    forHead: false,
    warnings: [{ tag: '[LPSE#2026-0043]', step: '2', stepLabel: 'menangani permasalahan', dueAt: 'Jumat, 27 November 2026 08.35 WIB', remaining: '6 menit', assignee: '' }],
    breaches: [{ tag: TAG, step: '4', stepLabel: 'menyiapkan eskalasi', dueAt: 'Jumat, 27 November 2026 08.30 WIB', overdue: '14 menit', assignee: 'Rina Wulandari' }],
  },
};

function ctx<K extends TemplateKind>(kind: K, lang: 'id' | 'en' = 'id', over: Partial<MailContext<K>> = {}): MailContext<K> {
  return {
    lang,
    timezone: 'Asia/Jakarta',
    helpdesk: { name: 'Helpdesk LPSE Kabupaten Batang', address: 'helpdesk@lpse.batangkab.go.id' },
    tag: TAG,
    case: makeCase(),
    data: DATA[kind],
    attachments: [{ filename: 'error.png', contentType: 'image/png', size: 48213 }],
    timeline: [
      { at: at('2026-11-27T07:05:00Z'), type: 'case_opened', actor: 'pokja3@batangkab.go.id' },
      { at: at('2026-11-27T07:05:00Z'), type: 'state_changed', actor: null },
      { at: at('2026-11-27T08:10:00Z'), type: 'command', actor: 'staff1@lpse.batangkab.go.id' },
    ],
    server: { address: '103.10.20.30', port: 22 },
    staffCommands: kind.startsWith('staff_'),
    ...over,
  };
}

const lines = (s: string): string[] => s.split('\n');
const REPORTER_KINDS: readonly MailKind[] = [
  'ack_complete',
  'ack_missing',
  'data_complete',
  'request_data',
  'relay_to_reporter',
  'solved_notice',
  'lkpp_solved_notice',
  'escalated_notice',
  'reopened_notice',
  'screenshot_code_request',
];
const FILLIN_ID = ['Nama Pokja Pemilihan: ', 'User ID SPSE: ', 'Kode Tender: ', 'Nama Paket/Tender: ', 'No. HP/WA: '];
const FILLIN_ITEMS: MissingItem[] = ['committeeName', 'userId', 'tenderCode', 'tenderName', 'phone'];

describe('every kind', () => {
  it('covers every MailData kind and the four extra kinds', () => {
    expect([...TEMPLATE_KINDS].sort()).toEqual(Object.keys(DATA).sort());
    expect(TEMPLATE_KINDS).toEqual(expect.arrayContaining(['escalation', 'staff_quarantine', 'staff_send_failed', 'to_lkpp_data']));
  });

  for (const lang of ['id', 'en'] as const) {
    for (const kind of TEMPLATE_KINDS) {
      it(`${lang}/${kind} renders subject, text and HTML with nothing left unfilled`, () => {
        const r = renderMail(kind, ctx(kind, lang));
        expect(r.subject.startsWith(TAG)).toBe(true);
        expect(r.subject).not.toMatch(/\n/);
        expect(r.text.trim()).not.toBe('');
        expect(r.html.startsWith('<!DOCTYPE html>')).toBe(true);
        expect(r.html).toContain(`<html lang="${lang}">`);
        for (const out of [r.subject, r.text, r.html]) {
          expect(out).not.toMatch(/undefined|\[object Object\]|\{\{|\}\}|TODO|NaN/);
        }
      });
    }
  }

  it('reporter mails are addressed politely and end with the helpdesk signature', () => {
    for (const kind of REPORTER_KINDS) {
      const id = renderMail(kind, ctx(kind, 'id'));
      expect(id.text.startsWith('Yth. Bapak/Ibu Pokja 3,')).toBe(true);
      expect(id.text.trimEnd().endsWith('Hormat kami,\n\nHelpdesk LPSE Kabupaten Batang\nhelpdesk@lpse.batangkab.go.id')).toBe(true);
      expect(id.html).toContain('Hormat kami,');
      const en = renderMail(kind, ctx(kind, 'en'));
      expect(en.text.startsWith('Dear Pokja 3,')).toBe(true);
      expect(en.text.trimEnd().endsWith('Kind regards,\n\nHelpdesk LPSE Kabupaten Batang\nhelpdesk@lpse.batangkab.go.id')).toBe(true);
    }
  });

  it('the Indonesian reporter mails use no English words', () => {
    for (const kind of REPORTER_KINDS) {
      const r = renderMail(kind, ctx(kind, 'id'));
      for (const out of [r.subject, r.text]) {
        expect(out).not.toMatch(/\b(the|please|thank|reply|screenshot|e-?mail|attach|dear|regards|case|data is)\b/i);
      }
    }
  });

  it('shows dates in the time zone and language of the mail', () => {
    expect(renderMail('ack_missing', ctx('ack_missing', 'id')).text).toContain('Senin, 30 November 2026 14.05 WIB');
    expect(renderMail('staff_new_case', ctx('staff_new_case', 'id')).text).toContain('Jumat, 27 November 2026 14.05 WIB');
    expect(renderMail('staff_new_case', ctx('staff_new_case', 'en')).text).toContain('Friday, 27 November 2026, 14:05 WIB');
    const makassar = renderMail('staff_new_case', ctx('staff_new_case', 'id', { timezone: 'Asia/Makassar' })).text;
    expect(makassar).toContain('Jumat, 27 November 2026 15.05 WITA');
  });
});

describe('ack_missing and the fill-in block', () => {
  it('lists exactly the missing items, with their fill-in lines and no others', () => {
    const r = renderMail('ack_missing', ctx('ack_missing', 'id', { data: { missing: ['userId', 'phone'] } }));
    const text = lines(r.text);
    expect(text).toContain('User ID SPSE: ');
    expect(text).toContain('No. HP/WA: ');
    for (const other of ['Nama Pokja Pemilihan: ', 'Kode Tender: ', 'Nama Paket/Tender: ']) expect(text).not.toContain(other);
    expect(r.text).toContain('- User ID SPSE\n- Nomor HP/WA yang dapat dihubungi\n');
    // The screenshot is not missing: no request for one.
    expect(r.text).not.toContain('tangkapan layar tampilan kesalahan');
    expect(r.html).toContain('User ID SPSE: <br>');
    expect(r.html).not.toContain('Kode Tender: <br>');
  });

  it('offers all five labels, exactly as the parser reads them, when all are missing', () => {
    const missing: MissingItem[] = [...FILLIN_ITEMS, 'screenshot'];
    const r = renderMail('ack_missing', ctx('ack_missing', 'id', { data: { missing } }));
    const text = lines(r.text);
    const start = text.indexOf(FILLIN_ID[0] ?? '');
    expect(text.slice(start, start + 5)).toEqual(FILLIN_ID);
  });

  it('asks for the screenshot, double-clicking the four dots first, when it is missing', () => {
    const r = renderMail('ack_missing', ctx('ack_missing', 'id', { data: { missing: ['screenshot'] } }));
    expect(r.text).toMatch(/lampirkan pula tangkapan layar/);
    expect(r.text).toMatch(/klik dua kali terlebih dahulu pada empat titik di sebelah kiri kata "maaf"/);
    expect(r.text).not.toMatch(/salin baris-baris berikut/);
    expect(r.text).toContain('1 (satu) hari kerja, yaitu paling lambat Senin, 30 November 2026 14.05 WIB');
    expect(r.text).toContain(`mohon kode ${TAG} tetap tercantum pada subjek`.replace('mohon', 'Mohon'));
  });

  it('shows the symptoms in words', () => {
    const c = makeCase({ symptoms: ['error_notification', 'redirect_home', 'endless_loading', 'upload_failed'] });
    const r = renderMail('ack_missing', ctx('ack_missing', 'id', { case: c }));
    expect(r.text).toContain('- muncul notifikasi "maaf operasi yang anda lakukan salah" / error');
    expect(r.text).toContain('- setiap aksi kembali ke halaman utama');
    expect(r.text).toContain('- proses loading tidak selesai');
    expect(r.text).toContain('- gagal mengunggah dokumen');
    const none = renderMail('ack_complete', ctx('ack_complete', 'id', { case: makeCase({ symptoms: [] }) }));
    expect(none.text).toContain('Kami belum dapat mengenali gejala permasalahan');
  });

  it.each(['id', 'en'] as const)('%s: the filled-in block reads back through the inbox parser', (lang) => {
    const values: Record<string, string> = {
      committeeName: 'Pokja Pemilihan 7',
      userId: 'pokja7btg',
      tenderCode: '10099887000',
      tenderName: 'Pembangunan Gedung Serbaguna',
      phone: '+6281311112222',
    };
    const r = renderMail('ack_missing', ctx('ack_missing', lang, { data: { missing: [...FILLIN_ITEMS, 'screenshot'] } }));
    const block = lines(r.text).filter((l) => /^[^-\s].*: $/.test(l));
    expect(block).toHaveLength(5);
    const reply = block.map((l, i) => `${l}${values[FILLIN_ITEMS[i] ?? ''] ?? ''}`).join('\n');
    const fields = extractFields(splitFresh(reply, { forward: false }).lines);
    expect(fields).toMatchObject(values);
    // A block left half empty: the empty labels read as absent.
    const half = block.map((l, i) => (i % 2 === 0 ? l : `${l}${values[FILLIN_ITEMS[i] ?? ''] ?? ''}`)).join('\n');
    const some = extractFields(splitFresh(half, { forward: false }).lines);
    expect(some).toMatchObject({ committeeName: null, userId: 'pokja7btg', tenderCode: null, tenderName: values.tenderName, phone: null });
  });

  it('screenshot_code_request shows an example code that a reply quoting it without marks does not give as the case\'s', () => {
    for (const lang of ['id', 'en'] as const) {
      const r = renderMail('screenshot_code_request', ctx('screenshot_code_request', lang));
      expect(r.text).toContain('3a8c1f0b2');
      const reply = `Baik, akan saya kirim ulang.\n\n${r.text}`;
      expect(extractFields(splitFresh(reply, { forward: false }).lines).errorCode).toBeNull();
    }
  });

  it('request_data asks for the items staff named and relays their text', () => {
    const r = renderMail('request_data', ctx('request_data', 'id'));
    expect(lines(r.text)).toEqual(expect.arrayContaining(['User ID SPSE: ', 'No. HP/WA: ']));
    expect(lines(r.text)).not.toContain('Kode Tender: ');
    expect(r.text).toContain('Mohon dilengkapi.');
    const textOnly = renderMail('request_data', ctx('request_data', 'id', { data: { items: [], text: 'Mohon jelaskan langkahnya.' } }));
    expect(textOnly.text).toContain('keterangan tambahan');
    expect(textOnly.text).not.toContain('salin baris-baris berikut');
  });
});

describe('escaping', () => {
  const evil = '<script>alert("x")</script> & <b>tebal</b>\nbaris kedua';

  it('escapes user text in HTML, keeps line breaks as <br>, and keeps the text version raw', () => {
    const r = renderMail('relay_to_reporter', ctx('relay_to_reporter', 'id', { data: { text: evil } }));
    expect(r.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;<br>');
    expect(r.html).not.toContain('<script>');
    expect(r.html).not.toContain('<b>tebal');
    expect(r.text).toContain(evil);
  });

  it('escapes report fields and names everywhere in HTML', () => {
    const c = makeCase({ reporterName: '<img src=x onerror=alert(1)>', fields: { ...makeCase().fields, tenderName: '<script>x</script>' } });
    for (const kind of ['staff_new_case', 'escalation', 'ack_complete'] as const) {
      const r = renderMail(kind, ctx(kind, 'id', { case: c }));
      expect(r.html).not.toContain('<script>');
      expect(r.html).not.toContain('<img');
      expect(r.html).toContain('&lt;script&gt;x&lt;/script&gt;');
      expect(r.text).toContain('<script>x</script>');
    }
  });
});

describe('the escalation to LKPP', () => {
  it('is formal, complete, and leaves the root password blank', () => {
    const c = makeCase({ state: 'escalating', fields: { ...makeCase().fields, errorCode: 'ERR-7781' }, priority: 'tinggi', assignee: 'Rina Wulandari' });
    const r = renderMail('escalation', ctx('escalation', 'id', { case: c }));
    expect(r.subject).toBe(`${TAG} Eskalasi permasalahan SPSE – Kode Tender 10034567000`);
    expect(r.text).toMatch(/^Yth\. Tim Helpdesk LKPP/);
    for (const s of [
      'Nama Pokja Pemilihan: Pokja Pemilihan 3',
      'User ID SPSE: pokja3btg',
      'Kode Tender: 10034567000',
      'Nama Paket/Tender: Rehabilitasi Jalan Kandeman',
      'No. HP/WA: +6281227459910',
      'Kode Error: ERR-7781',
      'muncul notifikasi "maaf operasi yang anda lakukan salah" / error',
      'error.png (image/png, 47,1 KB)',
      'Jumat, 27 November 2026 14.05 WIB: Laporan diterima, kasus dibuka (pokja3@batangkab.go.id)',
      'Jumat, 27 November 2026 15.10 WIB: Perintah petugas (staff1@lpse.batangkab.go.id)',
      'Alamat server (IP): 103.10.20.30',
      'Port: 22',
      'Surel: helpdesk@lpse.batangkab.go.id',
      'Petugas yang menangani: Rina Wulandari',
      'Prioritas menurut LPSE: tinggi',
    ]) {
      expect(r.text).toContain(s);
    }
    expect(r.text).not.toContain('Status kasus berubah'); // bookkeeping is left out of the timeline
    expect(lines(r.text).map((l) => l.trim())).toContain('Password root: ____________ (diisi oleh petugas helpdesk sebelum mengirim)');
    expect(r.html).toContain('Password root: ____________ (diisi oleh petugas helpdesk sebelum mengirim)');
    expect(r.html).toContain('href="tel:+6281227459910"');
    expect(r.text.trimEnd().endsWith('Helpdesk LPSE Kabupaten Batang\nhelpdesk@lpse.batangkab.go.id')).toBe(true);
  });

  it.each(['id', 'en'] as const)('%s: prints no password, only blanks after every password label', (lang) => {
    const r = renderMail('escalation', ctx('escalation', lang));
    for (const out of [r.text, r.html]) {
      const after = [...out.matchAll(/(?:password root|root password)\s*:\s*(\S+)/gi)].map((m) => m[1]);
      expect(after.length).toBeGreaterThan(0);
      for (const value of after) expect(value).toMatch(/^_+$/);
    }
    if (lang === 'en') expect(r.text).toContain('Root password: ____________ (to be filled in by helpdesk staff before sending)');
  });

  it('leaves blanks for a server address and port that are not configured', () => {
    const r = renderMail('escalation', ctx('escalation', 'id', { server: { address: '', port: null } }));
    expect(r.text).toContain('Alamat server (IP): ____________');
    expect(r.text).toContain('Port: ____________');
  });

  it('names the tender code in the subject only when there is one', () => {
    const c = makeCase({ fields: { ...makeCase().fields, tenderCode: null } });
    expect(renderMail('escalation', ctx('escalation', 'id', { case: c })).subject).toBe(`${TAG} Eskalasi permasalahan SPSE`);
    expect(renderMail('escalation', ctx('escalation', 'en')).subject).toBe(`${TAG} Escalation of an SPSE problem – tender code 10034567000`);
  });
});

describe('staff mails', () => {
  it('staff_new_case shows everything, with the phone as a tel: link', () => {
    const c = makeCase({ missing: ['screenshot'], screenshots: 0, fields: { ...makeCase().fields, errorCode: 'ERR-7781' } });
    const r = renderMail('staff_new_case', ctx('staff_new_case', 'id', { case: c, data: { complete: false, missing: ['screenshot'] } }));
    expect(r.html).toContain('<a href="tel:+6281227459910">+6281227459910</a>');
    expect(r.text).toContain('+6281227459910 (tel:+6281227459910)');
    for (const s of ['Pokja Pemilihan 3', 'pokja3btg', '10034567000', 'Rehabilitasi Jalan Kandeman', 'ERR-7781', 'error.png (image/png, 47,1 KB)']) {
      expect(r.text).toContain(s);
      expect(r.html).toContain(s);
    }
    expect(r.text).toContain('muncul notifikasi "maaf operasi yang anda lakukan salah" / error');
    expect(r.text).toMatch(/Data belum lengkap\s*: Tangkapan layar tampilan kesalahan pada SPSE/);
    expect(r.text).toMatch(/Batas waktu\s*: Senin, 30 November 2026 14\.05 WIB/);
    expect(r.text).toContain('konfirmasi melalui telepon, lalu balas #ditelepon');
    expect(renderMail('staff_new_case', ctx('staff_new_case', 'en')).text).toContain('confirm by phone, then reply #called');
  });

  it('does not ask for a phone confirmation without a phone number', () => {
    const c = makeCase({ fields: { ...makeCase().fields, phone: null }, missing: ['phone'] });
    const r = renderMail('staff_new_case', ctx('staff_new_case', 'id', { case: c, data: { complete: false, missing: ['phone'] } }));
    expect(r.text).not.toContain('#ditelepon.');
    expect(r.text).toMatch(/No\. HP\/WA\s*: \(belum ada\)/);
  });

  it('lists every command, one line each, none starting a line nor after a bullet (quoted help must not read as commands)', () => {
    const r = renderMail('staff_new_case', ctx('staff_new_case', 'id'));
    for (const word of [
      '#selesai',
      '#eskalasi',
      '#minta-data',
      '#balas',
      '#catatan',
      '#prioritas tinggi|sedang|rendah',
      '#tugaskan',
      '#tutup',
      '#buka',
      '#ditelepon',
      '#lkpp-minta-data',
      '#data-dikirim',
      '#lkpp-selesai',
    ]) {
      expect(lines(r.text).some((l) => l.startsWith(`- Perintah ${word}`))).toBe(true);
    }
    expect(r.text).toContain('tulis perintah di awal baris');
    expect(r.text).toContain('Perintah yang berada di dalam kutipan (teks surel yang dibalas) diabaikan');
    expect(r.text).toContain('Berlaku pada status kasus saat ini: #minta-data, #balas, #catatan');
    for (const kind of TEMPLATE_KINDS) {
      for (const lang of ['id', 'en'] as const) {
        const out = renderMail(kind, ctx(kind, lang, { staffCommands: true }));
        // The inbox's own reader decides: no line of any mail reads as a command (bullets included).
        expect(lines(out.text).filter((l) => isCommandLine(l))).toEqual([]);
      }
    }
  });

  it('appends the commands help only when asked, and never to reporters', () => {
    expect(renderMail('staff_new_case', ctx('staff_new_case', 'id', { staffCommands: false })).text).not.toContain('PERINTAH PETUGAS');
    expect(renderMail('ack_complete', ctx('ack_complete', 'id', { staffCommands: true })).text).not.toContain('#selesai');
    expect(renderMail('escalation', ctx('escalation', 'id', { staffCommands: true })).text).not.toContain('#selesai');
  });

  it('staff_refusal explains the reason, the command, the state and what is allowed now', () => {
    const r = renderMail('staff_refusal', ctx('staff_refusal', 'id'));
    expect(r.subject).toBe(`${TAG} Perintah #eskalasi tidak dijalankan`);
    expect(r.text).toContain('perintah tersebut tidak berlaku untuk kasus pada status saat ini');
    expect(r.text).toContain('menunggu kelengkapan data dari pelapor');
    expect(r.text).toContain('#minta-data, #balas, #catatan');
    const unknown = renderMail(
      'staff_refusal',
      ctx('staff_refusal', 'id', { data: { reason: 'unknown_command', message: 'unknown command #slesai', command: '#slesai', state: 'in_progress', allowed: [] } }),
    );
    expect(unknown.text).toContain('#slesai');
    expect(unknown.text).toContain('perintah tersebut tidak dikenal');
    expect(unknown.text).toMatch(/Perintah berlaku\s*: tidak ada/);
    const bad = renderMail(
      'staff_refusal',
      ctx('staff_refusal', 'en', { data: { reason: 'bad_argument', message: '#priority takes ...', command: 'priority', state: 'in_progress', allowed: ['priority'] } }),
    );
    expect(bad.text).toContain('#priority');
    expect(bad.text).toContain('write one of high, medium or low');
  });

  it('staff_ack after #selesai asks for the phone confirmation', () => {
    const r = renderMail('staff_ack', ctx('staff_ack', 'id', { case: makeCase({ state: 'solved', clocks: [] }) }));
    expect(r.subject).toBe(`${TAG} Perintah #selesai telah dijalankan`);
    expect(r.text).toContain('konfirmasi melalui telepon, lalu balas #ditelepon');
  });

  it('staff_quarantine and staff_send_failed render without a case', () => {
    const q = renderMail('staff_quarantine', ctx('staff_quarantine', 'id', { case: null, tag: '[LPSE]' }));
    expect(q.subject.startsWith('[LPSE] ')).toBe(true);
    expect(q.text).toContain('someone@example.com');
    expect(q.text).toContain('MIME structure could not be parsed');
    const f = renderMail('staff_send_failed', ctx('staff_send_failed', 'en', { case: null, tag: '[LPSE]' }));
    expect(f.text).toContain('550 5.1.1 user unknown');
    expect(f.subject).toBe('[LPSE] Mail to pokja3@batangkab.go.id could not be delivered');
  });
});

describe('strictness', () => {
  it('throws when the data lacks what the template uses', () => {
    expect(() => renderMail('relay_to_reporter', ctx('relay_to_reporter', 'id', { data: {} }))).toThrow(/text/);
    expect(() => renderMail('staff_relay_lkpp', ctx('staff_relay_lkpp', 'en', { data: { from: 'a@b.c', text: 'x' } }))).toThrow(/ticket/);
    expect(() => renderMail('staff_new_case', ctx('staff_new_case', 'id', { data: { missing: [] } }))).toThrow(/missing value|complete/);
    expect(() => renderMail('ack_missing', ctx('ack_missing', 'id', { data: {} }))).toThrow(/missing/);
    expect(() => renderMail('staff_quarantine', ctx('staff_quarantine', 'id', { data: { from: 'a@b.c', subject: 's' } }))).toThrow(/reason/);
  });

  it('throws on a broken context', () => {
    const noName = { address: 'helpdesk@lpse.batangkab.go.id' } as unknown as MailContext['helpdesk'];
    expect(() => renderMail('ack_complete', ctx('ack_complete', 'id', { helpdesk: noName }))).toThrow(/name/);
    expect(() => renderMail('ack_complete', ctx('ack_complete', 'id', { case: null }))).toThrow(/needs the case/);
    expect(() => renderMail('ack_complete', ctx('ack_complete', 'id', { tag: '' }))).toThrow(/tag/);
    expect(() => renderMail('ack_complete', ctx('ack_complete', 'fr' as 'id'))).toThrow(/language/);
    expect(() => renderMail('nope' as TemplateKind, ctx('ack_complete'))).toThrow(/no template/);
    expect(() => renderMail('ack_missing', ctx('ack_missing', 'id', { data: { missing: ['password'] } }))).toThrow(/unknown item/);
    expect(() => renderMail('ack_complete', ctx('ack_complete', 'id', { timezone: 'Mars/Olympus' }))).toThrow(RangeError);
  });

  it('renders the same output again from the cache', () => {
    const a = renderMail('staff_new_case', ctx('staff_new_case', 'en'));
    const b = renderMail('staff_new_case', ctx('staff_new_case', 'en'));
    expect(b).toEqual(a);
  });
});
