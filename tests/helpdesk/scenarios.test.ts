// Each SOP path, driven by real .eml files through the offline pipeline.
import fs from 'node:fs';
import { Helpdesk } from '../../src/helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { PNG, REPORT, Scenario } from './scenario-kit';
import { cases } from '../../src/store/schema';

const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const LKPP = 'Helpdesk LKPP <lkpp@lpse.test>';

let s: Scenario;
afterEach(() => s.close());

function kinds(sc: Scenario): string[] {
  return sc.outbox().map((o) => `${o.kind}->${o.toAddrs.join(',')}`);
}

describe('complete report -> solved', () => {
  it('opens a case, acknowledges, notifies staff, then #selesai tells the reporter', async () => {
    s = new Scenario();
    const r = await s.send({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<r1@gmail.com>', screenshot: true });
    expect(r).toMatchObject({ disposition: 'processed', caseRef: '2026-0001' });
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'in_progress', missing: [], screenshots: 1 });
    expect(kinds(s)).toEqual(['ack_complete->pokja3.batang@gmail.com', 'staff_new_case->staff1@lpse.test,staff2@lpse.test']);
    const ack = s.outbox()[0]!;
    expect(ack.subject).toContain('[LPSE#2026-0001]');
    expect(ack.raw).toMatch(/^Auto-Submitted: auto-replied/m);
    expect(ack.raw).toMatch(/^In-Reply-To: <r1@gmail.com>/m);
    // The staff notice carries the screenshot.
    expect(s.outbox()[1]!.raw).toContain(PNG.toString('base64').slice(0, 40));

    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001] Laporan baru', text: '#ditelepon\n#selesai Jadwal sudah diperbaiki.', at: '2026-11-26 08:05', messageId: '<s1@lpse.test>' });
    const c = s.caseOf('2026-0001');
    expect(c.state).toBe('solved');
    expect(c.phoneConfirmedAt).not.toBeNull();
    expect(c.clocks.map((k) => k.step)).toEqual(['1a', '2', '3']);
    expect(c.clocks.every((k) => k.stoppedAt !== null)).toBe(true);
    // Each command is confirmed to its sender and copied to the colleague.
    expect(kinds(s).slice(2)).toEqual([
      'staff_ack->staff1@lpse.test',
      'staff_command_copy->staff2@lpse.test',
      'solved_notice->pokja3.batang@gmail.com',
      'staff_ack->staff1@lpse.test',
      'staff_command_copy->staff2@lpse.test',
    ]);
    expect(s.outboxFiles()).toHaveLength(7);
  });
});

describe('incomplete report -> data reply -> solved', () => {
  it('asks for exactly what is missing and merges the filled-in block', async () => {
    s = new Scenario();
    const partial = 'Mohon bantuan, gagal upload dokumen penawaran.\n\nKode Tender: 10034567000\nNama Paket: Rehabilitasi Jalan\nNo. HP: 081227459910';
    await s.send({ from: REPORTER, subject: 'Gagal upload', text: partial, at: '2026-11-26 07:50', messageId: '<r2@gmail.com>' });
    const c = s.caseOf('2026-0001');
    expect(c.state).toBe('awaiting_reporter');
    expect(c.missing).toEqual(['committeeName', 'userId', 'screenshot']);
    const ask = s.outbox()[0]!;
    expect(ask.kind).toBe('ack_missing');
    expect(ask.raw).toContain('User ID SPSE:');

    const reply = [
      'Berikut data yang diminta.',
      '',
      'Nama Pokja Pemilihan: Pokja Pemilihan 3',
      'User ID SPSE: pokja3btg',
      '',
      'Pada Kam, 26 Nov 2026 pukul 07.51 Helpdesk LPSE <helpdesk@lpse.test> menulis:',
      '> Nama Pokja Pemilihan:',
      '> User ID SPSE:',
    ].join('\n');
    await s.send({ from: REPORTER, subject: 'Re: [LPSE#2026-0001] Laporan diterima', text: reply, at: '2026-11-26 09:00', messageId: '<r3@gmail.com>', inReplyTo: ask.messageId, screenshot: true });
    const after = s.caseOf('2026-0001');
    expect(after.state).toBe('in_progress');
    expect(after.fields).toMatchObject({ committeeName: 'Pokja Pemilihan 3', userId: 'pokja3btg', phone: '+6281227459910' });
    expect(after.clocks.map((k) => [k.step, k.owner])).toEqual([['1a', 'lpse'], ['1b', 'lpse'], ['1c', 'reporter'], ['2', 'lpse']]);
    expect(kinds(s).slice(2)).toEqual(['data_complete->pokja3.batang@gmail.com', 'staff_case_complete->staff1@lpse.test,staff2@lpse.test']);

    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#selesai Sudah bisa diunggah kembali.', at: '2026-11-26 09:20', messageId: '<s2@lpse.test>' });
    expect(s.caseOf('2026-0001').state).toBe('solved');
  });
});

