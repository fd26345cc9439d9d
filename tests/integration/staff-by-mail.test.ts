/**
 * Staff working a whole case by mail, over the real Dovecot and Postfix (issue 10): a staff
 * member forwards a committee's mail and so opens its case, escalates it with `#eskalasi`
 * (escalation.mode 'send': the bot mails LKPP itself), LKPP answers `#lkpp-selesai`, and the
 * committee's "masih error" reopens the case to SOP step 2. Each step is checked in the
 * mailboxes of everyone involved and in the daemon's database.
 */
import { USERS, listMessages, sendAs, startMailServer, waitFor, type ListedMessage } from './mailserver';
import { PNG, clearAll, delivered, ensureBuilt, header, killLaunched, kindsIn, launch, removeTempDirs, textOf } from './daemon-kit';

const verbose = !!process.env.LPSE_TEST_MAIL_VERBOSE;

/** The committee's own report, complete (every datum of SOP step 1), as it wrote it to staff1. */
const COMMITTEE_REPORT = [
  'Selamat pagi Ibu Rina,',
  '',
  'Saat membuat jadwal evaluasi pada menu Jadwal Tender muncul notifikasi "maaf operasi yang anda lakukan salah", sehingga jadwal tidak dapat disimpan.',
  '',
  'Nama Pokja Pemilihan: Pokja Pemilihan 1',
  'User ID: pokja1btg',
  'Kode Tender: 10034567000',
  'Nama Paket: Rehabilitasi Jalan Warungasem',
  'No. HP: 0812-2745-9910',
  '',
  'Tangkapan layar terlampir. Terima kasih.',
  '',
  'Pokja Pemilihan 1',
].join('\n');

/** Gmail's inline forward, as staff1 sends it on to the helpdesk with the screenshot attached. */
const FORWARD = [
  'Mohon dibuatkan kasus untuk laporan Pokja Pemilihan 1 berikut.',
  '',
  'Rina',
  '',
  '---------- Forwarded message ---------',
  'From: Pokja Pemilihan 1 <pokja1@lpse.test>',
  'Date: Sen, 30 Nov 2026 pukul 08.15',
  'Subject: Error saat membuat jadwal evaluasi',
  'To: Rina Wulandari <staff1@lpse.test>',
  '',
  COMMITTEE_REPORT,
].join('\n');

/** LKPP's answer: the command, then lines meant for the LPSE only, and a signature. */
const LKPP_ANSWER = [
  '#lkpp-selesai Cache aplikasi sudah dibersihkan, jadwal evaluasi dapat disimpan kembali.',
  'akses VPN untuk LKPP dapat ditutup kembali',
  '',
  'Salam,',
  'Budi Santoso',
  'Layanan Dukungan SPSE, Direktorat Sistem Pengadaan Digital LKPP',
].join('\n');

