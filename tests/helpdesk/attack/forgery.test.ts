// Attack: opening cases for others, attaching, #status and backscatter, by non-staff and unproven staff.
import { cases } from '../../../src/store/schema';
import { REPORT, Scenario } from '../scenario-kit';
import { COMMITTEE, COMMITTEE_ADDR, LKPP, PASS, RINA, STRICT, TAG, id, kinds, report, to } from './kit';

let s: Scenario;
afterEach(() => s?.close());

const VICTIM = 'korban.pokja@batangkab.go.id';
const forwardOf = (from: string) =>
  ['Tolong dibantu ya.', '', '---------- Forwarded message ---------', `From: Pokja Pemilihan 6 <${from}>`, 'Date: Wed, 25 Nov 2026 at 14:02', 'Subject: Error upload', 'To: <x@y.test>', '', 'Upload dokumen gagal terus.', 'Kode Tender: 10066677000', 'Nama Paket: Pengadaan Alat Kesehatan', '', 'Terima kasih'].join('\n');
const phoneReport = (addr: string) => ['#laporan-telepon', `Email pelapor: ${addr}`, 'Nama Pokja Pemilihan: Pokja 5', 'Kode Tender: 10055566000', 'Nama Paket: Gedung Kantor', '', 'Upload dokumen gagal terus.'].join('\n');

describe('a stranger cannot make the bot write to a third party', () => {
  it("a stranger's inline forward opens a case for the stranger, never mails the forwarded From", async () => {
    s = new Scenario();
    const r = await s.send({ from: 'Iseng <iseng@mail.test>', subject: 'Fwd: Error upload', text: forwardOf(VICTIM), at: '2026-11-26 08:00', messageId: id() });
    expect(to(s.outbox(), VICTIM)).toEqual([]);
    if (r.caseRef) expect(s.caseOf(r.caseRef).reporter).toBe('iseng@mail.test');
  });

  it("a stranger's #laporan-telepon naming a victim never mails the victim", async () => {
    s = new Scenario();
    await s.send({ from: 'Iseng <iseng@mail.test>', subject: 'Laporan', text: phoneReport(VICTIM), at: '2026-11-26 08:00', messageId: id() });
    expect(to(s.outbox(), VICTIM)).toEqual([]);
  });

  it('a forged staff From (trustedAuthservId set, no proof) forwarding or phoning in a report never mails the victim', async () => {
    s = new Scenario(STRICT);
    await s.send({ from: RINA, subject: 'Fwd: Error upload', text: forwardOf(VICTIM), at: '2026-11-26 08:00', messageId: id() });
    await s.send({ from: RINA, subject: 'Laporan telepon', text: phoneReport(VICTIM), at: '2026-11-26 08:01', messageId: id() });
    // A forger who also puts a Authentication-Results header of our server's name BELOW a real one.
    await s.send({ from: RINA, subject: 'Laporan telepon 2', text: phoneReport(VICTIM), at: '2026-11-26 08:02', messageId: id(), headers: { 'Authentication-Results': 'mx.evil.test; dmarc=pass header.from=lpse.test' } });
    expect(to(s.outbox(), VICTIM)).toEqual([]);
    expect(s.store.db.select().from(cases).all()).toHaveLength(0);
  });

  it("a forged staff #kasus REF answering a relayed circular does not attach it", async () => {
    s = new Scenario(STRICT);
    await report(s);
    await s.send({ from: LKPP, subject: 'Surat Edaran', text: 'Server pusat dipelihara Sabtu.', at: '2026-11-26 09:00', messageId: id(), headers: PASS('lpse.test') });
    const relay = s.outbox().find((o) => o.kind === 'staff_relay_unmatched')!;
    const r = await s.send({ from: RINA, subject: `Re: ${relay.subject}`, text: '#kasus 2026-0001', at: '2026-11-26 09:05', messageId: id(), inReplyTo: relay.messageId });
    expect(r.handling).not.toBe('attach_to_case');
    expect(s.eventTypes('2026-0001')).not.toContain('message_attached');
  });

  it("a committee's #status lists only its own cases, never another committee's", async () => {
    s = new Scenario();
    await report(s);
    await report(s, '2026-11-26 08:05', 'Pokja 7 <pokja7.batang@gmail.com>', REPORT.replace('10034567000', '10077788000'));
    await s.send({ from: 'Pokja 7 <pokja7.batang@gmail.com>', subject: 'status', text: '#status', at: '2026-11-26 09:00', messageId: id() });
    const answer = s.outbox().at(-1)!;
    expect(answer.toAddrs).toEqual(['pokja7.batang@gmail.com']);
    expect(answer.raw).not.toContain(TAG);
  });

  it('50 forged "status" mails in the name of a committee send it at most a handful of status answers', async () => {
    s = new Scenario();
    await report(s);
    const n = s.outbox().length;
    for (let i = 0; i < 50; i++) await s.send({ from: COMMITTEE, subject: 'status', text: '', at: `2026-11-26 09:${String(i).padStart(2, '0')}`, messageId: id() });
    expect(to(s.outbox().slice(n), COMMITTEE_ADDR).length).toBeLessThanOrEqual(5);
  });

  it('50 blank mails from one address get at most a handful of short answers', async () => {
    s = new Scenario();
    for (let i = 0; i < 50; i++) await s.send({ from: 'Kosong <kosong@mail.test>', subject: '', text: '', at: `2026-11-26 09:${String(i).padStart(2, '0')}`, messageId: id() });
    expect(to(s.outbox(), 'kosong@mail.test').length).toBeLessThanOrEqual(5);
  });

  it('blank mails over a day: at most maxPerDay answers', async () => {
    s = new Scenario();
    for (let h = 0; h < 24; h++) for (let i = 0; i < 3; i++) await s.send({ from: 'Kosong <kosong@mail.test>', subject: '', text: '', at: `2026-11-${h < 16 ? 26 : 27} ${String((h + 8) % 24).padStart(2, '0')}:${String(i * 10).padStart(2, '0')}`, messageId: id() });
    expect(to(s.outbox(), 'kosong@mail.test').length).toBeLessThanOrEqual(s.config.autoReply.maxPerDay);
  });
});

