// Staff working a whole case by mail, and mail off the happy path: each through real .eml files
// and the offline pipeline (the code behind `lpse-helpdesk process`).
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { Helpdesk } from '../../src/helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { buildDigest, renderDigest } from '../../src/digest';
import { listCases } from '../../src/store/case-views';
import { events } from '../../src/store/schema';
import { docx, png } from '../inbox/files';
import { REPORT, Scenario } from './scenario-kit';

const COMMITTEE = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const COMMITTEE_ADDR = 'pokja3.batang@gmail.com';
const RINA = 'Rina Wulandari <staff1@lpse.test>';
const AGUS = 'Agus Setiawan <staff2@lpse.test>';
const LKPP = 'Helpdesk LKPP <lkpp@lpse.test>';
const TAG = '[LPSE#2026-0001]';
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);

let s: Scenario;
afterEach(() => s.close());

const after = (n: number) => s.outbox().slice(n);
const kinds = (rows: ReturnType<Scenario['outbox']>) => rows.map((o) => `${o.kind}->${o.toAddrs.join(',')}`);
let seq = 0;
const id = () => `<x${++seq}@mail.test>`;

async function report(at = '2026-11-26 08:00', from = COMMITTEE, text = REPORT) {
  return s.send({ from, subject: 'Error evaluasi tender', text, at, messageId: id(), screenshot: true });
}

