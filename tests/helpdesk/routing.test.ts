// The routing table (src/helpdesk/routing.ts): every combination has a row, no row of a person's
// mail ends with nobody told, and each row, driven by a real .eml through `process`, does what it says.
import { gt } from 'drizzle-orm';
import { ROUTES, route, type Facts, type Route, type Sender, type Trait, type Where } from '../../src/helpdesk/routing';
import { events, messages, outbox } from '../../src/store/schema';
import { REPORT, Scenario, type MailSpec } from './scenario-kit';

const SENDERS: Sender[] = ['reporter', 'non_participant', 'staff', 'lkpp', 'self', 'automated'];
const WHERES: Where[] = ['no_case', 'open', 'solved', 'closed'];
const TRAITS: Trait[] = ['bounce_of_ours', 'bounce', 'auto_reply', 'report_data', 'escalation_copy', 'command', 'stray_command', 'attach', 'phone_report', 'forward', 'status', 'blank'];
const PEOPLE = ['reporter', 'staff', 'sender', 'lkpp'];

/** Every sender × proof × where, with no trait, each trait alone, and each pair of traits. */
function everyCombination(): Facts[] {
  const sets: Trait[][] = [[], ...TRAITS.map((t) => [t]), ...TRAITS.flatMap((a, i) => TRAITS.slice(i + 1).map((b) => [a, b]))];
  return SENDERS.flatMap((sender) =>
    [true, false].flatMap((proven) => WHERES.flatMap((where) => sets.map((t) => ({ sender, proven, where, traits: new Set(t) })))),
  ).filter((f) => f.sender !== 'non_participant' || f.where !== 'no_case');
}

describe('the routing table', () => {
  it('has a row for every combination, and only machine mail or our own copies end with no person told', () => {
    const silent: string[] = [];
    for (const facts of everyCombination()) {
      const r = route(facts);
      const tellsAPerson = r.told.some((t) => PEOPLE.includes(t));
      const machine = facts.sender === 'automated' || (facts.sender === 'self' && facts.proven);
      if (!tellsAPerson && !(machine && r.told.includes('case_log'))) silent.push(`${facts.sender}/${facts.proven}/${facts.where}/${[...facts.traits].join('+')} -> ${r.handling}`);
    }
    expect(silent).toEqual([]);
  });

  it('has no row that can never be reached', () => {
    const reached = new Set(everyCombination().map((f) => route(f)));
    expect(ROUTES.filter((r) => !reached.has(r)).map(idOf)).toEqual([]);
  });
});

// ---- each row through a real mail -----------------------------------------------------------

const COMMITTEE = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const COMMITTEE_ADDR = 'pokja3.batang@gmail.com';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const LKPP = 'Helpdesk LKPP <lkpp@lpse.test>';
const PASS = (domain: string) => ({ 'Authentication-Results': `mx.lpse.test; dmarc=pass header.from=${domain}` });
const TAG = '[LPSE#2026-0001]';

function idOf(r: Route): string {
  return `${r.sender}|${r.proven}|${r.where.join('+')}|${r.when}`;
}

interface Example {
  /** Brings the store to the state the row needs. */
  before?: (s: Scenario) => Promise<void>;
  mail: (s: Scenario) => MailSpec;
  /** Who "reporter" is for this example (the committee a staff member opened the case for). */
  reporter?: string;
}

let n = 0;
const at = () => `2026-11-26 ${String(8 + Math.floor(n / 60)).padStart(2, '0')}:${String(n++ % 60).padStart(2, '0')}`;
const mail = (spec: Omit<MailSpec, 'at' | 'messageId'> & { messageId?: string }): MailSpec => ({ at: at(), messageId: `<m${n}.${Math.random().toString(36).slice(2)}@example.test>`, ...spec });

async function report(s: Scenario): Promise<void> {
  await s.send(mail({ from: COMMITTEE, subject: 'Error evaluasi tender', text: REPORT, screenshot: true }));
}
async function solved(s: Scenario): Promise<void> {
  await report(s);
  await s.send(mail({ from: STAFF, subject: `Re: ${TAG} Laporan baru`, text: '#selesai Jadwal sudah diperbaiki.', headers: PASS('lpse.test') }));
}
async function closed(s: Scenario): Promise<void> {
  await report(s);
  await s.send(mail({ from: STAFF, subject: `Re: ${TAG} Laporan baru`, text: '#tutup', headers: PASS('lpse.test') }));
}
async function escalating(s: Scenario): Promise<void> {
  await report(s);
  await s.send(mail({ from: STAFF, subject: `Re: ${TAG} Laporan baru`, text: '#eskalasi', headers: PASS('lpse.test') }));
}
async function relayedCircular(s: Scenario): Promise<void> {
  await report(s);
  await s.send(mail({ from: LKPP, subject: 'Surat Edaran: pemeliharaan server SPSE', text: 'Yth. LPSE, server SPSE pusat akan dipelihara Sabtu pukul 22.00.', headers: PASS('lpse.test') }));
}

