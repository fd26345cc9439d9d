/**
 * The local mail servers are real and set up as the bot needs them: SMTP with AUTH delivers
 * into IMAP mailboxes, IMAP has IDLE/MOVE/UIDPLUS and the special folders, nothing leaves the
 * machine, and Dovecot/Postfix can be restarted or stopped mid-run.
 */
import * as net from 'node:net';
import {
  FOLDERS,
  IMAP_PORT,
  MAIL_HOST,
  SMTP_PORT,
  USERS,
  clearMailbox,
  imapClient,
  listMessages,
  restartImap,
  sendAs,
  sendFromOutside,
  serverLog,
  smtpTransport,
  startImap,
  startMailServer,
  startSmtp,
  stopImap,
  stopSmtp,
  waitFor,
  waitForMessage,
  withImap,
} from './mailserver';

const run = `${process.pid}-${Date.now()}`;
const subject = (what: string): string => `[it ${run}] ${what}`;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: MAIL_HOST, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  await Promise.all([clearMailbox('helpdesk'), clearMailbox('pokja1'), clearMailbox('pokja2')]);
});

afterAll(() => {
  // Leave both servers up for the next test file, whatever happened here.
  startMailServer();
});

describe('SMTP to IMAP', () => {
  it('delivers an authenticated submission from pokja1 into helpdesk INBOX', async () => {
    const info = await sendAs('pokja1', {
      to: 'helpdesk',
      subject: subject('laporan'),
      text: 'Paket 123: tidak bisa upload dokumen penawaran.',
      headers: { 'X-Test-Run': run },
      attachments: [{ filename: 'bukti.txt', content: 'isi lampiran' }],
    });
    expect(info.accepted).toEqual([USERS.helpdesk]);

    const m = await waitForMessage('helpdesk', 'INBOX', (x) => x.envelope.subject === subject('laporan'));
    expect(m.envelope.from?.[0]?.address).toBe(USERS.pokja1);
    expect(m.envelope.messageId).toBe(info.messageId);
    const src = m.source.toString('utf8');
    expect(src).toContain(`X-Test-Run: ${run}`);
    expect(src).toContain('bukti.txt');
    expect(src).toMatch(/^Return-Path: <pokja1@lpse\.test>/m);
  });

  it('refuses a wrong password, an unknown local user and unauthenticated relaying', async () => {
    const bad = smtpTransport('pokja1', 'wrong');
    await expect(
      bad.sendMail({ from: USERS.pokja1, to: USERS.helpdesk, subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 535 });
    bad.close();

    await expect(
      sendAs('pokja1', { to: 'nobody', subject: subject('unknown'), text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });

    // Without AUTH (like mail from the outside world): lpse.test yes, other domains no.
    await expect(
      sendFromOutside('pokja3@batangkab.go.id', { to: 'x@example.com', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 554 });
    const ok = await sendFromOutside('pokja3@batangkab.go.id', {
      to: 'helpdesk',
      subject: subject('dari luar'),
      text: 'x',
    });
    expect(ok.accepted).toEqual([USERS.helpdesk]);
    const ext = await waitForMessage('helpdesk', 'INBOX', (x) => x.envelope.subject === subject('dari luar'));
    expect(ext.envelope.from?.[0]?.address).toBe('pokja3@batangkab.go.id');
  });

  it('bounces mail to other domains locally instead of sending it out', async () => {
    const info = await sendAs('pokja1', {
      to: 'x@example.com',
      subject: subject('keluar'),
      text: 'must never leave this machine',
    });
    expect(info.accepted).toEqual(['x@example.com']);

    const bounce = await waitForMessage(
      'pokja1',
      'INBOX',
      (x) =>
        /MAILER-DAEMON/i.test(x.envelope.from?.[0]?.address ?? '') &&
        x.source.toString('utf8').includes(subject('keluar')),
    );
    const src = bounce.source.toString('utf8');
    expect(src).toContain('x@example.com');
    expect(src).toMatch(/Content-Type: multipart\/report; report-type=delivery-status/i);

    const log = serverLog('postfix');
    expect(log).toMatch(/to=<x@example\.com>, relay=none, .*status=bounced \(mail outside lpse\.test/);
    expect(log).not.toMatch(/postfix\/smtp\[\d+\]: [0-9A-F]+: to=<x@example\.com>/);
  });
});

describe('IMAP', () => {
  it('offers IDLE, MOVE and UIDPLUS and the special-use folders', async () => {
    await withImap('helpdesk', async (client) => {
      for (const cap of ['IDLE', 'MOVE', 'UIDPLUS']) expect(client.capabilities.has(cap)).toBe(true);
      const boxes = await client.list();
      const paths = boxes.map((b) => b.path);
      for (const f of FOLDERS) expect(paths).toContain(f);
      const use = Object.fromEntries(boxes.map((b) => [b.path, b.specialUse]));
      expect(use).toMatchObject({ Drafts: '\\Drafts', Sent: '\\Sent', Junk: '\\Junk' });
    });
  });

  it('APPENDs a draft with \\Draft, and MOVEs a message to Processed', async () => {
    const raw = Buffer.from(
      `From: ${USERS.helpdesk}\r\nTo: ${USERS.lkpp}\r\nSubject: ${subject('draf eskalasi')}\r\n` +
        `Message-ID: <draft-${run}@lpse.test>\r\n\r\nroot password: ...\r\n`,
    );
    const appended = await withImap('helpdesk', (c) => c.append('Drafts', raw, ['\\Draft']));
    expect(appended && appended.uid).toBeGreaterThan(0); // UIDPLUS: APPENDUID
    const drafts = await listMessages('helpdesk', 'Drafts');
    const d = drafts.find((x) => x.envelope.subject === subject('draf eskalasi'));
    expect(d?.flags).toContain('\\Draft');
    expect(d?.uid).toBe(appended && appended.uid);

    await sendAs('pokja2', { to: 'helpdesk', subject: subject('pindah'), text: 'x' });
    const m = await waitForMessage('helpdesk', 'INBOX', (x) => x.envelope.subject === subject('pindah'));
    const moved = await withImap('helpdesk', async (c) => {
      await c.mailboxOpen('INBOX');
      return c.messageMove(String(m.uid), 'Processed', { uid: true });
    });
    expect(moved && moved.uidMap?.size).toBe(1); // COPYUID from MOVE
    expect((await listMessages('helpdesk', 'INBOX')).some((x) => x.uid === m.uid)).toBe(false);
    expect(
      (await listMessages('helpdesk', 'Processed')).some((x) => x.envelope.subject === subject('pindah')),
    ).toBe(true);
  });

  it('tells an IDLE client about new mail', async () => {
    const client = imapClient('helpdesk', { autoIdleDelay: 50 });
    await client.connect();
    try {
      await client.mailboxOpen('INBOX');
      let exists = 0;
      client.on('exists', (e: { count: number }) => {
        exists = e.count;
      });
      await new Promise((r) => setTimeout(r, 300)); // let it enter IDLE
      const before = client.mailbox ? client.mailbox.exists : 0;
      const t0 = Date.now();
      await sendAs('staff1', { to: 'helpdesk', subject: subject('idle'), text: 'x' });
      await waitFor(() => exists > before, 10_000, { intervalMs: 20, message: 'no EXISTS while idling' });
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      await client.logout().catch(() => client.close());
    }
  });
});

describe('restarts', () => {
  it('restart-imap drops IMAP connections and comes back', async () => {
    const client = imapClient('helpdesk', { disableAutoIdle: true });
    await client.connect();
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', () => undefined);
    await client.mailboxOpen('INBOX');

    restartImap();
    await closed;
    expect(await portOpen(IMAP_PORT)).toBe(true);
    const boxes = await withImap('helpdesk', (c) => c.list());
    expect(boxes.length).toBeGreaterThanOrEqual(FOLDERS.length);
  });

  it('mail accepted while Dovecot is down is delivered once it is back', async () => {
    stopImap();
    try {
      expect(await portOpen(IMAP_PORT)).toBe(false);
      // SMTP AUTH needs Dovecot: meanwhile 454, or smtpd drops the session (it finds no
      // SASL mechanisms); the MX port needs no login and queues the mail.
      await expect(
        sendAs('pokja1', { to: 'helpdesk', subject: subject('auth'), text: 'x' }),
      ).rejects.toThrow();
      await sendFromOutside('pokja3@batangkab.go.id', {
        to: 'helpdesk',
        subject: subject('tertunda'),
        text: 'x',
      });
    } finally {
      startImap();
    }
    const t0 = Date.now();
    await waitForMessage('helpdesk', 'INBOX', (x) => x.envelope.subject === subject('tertunda'), 30_000);
    if (process.env.LPSE_TEST_MAIL_VERBOSE) console.log(`deferred mail delivered ${Date.now() - t0} ms after start-imap`);
  });

  it('stop-smtp refuses connections; start-smtp accepts mail again', async () => {
    stopSmtp();
    try {
      expect(await portOpen(SMTP_PORT)).toBe(false);
      await expect(
        sendAs('pokja1', { to: 'helpdesk', subject: subject('tanpa smtp'), text: 'x' }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|ESOCKET|ECONNECTION/) });
      expect(await portOpen(IMAP_PORT)).toBe(true); // IMAP is untouched
    } finally {
      startSmtp();
    }
    await sendAs('pokja1', { to: 'helpdesk', subject: subject('smtp kembali'), text: 'x' });
    await waitForMessage('helpdesk', 'INBOX', (x) => x.envelope.subject === subject('smtp kembali'));
  });
});