describe('staff open a case for a committee', () => {
  const FORWARDED = [
    'Mohon dibuatkan kasus, pelapor menulis ke alamat saya.',
    '',
    '---------- Forwarded message ---------',
    'From: Pokja Pemilihan 6 <pokja6.batang@gmail.com>',
    'Date: Wed, 25 Nov 2026 at 14:02',
    'Subject: Mohon bantuan error SPSE',
    'To: <staff1@lpse.test>',
    '',
    'Selamat siang, saat membuka menu jadwal aplikasi loading terus dan tidak berakhir.',
    '',
    'Nama Pokja Pemilihan: Pokja Pemilihan 6',
    'User ID: pokja6btg',
    'Kode Tender: 10066677000',
    'Nama Paket: Pengadaan Alat Kesehatan Puskesmas',
    'No. HP: 0813-9988-7766',
    '',
    'Terima kasih',
  ].join('\n');

  it('an inline forward opens a case whose reporter is the original writer, acknowledged in a thread of its own', async () => {
    s = new Scenario();
    const r = await s.send({ from: RINA, subject: 'Fwd: Mohon bantuan error SPSE', text: FORWARDED, at: '2026-11-26 08:10', messageId: '<fwd1@lpse.test>', screenshot: true });
    expect(r).toMatchObject({ disposition: 'processed', caseRef: '2026-0001', handling: 'open_forwarded_case' });
    const c = s.caseOf('2026-0001');
    expect(c).toMatchObject({ reporter: 'pokja6.batang@gmail.com', state: 'in_progress', missing: [], openedBy: { staff: 'staff1@lpse.test', via: 'forward' } });
    expect(c.fields).toMatchObject({ userId: 'pokja6btg', tenderCode: '10066677000' });
    expect(c.description).toContain('loading terus');
    expect(c.description).not.toContain('Mohon dibuatkan kasus');
    const ack = s.outbox().find((o) => o.kind === 'ack_complete')!;
    expect(ack.toAddrs).toEqual(['pokja6.batang@gmail.com']);
    expect(ack.raw).not.toMatch(/^In-Reply-To:/m);
    const notice = s.outbox().find((o) => o.kind === 'staff_new_case')!;
    expect(notice.raw).toContain('Rina Wulandari');
    // The committee's own words reach staff, not only the symptom category.
    expect(notice.raw).toContain('menu jadwal');
    // The committee answers the acknowledgment: it threads to its case and is the reporter's.
    await s.send({ from: 'Pokja 6 <pokja6.batang@gmail.com>', subject: `Re: ${ack.subject}`, text: 'Terima kasih, kami tunggu.', at: '2026-11-26 08:20', messageId: id(), inReplyTo: ack.messageId });
    expect(s.eventTypes('2026-0001')).toContain('reporter_message');
  });

  it('a forward as an attached message opens the case for its writer too', async () => {
    s = new Scenario();
    const inner = await s.eml({ from: 'Pokja Pemilihan 6 <pokja6.batang@gmail.com>', to: 'staff1@lpse.test', subject: 'Error upload', text: FORWARDED.split('\n').slice(8).join('\n'), at: '2026-11-25 14:02', messageId: '<inner@gmail.com>', screenshot: true });
    s.inputs.pop();
    const r = await s.send({ from: RINA, subject: 'Fwd: Error upload', text: 'Terlampir laporan dari pokja 6.', at: '2026-11-26 08:10', messageId: '<fwd2@lpse.test>', files: [{ filename: 'laporan.eml', content: fs.readFileSync(inner), contentType: 'message/rfc822' }] });
    expect(r.handling).toBe('open_forwarded_case');
    expect(s.caseOf('2026-0001')).toMatchObject({ reporter: 'pokja6.batang@gmail.com', missing: [] });
  });

  it('#laporan-telepon with data lines opens a case for a report taken by phone; the committee is asked for what is missing', async () => {
    s = new Scenario();
    const text = ['#laporan-telepon', 'Email pelapor: pokja5.batang@gmail.com', 'Nama Pokja Pemilihan: Pokja Pemilihan 5', 'Kode Tender: 10055566000', 'Nama Paket: Rehabilitasi Gedung Kantor', 'No. HP: 0813-2222-3333', '', 'Pelapor menelepon: upload dokumen kualifikasi gagal terus.'].join('\n');
    const r = await s.send({ from: RINA, subject: 'Laporan telepon Pokja 5', text, at: '2026-11-26 09:00', messageId: id() });
    expect(r.handling).toBe('open_phone_case');
    const c = s.caseOf('2026-0001');
    expect(c).toMatchObject({ reporter: 'pokja5.batang@gmail.com', state: 'awaiting_reporter', openedBy: { via: 'phone' } });
    expect(c.missing).toEqual(['userId', 'screenshot']);
    expect(kinds(s.outbox())).toEqual(expect.arrayContaining(['ack_missing->pokja5.batang@gmail.com']));
  });

  it('#kasus-baru without the committee address opens nothing and tells the staff member what to write', async () => {
    s = new Scenario();
    const r = await s.send({ from: RINA, subject: 'Laporan walk-in', text: '#kasus-baru\nNama Pokja Pemilihan: Pokja 2\nGagal upload.', at: '2026-11-26 09:00', messageId: id() });
    expect(r).toMatchObject({ caseRef: null, reason: 'phone_report_without_address' });
    expect(kinds(s.outbox())).toEqual(['staff_help_no_case->staff1@lpse.test']);
    expect(s.outbox()[0]!.raw).toMatch(/Alamat surel|Email pelapor/);
  });
});