describe('a robot that answers every mail without threading', () => {
  const ROBOT = 'cs@vendor-aplikasi.test';
  async function robotLoop(): Promise<void> {
    await report(s, '2026-11-26 08:00', `Layanan Pelanggan <${ROBOT}>`, REPORT);
    // The robot answers each of our mails with a fresh "ticket received" mail (new subject, no In-Reply-To, no auto headers).
    for (let i = 0; i < 70; i++) {
      await s.send({ from: `Layanan Pelanggan <${ROBOT}>`, subject: `Tiket #${1000 + i} telah kami terima`, text: `Yth. Pelanggan,\nTerima kasih telah menghubungi kami. Pesan Anda tercatat dengan nomor tiket ${1000 + i}. Mohon tidak membalas.\nSalam, Tim Layanan`, at: `2026-11-26 08:${String(Math.floor(i / 2) + 1).padStart(2, '0')}`, messageId: id() });
    }
  }

  it('gets at most autoReply.maxPerDay answers (a loop of new cases is still a loop), and staff are told', async () => {
    s = new Scenario();
    await robotLoop();
    expect(to(s.outbox(), ROBOT).length).toBeLessThanOrEqual(s.config.autoReply.maxPerDay);
    expect(s.outbox().some((o) => o.kind === 'staff_answer_withheld' && o.raw.includes(ROBOT))).toBe(true);
  });

  it('does not starve real committees of their acknowledgment in that hour', async () => {
    s = new Scenario();
    await robotLoop();
    await report(s, '2026-11-26 08:45', 'Pokja 7 <pokja7.batang@gmail.com>', REPORT.replace('10034567000', '10077788000'));
    expect(kinds(to(s.outbox(), 'pokja7.batang@gmail.com'))).toEqual(['ack_complete->pokja7.batang@gmail.com']);
  });
});
