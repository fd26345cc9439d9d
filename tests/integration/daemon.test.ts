/**
 * The live daemon (`lpse-helpdesk start`, the built CLI as a real process) against the real
 * Dovecot and Postfix: committees, staff and LKPP send mail as they would, and the tests check
 * what arrives in each mailbox and what the database recorded. Timings measured here are
 * printed with LPSE_TEST_MAIL_VERBOSE=1.
 */
import Database from 'better-sqlite3';
import MailComposer from 'nodemailer/lib/mail-composer';
import {
  USERS,
  listMessages,
  restartImap,
  sendAs,
  sendFromOutside,
  smtpTransport,
  startMailServer,
  startSmtp,
  stopSmtp,
  waitFor,
  withImap,
  type ListedMessage,
} from './mailserver';
import {
  COMPLETE_REPORT,
  MailboxWatch,
  PNG,
  answersByInReplyTo,
  clearAll,
  delivered,
  ensureBuilt,
  header,
  killLaunched,
  kindsIn,
  launch,
  percentile,
  pooledSender,
  removeTempDirs,
  sleep,
  type ConfigEdit,
} from './daemon-kit';

const verbose = !!process.env.LPSE_TEST_MAIL_VERBOSE;
const note = (s: string) => {
  if (verbose) console.log(s);
};
const screenshot = [{ filename: 'error.png', content: PNG, contentType: 'image/png' }];
const INCOMPLETE_REPORT = 'Mohon bantuan, gagal upload dokumen penawaran. Kode Tender: 10034567000';

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
  // Whatever a test did, leave no daemon running and both servers up for the next one.
  for (const d of await killLaunched()) note(`--- daemon log tail ---\n${d.tail(12)}`);
  startMailServer();
});

async function messageIdOf(m: ListedMessage): Promise<string> {
  return header(m, 'Message-ID') ?? '';
}

