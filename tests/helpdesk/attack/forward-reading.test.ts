// Attack: staff forwards and phone reports that are easy to misread. Which reporter does the case get?
import { Scenario } from '../scenario-kit';
import { RINA, id, kinds, to } from './kit';

let s: Scenario;
afterEach(() => s?.close());

const BODY = ['Selamat siang, upload dokumen kualifikasi gagal terus sejak pagi.', '', 'Nama Pokja Pemilihan: Pokja Pemilihan 6', 'User ID: pokja6btg', 'Kode Tender: 10066677000', 'Nama Paket: Pengadaan Alat Kesehatan', 'No. HP: 0813-9988-7766', '', 'Terima kasih'];
const gmailForward = (fromLine: string, body = BODY) => ['Mohon dibuatkan kasus.', '', '---------- Forwarded message ---------', `From: ${fromLine}`, 'Date: Wed, 25 Nov 2026 at 14:02', 'Subject: Mohon bantuan error SPSE', 'To: <staff1@lpse.test>', '', ...body].join('\n');
const forward = (text: string, subject = 'Fwd: Mohon bantuan error SPSE') => s.send({ from: RINA, subject, text, at: '2026-11-26 08:10', messageId: id() });
const allCases = () => s.store.db.select().from(cases).all();
import { cases } from '../../../src/store/schema';

describe('whose case a staff forward opens', () => {
  it('an Outlook forward in Indonesian (Dari/Dikirim/Kepada/Subjek under a rule) opens the case for the committee', async () => {
    s = new Scenario();
    const text = ['Mohon ditindaklanjuti.', '', '________________________________', 'Dari: Pokja Pemilihan 6 <pokja6.batang@gmail.com>', 'Dikirim: Rabu, 25 November 2026 14.02', 'Kepada: Rina Wulandari <staff1@lpse.test>', 'Subjek: Mohon bantuan error SPSE', '', ...BODY].join('\n');
    const r = await forward(text, 'TR: Mohon bantuan error SPSE');
    expect(r.handling).toBe('open_forwarded_case');
    expect(s.caseOf(r.caseRef!).reporter).toBe('pokja6.batang@gmail.com');
  });

  it("an Outlook forward whose From has the address only in [mailto:...] opens the case for the committee", async () => {
    s = new Scenario();
    const text = ['Mohon ditindaklanjuti.', '', '-----Original Message-----', 'From: Pokja Pemilihan 6 [mailto:pokja6.batang@gmail.com]', 'Sent: Wednesday, November 25, 2026 2:02 PM', 'To: Rina Wulandari', 'Subject: Mohon bantuan error SPSE', '', ...BODY].join('\n');
    const r = await forward(text, 'FW: Mohon bantuan error SPSE');
    expect(r.handling).toBe('open_forwarded_case');
    expect(s.caseOf(r.caseRef!).reporter).toBe('pokja6.batang@gmail.com');
  });

  it("a forward of a staff colleague's mail opens no case for the colleague", async () => {
    s = new Scenario();
    const r = await forward(gmailForward('Agus Setiawan <staff2@lpse.test>'));
    expect(allCases()).toHaveLength(0);
    expect(kinds(s.outbox())).toEqual(['staff_help_no_case->staff1@lpse.test']);
    expect(r.handling).toBe('help_answer');
  });

  it('a forward of a SPSE no-reply notification opens no case', async () => {
    s = new Scenario();
    await forward(gmailForward('SPSE <spse-noreply@lpse.batangkab.go.id>'));
    expect(allCases()).toHaveLength(0);
  });

  it('a forward of a forward (the head of the LPSE passed the committee mail on) opens the case for the committee, not for the head', async () => {
    s = new Scenario();
    const text = [
      'Mohon dibuatkan kasus.',
      '',
      '---------- Forwarded message ---------',
      'From: Kepala LPSE <kepala.lpse@batangkab.go.id>',
      'Date: Wed, 25 Nov 2026 at 15:00',
      'Subject: Fwd: Mohon bantuan error SPSE',
      'To: <staff1@lpse.test>',
      '',
      'Tolong dibantu Rin.',
      '',
      '---------- Forwarded message ---------',
      'From: Pokja Pemilihan 6 <pokja6.batang@gmail.com>',
      'Date: Wed, 25 Nov 2026 at 14:02',
      'Subject: Mohon bantuan error SPSE',
      'To: <kepala.lpse@batangkab.go.id>',
      '',
      ...BODY,
    ].join('\n');
    const r = await forward(text, 'Fwd: Fwd: Mohon bantuan error SPSE');
    expect(r.caseRef).not.toBeNull();
    expect(s.caseOf(r.caseRef!).reporter).toBe('pokja6.batang@gmail.com');
    expect(to(s.outbox(), 'kepala.lpse@batangkab.go.id')).toEqual([]);
  });

  it("a forward whose From line names the helpdesk itself (our own ack, forwarded) opens no case", async () => {
    s = new Scenario();
    await forward(gmailForward('Helpdesk LPSE Kabupaten Batang <helpdesk@lpse.test>'));
    expect(allCases()).toHaveLength(0);
  });
});

