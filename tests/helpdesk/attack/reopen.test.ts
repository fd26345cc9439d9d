// Attack: answers to the solved notice, end to end (reopening must be right and must not loop).
import { Helpdesk } from '../../../src/helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../../../src/helpdesk/wiring';
import { Scenario } from '../scenario-kit';
import { COMMITTEE, COMMITTEE_ADDR, id, kinds, solvedCase, to } from './kit';

let s: Scenario;
afterEach(() => s.close());

describe('reopening through real mail', () => {
  it('an out-of-office without auto headers that says "masih" does not reopen', async () => {
    s = new Scenario();
    const solved = await solvedCase(s);
    const ooo = [
      'Terima kasih atas email Anda.',
      'Saya sedang cuti sampai dengan 4 Desember 2026 dan masih belum dapat membalas email.',
      'Untuk keperluan mendesak silakan hubungi Sekretariat UKPBJ.',
    ].join('\n');
    await s.send({ from: COMMITTEE, subject: `Balasan Otomatis: ${solved.subject}`, text: ooo, at: '2026-11-26 08:11', messageId: id(), inReplyTo: solved.messageId });
    expect(s.caseOf('2026-0001').state).toBe('solved');
  });

  it('a "terima kasih" above an Outlook-quoted notice whose text says "masih error" does not reopen', async () => {
    s = new Scenario();
    const solved = await solvedCase(s);
    const text = [
      'Terima kasih pak, sudah bisa.',
      '',
      '________________________________',
      'Dari: Helpdesk LPSE Kabupaten Batang <helpdesk@lpse.test>',
      'Dikirim: Kamis, 26 November 2026 08.10',
      'Kepada: Pokja Pemilihan 3 <pokja3.batang@gmail.com>',
      `Subjek: ${solved.subject}`,
      '',
      'Permasalahan Anda telah diselesaikan. Bila masih error atau belum bisa, balas surel ini.',
      'Pelapor sebelumnya menulis: masih error saat membuat jadwal.',
    ].join('\n');
    await s.send({ from: COMMITTEE, subject: `RE: ${solved.subject}`, text, at: '2026-11-26 08:12', messageId: id(), inReplyTo: solved.messageId });
    expect(s.caseOf('2026-0001').state).toBe('solved');
  });

  it('"> masih error" quoted below a plain "terima kasih" does not reopen', async () => {
    s = new Scenario();
    const solved = await solvedCase(s);
    const text = 'Terima kasih banyak pak.\n\nPada Kam, 26 Nov 2026 pukul 08.10 Helpdesk <helpdesk@lpse.test> menulis:\n> Mohon maaf, masih error pak.\n> Bila masih error, balas surel ini.';
    await s.send({ from: COMMITTEE, subject: `Re: ${solved.subject}`, text, at: '2026-11-26 08:12', messageId: id(), inReplyTo: solved.messageId });
    expect(s.caseOf('2026-0001').state).toBe('solved');
  });

  it('a robot repeating "masih error" to every mail it gets does not loop: few mails reach the committee', async () => {
    s = new Scenario();
    const solved = await solvedCase(s);
    let last = solved;
    const before = s.outbox().length;
    for (let i = 0; i < 20; i++) {
      await s.send({ from: COMMITTEE, subject: `Re: ${last.subject}`, text: 'Mohon maaf, masih error pak.', at: `2026-11-26 09:${String(10 + i).padStart(2, '0')}`, messageId: id(), inReplyTo: last.messageId });
      last = to(s.outbox(), COMMITTEE_ADDR).at(-1)!;
    }
    const toCommittee = to(s.outbox(), COMMITTEE_ADDR).filter((o) => o.id > solved.id);
    expect(toCommittee.length).toBeLessThanOrEqual(2);
    // Staff hear of each (one relay per mail: 1 reopen alert + 20 relays, no cap on a reporter's relays).
    const toStaff = to(s.outbox().slice(before), 'staff1@lpse.test');
    expect(new Set(kinds(toStaff).map((k) => k.split('->')[0]))).toEqual(new Set(['staff_case_reopened', 'staff_relay_reporter']));
  });

  it('reopening twice: a second "masih error" after a second #selesai reopens again', async () => {
    s = new Scenario();
    const solved = await solvedCase(s);
    await s.send({ from: COMMITTEE, subject: `Re: ${solved.subject}`, text: 'Masih belum bisa pak.', at: '2026-11-26 09:00', messageId: id(), inReplyTo: solved.messageId });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    await s.send({ from: 'Rina Wulandari <staff1@lpse.test>', subject: 'Re: [LPSE#2026-0001]', text: '#selesai Cache dibersihkan.', at: '2026-11-26 09:30', messageId: id() });
    const second = s.outbox().filter((o) => o.kind === 'solved_notice').at(-1)!;
    await s.send({ from: COMMITTEE, subject: `Re: ${second.subject}`, text: 'Tetap gagal pak.', at: '2026-11-26 10:00', messageId: id(), inReplyTo: second.messageId });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    expect(to(s.outbox(), COMMITTEE_ADDR).filter((o) => o.kind === 'reopened_notice')).toHaveLength(2);
  });

  it('a colleague of the committee in CC (a participant) cannot reopen by saying "masih error" about their own package', async () => {
    s = new Scenario();
    const solved = await solvedCase(s);
    // The committee's reply CCs a colleague, who becomes a participant.
    await s.send({ from: COMMITTEE, cc: 'Pokja 4 <pokja4.batang@gmail.com>', subject: `Re: ${solved.subject}`, text: 'Terima kasih pak, sudah bisa.', at: '2026-11-26 08:30', messageId: id(), inReplyTo: solved.messageId });
    const last = s.outbox().at(-1)!;
    await s.send({ from: 'Pokja 4 <pokja4.batang@gmail.com>', subject: `Re: ${solved.subject}`, text: 'Pak, paket kami masih error juga.', at: '2026-11-26 08:40', messageId: id(), inReplyTo: last.messageId ?? solved.messageId });
    // The reporter said it was fixed; a bystander's words about another package should not reopen (staff should decide).
    expect(s.caseOf('2026-0001').state).toBe('solved');
  });
});

describe('reopening long after the close', () => {
  it('a "masih error" reply to a months-old solved thread about a new package opens a new case, not the archived one', async () => {
    s = new Scenario();
    const solved = await solvedCase(s);
    const helpdesk = new Helpdesk({ config: s.config, store: s.store, sop: sopFromConfig(s.config), calendar: calendarFromConfig(s.config), now: () => new Date() });
    await helpdesk.tick(new Date('2026-12-02T09:00:00+07:00'));
    expect(s.caseOf('2026-0001').state).toBe('closed');
    const r = await s.send({ from: COMMITTEE, subject: `Re: ${solved.subject}`, text: 'Selamat pagi pak, paket baru kami masih error juga waktu upload.\nKode Tender: 10099900000', at: '2027-03-15 08:00', messageId: id(), inReplyTo: solved.messageId });
    expect(s.caseOf('2026-0001').state).toBe('closed');
    expect(r.caseRef).not.toBe('2026-0001');
  });
});