describe('mail of no case always gets an answer or a relay', () => {
  it('staff mail with no case and no command gets the help: how to open a case and the commands', async () => {
    s = new Scenario();
    const r = await s.send({ from: RINA, subject: 'Tanya', text: 'Bagaimana cara membuat kasus baru?', at: '2026-11-26 09:00', messageId: id() });
    expect(r.handling).toBe('help_answer');
    const help = s.outbox()[0]!;
    expect(help.toAddrs).toEqual(['staff1@lpse.test']);
    expect(help.raw).toMatch(/kasus-baru/);
  });

  it('a command whose subject names a case that does not exist is told so, by that case number', async () => {
    s = new Scenario();
    const r = await s.send({ from: RINA, subject: 'Re: [LPSE#2026-0999] Laporan diterima', text: '#selesai Sudah diperbaiki.', at: '2026-11-26 09:00', messageId: id() });
    expect(r.handling).toBe('help_answer');
    const help = s.outbox()[0]!;
    expect(help.toAddrs).toEqual(['staff1@lpse.test']);
    expect(help.raw).toContain('Kasus 2026-0999 yang disebut pada subjek surel Anda tidak ditemukan');
    expect(help.raw).not.toContain('tidak memuat kode kasus');
  });

  it('a typo without a case is answered with the nearest command', async () => {
    s = new Scenario();
    await s.send({ from: RINA, subject: 'x', text: '#selsai', at: '2026-11-26 09:00', messageId: id() });
    expect(s.outbox()[0]!.raw).toMatch(/#selesai/);
  });

  it("LKPP's circular is relayed to staff, and #kasus REF in a reply attaches it to the case as LKPP's answer", async () => {
    s = new Scenario();
    await report();
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#eskalasi', at: '2026-11-26 08:10', messageId: id() });
    const r = await s.send({ from: LKPP, subject: 'Tiket #LKPP-2026-555 diterima', text: 'Laporan Anda kami terima dengan nomor Tiket #LKPP-2026-555.', at: '2026-11-26 09:00', messageId: '<lkpp-new@lkpp.test>' });
    expect(r).toMatchObject({ handling: 'relay_unmatched', caseRef: null });
    const relay = s.outbox().find((o) => o.kind === 'staff_relay_unmatched')!;
    expect(relay.toAddrs).toEqual(['staff1@lpse.test', 'staff2@lpse.test']);
    expect(relay.raw).toMatch(/#kasus/);
    const attach = await s.send({ from: RINA, subject: `Re: ${relay.subject}`, text: '#kasus 2026-0001', at: '2026-11-26 09:05', messageId: id(), inReplyTo: relay.messageId });
    expect(attach).toMatchObject({ handling: 'attach_to_case', caseRef: '2026-0001' });
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'lkpp_handling', lkppTicket: 'LKPP-2026-555' });
    expect(s.eventTypes('2026-0001')).toContain('message_attached');
    // LKPP's next mail about that ticket threads by itself.
    const next = await s.send({ from: LKPP, subject: 'Update Tiket #LKPP-2026-555', text: 'Masih kami periksa.', at: '2026-11-26 10:00', messageId: id() });
    expect(next.caseRef).toBe('2026-0001');
  });

  it('blank mail and a stray command from a committee open no case and get a short answer', async () => {
    s = new Scenario();
    const blank = await s.send({ from: 'Pokja 9 <pokja9@gmail.com>', subject: '', text: '', at: '2026-11-26 09:00', messageId: id() });
    const stray = await s.send({ from: 'Pokja 9 <pokja9@gmail.com>', subject: 'tutup', text: '#tutup', at: '2026-11-26 09:01', messageId: id() });
    expect([blank.caseRef, stray.caseRef]).toEqual([null, null]);
    expect(kinds(s.outbox())).toEqual(['reporter_short_answer->pokja9@gmail.com', 'reporter_short_answer->pokja9@gmail.com']);
  });

  it("someone using a case's tag who takes no part is relayed to staff, not given a case of their own", async () => {
    s = new Scenario();
    await report();
    const n = s.outbox().length;
    const r = await s.send({ from: 'Orang Lain <orang.lain@yahoo.test>', subject: `Fwd: ${TAG} Laporan diterima`, text: 'Saya juga mengalami error yang sama di paket saya.', at: '2026-11-26 09:00', messageId: id() });
    expect(r).toMatchObject({ handling: 'relay_outsider', caseRef: '2026-0001' });
    expect(kinds(after(n))).toEqual(['staff_relay_outsider->staff1@lpse.test,staff2@lpse.test']);
    expect(after(n)[0]!.raw).toContain('error yang sama');
  });
});