describe('a reply fills gaps, never overwrites', () => {
  it('keeps the committee name the report gave when the reply\'s signature carries a shorter one', async () => {
    s = new Scenario();
    const first = 'Gagal upload dokumen.\n\nNama Pokja: Pokja Pemilihan 1 DPUPR\nKode Tender: 10038812000\nNama Paket: Jembatan Kali Sambong\nNo. HP: 081325660417';
    await s.send({ from: 'ulp.dpupr@batangkab.go.id', subject: 'Gagal upload', text: first, at: '2026-11-26 07:58', messageId: '<g1@dpupr>', screenshot: true });
    const reply = 'Berikut data yang diminta:\n\nUser ID SPSE: ulpdpupr01\n\nSalam,\nSri Lestari\nPokja Pemilihan 1 DPUPR\nDinas Pekerjaan Umum Kab. Batang';
    await s.send({ from: 'ulp.dpupr@batangkab.go.id', subject: 'RE: [LPSE#2026-0001] Laporan diterima', text: reply, at: '2026-11-26 08:31', messageId: '<g2@dpupr>' });
    expect(s.caseOf('2026-0001').fields).toMatchObject({ committeeName: 'Pokja Pemilihan 1 DPUPR', userId: 'ulpdpupr01' });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
  });
});

describe('escalation -> LKPP asks for data -> data sent -> LKPP solved -> reporter notified', () => {
  it('walks every SOP step with its clock, in draft mode', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, subject: 'Loading tidak selesai', text: REPORT, at: '2026-11-26 09:06', messageId: '<e1@gmail.com>', screenshot: true });
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: 'Perlu LKPP.\n#prioritas tinggi\n#eskalasi', at: '2026-11-26 09:22', messageId: '<e2@lpse.test>' });
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'escalating', priority: 'tinggi' });
    const draft = s.outbox().find((o) => o.kind === 'escalation')!;
    expect(draft.status).toBe('drafted');
    expect(draft.toAddrs).toEqual(['lkpp@lpse.test', 'helpdesk@lpse.test']);
    expect(draft.raw).not.toMatch(/^Auto-Submitted/m);
    expect(s.outboxFiles().some((f) => f.startsWith('drafts/'))).toBe(true);

    // Staff send the completed draft from the helpdesk account; the CC copy comes back.
    await s.send({ from: 'Helpdesk LPSE Kabupaten Batang <helpdesk@lpse.test>', to: 'lkpp@lpse.test', cc: 'helpdesk@lpse.test', subject: '[LPSE#2026-0001] Eskalasi permasalahan SPSE', text: 'Data terlampir.\nPassword root: (via telepon)', at: '2026-11-26 09:40', messageId: draft.messageId });
    expect(s.caseOf('2026-0001').state).toBe('at_lkpp');

    await s.send({ from: LKPP, subject: 'Re: [LPSE#2026-0001] Eskalasi [Tiket #LKPP-2026-11873]', text: 'Mohon akses VPN ke server.\n#lkpp-minta-data', at: '2026-11-26 10:32', messageId: '<l1@lkpp>' });
    expect(s.caseOf('2026-0001').state).toBe('lkpp_requested');
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#data-dikirim Akses VPN sudah dibuka.', at: '2026-11-26 11:16', messageId: '<e3@lpse.test>' });
    expect(s.caseOf('2026-0001').state).toBe('lkpp_checking');
    expect(kinds(s)).toContain('to_lkpp_data->lkpp@lpse.test');

    await s.send({ from: LKPP, subject: 'Re: [LPSE#2026-0001] [Tiket #LKPP-2026-11873]', text: '#lkpp-selesai Cache server sudah dibersihkan.', at: '2026-11-26 14:22', messageId: '<l2@lkpp>' });
    const c = s.caseOf('2026-0001');
    expect(c).toMatchObject({ state: 'lkpp_solved', outcome: 'solved_by_lkpp' });
    expect(c.clocks.map((k) => k.step)).toEqual(['1a', '2', '4', '5', '6', '7', '8', '9', '10', '11']);
    expect(c.clocks.find((k) => k.step === '5')?.owner).toBe('lkpp');
    expect(kinds(s)).toContain('lkpp_solved_notice->pokja3.batang@gmail.com');
  });

  it('in send mode queues the escalation to LKPP and starts LKPP\'s clock at once, without any password', async () => {
    s = new Scenario((c) => ({ ...c, escalation: { ...c.escalation, mode: 'send' } }));
    await s.send({ from: REPORTER, subject: 'Error', text: REPORT, at: '2026-11-26 09:06', messageId: '<f1@gmail.com>', screenshot: true });
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#eskalasi', at: '2026-11-26 09:22', messageId: '<f2@lpse.test>' });
    const sent = s.outbox().find((o) => o.kind === 'escalation')!;
    expect(sent.status).toBe('sent');
    expect(sent.raw).toMatch(/Password root: _+/);
    expect(s.caseOf('2026-0001').state).toBe('at_lkpp');
  });
});

