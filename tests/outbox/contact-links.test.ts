/**
 * What staff and committees can click: the helpdesk's contact in every signature, the reporter's
 * mobile as tel: and wa.me links, mailto: links for the commands valid now, and the committee's
 * own description (and who opened the case) in staff_new_case and the escalation.
 */

import { mobileWaUri, telUri, waUri } from '../../src/outbox/format';
import { type HelpdeskContact, type MailContext, type TemplateKind, renderMail } from '../../src/outbox/render';
import { type Case, commandsAllowed } from '../../src/workflow';

const TAG = '[LPSE#2026-0042]';
const HELPDESK = { name: 'Helpdesk LPSE Kabupaten Batang', address: 'helpdesk@lpse.batangkab.go.id' };
const CONTACT: HelpdeskContact = {
  phone: '(0285) 391234',
  whatsapp: '+62 812-3456-7890',
  officeHours: 'Senin–Kamis 07.30–16.00, Jumat 07.30–16.30 WIB',
};
const STAFF = [
  { name: 'Rina Wulandari', email: 'staff1@lpse.batangkab.go.id' },
  { name: 'Agus Setiawan', email: 'staff2@lpse.batangkab.go.id' },
];
const at = (iso: string): Date => new Date(iso);

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
    missing: ['tenderCode'],
    requested: ['tenderCode'],
    priority: null,
    assignee: null,
    phoneConfirmedAt: null,
    lkppTicket: null,
    escalationMessageId: null,
    clocks: [{ step: '1c', owner: 'reporter', startedAt: at('2026-11-27T07:05:00Z'), dueAt: at('2026-11-30T07:05:00Z'), stoppedAt: null }],
    openedAt: at('2026-11-27T07:05:00Z'),
    closedAt: null,
    outcome: null,
    ...over,
  };
}

