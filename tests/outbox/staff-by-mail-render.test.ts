/**
 * The mails of issue 10's workflow additions, in both languages: the committee told of the
 * escalation and of its reopened case, the one-line copy of a colleague's command, #bantuan,
 * #status, the assignee's notice, LKPP's solution without LKPP's words, refusals with choices.
 */
import { type MailContext, type TemplateKind, renderMail } from '../../src/outbox/render';
import { type Case, type CaseEvent, type MailAction, createCalendar, decide, defaultSop } from '../../src/workflow';

const TAG = '[LPSE#2026-0042]';
const at = (iso: string): Date => new Date(iso);
const LANGS = ['id', 'en'] as const;

/** A case LPSE handles (step 2 running, due Friday 27 November 2026 14.35 WIB). */
function makeCase(over: Partial<Case> = {}): Case {
  return {
    ref: '2026-0042',
    state: 'in_progress',
    reporter: 'pokja3@batangkab.go.id',
    reporterName: 'Pokja 3',
    description: 'Saat unggah dokumen evaluasi muncul pesan error.',
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
    symptoms: ['upload_failed'],
    missing: [],
    requested: [],
    priority: null,
    assignee: null,
    phoneConfirmedAt: null,
    lkppTicket: null,
    escalationMessageId: null,
    clocks: [{ step: '2', owner: 'lpse', startedAt: at('2026-11-27T07:05:00Z'), dueAt: at('2026-11-27T07:35:00Z'), stoppedAt: null }],
    openedAt: at('2026-11-27T07:05:00Z'),
    closedAt: null,
    outcome: null,
    ...over,
  };
}

function ctx(kind: TemplateKind, lang: 'id' | 'en', data: object, over: Partial<MailContext> = {}): MailContext {
  return {
    lang,
    timezone: 'Asia/Jakarta',
    helpdesk: { name: 'Helpdesk LPSE Kabupaten Batang', address: 'helpdesk@lpse.batangkab.go.id' },
    tag: TAG,
    case: makeCase(),
    data,
    attachments: [],
    timeline: [],
    server: { address: '', port: null },
    staffCommands: kind.startsWith('staff_'),
    ...over,
  };
}

const render = (kind: TemplateKind, lang: 'id' | 'en', data: object, over: Partial<MailContext> = {}) => renderMail(kind, ctx(kind, lang, data, over));
const lines = (s: string): string[] => s.split('\n');

const NEW_KINDS: [TemplateKind, object][] = [
  ['escalated_notice', {}],
  ['reopened_notice', {}],
  ['staff_case_reopened', { from: 'pokja3@batangkab.go.id', text: 'Masih error pak, sama seperti kemarin.' }],
  ['staff_command_copy', { command: 'reply', by: 'Rina Wulandari', args: 'Mohon dicoba kembali.' }],
  ['staff_assigned', { by: 'Rina Wulandari' }],
  ['staff_help', { allowed: ['resolve', 'escalate', 'reply', 'help', 'status'] }],
  ['staff_status_case', {}],
];