describe('a full SOP path over real mail', () => {
  it('acknowledges a report within a second, drafts the escalation into Drafts, notices it sent from Sent, relays LKPP', async () => {
    const { daemon: d, db } = await launch();
    const pokja = await MailboxWatch.open('pokja1');
    try {
      // 1. The committee reports (complete data and a screenshot).
      const t0 = Date.now();
      const report = await sendAs('pokja1', { to: 'helpdesk', subject: 'Error jadwal evaluasi', text: COMPLETE_REPORT, attachments: screenshot });
      const tAck = await pokja.waitForCount(1, 10_000);
      note(`report -> acknowledgement in pokja1 INBOX: ${tAck - t0} ms`);
      expect(tAck - t0).toBeLessThan(2_000);
      const [ack] = await listMessages('pokja1');
      expect(header(ack!, 'In-Reply-To')).toBe(report.messageId);
      expect(header(ack!, 'Auto-Submitted')).toBe('auto-replied');
      const subject = ack!.envelope.subject ?? '';
      const ref = /\[LPSE#(\d{4}-\d{4})\]/.exec(subject)?.[1];
      expect(ref).toBeDefined();

      // 2. Staff are told; staff1 answers the notice with #eskalasi.
      const notice = await waitFor(async () => (await listMessages('staff1')).find((m) => (m.envelope.subject ?? '').includes(`[LPSE#${ref}]`)), 10_000);
      const noticeId = await messageIdOf(notice);
      await sendAs('staff1', { to: 'helpdesk', subject: `Re: ${notice.envelope.subject}`, text: 'Perlu bantuan LKPP.\n#eskalasi', inReplyTo: noticeId, references: noticeId });

      // 3. The escalation appears in the helpdesk's Drafts with \Draft, recorded on the case.
      const draft = await waitFor(async () => (await listMessages('helpdesk', 'Drafts'))[0], 10_000);
      expect(draft.flags).toContain('\\Draft');
      expect(draft.envelope.to?.map((a) => a.address)).toEqual([USERS.lkpp]);
      // A thread of its own: LKPP never saw staff's #eskalasi mail.
      expect(header(draft, 'In-Reply-To')).toBeNull();
      const draftId = await messageIdOf(draft);
      expect(db.caseByRef(ref!)).toMatchObject({ state: 'escalating', escalation_message_id: draftId });
      expect(db.outbox().find((o) => o.kind === 'escalation')).toMatchObject({ status: 'drafted', message_id: draftId });
      await delivered(db, 'staff1', 'staff_escalation_draft', 10_000); // "the draft is waiting"

      // 4. Staff open the draft in their own client, fill the server-access blank and send it to
      //    LKPP; the client files the sent copy in Sent and drops the draft. They removed the CC
      //    to the helpdesk, so only the Sent watch can notice.
      await sleep(1_100); // the Date header has whole seconds: keep it after the step-4 start
      const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const raw = await new Promise<Buffer>((resolve, reject) =>
        new MailComposer({
          from: `Helpdesk LPSE <${USERS.helpdesk}>`,
          to: USERS.lkpp,
          subject: draft.envelope.subject,
          text: 'Mohon bantuan.\nAlamat server: 10.0.0.5\nPassword root: (disampaikan melalui telepon)',
          messageId: draftId,
          inReplyTo: header(draft, 'In-Reply-To') ?? undefined,
          references: header(draft, 'References') ?? undefined,
          date: sentAt,
        })
          .compile()
          .build((err, msg) => (err ? reject(err) : resolve(msg))),
      );
      const helpdeskSmtp = smtpTransport('helpdesk');
      await helpdeskSmtp.sendMail({ envelope: { from: USERS.helpdesk, to: [USERS.lkpp] }, raw });
      helpdeskSmtp.close();
      await withImap('helpdesk', async (c) => {
        await c.append('Sent', raw, ['\\Seen'], sentAt);
        await c.mailboxOpen('Drafts');
        await c.messageDelete('1:*');
      });
      await waitFor(() => db.caseByRef(ref!)?.state === 'at_lkpp', 15_000, { message: 'sent escalation not noticed' });
      await pokja.waitForCount(2, 10_000); // "your report went to LKPP"
      const step5 = db.clocks(ref!).find((k) => k.step === '5');
      expect(step5?.started_at).toBe(sentAt.getTime());
      expect(d.lines().some((l) => l.folder === 'Sent' && l.msg === 'message processed' && l.caseRef === ref)).toBe(true);

      // 5. LKPP received it, and answers that it is solved.
      const atLkpp = await waitFor(async () => (await listMessages('lkpp')).find((m) => header(m, 'Message-ID') === draftId), 10_000);
      await sendAs('lkpp', {
        to: 'helpdesk',
        subject: `Re: ${atLkpp.envelope.subject} [Tiket #LKPP-2026-11873]`,
        text: '#lkpp-selesai Cache server sudah dibersihkan.',
        inReplyTo: draftId,
        references: draftId,
      });
      await pokja.waitForCount(3, 10_000); // "LKPP solved it"
      await waitFor(() => db.caseByRef(ref!)?.state === 'lkpp_solved', 10_000);
      expect(await kindsIn(db, 'pokja1')).toEqual(['ack_complete', 'escalated_notice', 'lkpp_solved_notice']);
      expect(db.clocks(ref!).map((k) => k.step)).toEqual(['1a', '2', '4', '5', '9', '10', '11']);

      // 6. Every message was moved out of INBOX after its commit; the bot's mail has copies in Sent.
      expect(await listMessages('helpdesk', 'INBOX')).toHaveLength(0);
      expect((await listMessages('helpdesk', 'Processed')).length).toBe(3);
      const sentFolder = await listMessages('helpdesk', 'Sent');
      const ours = new Set(db.outbox().filter((o) => o.status === 'sent').map((o) => o.message_id));
      await waitFor(async () => (await listMessages('helpdesk', 'Sent')).filter((m) => ours.has(header(m, 'Message-ID') ?? '')).length === ours.size, 10_000);
      expect(sentFolder.length).toBeGreaterThan(1);
      // Nothing in the log at info level carries a message body or a password.
      const text = JSON.stringify(d.lines().filter((l) => l.level !== 'debug'));
      expect(text).not.toContain('disampaikan melalui telepon');
      expect(text).not.toContain('secret');

      expect(await d.stop()).toBe(0);
      expect(d.count('daemon stopped')).toBe(1);
    } finally {
      await pokja.close();
    }
  });

  it('quarantines a message that is not mail, tells staff, and goes on', async () => {
    const { daemon: d, db } = await launch();
    await withImap('helpdesk', (c) => c.append('INBOX', Buffer.from('\u0000\u0001 this is no mail at all \u0000'), []));
    await waitFor(async () => (await listMessages('helpdesk', 'Quarantine')).length === 1, 10_000);
    await waitFor(async () => (await listMessages('staff1')).length === 1, 10_000);
    const report = await sendAs('pokja2', { to: 'helpdesk', subject: 'Gagal upload', text: INCOMPLETE_REPORT });
    const answers = await waitFor(async () => {
      const a = await answersByInReplyTo('pokja2', [report.messageId]);
      return a.get(report.messageId)!.length === 1 ? a : null;
    }, 10_000);
    expect(answers.size).toBe(1);
    expect(db.messages().map((m) => m.disposition)).toEqual(['quarantined', 'processed']);
    expect(d.count('message quarantined; staff told')).toBe(1);
    expect(await d.stop()).toBe(0);
  });
});

interface SentReport {
  user: 'pokja1' | 'pokja2';
  messageId: string;
  acceptedAt: number;
}

/** Sends `n` reports at once, alternating pokja1 and pokja2, over pooled SMTP connections. */
async function sendReports(n: number, tag: string, text = INCOMPLETE_REPORT): Promise<SentReport[]> {
  const senders = { pokja1: pooledSender('pokja1'), pokja2: pooledSender('pokja2') };
  try {
    return await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const user = i % 2 === 0 ? ('pokja1' as const) : ('pokja2' as const);
        const info = await senders[user].sendMail({ from: USERS[user], to: USERS.helpdesk, subject: `${tag} laporan ${i + 1}`, text });
        return { user, messageId: info.messageId, acceptedAt: Date.now() };
      }),
    );
  } finally {
    senders.pokja1.close();
    senders.pokja2.close();
  }
}

