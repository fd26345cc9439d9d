/**
 * One mail must never stop intake (issue 9, point 1), against the real Dovecot and Postfix: the
 * daemon reads each message in a worker thread with a deadline (reading.budgetSeconds). A mail
 * that takes too long is quarantined and the next report is answered; a stop signal during a
 * long read ends the daemon within seconds. The slow mail is a forward of eight messages, each an
 * HTML body of 2 MB of `<br>` (seconds each to convert): appended over IMAP, as it is larger
 * than Postfix takes.
 */
import { listMessages, sendAs, waitFor, withImap } from './mailserver';
import { COMPLETE_REPORT, Daemon, DbView, answersByInReplyTo, clearAll, ensureBuilt, makeConfig, removeTempDirs, textOf, type ConfigEdit } from './daemon-kit';

let daemon: Daemon | null = null;
let db: DbView;

async function launch(edit: ConfigEdit): Promise<Daemon> {
  const cfg = makeConfig(edit);
  db = new DbView(cfg.dbFile);
  daemon = new Daemon(cfg.file);
  await daemon.start();
  return daemon;
}

/** Eight forwarded messages with 2 MB HTML bodies each: a legitimate shape that takes long to read. */
function slowMail(): Buffer {
  const inner = (i: number) =>
    [
      `From: Pokja Pemilihan ${i} <pokja${i}@batangkab.go.id>`,
      `Subject: Laporan ${i}`,
      `Message-ID: <inner-${i}@batangkab.go.id>`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>Kode Tender: 1003456${i}000</p>${'baris<br>'.repeat(220_000)}`,
    ].join('\r\n');
  const parts = Array.from({ length: 8 }, (_, i) =>
    ['--b1', 'Content-Type: message/rfc822', `Content-Disposition: attachment; filename="laporan-${i}.eml"`, '', inner(i)].join('\r\n'),
  );
  return Buffer.from(
    [
      'From: Kasubag Pengadaan <pengadaan@batangkab.go.id>',
      'To: helpdesk@lpse.test',
      'Subject: Fwd: laporan pokja minggu ini',
      `Message-ID: <slow-${Date.now()}@batangkab.go.id>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Mohon ditindaklanjuti laporan terlampir.',
      ...parts,
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

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
  if (daemon?.running) await daemon.kill9();
  daemon = null;
});

describe('the reading budget', () => {
  it('a mail over the budget goes to Quarantine with the reason, staff are told, and the next report is answered', async () => {
    const d = await launch((doc) => {
      doc.reading.budgetSeconds = 1;
    });
    await withImap('helpdesk', (c) => c.append('INBOX', slowMail(), []));
    const report = await sendAs('pokja2', { to: 'helpdesk', subject: 'Gagal upload dokumen', text: COMPLETE_REPORT });
    await waitFor(async () => (await answersByInReplyTo('pokja2', [report.messageId])).get(report.messageId)!.length === 1, 20_000);
    await waitFor(async () => (await listMessages('helpdesk', 'Quarantine')).length === 1, 10_000);
    expect(db.messages().map((m) => [m.disposition, m.reason])).toEqual([
      ['quarantined', 'reading took longer than 1 s'],
      ['processed', null],
    ]);
    // The notice says why in the mail's language (Indonesian by default).
    await waitFor(async () => (await Promise.all((await listMessages('staff1')).map(textOf))).some((t) => t.includes('pembacaan surel melebihi batas waktu 1 detik')), 10_000);
    expect((await listMessages('helpdesk', 'INBOX')).length).toBe(0);
    expect(await d.stop()).toBe(0);
  }, 90_000);

  it('SIGTERM during a long read stops the daemon within seconds; the mail waits in INBOX for the next start', async () => {
    const d = await launch((doc) => {
      doc.reading.budgetSeconds = 120;
    });
    await withImap('helpdesk', (c) => c.append('INBOX', slowMail(), []));
    // IDLE sees the mail at once; a second later it is being read (it takes far longer than that).
    await new Promise((done) => setTimeout(done, 1_500));
    const t0 = Date.now();
    expect(await d.stop(10_000)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(6_000);
    expect(db.messages()).toEqual([]);
    expect((await listMessages('helpdesk', 'INBOX')).length).toBe(1);
  }, 90_000);
});