describe('a committee answers the solved notice', () => {
  it('"masih error" reopens the case to step 2; staff are alerted and the committee is told', async () => {
    s = new Scenario();
    await report();
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#selesai Jadwal sudah diperbaiki.', at: '2026-11-26 08:10', messageId: id() });
    const solved = s.outbox().find((o) => o.kind === 'solved_notice')!;
    const n = s.outbox().length;
    await s.send({ from: COMMITTEE, subject: `Re: ${solved.subject}`, text: 'Mohon maaf, masih belum bisa pak, errornya muncul lagi.', at: '2026-11-26 09:00', messageId: id(), inReplyTo: solved.messageId });
    const c = s.caseOf('2026-0001');
    expect(c).toMatchObject({ state: 'in_progress', outcome: null });
    expect(c.clocks.at(-1)).toMatchObject({ step: '2', stoppedAt: null });
    expect(kinds(after(n))).toEqual(expect.arrayContaining([`reopened_notice->${COMMITTEE_ADDR}`, 'staff_case_reopened->staff1@lpse.test,staff2@lpse.test']));
  });

  it('a plain "terima kasih" keeps it solved; it closes quietly on schedule', async () => {
    s = new Scenario();
    await report();
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#selesai Jadwal sudah diperbaiki.', at: '2026-11-26 08:10', messageId: id() });
    await s.send({ from: COMMITTEE, subject: `Re: ${TAG}`, text: 'Alhamdulillah sudah bisa, terima kasih banyak.', at: '2026-11-26 09:00', messageId: id() });
    expect(s.caseOf('2026-0001').state).toBe('solved');
    expect(s.outbox().some((o) => o.kind === 'reopened_notice')).toBe(false);
  });
});

describe('caps never hide a first answer', () => {
  it("a busy committee's sixth and seventh reports in an hour are each acknowledged", async () => {
    s = new Scenario();
    for (let i = 0; i < 7; i++) await report(`2026-11-26 08:${String(10 + i).padStart(2, '0')}`, COMMITTEE, REPORT.replace('10034567000', `1003456700${i}`));
    expect(s.outbox().filter((o) => o.kind === 'ack_complete' && o.toAddrs.includes(COMMITTEE_ADDR))).toHaveLength(7);
  });
});

describe('what goes out carries what staff meant', () => {
  it('files staff attach to #balas reach the committee', async () => {
    s = new Scenario();
    await report();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#balas Terlampir panduan unggah dokumen.', at: '2026-11-26 08:20', messageId: id(), files: [{ filename: 'panduan-unggah.pdf', content: pdf, contentType: 'application/pdf' }] });
    const relay = s.outbox().find((o) => o.kind === 'relay_to_reporter')!;
    expect(relay.toAddrs).toEqual([COMMITTEE_ADDR]);
    expect(relay.raw).toContain('panduan-unggah.pdf');
    expect(relay.raw).toContain(pdf.toString('base64').slice(0, 30));
  });

  it('#balas carries the files the inbox kept, by reference; one it skipped as too large is named in the log, not attached', async () => {
    s = new Scenario((c) => ({ ...c, attachments: { ...c.attachments, maxBytes: 64 * 1024 } }));
    await report();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
    await s.send({
      from: RINA,
      subject: `Re: ${TAG}`,
      text: '#balas Terlampir panduan unggah dokumen dan contoh berkas penawaran.',
      at: '2026-11-26 08:20',
      messageId: id(),
      files: [
        { filename: 'panduan-unggah.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'contoh-penawaran.pdf', content: big, contentType: 'application/pdf' },
      ],
    });
    const relay = s.outbox().find((o) => o.kind === 'relay_to_reporter')!;
    expect(relay.files.map((f) => [f.filename, f.size])).toEqual([['panduan-unggah.pdf', pdf.length]]);
    const mail = await simpleParser(relay.raw);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['panduan-unggah.pdf']);
    const queued = s.store.db.select().from(events).where(eq(events.type, 'mail_queued')).all().find((e) => e.detail.outboxId === relay.id);
    expect(queued?.detail).toMatchObject({ files: ['panduan-unggah.pdf', 'contoh-penawaran.pdf'], notAttached: ['contoh-penawaran.pdf'] });
  });

  it("the escalation starts its own thread; the committee is told; LKPP's text never reaches it", async () => {
    s = new Scenario((cfg) => ({ ...cfg, escalation: { ...cfg.escalation, mode: 'send' } }));
    await report();
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#eskalasi', at: '2026-11-26 08:20', messageId: '<esc@lpse.test>' });
    const escalation = s.outbox().find((o) => o.kind === 'escalation')!;
    expect(escalation.raw).not.toMatch(/^In-Reply-To:/m);
    expect(escalation.raw).toContain('notifikasi'); // the committee's own words ("muncul notifikasi ...")
    expect(s.outbox().some((o) => o.kind === 'escalated_notice' && o.toAddrs.includes(COMMITTEE_ADDR))).toBe(true);
    const lkppText = '#lkpp-selesai Cache sudah dibersihkan.\nAkses VPN untuk LKPP dapat ditutup kembali.\n\nSalam,\nTim Helpdesk LKPP';
    await s.send({ from: LKPP, subject: `Re: ${escalation.subject}`, text: lkppText, at: '2026-11-26 10:00', messageId: id(), inReplyTo: escalation.messageId });
    const notice = s.outbox().find((o) => o.kind === 'lkpp_solved_notice')!;
    expect(notice.toAddrs).toEqual([COMMITTEE_ADDR]);
    expect(notice.raw).not.toContain('VPN');
    expect(notice.raw).not.toContain('Tim Helpdesk LKPP');
    const toStaff = s.outbox().find((o) => o.kind === 'staff_lkpp_solved')!;
    expect(toStaff.raw).toContain('VPN');
  });

  it('#minta-data keeps the sentence staff wrote for the committee', async () => {
    s = new Scenario();
    await report();
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#minta-data screenshot\nMohon kirim ulang tangkapan layar setelah klik dua kali empat titik di kiri kata maaf.', at: '2026-11-26 08:20', messageId: id() });
    const ask = s.outbox().find((o) => o.kind === 'request_data')!;
    expect(ask.raw).toContain('empat titik');
  });
});