const tagOf = (m: ListedMessage) => /\[LPSE#(\d{4}-\d{4})\]/.exec(m.envelope.subject ?? '');

beforeAll(() => {
  ensureBuilt();
});

afterAll(() => {
  removeTempDirs();
});

beforeEach(async () => {
  await clearAll();
});

afterEach(async () => {
  for (const d of await killLaunched()) if (verbose) console.log(`--- daemon log tail ---\n${d.tail(12)}`);
  startMailServer();
});

describe('staff work a case by mail', () => {
  it('a forward opens the committee case; #eskalasi sends it to LKPP; #lkpp-selesai tells the committee; "masih error" reopens it', async () => {
    const { daemon, db } = await launch((doc) => {
      doc.escalation.mode = 'send';
    });

    // a) staff1 forwards the committee's mail: the case is pokja1's, acknowledged as if it wrote itself.
    const forward = await sendAs('staff1', {
      to: 'helpdesk',
      subject: 'Fwd: Error saat membuat jadwal evaluasi',
      text: FORWARD,
      attachments: [{ filename: 'jadwal-error.png', content: PNG, contentType: 'image/png' }],
    });
    const ack = await delivered(db, 'pokja1', 'ack_complete');
    expect(header(ack, 'In-Reply-To')).toBeNull();
    expect(header(ack, 'References')).toBeNull();
    expect(ack.envelope.to?.map((a) => a.address)).toEqual([USERS.pokja1]);
    const [tag, ref] = tagOf(ack) ?? [];
    if (tag === undefined || ref === undefined) throw new Error(`no case tag in the acknowledgment's subject: ${ack.envelope.subject}`);
    expect(db.caseByRef(ref)).toMatchObject({ reporter: USERS.pokja1, state: 'in_progress', opened_by_staff: USERS.staff1, opened_via: 'forward' });
    const notice = await delivered(db, 'staff1', 'staff_new_case');
    expect(tagOf(notice)?.[0]).toBe(tag);
    const noticeText = await textOf(notice);
    expect(noticeText).toContain('Kasus dibuka oleh Rina Wulandari dari surel yang diteruskan');
    expect(noticeText).toContain('menu Jadwal Tender'); // the committee's own words reach staff
    await delivered(db, 'staff2', 'staff_new_case');

    // b) staff1 answers the notice with #eskalasi: the bot mails LKPP itself, in a thread of its own.
    const noticeId = header(notice, 'Message-ID')!;
    const escalate = await sendAs('staff1', {
      to: 'helpdesk',
      subject: `Re: ${notice.envelope.subject}`,
      text: 'Sudah dicek, perlu penanganan LKPP.\n#eskalasi',
      inReplyTo: noticeId,
      references: noticeId,
    });
    const escalation = await delivered(db, 'lkpp', 'escalation');
    expect(escalation.envelope.to?.map((a) => a.address)).toEqual([USERS.lkpp]);
    expect(header(escalation, 'In-Reply-To')).toBeNull();
    expect(tagOf(escalation)?.[0]).toBe(tag);
    await waitFor(() => db.caseByRef(ref)?.state === 'at_lkpp', 10_000, { message: 'the case never reached at_lkpp' });
    const escalatedNotice = await delivered(db, 'pokja1', 'escalated_notice');
    expect(tagOf(escalatedNotice)?.[0]).toBe(tag);
    expect(await textOf(escalatedNotice)).not.toMatch(/root|password|kata sandi/i);

    // c) LKPP answers #lkpp-selesai with lines for the LPSE only: the committee gets the LPSE's
    //    own solved notice, staff get LKPP's whole text.
    const escalationId = header(escalation, 'Message-ID')!;
    const lkppAnswer = await sendAs('lkpp', {
      to: 'helpdesk',
      subject: `Re: ${escalation.envelope.subject} [Tiket #LKPP-2026-11873]`,
      text: LKPP_ANSWER,
      inReplyTo: escalationId,
      references: escalationId,
    });
    const solved = await delivered(db, 'pokja1', 'lkpp_solved_notice');
    const solvedText = await textOf(solved);
    for (const internal of ['VPN', 'Budi Santoso', 'Cache aplikasi', 'Direktorat Sistem Pengadaan Digital']) expect(solvedText).not.toContain(internal);
    for (const user of ['staff1', 'staff2'] as const) {
      const toStaff = await textOf(await delivered(db, user, 'staff_lkpp_solved'));
      expect(toStaff).toContain('akses VPN untuk LKPP dapat ditutup kembali');
      expect(toStaff).toContain('Budi Santoso');
    }
    expect(db.caseByRef(ref)).toMatchObject({ state: 'lkpp_solved', outcome: 'solved_by_lkpp' });

    // d) The committee answers that it is still broken (its quote of the notice says "masih
    //    terjadi" too: only its own words count): the case is back in step 2 on a new clock.
    const solvedId = header(solved, 'Message-ID')!;
    const quoted = solvedText.split('\n').map((l) => `> ${l}`.trimEnd());
    const sentAt = Date.now();
    const stillBroken = await sendAs('pokja1', {
      to: 'helpdesk',
      subject: `Re: ${solved.envelope.subject}`,
      text: ['Maaf, masih error seperti sebelumnya.', '', `Pada Sel, 1 Des 2026 pukul 10.05 Helpdesk LPSE <${USERS.helpdesk}> menulis:`, ...quoted].join('\n'),
      inReplyTo: solvedId,
      references: [header(solved, 'References') ?? '', solvedId].join(' ').trim(),
    });
    const reopened = await delivered(db, 'pokja1', 'reopened_notice');
    expect(tagOf(reopened)?.[0]).toBe(tag);
    for (const user of ['staff1', 'staff2'] as const) {
      expect(await textOf(await delivered(db, user, 'staff_case_reopened'))).toContain('masih error seperti sebelumnya');
    }
    expect(db.caseByRef(ref)).toMatchObject({ state: 'in_progress', outcome: null, closed_at: null });
    const stepTwo = db.clocks(ref).filter((k) => k.step === '2');
    expect(stepTwo).toHaveLength(2);
    expect(stepTwo[1]!.stopped_at).toBeNull();
    expect(stepTwo[1]!.started_at).toBeGreaterThanOrEqual(sentAt);
    expect(db.events('case_reopened').map((e) => JSON.parse(e.detail).reason)).toEqual(['reporter_still_broken']);

    // The committee got exactly its four letters, each in its own case's thread.
    expect(await kindsIn(db, 'pokja1')).toEqual(['ack_complete', 'escalated_notice', 'lkpp_solved_notice', 'reopened_notice']);

    // e) Every message left INBOX for Processed (with the helpdesk's CC copy of the escalation,
    //    when it is sent one); nothing was quarantined.
    const escalationRow = db.outbox().find((o) => o.kind === 'escalation')!;
    const ccCopy = (JSON.parse(escalationRow.to_addrs) as string[]).includes(USERS.helpdesk) ? [escalationRow.message_id] : [];
    const expected = [forward, escalate, lkppAnswer, stillBroken].map((m) => m.messageId).concat(ccCopy);
    await waitFor(async () => (await listMessages('helpdesk', 'Processed')).length >= expected.length, 10_000, { message: 'not every message reached Processed' });
    expect(await listMessages('helpdesk', 'INBOX')).toHaveLength(0);
    expect(await listMessages('helpdesk', 'Quarantine')).toHaveLength(0);
    expect((await listMessages('helpdesk', 'Processed')).map((m) => header(m, 'Message-ID')).sort()).toEqual([...expected].sort());
    expect(db.messages().filter((m) => m.disposition === 'quarantined')).toHaveLength(0);

    expect(await daemon.stop()).toBe(0);
  }, 90_000);
});