function bounceOf(messageId: string): Omit<MailSpec, 'at' | 'messageId'> {
  return {
    from: 'Mail Delivery System <MAILER-DAEMON@mx.gmail.test>',
    subject: 'Undelivered Mail Returned to Sender',
    text: ['This is the mail system at host mx.gmail.test.', '', "I'm sorry to have to inform you that your message could not", 'be delivered to one or more recipients.', '', '<pokja3.batang@gmail.com>: host gmail said: 550 5.1.1 user unknown', '', '--- Original message headers ---', `Message-ID: ${messageId}`, 'Subject: [LPSE#2026-0001] Laporan diterima'].join('\n'),
    headers: { 'Auto-Submitted': 'auto-replied', 'Content-Description': 'Delivery report' },
  };
}

const EXAMPLES: Record<string, Example> = {
  'automated|any|no_case+open+solved+closed|bounce_of_ours': { before: report, mail: (s) => mail(bounceOf(s.outbox()[0]?.messageId ?? '')) },
  'automated|any|no_case+open+solved+closed|bounce': { mail: () => mail(bounceOf('<never-sent@lpse.test>')) },
  'automated|any|no_case+open+solved+closed|auto_reply': {
    before: report,
    mail: () => mail({ from: COMMITTEE, subject: `Out of office: ${TAG} Laporan diterima`, text: 'Saya sedang cuti sampai 30 November.', headers: { 'Auto-Submitted': 'auto-replied' } }),
  },
  'automated|any|open+solved+closed|report_data': {
    before: report,
    mail: () => mail({ from: 'SPSE <no-reply@spse.test>', subject: `${TAG} Notifikasi`, text: 'Kode Tender: 10099887000\nNama Paket: Pembangunan Gedung' }),
  },
  'automated|any|no_case|report_data': {
    mail: () => mail({ from: 'Formulir Kontak <no-reply@lpse-form.test>', subject: 'Pesan baru dari formulir kontak', text: 'Nama Pokja Pemilihan: Pokja 7\nKode Tender: 10011122000\nPesan: aplikasi loading terus' }),
  },
  'automated|any|no_case+open+solved+closed|always': {
    mail: () => mail({ from: 'Buletin <news@list.test>', subject: 'Buletin pengadaan edisi November', text: 'Berita pengadaan bulan ini.', headers: { 'List-Id': '<buletin.list.test>', Precedence: 'list' } }),
  },
  'self|true|open|escalation_copy': {
    before: escalating,
    mail: () => mail({ from: 'Helpdesk LPSE <helpdesk@lpse.test>', to: 'lkpp@lpse.test', cc: 'helpdesk@lpse.test', subject: `${TAG} Eskalasi permasalahan SPSE`, text: 'Yth. Helpdesk LKPP, mohon bantuan.', headers: PASS('lpse.test') }),
  },
  'self|true|no_case+open+solved+closed|always': {
    before: report,
    mail: () => mail({ from: 'Helpdesk LPSE <helpdesk@lpse.test>', to: COMMITTEE_ADDR, subject: `Re: ${TAG} Laporan`, text: 'Baik, kami cek.', headers: PASS('lpse.test') }),
  },
  'self|false|open+solved+closed|always': { before: report, mail: () => mail({ from: 'Helpdesk LPSE <helpdesk@lpse.test>', subject: `Re: ${TAG} Laporan`, text: 'Kasus ini sudah selesai.' }) },
  'self|false|no_case|always': { mail: () => mail({ from: 'Helpdesk LPSE <helpdesk@lpse.test>', subject: 'Pemberitahuan', text: 'Silakan klik tautan ini.' }) },
  'staff|true|open+solved+closed|phone_report': {
    before: report,
    reporter: 'pokja5.batang@gmail.com',
    mail: () =>
      mail({
        from: STAFF,
        subject: `Re: ${TAG} Laporan baru`,
        text: ['#kasus-baru', 'Alamat surel: pokja5.batang@gmail.com', 'Nama Pokja Pemilihan: Pokja Pemilihan 5', 'Kode Tender: 10055566000', '', 'Pokja 5 menelepon: paket lain juga error.'].join('\n'),
        headers: PASS('lpse.test'),
      }),
  },
  'staff|true|open+solved+closed|command': { before: report, mail: () => mail({ from: STAFF, subject: `Re: ${TAG} Laporan baru`, text: '#catatan Server diperiksa.', headers: PASS('lpse.test') }) },
  'staff|true|open+solved+closed|always': { before: report, mail: () => mail({ from: STAFF, subject: `Re: ${TAG} Laporan baru`, text: 'Baik, saya yang tangani.', headers: PASS('lpse.test') }) },
  'staff|false|open+solved+closed|command': { before: report, mail: () => mail({ from: STAFF, subject: `Re: ${TAG} Laporan baru`, text: '#selesai' }) },
  'staff|false|open+solved+closed|always': { before: report, mail: () => mail({ from: STAFF, subject: `Re: ${TAG} Laporan baru`, text: 'Sudah saya cek.' }) },
  'staff|true|no_case|attach': {
    before: relayedCircular,
    mail: (s) => {
      const relay = s.outbox().find((o) => o.kind === 'staff_relay_unmatched');
      return mail({ from: STAFF, subject: `Re: ${relay?.subject ?? ''}`, text: '#kasus 2026-0001', inReplyTo: relay?.messageId, headers: PASS('lpse.test') });
    },
  },
  'staff|true|no_case|phone_report': {
    reporter: 'pokja5.batang@gmail.com',
    mail: () =>
      mail({
        from: STAFF,
        subject: 'Laporan telepon Pokja 5',
        text: ['#laporan-telepon', 'Email pelapor: pokja5.batang@gmail.com', 'Nama Pokja Pemilihan: Pokja Pemilihan 5', 'User ID: pokja5btg', 'Kode Tender: 10055566000', 'Nama Paket: Rehabilitasi Gedung Kantor', 'No. HP: 0813-2222-3333', '', 'Pelapor menelepon: upload dokumen kualifikasi gagal terus.'].join('\n'),
        headers: PASS('lpse.test'),
      }),
  },
  'staff|true|no_case|forward': {
    reporter: 'pokja6.batang@gmail.com',
    mail: () =>
      mail({
        from: STAFF,
        subject: 'Fwd: Mohon bantuan error SPSE',
        text: ['Mohon dibuatkan kasus.', '', '---------- Forwarded message ---------', 'From: Pokja Pemilihan 6 <pokja6.batang@gmail.com>', 'Date: Wed, 25 Nov 2026 at 14:02', 'Subject: Mohon bantuan error SPSE', 'To: <staff1@lpse.test>', '', 'Selamat siang, aplikasi loading terus saat membuka paket.', '', 'Kode Tender: 10066677000', 'Nama Paket: Pengadaan Alat Kesehatan', '', 'Terima kasih'].join('\n'),
        headers: PASS('lpse.test'),
      }),
  },
  'staff|true|no_case|status': { before: report, mail: () => mail({ from: STAFF, subject: 'status', text: '#status', headers: PASS('lpse.test') }) },
  'staff|true|no_case|always': { mail: () => mail({ from: STAFF, subject: 'Tanya', text: 'Bagaimana cara membuka kasus untuk laporan telepon?', headers: PASS('lpse.test') }) },
  'staff|false|no_case|always': { mail: () => mail({ from: STAFF, subject: 'Tanya', text: '#tutup' }) },
  'lkpp|true|open+solved+closed|always': { before: report, mail: () => mail({ from: LKPP, subject: `Re: ${TAG} Eskalasi`, text: 'Kami sedang memeriksa.', headers: PASS('lpse.test') }) },
  'lkpp|true|no_case|always': { mail: () => mail({ from: LKPP, subject: 'Surat Edaran pemeliharaan', text: 'Server pusat dipelihara Sabtu malam.', headers: PASS('lpse.test') }) },
  'lkpp|false|open+solved+closed|always': { before: report, mail: () => mail({ from: LKPP, subject: `Re: ${TAG} Eskalasi`, text: '#lkpp-selesai' }) },
  'lkpp|false|no_case|always': { mail: () => mail({ from: LKPP, subject: 'Tiket baru', text: 'Silakan login ulang.' }) },
  'non_participant|any|open+solved+closed|always': {
    before: report,
    mail: () => mail({ from: 'Orang Lain <orang.lain@yahoo.test>', subject: `Fwd: ${TAG} Laporan diterima`, text: 'Saya juga mengalami error yang sama di paket lain.' }),
  },
  'reporter|any|open|always': { before: report, mail: () => mail({ from: COMMITTEE, subject: `Re: ${TAG} Laporan diterima`, text: 'Tambahan: error muncul juga di menu jadwal.' }) },
  'reporter|any|solved|always': { before: solved, mail: () => mail({ from: COMMITTEE, subject: `Re: ${TAG} Permasalahan selesai`, text: 'Maaf pak, masih error seperti kemarin.' }) },
  'reporter|any|closed|always': { before: closed, mail: () => mail({ from: COMMITTEE, subject: `Re: ${TAG} Permasalahan selesai`, text: 'Terima kasih banyak.' }) },
  'reporter|any|no_case|status': { before: report, mail: () => mail({ from: COMMITTEE, subject: 'status', text: '' }) },
  'reporter|any|no_case|blank': { mail: () => mail({ from: 'Pokja 9 <pokja9@gmail.com>', subject: '', text: '' }) },
  'reporter|any|no_case|stray_command': { mail: () => mail({ from: 'Pokja 9 <pokja9@gmail.com>', subject: 'selesai', text: '#selesai' }) },
  'reporter|any|no_case|always': { mail: () => mail({ from: COMMITTEE, subject: 'Error evaluasi tender', text: REPORT, screenshot: true }) },
};