describe('colleagues see each other', () => {
  it('every accepted command is confirmed to the sender and copied to the other staff in one short line', async () => {
    s = new Scenario();
    await report();
    const n = s.outbox().length;
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#balas Mohon dicoba kembali.', at: '2026-11-26 08:20', messageId: id() });
    expect(kinds(after(n))).toEqual(expect.arrayContaining(['staff_ack->staff1@lpse.test', 'staff_command_copy->staff2@lpse.test']));
    const copy = after(n).find((o) => o.kind === 'staff_command_copy')!;
    expect(copy.raw).toContain('Rina Wulandari');
  });

  it('#tugaskan takes a staff name and tells the assignee; an unknown name is refused with the list', async () => {
    s = new Scenario();
    await report();
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#tugaskan Budi', at: '2026-11-26 08:20', messageId: id() });
    const refusal = s.outbox().find((o) => o.kind === 'staff_refusal')!;
    expect(refusal.raw).toContain('Agus Setiawan');
    expect(s.caseOf('2026-0001').assignee).toBeNull();
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#tugaskan agus', at: '2026-11-26 08:21', messageId: id() });
    expect(s.caseOf('2026-0001').assignee).toBe('staff2@lpse.test');
    expect(s.outbox().some((o) => o.kind === 'staff_assigned' && o.toAddrs.join() === 'staff2@lpse.test')).toBe(true);
    // `cases` and the digest show who has it, by name.
    expect(listCases(s.store.sqlite, wib('2026-11-26 09:00'))[0]).toMatchObject({ assignee: 'staff2@lpse.test' });
    const digest = renderDigest(buildDigest(s.store.db, wib('2026-11-26 09:00'), calendarFromConfig(s.config), sopFromConfig(s.config)), 'id', {
      helpdeskName: s.config.mailbox.name,
      tagPrefix: 'LPSE',
      staff: s.config.staff,
    });
    expect(digest.text).toContain('Agus Setiawan');
  });

  it('a command after a bullet runs; one mid-sentence is refused, never ignored', async () => {
    s = new Scenario();
    await report();
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: '- #catatan Sudah dicek di server.', at: '2026-11-26 08:20', messageId: id() });
    expect(s.eventTypes('2026-0001')).toContain('command');
    const n = s.outbox().length;
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: 'Tolong #selesai saja ya.', at: '2026-11-26 08:21', messageId: id() });
    expect(s.caseOf('2026-0001').state).toBe('in_progress');
    expect(kinds(after(n))).toEqual(['staff_refusal->staff2@lpse.test']);
  });

  it('staff writing in a case without a command get told it was kept as a note', async () => {
    s = new Scenario();
    await report();
    const n = s.outbox().length;
    const r = await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: 'Sudah saya telepon pelapornya.', at: '2026-11-26 08:20', messageId: id() });
    expect(r.handling).toBe('note_and_help');
    expect(kinds(after(n))).toEqual(['staff_note_recorded->staff2@lpse.test']);
    expect(s.eventTypes('2026-0001')).toContain('staff_note');
  });

  it('#status answers with the open cases and what is overdue', async () => {
    s = new Scenario();
    await report();
    const r = await s.send({ from: AGUS, subject: 'status', text: '#status', at: '2026-11-26 10:00', messageId: id() });
    expect(r.handling).toBe('status_answer');
    const answer = s.outbox().at(-1)!;
    expect(answer.toAddrs).toEqual(['staff2@lpse.test']);
    expect(answer.raw).toContain(TAG);
  });

  it('staff mails carry tel: and WhatsApp links for the committee and mailto: links for the commands valid now', async () => {
    s = new Scenario();
    await report();
    const notice = await simpleParser(s.outbox().find((o) => o.kind === 'staff_new_case')!.raw);
    expect(notice.text).toContain('tel:+6281227459910');
    expect(notice.text).toContain('https://wa.me/6281227459910');
    const links = [...String(notice.html).matchAll(/href="(mailto:[^"]+)"/g)].map((m) => decodeURIComponent(m[1]!.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/&amp;/g, '&')));
    expect(links.length).toBeGreaterThan(3);
    expect(links).toEqual(expect.arrayContaining([expect.stringMatching(/^mailto:helpdesk@lpse\.test\?subject=Re: \[LPSE#2026-0001\].*&body=#selesai/)]));
  });
});

describe('clock alerts are batched', () => {
  it('one mail per staff member per tick lists every case that crossed a line; breaches also go to the head', async () => {
    s = new Scenario((cfg) => ({ ...cfg, alerts: { ...cfg.alerts, breachCopyTo: ['kepala@lpse.test'] } }));
    for (let i = 0; i < 5; i++) await report(`2026-11-23 09:0${i}`, `Pokja ${i} <pokja${i}@gmail.com>`, REPORT.replace('10034567000', `1003456700${i}`));
    const helpdesk = new Helpdesk({ config: s.config, store: s.store, sop: sopFromConfig(s.config), calendar: calendarFromConfig(s.config), now: () => new Date() });
    const before = s.outbox().length;
    await helpdesk.tick(wib('2026-11-23 10:30'));
    await s.build();
    const batch = after(before);
    expect(kinds(batch).sort()).toEqual(['staff_clock_batch->kepala@lpse.test', 'staff_clock_batch->staff1@lpse.test', 'staff_clock_batch->staff2@lpse.test']);
    for (let i = 1; i <= 5; i++) expect(batch[0]!.raw).toContain(`[LPSE#2026-000${i}]`);
    // Nothing twice: the next tick sends nothing.
    await helpdesk.tick(wib('2026-11-23 10:31'));
    expect(s.outbox()).toHaveLength(before + 3);
    expect(s.store.db.select().from(events).where(eq(events.type, 'clock_alerts_batched')).all()).toHaveLength(1);
  });
});


describe('a relayed mail becomes a case of its own', () => {
  it("#kasus-baru in a reply to the relay of a stranger's mail opens a case for that stranger", async () => {
    s = new Scenario();
    await report();
    const text = 'Selamat siang, kami Pokja Pemilihan 8. Upload dokumen gagal terus.\nKode Tender: 10088899000\nNama Paket: Jalan Desa Kalisalak';
    await s.send({ from: 'Pokja 8 <pokja8.batang@gmail.com>', subject: `Fwd: ${TAG} Laporan diterima`, text, at: '2026-11-26 09:00', messageId: '<stranger@gmail.com>', screenshot: true });
    const relay = s.outbox().find((o) => o.kind === 'staff_relay_outsider')!;
    const r = await s.send({ from: RINA, subject: `Re: ${relay.subject}`, text: '#kasus-baru', at: '2026-11-26 09:05', messageId: id(), inReplyTo: relay.messageId });
    expect(r).toMatchObject({ handling: 'open_phone_case', caseRef: '2026-0002' });
    const c = s.caseOf('2026-0002');
    expect(c).toMatchObject({ reporter: 'pokja8.batang@gmail.com', screenshots: 1 });
    expect(c.fields.tenderCode).toBe('10088899000');
    expect(s.outbox().some((o) => o.kind === 'ack_missing' && o.toAddrs.join() === 'pokja8.batang@gmail.com')).toBe(true);
    // The first case is untouched.
    expect(s.caseOf('2026-0001').reporter).toBe(COMMITTEE_ADDR);
  });
});

describe('mail to a committee or LKPP threads only on what it has seen', () => {
  it('no References to staff-internal mail; the escalation in send mode has no copy to the helpdesk', async () => {
    s = new Scenario((cfg) => ({ ...cfg, escalation: { ...cfg.escalation, mode: 'send' } }));
    await s.send({ from: COMMITTEE, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 08:00', messageId: '<report@gmail.com>', screenshot: true });
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#catatan cek log', at: '2026-11-26 08:10', messageId: '<note@lpse.test>' });
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#eskalasi', at: '2026-11-26 08:20', messageId: '<esc@lpse.test>' });
    const escalation = s.outbox().find((o) => o.kind === 'escalation')!;
    expect(escalation.toAddrs).toEqual(['lkpp@lpse.test']);
    await s.send({ from: LKPP, subject: `Re: ${escalation.subject}`, text: '#lkpp-selesai Sudah.', at: '2026-11-26 10:00', messageId: '<lkpp@lkpp.test>', inReplyTo: escalation.messageId });
    const staffIds = s.outbox().filter((o) => o.toAddrs.some((a) => a.startsWith('staff'))).map((o) => o.messageId);
    const seenByCommittee = ['<report@gmail.com>', ...s.outbox().filter((o) => o.toAddrs.includes(COMMITTEE_ADDR)).map((o) => o.messageId)];
    for (const o of s.outbox().filter((x) => x.toAddrs.includes(COMMITTEE_ADDR))) {
      const refs = /^References: (.*(?:\r?\n[ \t].*)*)/m.exec(o.raw)?.[1] ?? '';
      const ids = refs.match(/<[^>]+>/g) ?? [];
      expect(ids.every((i) => seenByCommittee.includes(i))).toBe(true);
      expect(ids.some((i) => ['<note@lpse.test>', '<esc@lpse.test>', '<lkpp@lkpp.test>', escalation.messageId, ...staffIds].includes(i))).toBe(false);
    }
    const notice = s.outbox().find((o) => o.kind === 'lkpp_solved_notice')!;
    expect(/^In-Reply-To: (.*)$/m.exec(notice.raw)?.[1]).toBe(seenByCommittee.filter((i) => i !== notice.messageId).at(-1));
  });
});

describe('a committee hashtag is not a stray command', () => {
  it('a report that starts with a hashtag opens a case; bare commands get the short answer', async () => {
    s = new Scenario();
    const r = await s.send({ from: 'Pokja 9 <pokja9@gmail.com>', subject: 'Mohon bantuan', text: '#SPSE tidak bisa dibuka sejak pagi, mohon dibantu pengecekannya.', at: '2026-11-26 09:00', messageId: id() });
    expect(r.handling).toBe('open_case');
    const bare = await s.send({ from: 'Pokja 9 <pokja9@gmail.com>', subject: 'x', text: '#selesai\n#tutup terima kasih', at: '2026-11-26 09:05', messageId: id() });
    expect(bare.handling).toBe('short_answer');
  });
});

describe('notices staff can act on', () => {
  it('the quarantine notice says, in the mail language, who sent the unreadable mail and why', async () => {
    s = new Scenario();
    const helpdesk = new Helpdesk({ config: s.config, store: s.store, sop: sopFromConfig(s.config), calendar: calendarFromConfig(s.config), now: () => wib('2026-11-26 09:00') });
    const raw = Buffer.from('From: Pokja 4 <pokja4@gmail.com>\r\nSubject: Laporan error jadwal\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n');
    await helpdesk.quarantineRaw(raw, 'processing failed 3 times: boom');
    await s.build();
    const parsed = await simpleParser(s.outbox().find((o) => o.kind === 'staff_quarantine')!.raw);
    expect(parsed.text).toContain('pokja4@gmail.com');
    expect(parsed.text).toContain('Laporan error jadwal');
    expect(parsed.text).not.toMatch(/processing failed/);
  });

  it('staff hear once that the coming year has no holiday calendar', async () => {
    s = new Scenario((cfg) => ({ ...cfg, holidays: cfg.holidays.filter((d) => !d.startsWith('2027')) }));
    const helpdesk = new Helpdesk({ config: s.config, store: s.store, sop: sopFromConfig(s.config), calendar: calendarFromConfig(s.config), now: () => new Date() });
    await helpdesk.tick(wib('2026-11-02 08:00'));
    await helpdesk.tick(wib('2026-11-02 08:01'));
    const notices = s.outbox().filter((o) => o.kind === 'staff_calendar_missing');
    expect(notices.map((o) => o.toAddrs.join())).toEqual(['staff1@lpse.test,staff2@lpse.test']);
    expect(notices[0]!.subject).toContain('2027');
  });
});

describe('screenshots as committees send them', () => {
  it('a screenshot pasted into a .docx counts, staff get the file with a word on where the screenshot is, and a signature logo does not count', async () => {
    s = new Scenario();
    const file = docx({ 'image1.png': png(1280, 720) });
    const logo = png(120, 40);
    await s.send({
      from: COMMITTEE,
      subject: 'Error evaluasi tender',
      text: REPORT,
      at: '2026-11-26 08:00',
      messageId: id(),
      files: [
        { filename: 'laporan-error.docx', content: file, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        { filename: 'logo-pemkab.png', content: logo, contentType: 'image/png' },
      ],
    });
    expect(s.caseOf('2026-0001')).toMatchObject({ missing: [], screenshots: 1 });
    const notice = await simpleParser(s.outbox().find((o) => o.kind === 'staff_new_case')!.raw);
    expect(notice.attachments.map((a) => a.filename)).toEqual(['laporan-error.docx']);
    expect(notice.text).toContain('laporan-error.docx');
    expect(notice.text).toMatch(/di dalam dokumen/);
  });
});

describe('a digest for a past moment', () => {
  it('counts the cases as they stood then: none opened later, and a clock stopped later as still running', async () => {
    s = new Scenario();
    await report('2026-11-26 08:00');
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#selesai Sudah.', at: '2026-11-26 10:00', messageId: id() });
    const at = (when: string) => buildDigest(s.store.db, wib(when), calendarFromConfig(s.config), sopFromConfig(s.config));
    expect(at('2026-11-25 09:00').open.byStep).toEqual([]);
    expect(at('2026-11-26 09:00').open.byStep).toEqual([expect.objectContaining({ step: '2', count: 1 })]);
    expect(at('2026-11-26 11:00').open.byStep).toEqual([]);
  });
});