/** Acknowledgements per report (by In-Reply-To), from both committees' inboxes. */
async function ackCounts(reports: readonly SentReport[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const user of ['pokja1', 'pokja2'] as const) {
    const mine = reports.filter((r) => r.user === user).map((r) => r.messageId);
    for (const [id, list] of await answersByInReplyTo(user, mine)) counts.set(id, list.length);
  }
  return counts;
}

/** Distinct answers (by Message-ID) per report: a mailbox-side redelivery counts once. */
async function distinctAnswers(reports: readonly SentReport[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const user of ['pokja1', 'pokja2'] as const) {
    const mine = reports.filter((r) => r.user === user).map((r) => r.messageId);
    for (const [id, list] of await answersByInReplyTo(user, mine)) counts.set(id, new Set(list.map((m) => header(m, 'Message-ID'))).size);
  }
  return counts;
}

async function waitAllAnswered(reports: readonly SentReport[], timeoutMs: number): Promise<Map<string, number>> {
  return waitFor(async () => {
    const counts = await ackCounts(reports);
    return [...counts.values()].every((n) => n >= 1) ? counts : null;
  }, timeoutMs, { intervalMs: 250, message: 'not every report was answered' });
}

const bulkCaps: ConfigEdit = (doc) => {
  doc.autoReply.maxPerHour = 200;
  doc.autoReply.maxPerDay = 1000;
  // These runs count one ack and one staff notice per report: the mailbox-wide flood guard is off.
  doc.autoReply.maxNewCaseAcksPerHour = 1000;
  doc.autoReply.staffNewCaseNoticesPerInterval = 1000;
};

describe('load', () => {
  it('answers 50 reports arriving at once, each exactly once', async () => {
    const { daemon: d, db } = await launch(bulkCaps);
    const watches = { pokja1: await MailboxWatch.open('pokja1'), pokja2: await MailboxWatch.open('pokja2') };
    try {
      const t0 = Date.now();
      const reports = await sendReports(50, 'beban');
      note(`50 reports accepted by Postfix in ${Date.now() - t0} ms`);
      const [t1, t2] = await Promise.all(
        (['pokja1', 'pokja2'] as const).map((u) => watches[u].answerTimes(reports.filter((r) => r.user === u).map((r) => r.messageId), 60_000)),
      );
      const latency = reports.map((r) => ((r.user === 'pokja1' ? t1 : t2)!.get(r.messageId) ?? NaN) - r.acceptedAt);
      const last = Math.max(...reports.map((r) => (r.user === 'pokja1' ? t1 : t2)!.get(r.messageId)!)) - t0;
      note(`50 at once: report -> ack p50 ${percentile(latency, 50)} ms, p90 ${percentile(latency, 90)} ms, max ${Math.max(...latency)} ms; all answered ${last} ms after the first send`);

      await sleep(1_000); // anything extra would have arrived by now
      const counts = await ackCounts(reports);
      expect([...counts.values()]).toEqual(Array(50).fill(1));
      expect(db.cases()).toHaveLength(50);
      expect(db.messages().filter((m) => m.disposition === 'processed')).toHaveLength(50);
      expect(db.outbox().every((o) => o.status === 'sent')).toBe(true);
      expect(await listMessages('helpdesk', 'INBOX')).toHaveLength(0);
      expect(await d.stop()).toBe(0);
    } finally {
      await Promise.all(Object.values(watches).map((w) => w.close()));
    }
  }, 120_000);
});