describe('reopen', () => {
  it('#buka returns a solved case to handling with a new step-2 clock', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, subject: 'Error', text: REPORT, at: '2026-11-26 07:41', messageId: '<o1@gmail.com>', screenshot: true });
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#selesai', at: '2026-11-26 08:00', messageId: '<o2@lpse.test>' });
    await s.send({ from: REPORTER, subject: 'Re: [LPSE#2026-0001]', text: 'Apakah perlu kami hapus cache peramban juga Pak?', at: '2026-11-26 10:00', messageId: '<o3@gmail.com>' });
    expect(s.caseOf('2026-0001').state).toBe('solved');
    expect(kinds(s)).toContain('staff_relay_reporter->staff1@lpse.test,staff2@lpse.test');
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#buka', at: '2026-11-26 10:10', messageId: '<o4@lpse.test>' });
    const c = s.caseOf('2026-0001');
    expect(c.state).toBe('in_progress');
    expect(c.clocks.filter((k) => k.step === '2')).toHaveLength(2);
  });
});

describe('refusals', () => {
  beforeEach(async () => {
    s = new Scenario((c) => ({ ...c, security: { trustedAuthservId: 'mx.lpse.test', authResultsHeaders: 1, trustFromHeader: false } }));
    await s.send({ from: REPORTER, subject: 'Error', text: REPORT, at: '2026-11-26 07:41', messageId: '<x1@gmail.com>', screenshot: true });
  });
  const pass = { 'Authentication-Results': 'mx.lpse.test; dmarc=pass header.from=lpse.test' };

  it('a forged staff sender cannot resolve a case', async () => {
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#selesai', at: '2026-11-26 08:00', messageId: '<x2@evil>', headers: { 'Authentication-Results': 'mx.lpse.test; dmarc=fail header.from=lpse.test' } });
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#selesai', at: '2026-11-26 08:01', messageId: '<x3@evil>', headers: { 'Authentication-Results': 'other.example; dmarc=pass header.from=lpse.test' } });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    expect(kinds(s).filter((k) => k.startsWith('solved_notice'))).toEqual([]);
    expect(s.eventTypes('2026-0001').filter((t) => t.includes('refus'))).toHaveLength(2);
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#selesai', at: '2026-11-26 08:02', messageId: '<x4@lpse.test>', headers: pass });
    expect(s.caseOf('2026-0001').state).toBe('solved');
  });

  it('a quoted or unknown command from staff changes nothing and is answered', async () => {
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: 'Oke.\n\nPada Kam, 26 Nov 2026 Rina menulis:\n> #selesai', at: '2026-11-26 08:00', messageId: '<x5@lpse.test>', headers: pass });
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#selesaikan', at: '2026-11-26 08:01', messageId: '<x6@lpse.test>', headers: pass });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    expect(kinds(s).slice(2)).toEqual(['staff_refusal->staff1@lpse.test', 'staff_refusal->staff1@lpse.test']);
  });

  it('a reporter\'s command is ignored with an event, not answered', async () => {
    await s.send({ from: REPORTER, subject: 'Re: [LPSE#2026-0001]', text: '#selesai', at: '2026-11-26 08:00', messageId: '<x7@gmail.com>' });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    expect(kinds(s).filter((k) => k.includes('refusal'))).toEqual([]);
    expect(s.eventTypes('2026-0001')).toContain('command_refused');
  });

  it('LKPP\'s text reaches staff even when its command does not apply', async () => {
    await s.send({ from: STAFF, subject: 'Re: [LPSE#2026-0001]', text: '#eskalasi', at: '2026-11-26 08:00', messageId: '<x9@lpse.test>', headers: pass });
    // LKPP writes a staff-only command: refused, but its explanation is relayed.
    await s.send({ from: LKPP, subject: 'Re: [LPSE#2026-0001] Eskalasi', text: '#selesai\nServer sudah kami periksa, mohon kirim log aplikasi.', at: '2026-11-26 09:00', messageId: '<l9@lkpp>', headers: { 'Authentication-Results': 'mx.lpse.test; dmarc=pass header.from=lpse.test' } });
    expect(s.caseOf('2026-0001').state).not.toBe('solved');
    const relay = s.outbox().find((o) => o.kind === 'staff_relay_lkpp');
    expect(relay?.raw).toContain('mohon kirim log aplikasi');
    expect(s.eventTypes('2026-0001')).toContain('command_refused');
  });

  it('a stranger quoting a case tag changes nothing and is relayed to staff (who can open a case with #kasus-baru)', async () => {
    const r = await s.send({ from: 'pokja.dishub@batangkab.go.id', subject: 'Fwd: [LPSE#2026-0001] error juga', text: 'Kode Tender: 10052233000\nsetiap klik kembali ke halaman utama', at: '2026-11-26 10:05', messageId: '<x8@dishub>' });
    expect(r).toMatchObject({ caseRef: '2026-0001', handling: 'relay_outsider' });
    expect(s.caseOf('2026-0001').fields.tenderCode).toBe('10034567000');
  });
});