describe('whose case a phone report opens', () => {
  const send = (lines: string[]) => s.send({ from: RINA, subject: 'Laporan telepon', text: lines.join('\n'), at: '2026-11-26 09:00', messageId: id() });

  it('with two addresses on the e-mail line, the first is the reporter, and only it is mailed', async () => {
    s = new Scenario();
    const r = await send(['#laporan-telepon', 'Email pelapor: pokja5.batang@gmail.com / ketua.pokja5@batangkab.go.id', 'Nama Pokja Pemilihan: Pokja 5', 'Kode Tender: 10055566000', '', 'Upload gagal terus.']);
    expect(s.caseOf(r.caseRef!).reporter).toBe('pokja5.batang@gmail.com');
    expect(to(s.outbox(), 'ketua.pokja5@batangkab.go.id')).toEqual([]);
  });

  it("with the staff member's own address on the e-mail line and the committee's below, the committee's is the reporter", async () => {
    s = new Scenario();
    const r = await send(['#laporan-telepon', 'Dicatat oleh: staff1@lpse.test', 'Email: staff1@lpse.test', 'E-mail pelapor: pokja5.batang@gmail.com', 'Kode Tender: 10055566000', '', 'Upload gagal terus.']);
    expect(s.caseOf(r.caseRef!).reporter).toBe('pokja5.batang@gmail.com');
  });

  it('without an e-mail line, an address inside the description is not taken as the reporter', async () => {
    s = new Scenario();
    const r = await send(['#laporan-telepon', 'Nama Pokja Pemilihan: Pokja 5', 'Kode Tender: 10055566000', '', 'Pelapor menelepon: sudah mengadu ke pengaduan@lkpp.go.id tapi belum dijawab; upload gagal terus.']);
    expect(to(s.outbox(), 'pengaduan@lkpp.go.id')).toEqual([]);
    expect(r.reason).toBe('phone_report_without_address');
  });

  it("a phone report naming a no-reply or list address opens no case for it", async () => {
    s = new Scenario();
    await send(['#laporan-telepon', 'Email pelapor: noreply@lpse.batangkab.go.id', 'Kode Tender: 10055566000', '', 'Upload gagal terus.']);
    expect(to(s.outbox(), 'noreply@lpse.batangkab.go.id')).toEqual([]);
  });

  it('a phone report whose e-mail line is a colleague staff address falls back to nothing, not a case for the colleague', async () => {
    s = new Scenario();
    await send(['#laporan-telepon', 'Email pelapor: staff2@lpse.test', 'Kode Tender: 10055566000', '', 'Upload gagal terus.']);
    expect(allCases()).toHaveLength(0);
    expect(kinds(s.outbox())).toEqual(['staff_help_no_case->staff1@lpse.test']);
  });
});
