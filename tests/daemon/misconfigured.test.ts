// A daemon pointed at the wrong place: each mistake ends with one line that names the config key
// to change, and only an outage is retried. IMAP and SMTP are fakes that fail as the real
// libraries do (the error shapes were taken from imapflow and nodemailer against a plain-text
// server and an unknown host).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import pino from 'pino';
import { DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../../src/config/load';
import { StopSignal } from '../../src/daemon/backoff';
import { hostNotFound, plainPortAdvice, plainTextAnswer, retryHint } from '../../src/daemon/explain';
import { EXIT_REFUSED, runDaemon } from '../../src/daemon/run';
import type { SmtpFailure } from '../../src/outbox/smtp';
import { openStore, type Store } from '../../src/store/db';

const WRONG_VERSION = '80CC4168E27F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-misconfigured-'));
  store = openStore(':memory:');
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function config(edit: (mailbox: { imap: Record<string, unknown>; smtp: Record<string, unknown> }) => void): Config {
  const base = loadConfig(DEFAULT_CONFIG_PATH);
  const mailbox = { ...base.mailbox, imap: { ...base.mailbox.imap }, smtp: { ...base.mailbox.smtp } };
  edit(mailbox);
  return { ...base, mailbox, paths: { database: ':memory:', files: dir, archive: dir, outbox: dir } } as Config;
}

/** An IMAP client whose connect fails with `error`, counting the attempts. */
function failingImap(error: () => Error, attempts: { n: number }): () => ImapFlow {
  return () =>
    ({
      on: () => undefined,
      usable: false,
      connect: () => {
        attempts.n++;
        return Promise.reject(error());
      },
      close: () => undefined,
    }) as unknown as ImapFlow;
}

function smtp(problem: SmtpFailure | null) {
  return { unavailable: problem, lastAccepted: null, probe: () => Promise.resolve(problem), send: () => Promise.resolve(), close: () => undefined };
}

function logLines() {
  const lines: { level: string; msg: string; hint?: string }[] = [];
  const log = pino({ level: 'info', formatters: { level: (label) => ({ level: label }) } }, { write: (s: string) => void lines.push(JSON.parse(s) as (typeof lines)[number]) });
  return { log, lines };
}

async function run(cfg: Config, imap: () => ImapFlow, problem: SmtpFailure | null = null) {
  const { log, lines } = logLines();
  const stop = new StopSignal();
  const guard = setTimeout(() => stop.request('test timeout'), 20_000);
  try {
    const helpdesk = { receive: () => Promise.reject(new Error('no mail expected')), quarantineRaw: () => Promise.reject(new Error('no mail expected')), reportSendFailure: () => Promise.resolve(0) };
    const code = await runDaemon({ config: cfg, store, helpdesk: helpdesk as never, imap, smtp: smtp(problem), log, stop, reconnect: { baseMs: 1, capMs: 4 } });
    return { code, lines, fatal: lines.filter((l) => l.level === 'fatal').map((l) => l.msg) };
  } finally {
    clearTimeout(guard);
  }
}