const staffAddrs = ['staff1@lpse.test', 'staff2@lpse.test'];

describe('each row of the table, through a real mail', () => {
  it('has an example for every row', () => {
    expect(ROUTES.map(idOf).filter((id) => !EXAMPLES[id])).toEqual([]);
  });

  for (const row of ROUTES) {
    const id = idOf(row);
    it(`${id}: ${row.handling}, told ${row.told.join(', ')}`, async () => {
      const example = EXAMPLES[id];
      if (!example) throw new Error(`no example for ${id}`);
      const s = new Scenario((cfg) => ({ ...cfg, security: { trustedAuthservId: 'mx.lpse.test', authResultsHeaders: 1, trustFromHeader: false } }));
      try {
        await example.before?.(s);
        const lastOut = s.outbox().at(-1)?.id ?? 0;
        const lastEvent = s.store.db.select({ id: events.id }).from(events).all().at(-1)?.id ?? 0;
        const spec = example.mail(s);
        const receipt = await s.send(spec);
        expect(receipt.handling).toBe(row.handling);
        const out = s.store.db.select().from(outbox).where(gt(outbox.id, lastOut)).all();
        const to = (addresses: string[]) => out.some((o) => o.toAddrs.some((a) => addresses.includes(a)));
        const sender = /<([^>]+)>/.exec(spec.from)?.[1] ?? spec.from;
        const reached = row.told.filter((t) => {
          if (t === 'staff') return to(staffAddrs);
          if (t === 'sender') return to([sender]);
          if (t === 'reporter') return to([example.reporter ?? COMMITTEE_ADDR]);
          if (t === 'lkpp') return to(['lkpp@lpse.test']);
          const logged = s.store.db.select().from(events).where(gt(events.id, lastEvent)).all();
          return logged.length > 0 && s.store.db.select().from(messages).all().some((m) => m.messageId === receipt.messageId);
        });
        expect(reached.length).toBeGreaterThan(0);
        // A person's mail must reach a person, not only the log.
        if (row.sender !== 'automated' && !(row.sender === 'self' && row.proven === true)) expect(reached.some((t) => PEOPLE.includes(t))).toBe(true);
      } finally {
        s.close();
      }
    });
  }
});