describe('loop guard', () => {
  it('never answers an autoresponder or a bounce, and links a bounce to the mail it returns', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, subject: 'Error', text: REPORT, at: '2026-11-26 07:41', messageId: '<y1@gmail.com>', screenshot: true });
    const ack = s.outbox()[0]!;
    const before = s.outbox().length;
    const auto = await s.send({ from: REPORTER, subject: 'Balasan Otomatis: [LPSE#2026-0001]', text: 'Saya sedang cuti.', at: '2026-11-26 07:42', messageId: '<y2@gmail.com>', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(auto).toMatchObject({ disposition: 'ignored', reason: 'auto_reply' });
    const bounce = [
      'This is the mail system at host mx.gmail.com.',
      '',
      "I'm sorry to have to inform you that your message could not be delivered.",
      '',
      '<pokja3.batang@gmail.com>: mailbox full',
      '',
      '--- original message headers ---',
      `Message-ID: ${ack.messageId}`,
      'Subject: ' + ack.subject,
    ].join('\n');
    const b = await s.send({ from: 'MAILER-DAEMON@mx.gmail.com', subject: 'Undelivered Mail Returned to Sender', text: bounce, at: '2026-11-26 07:43', messageId: '<y3@mx>', headers: { 'Return-Path': '<>' } });
    expect(b).toMatchObject({ disposition: 'ignored', reason: 'bounce', caseRef: '2026-0001' });
    const after = s.outbox();
    expect(after.find((o) => o.id === ack.id)?.bounceMessageId).toBe('<y3@mx>');
    // Only staff hear of the bounce; nothing goes to the reporter or the mailer daemon.
    expect(after.slice(before).map((o) => `${o.kind}->${o.toAddrs.join(',')}`)).toEqual(['staff_send_failed->staff1@lpse.test,staff2@lpse.test']);
  });

  it('caps the automatic answers to a robot that answers every answer in its case, but never a first acknowledgment', async () => {
    s = new Scenario((c) => ({ ...c, autoReply: { ...c.autoReply, maxPerHour: 2, maxPerDay: 20 } }));
    await s.send({ from: 'loopy@example.com', subject: 'Error', text: 'gagal upload dokumen', at: '2026-11-26 08:00', messageId: '<z0@example.com>' });
    for (let i = 1; i < 6; i++) {
      const last = s.outbox().filter((o) => o.toAddrs.includes('loopy@example.com')).at(-1)!;
      await s.send({ from: 'loopy@example.com', subject: `Re: ${last.subject}`, text: 'Terima kasih atas surel Anda.', at: `2026-11-26 08:0${i}`, messageId: `<z${i}@example.com>`, inReplyTo: last.messageId });
    }
    // maxPerHour (2) automatic answers in the case, the acknowledgment among them; the rest are withheld and logged.
    expect(s.outbox().filter((o) => o.toAddrs.includes('loopy@example.com'))).toHaveLength(2);
    expect(s.eventTypes('2026-0001')).toContain('reply_capped');
    // Staff are told the truth, once for the hour, however long the loop runs.
    expect(s.outbox().filter((o) => o.kind === 'staff_answer_withheld').map((o) => o.toAddrs.join())).toEqual(['staff1@lpse.test,staff2@lpse.test']);
    // A new report of the same address is acknowledged all the same.
    await s.send({ from: 'loopy@example.com', subject: 'Error lain', text: 'loading terus', at: '2026-11-26 08:30', messageId: '<z9@example.com>' });
    expect(s.outbox().filter((o) => o.toAddrs.includes('loopy@example.com') && o.caseId === s.store.db.select().from(cases).all().at(-1)!.id)).toHaveLength(1);
  });

  it('processing the same message twice sends once', async () => {
    s = new Scenario();
    const file = await s.eml({ from: REPORTER, subject: 'Error', text: REPORT, at: '2026-11-26 07:41', messageId: '<d1@gmail.com>', screenshot: true });
    expect((await s.process(file)).disposition).toBe('processed');
    expect((await s.process(file)).disposition).toBe('duplicate');
    expect(s.outbox()).toHaveLength(2);
    expect(s.outboxFiles()).toHaveLength(2);
  });

  it('the same message arriving twice at once is processed once', async () => {
    s = new Scenario();
    const file = await s.eml({ from: REPORTER, subject: 'Error', text: REPORT, at: '2026-11-26 07:41', messageId: '<d2@gmail.com>', screenshot: true });
    const raw = fs.readFileSync(file);
    const helpdesk = new Helpdesk({ config: s.config, store: s.store, sop: sopFromConfig(s.config), calendar: calendarFromConfig(s.config), now: () => new Date('2026-11-26T01:00:00Z') });
    const receipts = await Promise.all([helpdesk.receive(raw), helpdesk.receive(raw)]);
    expect(receipts.map((r) => r.disposition).sort()).toEqual(['duplicate', 'processed']);
    expect(s.outbox()).toHaveLength(2);
  });

  it('ignores its own mail', async () => {
    s = new Scenario();
    const r = await s.send({ from: 'helpdesk@lpse.test', subject: 'Halo', text: 'uji', at: '2026-11-26 07:41', messageId: '<own@lpse.test>' });
    expect(r).toMatchObject({ disposition: 'ignored', reason: 'own_mail' });
    expect(s.outbox()).toHaveLength(0);
  });
});