describe('crashes and outages', () => {
  it('kill -9 mid-batch, three times: every report answered, none lost, duplicates only inside the window', async () => {
    const { daemon: d, db } = await launch(bulkCaps);
    const reports = await sendReports(30, 'kill9', COMPLETE_REPORT);
    const processed = () => new Set(d.lines().filter((l) => l.msg === 'message processed' && l.folder === 'INBOX').map((l) => String(l.messageId))).size;
    const kills: number[] = [];
    for (const at of [6, 14, 22]) {
      await waitFor(() => processed() >= at, 30_000, { intervalMs: 5, message: `fewer than ${at} messages processed` });
      await d.kill9();
      kills.push(processed());
      expect(d.exitSignal).toBe('SIGKILL');
      await d.start();
    }
    const counts = await waitAllAnswered(reports, 60_000);
    await sleep(1_500);
    const final = await ackCounts(reports);
    const ackDuplicates = [...final.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    // The staff notices too: one per report, answering it.
    const notices = await answersByInReplyTo('staff1', reports.map((r) => r.messageId));
    expect([...notices.values()].every((l) => l.length >= 1)).toBe(true);
    const noticeDuplicates = [...notices.values()].reduce((sum, l) => sum + Math.max(0, l.length - 1), 0);
    const repeats = d.count('message duplicate');
    note(
      `kill -9 after ${kills.join(', ')} processed: ${[...counts.values()].filter((n) => n >= 1).length}/30 answered; ` +
        `${ackDuplicates} duplicate acknowledgements + ${noticeDuplicates} duplicate staff notices in ${kills.length} kills; ` +
        `${repeats} messages read again after a crash (harmless repeats)`,
    );
    expect([...final.values()].every((n) => n >= 1)).toBe(true);
    // Only the mail in flight (accepted by SMTP, not yet marked sent) can go twice: one per kill at most.
    expect(ackDuplicates + noticeDuplicates).toBeLessThanOrEqual(kills.length);
    expect(db.cases()).toHaveLength(30);
    expect(db.messages().filter((m) => m.disposition === 'processed')).toHaveLength(30);
    expect(db.outbox().every((o) => o.status === 'sent')).toBe(true);
    expect(await listMessages('helpdesk', 'INBOX')).toHaveLength(0);
    expect(await listMessages('helpdesk', 'Processed')).toHaveLength(30);
    expect(await d.stop()).toBe(0);
  }, 120_000);

  it('a message whose reading ended the process on three starts is quarantined unread on the next; intake goes on', async () => {
    const { daemon: d, db } = await launch();
    expect(await d.stop()).toBe(0);
    const appended = await withImap('helpdesk', (c) =>
      c.append('INBOX', Buffer.from(`From: ${USERS.pokja1}\r\nTo: ${USERS.helpdesk}\r\nSubject: Laporan\r\nMessage-ID: <deadly@pokja.test>\r\n\r\n${INCOMPLETE_REPORT}\r\n`), []),
    );
    if (!appended || appended.uid === undefined) throw new Error('append failed');
    // The store as three starts left it that each began taking this message and died reading it.
    const store = new Database(db.file);
    store
      .prepare(
        `insert into mailbox_checkpoints (folder, uid_validity, last_uid, taking_uid, taking_attempts, updated_at) values ('INBOX', ?, ?, ?, 3, 0)
         on conflict(folder) do update set uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, taking_uid = excluded.taking_uid, taking_attempts = 3`,
      )
      .run(String(appended.uidValidity), appended.uid - 1, appended.uid);
    store.close();
    await d.start();
    await waitFor(async () => (await listMessages('helpdesk', 'Quarantine')).length === 1, 10_000);
    await waitFor(async () => (await listMessages('staff1')).length === 1, 10_000);
    const [quarantined] = db.messages();
    expect(quarantined?.disposition).toBe('quarantined');
    expect(quarantined?.reason).toMatch(/^processing failed 3 times: the process ended while reading it/);
    expect(db.cases()).toHaveLength(0);
    expect(await listMessages('pokja1')).toHaveLength(0);
    // The next message is read as usual.
    const report = await sendAs('pokja2', { to: 'helpdesk', subject: 'Gagal upload', text: INCOMPLETE_REPORT });
    await waitFor(async () => (await answersByInReplyTo('pokja2', [report.messageId])).get(report.messageId)!.length === 1, 10_000);
    expect(await d.stop()).toBe(0);
  });

  it('SIGTERM mid-batch finishes the message in hand, sends its mail, exits 0; a restart takes the rest', async () => {
    const { daemon: d, db } = await launch(bulkCaps);
    const reports = await sendReports(16, 'sigterm');
    await waitFor(() => d.count('message processed') >= 4, 20_000, { intervalMs: 5 });
    const t0 = Date.now();
    expect(await d.stop()).toBe(0);
    note(`SIGTERM to exit: ${Date.now() - t0} ms`);
    // Everything committed was sent before the exit; nothing half done.
    expect(db.outbox().every((o) => o.status === 'sent')).toBe(true);
    const taken = db.messages().length;
    expect(taken).toBeGreaterThanOrEqual(4);
    expect((await listMessages('helpdesk', 'INBOX')).length).toBe(16 - taken);
    await d.start();
    await waitAllAnswered(reports, 30_000);
    await sleep(1_000);
    expect([...(await ackCounts(reports)).values()]).toEqual(Array(16).fill(1));
    expect(await d.stop()).toBe(0);
  }, 90_000);

  it('Dovecot restarted mid-run: intake reconnects with backoff and resumes', async () => {
    const { daemon: d, db } = await launch(bulkCaps);
    const first = await sendReports(6, 'dovecot-a');
    await waitFor(() => d.count('message processed') >= 2, 20_000, { intervalMs: 5 });
    const t0 = Date.now();
    restartImap();
    note(`restart-imap took ${Date.now() - t0} ms`);
    const second = await sendReports(6, 'dovecot-b');
    await waitAllAnswered([...first, ...second], 60_000);
    const back = await d.waitForLog((l) => l.msg === 'IMAP reconnected', 20_000);
    note(`IMAP back ${String(back.downForMs)} ms after the drop (${String(back.attempts)} attempts)`);
    expect(d.count('IMAP connection lost; reconnecting')).toBe(1);
    await sleep(1_000);
    // The bot sent each acknowledgement once, at the first try. Postfix may deliver one twice
    // when the restart cuts its LMTP hand-over to Dovecot after the store; such a copy has the
    // same Message-ID, so each report has exactly one distinct answer.
    const acks = db.outbox().filter((o) => o.kind === 'ack_complete' || o.kind === 'ack_missing');
    expect(acks).toHaveLength(12);
    expect(acks.every((o) => o.status === 'sent' && o.attempts === 1)).toBe(true);
    expect([...(await distinctAnswers([...first, ...second])).values()]).toEqual(Array(12).fill(1));
    expect(db.cases()).toHaveLength(12);
    expect(await d.stop()).toBe(0);
  }, 90_000);

  it('SMTP stopped: the outbox holds the mail, then delivers it when the server is back', async () => {
    const { daemon: d, db } = await launch();
    stopSmtp();
    try {
      // Postfix is down, so the reports are put into the inbox directly (as if delivered before).
      const ids = ['<held-1@pokja.test>', '<held-2@pokja.test>', '<held-3@pokja.test>'];
      await withImap('helpdesk', async (c) => {
        for (const id of ids) {
          const raw = `From: ${USERS.pokja1}\r\nTo: ${USERS.helpdesk}\r\nSubject: Gagal upload ${id}\r\nMessage-ID: ${id}\r\nDate: ${new Date().toUTCString()}\r\n\r\n${INCOMPLETE_REPORT}\r\n`;
          await c.append('INBOX', Buffer.from(raw), []);
        }
      });
      await waitFor(() => db.cases().length === 3, 15_000);
      await d.waitForLog((l) => /outbox holds all mail/.test(l.msg), 10_000);
      await sleep(3_000);
      const held = db.outbox();
      expect(held.every((o) => o.status === 'pending')).toBe(true);
      expect(held.every((o) => o.attempts <= 1)).toBe(true);
      const t0 = Date.now();
      startSmtp();
      const pokja = await MailboxWatch.open('pokja1');
      try {
        await pokja.waitForCount(3, 60_000);
        note(`SMTP back -> held acknowledgements delivered in ${Date.now() - t0} ms`);
      } finally {
        await pokja.close();
      }
      const released = await d.waitForLog((l) => l.msg === 'SMTP available again: sending the held mail', 5_000);
      // The rows tried when the outage began are released; the others were never tried.
      expect(released.released).toBeGreaterThanOrEqual(1);
      await waitFor(() => db.outbox().every((o) => o.status === 'sent'), 10_000);
      const answered = await answersByInReplyTo('pokja1', ids);
      expect([...answered.values()].map((l) => l.length)).toEqual([1, 1, 1]);
    } finally {
      startSmtp();
    }
    expect(await d.stop()).toBe(0);
  }, 90_000);

  it('a mail the SMTP server refuses (5xx) is marked failed and staff are told; a later bounce is linked too', async () => {
    const { daemon: d, db } = await launch();
    // Reporters the bot cannot answer: an unknown local user (Postfix refuses RCPT with 550) and
    // an outside address (accepted, then bounced: the DSN comes back to the helpdesk).
    const unknown = await sendFromOutside('nobody@lpse.test', { to: 'helpdesk', subject: 'Laporan tanpa alamat balik', text: INCOMPLETE_REPORT });
    await waitFor(() => db.events('mail_failed').length === 1, 10_000);
    const failed = db.outbox().find((o) => o.status === 'failed')!;
    expect(failed).toMatchObject({ kind: 'ack_missing', attempts: 1 });
    expect(failed.last_error).toMatch(/550/);
    const told = await waitFor(async () => (await listMessages('staff1')).find((m) => header(m, 'In-Reply-To') === failed.message_id), 10_000);
    expect(told.source.toString('utf8')).toContain('nobody@lpse.test');
    expect(d.count(/refused permanently/)).toBe(1);
    void unknown;

    await sendFromOutside('pokja3@batangkab.go.id', { to: 'helpdesk', subject: 'Laporan dari luar', text: INCOMPLETE_REPORT });
    await waitFor(() => db.messages().some((m) => m.reason === 'bounce'), 20_000, { message: 'the bounce never came back' });
    await waitFor(async () => (await listMessages('staff1')).filter((m) => /batangkab/.test(m.source.toString('utf8'))).length >= 2, 10_000);
    expect(await d.stop()).toBe(0);
  });

  it('a refused IMAP login stops intake with one clear line and exit 78, without retrying', async () => {
    const { daemon: d } = await launch(undefined, { LPSE_IMAP_PASSWORD: 'wrong-password' }, { waitReady: false });
    expect(await d.exited(15_000)).toBe(78);
    const fatal = d.lines().filter((l) => l.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.msg).toMatch(/IMAP login refused for helpdesk@lpse\.test .*LPSE_IMAP_PASSWORD/);
    expect(d.count(/reconnecting|retrying/)).toBe(0);
    expect(JSON.stringify(d.lines())).not.toContain('wrong-password');

    const { daemon: s } = await launch(undefined, { LPSE_SMTP_PASSWORD: 'wrong-password' }, { waitReady: false });
    expect(await s.exited(15_000)).toBe(78);
    expect(s.lines().filter((l) => l.level === 'fatal').map((l) => l.msg)).toEqual([expect.stringMatching(/SMTP login refused/)]);
  });
});

describe('loops and UIDVALIDITY', () => {
  it('an autoresponder that answers every mail gets a bounded number of replies, and all its mail is recorded', async () => {
    const { daemon: d, db } = await launch(); // autoReply.maxPerHour: 5 (the default)
    await sendAs('autoresponder', { to: 'helpdesk', subject: 'Laporan error', text: INCOMPLETE_REPORT });
    // The responder answers every mail it gets, twice: once as a well-behaved autoresponder
    // (Auto-Submitted, or an out-of-office subject without it) and once as a broken one that
    // looks like a person. Only the broken replies can make the bot answer again.
    const answered = new Set<number>();
    let sent = 1;
    const variants: { subject: (s: string) => string; headers: Record<string, string> }[] = [
      { subject: (s: string) => `Auto: ${s}`, headers: { 'Auto-Submitted': 'auto-replied' } },
      { subject: (s: string) => `Out of Office: ${s}`, headers: {} },
      { subject: (s: string) => `Balasan Otomatis: ${s}`, headers: {} },
    ];
    const deadline = Date.now() + 25_000;
    let quietSince = Date.now();
    while (Date.now() < deadline && Date.now() - quietSince < 4_000) {
      const inbox = await listMessages('autoresponder');
      for (const m of inbox) {
        if (answered.has(m.uid)) continue;
        answered.add(m.uid);
        quietSince = Date.now();
        const id = header(m, 'Message-ID') ?? undefined;
        const subject = m.envelope.subject ?? '';
        const v = variants[answered.size % variants.length]!;
        await sendAs('autoresponder', { to: 'helpdesk', subject: v.subject(subject), text: 'Saya sedang cuti sampai Senin.', headers: v.headers, inReplyTo: id, references: id });
        await sendAs('autoresponder', { to: 'helpdesk', subject: `Re: ${subject}`, text: 'Terima kasih, pesan Anda sudah kami terima.', inReplyTo: id, references: id });
        sent += 2;
      }
      await sleep(200);
    }
    await waitFor(() => db.messages().filter((m) => m.from_addr === USERS.autoresponder).length === sent, 15_000, { message: 'not all autoresponder mail recorded' });
    const toResponder = (await listMessages('autoresponder')).length;
    const recorded = db.messages().filter((m) => m.from_addr === USERS.autoresponder);
    note(`autoresponder: ${toResponder} bot replies, ${sent} responder mails, all recorded (${recorded.filter((m) => m.kind === 'auto_reply').length} as auto-replies); ${db.events('reply_capped').length} replies capped`);
    // maxPerHour (5) automatic answers within the case, its acknowledgment among them; the rest are capped.
    expect(toResponder).toBe(5);
    expect(recorded.filter((m) => m.kind === 'auto_reply')).toHaveLength(toResponder);
    expect(db.events('reply_capped').length).toBeGreaterThanOrEqual(1);
    expect(await d.stop()).toBe(0);
  }, 90_000);

  it('a UIDVALIDITY change re-reads the folder without loss or double processing', async () => {
    const folder = 'Intake';
    const withIntake: ConfigEdit = (doc) => {
      doc.mailbox.folders.inbox = folder;
    };
    const raw = (id: string, subject: string) =>
      Buffer.from(`From: ${USERS.pokja1}\r\nTo: ${USERS.helpdesk}\r\nSubject: ${subject}\r\nMessage-ID: ${id}\r\nDate: ${new Date().toUTCString()}\r\n\r\n${INCOMPLETE_REPORT}\r\n`);
    const { daemon: d, db } = await launch(withIntake); // creates the folder
    await withImap('helpdesk', (c) => c.append(folder, raw('<uv-a@pokja.test>', 'Laporan A'), []));
    await waitFor(async () => (await listMessages('pokja1')).length === 1, 10_000);
    expect(await d.stop()).toBe(0);
    const before = await withImap('helpdesk', async (c) => {
      const v = (await c.status(folder, { uidValidity: true })) || null;
      await c.mailboxDelete(folder);
      await c.mailboxCreate(folder);
      // The old message comes back (a restore) beside a new one, under a new UIDVALIDITY.
      await c.append(folder, raw('<uv-a@pokja.test>', 'Laporan A'), []);
      await c.append(folder, raw('<uv-b@pokja.test>', 'Laporan B'), []);
      return v?.uidValidity;
    });
    await d.start();
    await waitFor(async () => (await listMessages('helpdesk', folder)).length === 0, 10_000);
    await waitFor(async () => (await listMessages('pokja1')).length >= 2, 10_000);
    await sleep(1_000);
    const changed = d.lines().find((l) => /UIDVALIDITY changed/.test(l.msg));
    expect(changed?.uidValidityWas).toBe(String(before));
    const answers = await answersByInReplyTo('pokja1', ['<uv-a@pokja.test>', '<uv-b@pokja.test>']);
    expect([...answers.values()].map((l) => l.length)).toEqual([1, 1]);
    expect(d.count('message duplicate')).toBe(1);
    expect(db.cases()).toHaveLength(2);
    expect(await d.stop()).toBe(0);
    await withImap('helpdesk', (c) => c.mailboxDelete(folder));
  });
});