describe('a report sent as automated mail, in no case', () => {
  it.each([
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated' }],
    ['Precedence: bulk', { Precedence: 'bulk' }],
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }],
  ])('with %s, is relayed to staff, and nobody answers the machine', async (_name, headers) => {
    const s = new Scenario();
    try {
      const receipt = await s.send(mail({ from: 'Sistem Pengaduan <sistem@pengaduan.batangkab.test>', subject: 'Laporan dari formulir pengaduan', text: REPORT, headers }));
      expect(receipt.handling).toBe('relay_unmatched');
      const out = s.outbox();
      expect(out.map((o) => o.kind)).toEqual(['staff_relay_unmatched']);
      expect(out[0]?.toAddrs.every((a) => staffAddrs.includes(a))).toBe(true);
    } finally {
      s.close();
    }
  });

  it('an out-of-office reply in a case is still only logged', async () => {
    const s = new Scenario();
    try {
      await report(s);
      const before = s.outbox().length;
      const receipt = await s.send(mail({ from: COMMITTEE, subject: `Out of office: ${TAG} Laporan diterima`, text: `Saya sedang cuti.\n\n${REPORT}`, headers: { 'Auto-Submitted': 'auto-replied' } }));
      expect(receipt.handling).toBe('record');
      expect(s.outbox()).toHaveLength(before);
    } finally {
      s.close();
    }
  });
});