describe('a misconfigured mailbox', () => {
  it('secure: true on a STARTTLS port says to turn secure off or use 993, not to install a CA', async () => {
    const cfg = config((m) => Object.assign(m.imap, { host: 'mail.lpse.test', port: 143, secure: true }));
    const attempts = { n: 0 };
    const tls = () => Object.assign(new Error(WRONG_VERSION), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
    const r = await run(cfg, failingImap(tls, attempts));
    expect(r.code).toBe(EXIT_REFUSED);
    expect(attempts.n).toBe(1);
    expect(r.fatal).toEqual([
      'IMAP server mail.lpse.test:143 answered in plain text, but mailbox.imap.secure is true (TLS from the first byte): set mailbox.imap.secure: false for this port (STARTTLS is used when the server offers it), or set mailbox.imap.port: 993 for implicit TLS; intake stopped',
    ]);
    expect(r.fatal.join('')).not.toMatch(/CA|rejectUnauthorized/);
  });

  it('a certificate that does not verify still gets the certificate advice', async () => {
    const cfg = config((m) => Object.assign(m.imap, { host: 'mail.lpse.test', port: 993, secure: true }));
    const r = await run(cfg, failingImap(() => Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), { n: 0 }));
    expect(r.code).toBe(EXIT_REFUSED);
    expect(r.fatal[0]).toMatch(/failed TLS verification: install its CA/);
  });

  it('secure: true on the SMTP submission port stops at start with the same advice (465)', async () => {
    const cfg = config((m) => Object.assign(m.smtp, { host: 'mail.lpse.test', port: 587, secure: true }));
    const r = await run(cfg, failingImap(() => new Error('not reached'), { n: 0 }), { kind: 'unavailable', detail: `ESOCKET CONN ${WRONG_VERSION.trim()}` });
    expect(r.code).toBe(EXIT_REFUSED);
    expect(r.fatal).toEqual([expect.stringMatching(/^SMTP server mail\.lpse\.test:587 answered in plain text.*mailbox\.smtp\.secure: false.*mailbox\.smtp\.port: 465.*not starting$/)]);
  });

  it('a misspelt IMAP host is looked up a few times, then named with its key; intake stops with 78', async () => {
    const cfg = config((m) => Object.assign(m.imap, { host: 'imap.lpse.batangkab.go.i' }));
    const attempts = { n: 0 };
    const dns = () => Object.assign(new Error('getaddrinfo ENOTFOUND imap.lpse.batangkab.go.i'), { code: 'ENOTFOUND' });
    const r = await run(cfg, failingImap(dns, attempts));
    expect(r.code).toBe(EXIT_REFUSED);
    expect(attempts.n).toBe(5);
    expect(r.fatal).toEqual(['IMAP host "imap.lpse.batangkab.go.i" not found in DNS (ENOTFOUND, 5 attempts): check mailbox.imap.host; intake stopped']);
    expect(r.lines.filter((l) => l.level === 'warn').map((l) => l.hint)).toEqual(Array(4).fill('DNS could not resolve "imap.lpse.batangkab.go.i": check mailbox.imap.host and the machine\'s resolver'));
  });

  it('a misspelt SMTP host stops the start after the same few look-ups', async () => {
    const cfg = config((m) => Object.assign(m.smtp, { host: 'smtp.lpse.tset' }));
    const r = await run(cfg, failingImap(() => new Error('not reached'), { n: 0 }), { kind: 'unavailable', detail: 'EDNS CONN getaddrinfo ENOTFOUND smtp.lpse.tset' });
    expect(r.code).toBe(EXIT_REFUSED);
    expect(r.fatal).toEqual(['SMTP host "smtp.lpse.tset" not found in DNS (ENOTFOUND, 5 attempts): check mailbox.smtp.host; not starting']);
  });
});

describe('what a connection error says', () => {
  it('tells a plain-text answer and an unknown host from outages', () => {
    expect(plainTextAnswer('ERR_SSL_WRONG_VERSION_NUMBER')).toBe(true);
    expect(plainTextAnswer('ESOCKET CONN error:0A0000C6:SSL routines::packet length too long')).toBe(true);
    expect(plainTextAnswer('DEPTH_ZERO_SELF_SIGNED_CERT self-signed certificate')).toBe(false);
    expect(hostNotFound('getaddrinfo ENOTFOUND imap.example.invalid')).toBe(true);
    // The resolver did not answer: an outage, retried without end.
    expect(hostNotFound('getaddrinfo EAI_AGAIN imap.lpse.test')).toBe(false);
    expect(retryHint({ service: 'imap', host: 'imap.lpse.test', port: 993, secure: false }, 'Greeting timeout (GREETING_TIMEOUT)')).toBe('port 993 expects TLS from the first byte: set mailbox.imap.secure: true');
    expect(retryHint({ service: 'imap', host: 'imap.lpse.test', port: 143, secure: false }, 'ECONNREFUSED')).toBeUndefined();
    expect(plainPortAdvice({ service: 'smtp', host: 'h', port: 2525, secure: true })).toContain('mailbox.smtp.port: 465');
  });
});