function ctx(kind: TemplateKind, data: object, over: Partial<MailContext> = {}): MailContext {
  return {
    lang: 'id',
    timezone: 'Asia/Jakarta',
    helpdesk: HELPDESK,
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

const NEW_CASE = { complete: false, missing: ['tenderCode'] };
const lines = (s: string): string[] => s.split('\n');
/** The HTML as a reader sees it: tags dropped, entities decoded, one line per block. */
function visibleLines(html: string): string[] {
  const text = html
    .replace(/<(br|\/p|\/div|\/li|\/tr|\/h3)[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
  return lines(text).map((l) => l.trim());
}
function decodeAttribute(s: string): string {
  return s.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
function mailtoLinks(html: string): string[] {
  return [...html.matchAll(/href="(mailto:[^"]*)"/g)].map((m) => decodeAttribute(m[1] ?? ''));
}

describe('phone links', () => {
  it('makes wa.me links from international or Indonesian national numbers', () => {
    expect(waUri('+62 812-3456-7890')).toBe('https://wa.me/6281234567890');
    expect(waUri('0812 3456 7890')).toBe('https://wa.me/6281234567890');
    expect(waUri('6281234567890')).toBe('https://wa.me/6281234567890');
    expect(waUri('(0285) 391234')).toBe('https://wa.me/62285391234');
    expect(waUri('391234')).toBeNull(); // no country: a link would open the wrong chat
  });

  it('offers WhatsApp for a reporter only on an Indonesian mobile number', () => {
    expect(mobileWaUri('+6281227459910')).toBe('https://wa.me/6281227459910');
    expect(mobileWaUri('0812-2745-9910')).toBe('https://wa.me/6281227459910');
    expect(mobileWaUri('+62285391234')).toBeNull();
    expect(mobileWaUri('(0285) 391234')).toBeNull();
    expect(mobileWaUri('+6581234567')).toBeNull();
    expect(telUri('(0285) 391234')).toBe('tel:0285391234');
  });
});

describe('the helpdesk contact in every signature', () => {
  const REPORTER_MAILS: [TemplateKind, object][] = [
    ['ack_complete', {}],
    ['ack_missing', { missing: ['tenderCode'] }],
    ['data_complete', {}],
    ['request_data', { items: ['tenderCode'], text: 'Mohon dilengkapi.' }],
    ['relay_to_reporter', { text: 'Silakan dicoba kembali.' }],
    ['solved_notice', { text: 'Sudah kami perbaiki.' }],
    ['reporter_reminder', { items: ['tenderCode'], closeAt: at('2026-12-03T07:05:00Z') }],
    ['no_response_notice', { items: ['tenderCode'] }],
    ['lkpp_solved_notice', { staffText: '' }],
    ['escalated_notice', {}],
    ['reopened_notice', {}],
  ];

  it.each(REPORTER_MAILS)('%s ends with the phone, WhatsApp and office hours (id and en)', (kind, data) => {
    const r = renderMail(kind, ctx(kind, data, { contact: CONTACT }));
    expect(r.text.trimEnd().endsWith(
      [
        'Hormat kami,',
        '',
        'Helpdesk LPSE Kabupaten Batang',
        'helpdesk@lpse.batangkab.go.id',
        'Telepon: (0285) 391234',
        'WhatsApp: +62 812-3456-7890 (https://wa.me/6281234567890)',
        'Jam layanan: Senin–Kamis 07.30–16.00, Jumat 07.30–16.30 WIB',
      ].join('\n'),
    )).toBe(true);
    expect(r.html).toContain('<a href="tel:0285391234" style="color:#1d4ed8;">(0285) 391234</a>');
    expect(r.html).toContain('<a href="https://wa.me/6281234567890" style="color:#1d4ed8;">+62 812-3456-7890</a>');
    expect(r.html).toContain('Jam layanan: Senin–Kamis 07.30–16.00, Jumat 07.30–16.30 WIB');
    const en = renderMail(kind, ctx(kind, data, { lang: 'en', contact: CONTACT }));
    expect(en.text.trimEnd().endsWith('Phone: (0285) 391234\nWhatsApp: +62 812-3456-7890 (https://wa.me/6281234567890)\nOffice hours: Senin–Kamis 07.30–16.00, Jumat 07.30–16.30 WIB')).toBe(true);
  });

  it('is in English in English mails', () => {
    const r = renderMail('ack_complete', ctx('ack_complete', {}, { lang: 'en', contact: CONTACT }));
    expect(r.text).toContain('\nPhone: (0285) 391234\nWhatsApp: +62 812-3456-7890 (https://wa.me/6281234567890)\nOffice hours: Senin–Kamis');
    expect(r.html).toContain('Office hours: Senin–Kamis');
  });

  it('leaves out what is not configured, and everything without a contact', () => {
    const some = renderMail('ack_complete', ctx('ack_complete', {}, { contact: { phone: null, whatsapp: '0812 3456 7890', officeHours: null } }));
    expect(some.text.trimEnd().endsWith('helpdesk@lpse.batangkab.go.id\nWhatsApp: 0812 3456 7890 (https://wa.me/6281234567890)')).toBe(true);
    expect(some.text).not.toMatch(/Telepon:|Jam layanan:/);
    const none = renderMail('ack_complete', ctx('ack_complete', {}));
    expect(none.text.trimEnd().endsWith('Hormat kami,\n\nHelpdesk LPSE Kabupaten Batang\nhelpdesk@lpse.batangkab.go.id')).toBe(true);
    expect(none.html).not.toContain('wa.me');
  });

  it('is in the escalation to LKPP, under the LPSE contact', () => {
    for (const lang of ['id', 'en'] as const) {
      const r = renderMail('escalation', ctx('escalation', {}, { lang, contact: CONTACT, case: makeCase({ state: 'escalating' }) }));
      const phone = lang === 'id' ? 'Telepon' : 'Phone';
      expect(r.text).toContain(`   ${phone}: (0285) 391234\n   WhatsApp: +62 812-3456-7890 (https://wa.me/6281234567890)\n`);
      expect(r.html).toContain('href="https://wa.me/6281234567890"');
    }
  });
});

describe("the reporter's phone in staff mails", () => {
  it('offers a mobile number as tel: and wa.me, in text and HTML', () => {
    for (const lang of ['id', 'en'] as const) {
      const r = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { lang }));
      const label = lang === 'id' ? 'Telepon pelapor' : "Reporter's phone";
      expect(r.text).toContain(`${label}: +6281227459910 (tel:+6281227459910), WhatsApp: https://wa.me/6281227459910`);
      expect(r.text).toMatch(/(No\. HP\/WA|Phone\/WhatsApp)\s+: \+6281227459910 \(tel:\+6281227459910\), WhatsApp: https:\/\/wa\.me\/6281227459910/);
      expect(r.html).toContain('<a href="tel:+6281227459910">+6281227459910</a> &middot; <a href="https://wa.me/6281227459910">WhatsApp</a>');
    }
  });

  it('offers a landline as tel: only', () => {
    const c = makeCase({ fields: { ...makeCase().fields, phone: '+62285391234' } });
    const r = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { case: c }));
    expect(r.text).toContain('Telepon pelapor: +62285391234 (tel:+62285391234)\n');
    expect(r.html).toContain('<a href="tel:+62285391234">+62285391234</a>');
    for (const out of [r.text, r.html]) expect(out).not.toContain('wa.me');
  });

  it('is in the acknowledgment of #selesai, where staff must confirm by phone', () => {
    const c = makeCase({ state: 'solved', clocks: [], missing: [], requested: [] });
    const r = renderMail('staff_ack', ctx('staff_ack', { command: 'resolve', state: 'solved' }, { case: c }));
    expect(r.text).toContain('Telepon pelapor: +6281227459910 (tel:+6281227459910), WhatsApp: https://wa.me/6281227459910');
    expect(r.html).toContain('Telepon pelapor: <a href="tel:+6281227459910">+6281227459910</a> &middot; <a href="https://wa.me/6281227459910">WhatsApp</a>');
  });
});

describe('mailto: links for the commands valid now', () => {
  it('gives one link per command, to the helpdesk, replying to this subject with the command as body', () => {
    for (const lang of ['id', 'en'] as const) {
      const r = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { lang }));
      const links = mailtoLinks(r.html).filter((h) => h.includes('?'));
      expect(links).toHaveLength(commandsAllowed('awaiting_reporter', 'staff').length);
      const bodies = links.map((href) => {
        const url = new URL(href);
        expect(url.protocol).toBe('mailto:');
        expect(url.pathname).toBe(HELPDESK.address);
        const subject = decodeURIComponent(/[?&]subject=([^&]*)/.exec(url.search)?.[1] ?? '');
        expect(subject).toBe(`Re: ${r.subject}`);
        expect(subject).toContain(TAG);
        return decodeURIComponent(/[?&]body=([^&]*)/.exec(url.search)?.[1] ?? '');
      });
      expect(bodies).toContain(lang === 'id' ? '#minta-data ' : '#request-data ');
      expect(bodies).toContain(lang === 'id' ? '#balas ' : '#reply ');
      // Valid now only: no #selesai while the case waits on the reporter, and no case-less commands.
      expect(bodies).not.toContain(lang === 'id' ? '#selesai ' : '#resolved ');
      expect(bodies.some((b) => /^#(kasus|case|new-case|kasus-baru|laporan-telepon)\b/.test(b))).toBe(false);
    }
  });

  it('percent-encodes subject and body (RFC 6068): no raw space, #, [ or ] in the URL', () => {
    const r = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE));
    const link = mailtoLinks(r.html).find((h) => h.includes('body=%23balas'));
    expect(link).toBeDefined();
    const query = (link ?? '').split('?')[1] ?? '';
    expect(query).not.toMatch(/[ #[\]]/);
    expect(query).toContain('subject=Re%3A%20%5BLPSE%232026-0042%5D%20Kasus%20baru');
    expect(query.endsWith('&body=%23balas%20')).toBe(true);
  });

  it('follows the state: a case in handling offers #selesai and #eskalasi', () => {
    const c = makeCase({ state: 'in_progress', missing: [], requested: [] });
    const r = renderMail('staff_relay_reporter', ctx('staff_relay_reporter', { from: c.reporter, text: 'Apakah sudah ada kabar?' }, { case: c }));
    const bodies = mailtoLinks(r.html).map((h) => decodeURIComponent(h.split('body=')[1] ?? ''));
    expect(bodies).toEqual(expect.arrayContaining(['#selesai ', '#eskalasi ']));
  });

  it('is in HTML only, and no visible line starts with a command', () => {
    const r = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE));
    expect(r.text).not.toContain('mailto:');
    expect(visibleLines(r.html).filter((l) => /^#\p{L}/u.test(l))).toEqual([]);
    expect(visibleLines(r.html).some((l) => l.startsWith('Berlaku pada status kasus saat ini') && l.includes('#minta-data, #balas'))).toBe(true);
  });

  it('is absent from mails without the commands help', () => {
    const r = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { staffCommands: false }));
    expect(mailtoLinks(r.html).filter((h) => h.includes('?'))).toEqual([]);
  });
});