describe('the new kinds render in both languages', () => {
  for (const lang of LANGS) {
    test.each(NEW_KINDS)(`${lang}/%s: subject with the tag, text and HTML, nothing unfilled, no line starting with a command`, (kind, data) => {
      const r = render(kind, lang, data);
      expect(r.subject).toContain(TAG);
      expect(r.text.trim()).not.toBe('');
      expect(r.html).toContain(`<html lang="${lang}">`);
      for (const out of [r.subject, r.text, r.html]) expect(out).not.toMatch(/undefined|\[object Object\]|\{\{|\}\}|NaN/);
      // A bulleted "- #word" line reads as a command (src/inbox/commands.ts) if a reply carries it unquoted.
      const own = render(kind, lang, data, { staffCommands: false });
      expect(lines(own.text).filter((l) => /^\s*(?:[-*•]\s*)?#\p{L}/u.test(l))).toEqual([]);
    });
  }
});

describe('to the committee', () => {
  test.each(['escalated_notice', 'reopened_notice'] as const)('%s: polite, signed, in Indonesian without English words', (kind) => {
    const id = render(kind, 'id', {});
    expect(id.text.startsWith('Yth. Bapak/Ibu Pokja 3,')).toBe(true);
    expect(id.text).toContain('Hormat kami,');
    expect(id.text).toContain(`Mohon kode ${TAG} tetap tercantum pada subjek`);
    for (const out of [id.subject, id.text]) {
      expect(out).not.toMatch(/\b(the|please|thank|reply|screenshot|e-?mail|attach|dear|regards|case|staff|ticket)\b/i);
    }
    const en = render(kind, 'en', {});
    expect(en.text.startsWith('Dear Pokja 3,')).toBe(true);
    expect(en.text).toContain('Kind regards,');
  });

  test('escalated_notice: passed to the national LKPP helpdesk, the LPSE keeps following it, nothing LKPP-internal', () => {
    const r = render('escalated_notice', 'id', {});
    expect(r.subject).toBe(`${TAG} Laporan Bapak/Ibu diteruskan kepada Helpdesk LKPP`);
    expect(r.text).toContain('layanan bantuan SPSE tingkat nasional');
    expect(r.text).toContain('Helpdesk LPSE tetap memantau penanganannya dan akan menyampaikan setiap perkembangan');
    expect(r.text).not.toMatch(/eskalasi|langkah \d|server|VPN|password|root|tiket/i);
    expect(render('escalated_notice', 'en', {}).text).toContain('The LPSE helpdesk keeps following it');
  });

  test('reopened_notice: the case is being handled again', () => {
    const r = render('reopened_notice', 'id', {});
    expect(r.text).toContain('masih terjadi');
    expect(r.text).toContain('telah kami buka kembali dan kini ditangani kembali oleh petugas Helpdesk LPSE');
  });

  test.each(LANGS)('%s/lkpp_solved_notice carries the LPSE\'s words only', (lang) => {
    const bare = render('lkpp_solved_notice', lang, { staffText: '' });
    expect(bare.text).not.toMatch(/Keterangan|A note/);
    const withNote = render('lkpp_solved_notice', lang, { staffText: 'Mohon dicoba setelah membersihkan cache peramban.' });
    expect(withNote.text).toContain(lang === 'id' ? 'Keterangan dari petugas kami:' : 'A note from our staff:');
    expect(withNote.text).toContain('Mohon dicoba setelah membersihkan cache peramban.');
    expect(withNote.html).toContain('Mohon dicoba setelah membersihkan cache peramban.');
    expect(withNote.text).not.toMatch(/from the LKPP helpdesk:|dari Helpdesk LKPP:/);
  });
});

describe('the one-line copy to colleagues', () => {
  test('id: who ran which command on which case, and the first line of its text', () => {
    const r = render('staff_command_copy', 'id', { command: 'reply', by: 'Rina Wulandari', args: 'Mohon dicoba kembali.' });
    expect(r.subject).toBe(`${TAG} Rina Wulandari menjalankan #balas`);
    expect(r.text).toBe(`Rina Wulandari menjalankan #balas pada ${TAG}.\n> Mohon dicoba kembali.\n`);
    expect(r.html).toContain('Rina Wulandari menjalankan <strong>#balas</strong> pada <strong>[LPSE#2026-0042]</strong>.');
  });

  test('en, without text: one line, and no commands help', () => {
    const r = render('staff_command_copy', 'en', { command: 'resolve', by: 'Budi Santoso', args: '' });
    expect(r.text).toBe(`Budi Santoso ran #resolved on ${TAG}.\n`);
  });

  test('an unknown command is a bug, not a mail', () => {
    expect(() => render('staff_command_copy', 'id', { command: 'hapus', by: 'Rina', args: '' })).toThrow(/unknown command/);
  });
});

describe('#bantuan, #status, #tugaskan', () => {
  test.each(LANGS)('%s/staff_help lists exactly the commands valid now, each with what it does', (lang) => {
    const r = render('staff_help', lang, { allowed: ['request_data', 'reply', 'help'] }, { staffCommands: false });
    const listed = lines(r.text).filter((l) => l.startsWith('- '));
    expect(listed).toEqual(
      lang === 'id'
        ? [
            expect.stringMatching(/^- Perintah #minta-data <data>: meminta data kepada pelapor/),
            expect.stringMatching(/^- Perintah #balas <teks>: mengirim teks kepada pelapor/),
            '- Perintah #bantuan: menampilkan perintah yang berlaku untuk kasus ini sekarang',
          ]
        : [
            expect.stringMatching(/^- Command #request-data <items>: ask the reporter for data/),
            expect.stringMatching(/^- Command #reply <text>: send text to the reporter/),
            '- Command #help: list the commands valid for this case now',
          ],
    );
    expect(r.text).toContain(lang === 'id' ? 'sedang ditangani Helpdesk LPSE (langkah 2)' : 'being handled by the LPSE helpdesk (step 2)');
  });

  test('staff_status_case: the state, the running step and when it falls due', () => {
    const r = render('staff_status_case', 'id', {});
    expect(r.subject).toBe(`${TAG} Status kasus: sedang ditangani Helpdesk LPSE (langkah 2)`);
    expect(r.text).toContain('Langkah yang berjalan: 2 – menangani permasalahan (oleh Helpdesk LPSE), dimulai Jumat, 27 November 2026 14.05 WIB, batas waktu Jumat, 27 November 2026 14.35 WIB.');
    const closed = render('staff_status_case', 'en', {}, { case: makeCase({ state: 'closed', clocks: [], outcome: 'solved' }) });
    expect(closed.text).toContain('No SOP step is running.');
  });

  test.each(LANGS)('%s/staff_assigned names who assigned it', (lang) => {
    const r = render('staff_assigned', lang, { by: 'Rina Wulandari' });
    expect(r.text.split('\n')[0]).toBe(lang === 'id' ? `Rina Wulandari menugaskan kasus ${TAG} kepada Anda. Status kasus sekarang: sedang ditangani Helpdesk LPSE (langkah 2).` : `Rina Wulandari assigned case ${TAG} to you. The case is now: being handled by the LPSE helpdesk (step 2).`);
  });

  test.each(LANGS)('%s/staff_refusal of a bad #tugaskan lists the staff; an unknown command offers the nearest word', (lang) => {
    const choices = ['Rina Wulandari <rina@lpse.batangkab.go.id>', 'Budi Santoso <budi@lpse.batangkab.go.id>'];
    const bad = render('staff_refusal', lang, { reason: 'bad_argument', message: 'x', command: 'assign', state: 'in_progress', allowed: ['assign'], choices });
    expect(bad.text).toMatch(new RegExp(`${lang === 'id' ? 'Pilihan' : 'Choices'}\\s+: Rina Wulandari <rina@lpse\\.batangkab\\.go\\.id>, Budi Santoso <budi@lpse\\.batangkab\\.go\\.id>`));
    expect(bad.html).toContain('Rina Wulandari &lt;rina@lpse.batangkab.go.id&gt;');
    const typo = render('staff_refusal', lang, { reason: 'unknown_command', message: 'x', command: '#selsai', state: 'in_progress', allowed: [], suggestion: '#selesai' });
    expect(typo.text).toMatch(new RegExp(`${lang === 'id' ? 'Maksud Anda' : 'Did you mean'}\\s+: #selesai\\?`));
    const plain = render('staff_refusal', lang, { reason: 'unknown_command', message: 'x', command: '#xyz', state: 'in_progress', allowed: [] });
    expect(plain.text).not.toMatch(/Maksud Anda|Did you mean|Pilihan|Choices/);
  });

  test('a misplaced command is explained', () => {
    const r = render('staff_refusal', 'id', { reason: 'misplaced_command', message: 'x', command: 'resolve', state: 'in_progress', allowed: [] });
    expect(r.text).toContain('tidak berada di awal baris');
  });
});

describe('staff mails about the reporter and LKPP', () => {
  test.each(LANGS)('%s/staff_case_reopened quotes the reporter and says the case is back at step 2', (lang) => {
    const r = render('staff_case_reopened', lang, { from: 'pokja3@batangkab.go.id', text: 'Masih error pak.\n#selesai itu belum benar' });
    expect(r.text).toContain('> Masih error pak.\n> #selesai itu belum benar');
    expect(r.text).toContain(lang === 'id' ? 'dibuka kembali ke SOP langkah 2' : 'back at SOP step 2');
  });

  test.each(LANGS)('%s/staff_lkpp_solved carries LKPP\'s full text and says the committee had the LPSE\'s notice', (lang) => {
    const text = 'Sudah kami perbaiki.\nAkses VPN untuk LKPP dapat ditutup kembali.';
    const r = render('staff_lkpp_solved', lang, { from: 'helpdesk@lkpp.go.id', text, textSentToReporter: false });
    expect(r.text).toContain('> Sudah kami perbaiki.\n> Akses VPN untuk LKPP dapat ditutup kembali.');
    expect(r.text).toContain(lang === 'id' ? 'tidak diteruskan kepada pelapor; untuk menyampaikan rincian kepada pelapor, gunakan #balas' : 'was not passed on to the reporter; to give the reporter details, use #reply');
    const byStaff = render('staff_lkpp_solved', lang, { from: 'helpdesk@lpse.batangkab.go.id', text: 'Server diperbaiki LKPP.', textSentToReporter: true });
    expect(byStaff.text).toContain(lang === 'id' ? 'beserta keterangan di atas.' : 'with the text above.');
    expect(byStaff.text).not.toMatch(/tidak diteruskan|not passed on/);
  });
});

describe('#minta-data end to end: decide, then render', () => {
  test('the committee reads the staff member\'s sentence, and the item list once', () => {
    const cal = createCalendar();
    const report: CaseEvent = {
      type: 'report', from: 'pokja3@batangkab.go.id', fromName: 'Pokja 3', fields: makeCase().fields, missing: [], symptoms: [], screenshots: 1, ref: '2026-0042', description: '',
    };
    const opened = decide(null, report, at('2026-11-30T02:00:00Z'), defaultSop, cal).case;
    const ask: CaseEvent = {
      type: 'command', from: 'helpdesk@lpse.batangkab.go.id', role: 'staff', name: 'request_data', items: ['userId', 'phone'],
      args: 'user id, telepon\nMohon dikirim hari ini agar dapat segera kami teruskan.',
    };
    const d = decide(opened, ask, at('2026-11-30T02:10:00Z'), defaultSop, cal);
    const mail = d.actions.find((a): a is MailAction => a.type === 'mail' && a.kind === 'request_data');
    expect(mail).toBeDefined();
    const r = renderMail('request_data', ctx('request_data', 'id', mail?.data ?? {}, { case: d.case }));
    expect(r.text).toContain('Keterangan dari petugas kami:\n\nMohon dikirim hari ini agar dapat segera kami teruskan.');
    expect(r.text).not.toContain('user id, telepon');
    expect(r.text).toContain('- User ID SPSE\n- Nomor HP/WA yang dapat dihubungi\n');
  });
});
