// Attack: command words in committee text, signatures, URLs and pasted help lists.
import { readMessage } from '../../../src/inbox/reading';
import { REPORT, Scenario } from '../scenario-kit';
import { AGUS, COMMITTEE, COMMITTEE_ADDR, RINA, TAG, id, kinds, report, to } from './kit';

let s: Scenario;
afterEach(() => s?.close());

describe('committee text with hashtags', () => {
  it('a report with #SPSE #pengadaan hashtags opens a case like any report', async () => {
    s = new Scenario();
    const text = `${REPORT}\n\n#SPSE #pengadaan #LPSEBatang`;
    const r = await report(s, '2026-11-26 08:00', COMMITTEE, text);
    expect(r.handling).toBe('open_case');
    expect(kinds(to(s.outbox(), COMMITTEE_ADDR))).toEqual([`ack_complete->${COMMITTEE_ADDR}`]);
  });

  it('a short committee mail "#SPSE tidak bisa login" opens a case (symptom), not a "commands are for staff" answer', async () => {
    s = new Scenario();
    const r = await s.send({ from: COMMITTEE, subject: 'tidak bisa login', text: '#SPSE tidak bisa login sejak pagi pak', at: '2026-11-26 08:00', messageId: id() });
    expect(r.handling).toBe('open_case');
  });

  it('a committee subject "Status" above a full report still opens the case', async () => {
    s = new Scenario();
    const r = await s.send({ from: COMMITTEE, subject: 'Status', text: REPORT, at: '2026-11-26 08:00', messageId: id(), screenshot: true });
    expect(r.handling).toBe('open_case');
    expect(r.caseRef).toBe('2026-0001');
  });

  it('a committee report that mentions "#status paket" at a line start still opens the case', async () => {
    s = new Scenario();
    const text = REPORT.replace('Terima kasih.', '#status paket kami masih draft, mohon dicek.\n\nTerima kasih.');
    const r = await report(s, '2026-11-26 08:00', COMMITTEE, text);
    expect(r.handling).toBe('open_case');
  });

  it("a committee's reply in its case with '#selesai' at a line start changes nothing and gets no refusal", async () => {
    s = new Scenario();
    await report(s);
    const n = s.outbox().length;
    await s.send({ from: COMMITTEE, subject: `Re: ${TAG}`, text: '#selesai\nterima kasih pak', at: '2026-11-26 08:20', messageId: id() });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    expect(to(s.outbox().slice(n), COMMITTEE_ADDR)).toHaveLength(0);
  });
});

describe('staff text that is not a command', () => {
  it('a staff signature with a hashtag line (#BanggaBuatanIndonesia) under a #balas does not refuse anything', async () => {
    s = new Scenario();
    await report(s);
    const n = s.outbox().length;
    const text = '#balas Mohon dicoba kembali setelah membersihkan cache peramban.\n\n--\nRina Wulandari\nLPSE Kabupaten Batang\n#BanggaBuatanIndonesia #LPSEMelayani';
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text, at: '2026-11-26 08:20', messageId: id() });
    const out = s.outbox().slice(n);
    expect(kinds(out).filter((k) => k.startsWith('staff_refusal'))).toEqual([]);
    // The signature's hashtags are not sent to the committee as part of #balas either.
    const relay = out.find((o) => o.kind === 'relay_to_reporter')!;
    expect(relay.raw).not.toContain('BanggaBuatanIndonesia');
  });

  it('#selesai inside a URL in a note runs nothing and refuses nothing', async () => {
    s = new Scenario();
    await report(s);
    const n = s.outbox().length;
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: 'Panduan ada di https://lpse.batangkab.go.id/panduan#selesai dan (https://x.test/#eskalasi).', at: '2026-11-26 08:20', messageId: id() });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    expect(kinds(s.outbox().slice(n))).toEqual(['staff_note_recorded->staff2@lpse.test']);
  });

  it("our own help list pasted unquoted into a staff reply does not flood the sender with refusals", async () => {
    s = new Scenario();
    await report(s);
    const help = s.outbox().find((o) => o.kind === 'staff_new_case')!;
    const parsed = await readMessage(Buffer.from(help.raw), { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.test'] });
    const lines = parsed.freshText.split('\n').filter((l) => /^- Perintah #/.test(l));
    expect(lines.length).toBeGreaterThan(5);
    const n = s.outbox().length;
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: `Ini daftar perintahnya untuk Mas Budi:\n\n${lines.join('\n')}`, at: '2026-11-26 08:20', messageId: id() });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    const refusals = s.outbox().slice(n).filter((o) => o.kind === 'staff_refusal');
    // One answer is enough; one mail per word listed is a flood.
    expect(refusals.length).toBeLessThanOrEqual(1);
  });

  it('the help list pasted as bare bullets ("- #selesai [keterangan]: ...") does not solve the case', async () => {
    s = new Scenario();
    await report(s);
    const text = 'Catatan untuk rekan baru, perintah yang sering dipakai:\n- #catatan [teks]: catatan internal\n- #selesai [keterangan]: tandai kasus selesai\n- #eskalasi: teruskan ke LKPP';
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text, at: '2026-11-26 08:20', messageId: id() });
    // A colleague's cheat-sheet is not an order to tell the committee its problem is solved.
    expect(s.outbox().some((o) => o.kind === 'solved_notice')).toBe(false);
  });
});

describe("a proven staff member's own refusals", () => {
  it('are not swallowed by the cap meant for forgers: a typo after a pasted help list is still answered', async () => {
    s = new Scenario();
    await report(s);
    const help = s.outbox().find((o) => o.kind === 'staff_new_case')!;
    const parsed = await readMessage(Buffer.from(help.raw), { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.test'] });
    const lines = parsed.freshText.split('\n').filter((l) => /^- Perintah #/.test(l));
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: `Daftar perintah:\n${lines.join('\n')}`, at: '2026-11-26 08:20', messageId: id() });
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: 'Mohon dicek lagi ya #balas nanti', at: '2026-11-26 08:25', messageId: id() });
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: 'Sekali lagi: tolong #selesai', at: '2026-11-26 08:26', messageId: id() });
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: 'Kalau sudah, #tutup saja', at: '2026-11-26 08:27', messageId: id() });
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: 'Atau #eskalasi ke LKPP', at: '2026-11-26 08:28', messageId: id() });
    const n = s.outbox().length;
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: '#selsai Sudah diperbaiki.', at: '2026-11-26 08:30', messageId: id() });
    expect(kinds(s.outbox().slice(n))).toEqual(['staff_refusal->staff2@lpse.test']);
  });
});