describe("the committee's description and who opened the case", () => {
  const DESCRIPTION = 'Saat klik menu Evaluasi lalu Simpan, muncul notifikasi error.\n#selesai kata teman saya\n\nSudah dicoba di Chrome dan Firefox.';

  it('staff_new_case shows the description relayed, never a line that reads as a command', () => {
    for (const lang of ['id', 'en'] as const) {
      const r = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { lang, case: makeCase({ description: DESCRIPTION }) }));
      const heading = lang === 'id' ? 'Uraian dari pelapor' : "The reporter's description";
      expect(r.text).toContain(`${heading}:\n> Saat klik menu Evaluasi lalu Simpan, muncul notifikasi error.\n> #selesai kata teman saya\n>\n> Sudah dicoba di Chrome dan Firefox.\n`);
      expect(lines(r.text).filter((l) => /^\s*#/.test(l))).toEqual([]);
      expect(r.html).toContain(`<strong>${heading}</strong>`);
      expect(r.html).toContain('&gt; #selesai kata teman saya<br>');
      expect(visibleLines(r.html).filter((l) => /^#/.test(l))).toEqual([]);
    }
  });

  it('the escalation carries the description to LKPP, relayed, before the symptoms', () => {
    for (const lang of ['id', 'en'] as const) {
      const c = makeCase({ state: 'escalating', description: DESCRIPTION });
      const r = renderMail('escalation', ctx('escalation', {}, { lang, case: c }));
      const [intro, symptoms] = lang === 'id' ? ['Uraian permasalahan sebagaimana ditulis pelapor:', 'Gejala yang kami kenali:'] : ['The problem as the reporter described it:', 'Symptoms we recognised:'];
      expect(r.text).toContain(`   ${intro}\n> Saat klik menu Evaluasi lalu Simpan, muncul notifikasi error.\n> #selesai kata teman saya\n`);
      expect(r.text.indexOf(intro)).toBeLessThan(r.text.indexOf(symptoms));
      expect(lines(r.text).filter((l) => /^\s*#/.test(l))).toEqual([]);
      expect(r.html).toContain('&gt; Sudah dicoba di Chrome dan Firefox.');
    }
  });

  it('without a description there is no heading', () => {
    const r = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { case: makeCase({ description: '  ' }) }));
    expect(r.text).not.toContain('Uraian dari pelapor');
    const e = renderMail('escalation', ctx('escalation', {}, { case: makeCase({ state: 'escalating' }) }));
    expect(e.text).not.toContain('Uraian permasalahan');
    expect(e.text).not.toContain('Gejala yang kami kenali');
  });

  it('names the staff member who opened the case, and how the report came', () => {
    const phone = makeCase({ openedBy: { staff: 'staff1@lpse.batangkab.go.id', via: 'phone' } });
    const r = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { case: phone, staff: STAFF }));
    expect(r.text).toContain('Kasus dibuka oleh Rina Wulandari dari laporan telepon; pelapor menerima pemberitahuan seperti biasa.');
    expect(r.text).toMatch(/Dibuka oleh\s+: Rina Wulandari \(dari laporan telepon\)/);
    expect(r.html).toContain('Kasus dibuka oleh Rina Wulandari dari laporan telepon');
    const forward = makeCase({ openedBy: { staff: 'staff2@lpse.batangkab.go.id', via: 'forward' } });
    const en = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { lang: 'en', case: forward, staff: STAFF }));
    expect(en.text).toContain('The case was opened by Agus Setiawan from a forwarded e-mail');
    // Without the staff list the address stands in for the name.
    const bare = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { case: forward }));
    expect(bare.text).toContain('Kasus dibuka oleh staff2@lpse.batangkab.go.id dari surel yang diteruskan');
    const self = renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE));
    expect(self.text).not.toContain('dibuka oleh');
  });

  it('shows an assignee address by name', () => {
    const c = makeCase({ assignee: 'staff1@lpse.batangkab.go.id' });
    expect(renderMail('staff_new_case', ctx('staff_new_case', NEW_CASE, { case: c, staff: STAFF })).text).toMatch(/Petugas\s+: Rina Wulandari\n/);
  });
});
