// Report → acknowledgment latency over real servers (`--live` only): the Dovecot and Postfix of
// the integration tests (scripts/mailserver.sh), the daemon (`start`) as a child on a fresh
// store, and 100 reports sent one after another by the test committees over SMTP, each with an
// SPSE screenshot (ocr-screens, when Chromium is there) that the daemon reads beside intake
// (when tesseract is there): the acknowledgment must not wait for the reading. Each latency
// runs from Postfix accepting the report to the acknowledgment appearing in the reporter's
// INBOX (looked for over IMAP every 20 ms). Refused while a Dovecot runs already (an integration run may be
// using it); the servers this started are stopped at the end.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { median, percentile } from './measure';
import { ROOT, CLI } from './paths';
import { below, type Row } from './table';
import { workspace } from './workspace';
import Database from 'better-sqlite3';
import { ocrChoice } from '../ocr/settings';
import { chromiumMissing, generateScreens } from './ocr-screens';

/** How many screenshots the daemon had read when the run ended. */
function readCount(database: string): number {
  const db = new Database(database, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM screenshot_readings').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const HOST = '127.0.0.1';
const PASSWORD = process.env.LPSE_TEST_MAIL_PASSWORD ?? 'secret';
const IMAP_PORT = Number(process.env.LPSE_TEST_IMAP_PORT ?? 3143);
const SMTP_PORT = Number(process.env.LPSE_TEST_SMTP_PORT ?? 2525);
const REPORTERS = ['pokja1@lpse.test', 'pokja2@lpse.test'];
const SCRIPT = path.join(ROOT, 'scripts', 'mailserver.sh');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function servers(command: 'start' | 'stop'): void {
  const r = spawnSync('bash', [SCRIPT, command], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`mailserver.sh ${command}: ${r.stderr}${r.stdout}`);
}

async function untilTrue(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`live: ${what} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

const imap = (user: string) => new ImapFlow({ host: HOST, port: IMAP_PORT, secure: false, auth: { user, pass: PASSWORD }, logger: false });

/** A reporter's INBOX, emptied, kept open to look for answers. */
async function openInbox(user: string): Promise<ImapFlow> {
  const client = imap(user);
  await client.connect();
  const box = await client.mailboxOpen('INBOX');
  if (box.exists > 0) await client.messageDelete('1:*');
  return client;
}

/**
 * When the answer to `messageId` is in the INBOX: looked for every 20 ms (a NOOP, and a FETCH
 * of the few messages there), then the INBOX is emptied for the next report.
 */
async function answerArrival(client: ImapFlow, messageId: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await client.noop();
    if (client.mailbox !== false && client.mailbox.exists > 0) {
      // fetchAll, not a loop over fetch(): no other command may run while a FETCH streams.
      const there = await client.fetchAll('1:*', { envelope: true });
      if (there.some((m) => m.envelope?.inReplyTo === messageId)) {
        const at = Date.now();
        await client.messageDelete('1:*');
        return at;
      }
    }
    if (Date.now() > deadline) throw new Error(`live: no answer to ${messageId} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

export async function liveFigure(tmp: string, count = 100): Promise<{ row: Row; notes: string[] }> {
  const figure = `report → acknowledgment over Dovecot/Postfix, p95 of ${count}`;
  if (spawnSync('pgrep', ['-f', 'dovecot']).status === 0) {
    return { row: { figure, goal: below(1, ' s'), value: null, measured: 'skipped: a Dovecot already runs (an integration run may be using it)' }, notes: [] };
  }
  servers('start');
  const watchers = new Map<string, ImapFlow>();
  let daemon: ChildProcess | null = null;
  try {
    const ws = workspace(path.join(tmp, 'live'), (doc) => {
      const mailbox = doc.mailbox as { imap: object; smtp: object };
      mailbox.imap = { ...mailbox.imap, host: HOST, port: IMAP_PORT };
      mailbox.smtp = { ...mailbox.smtp, host: HOST, port: SMTP_PORT };
      // The test servers write no Authentication-Results; their two committees send many reports a day.
      doc.security = { ...doc.security, trustFromHeader: true, trustedAuthservId: null };
      doc.autoReply = { ...doc.autoReply, maxPerHour: 10_000, maxPerDay: 10_000 };
      doc.ocr = { ...doc.ocr, enabled: 'auto' };
    });
    const shotsDir = path.join(tmp, 'live-screens');
    const shots = chromiumMissing() === null ? (await generateScreens(shotsDir, { count: 6, seed: 11 })).map((e) => ({ filename: e.file, bytes: fs.readFileSync(path.join(shotsDir, e.file)), contentType: e.contentType })) : [];
    const reading = ocrChoice(ws.config);
    // Mail left in the helpdesk's INBOX by an earlier run would be answered first.
    await (await openInbox('helpdesk@lpse.test')).logout();
    const log = path.join(ws.dir, 'daemon.log');
    const out = fs.openSync(log, 'a');
    daemon = spawn(process.execPath, [CLI, 'start', '--config', ws.configFile], { env: { ...process.env, LPSE_IMAP_PASSWORD: PASSWORD, LPSE_SMTP_PASSWORD: PASSWORD }, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    for (const r of REPORTERS) watchers.set(r, await openInbox(r));
    await untilTrue('the daemon watches the inbox', () => /IMAP connected/.test(fs.readFileSync(log, 'utf8')), 20_000);
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const from = REPORTERS[i % REPORTERS.length] as string;
      const transport = nodemailer.createTransport({ host: HOST, port: SMTP_PORT, secure: false, auth: { user: from, pass: PASSWORD } });
      const messageId = `<live.${i}.${Date.now()}@lpse.test>`;
      await transport.sendMail({
        from,
        to: 'helpdesk@lpse.test',
        subject: `Error SPSE saat evaluasi - Kode Tender ${10034567000 + i}`,
        messageId,
        text: `Selamat pagi.\n\nMuncul notifikasi "maaf operasi yang anda lakukan salah" saat menyimpan evaluasi.\n\nNama Pokja Pemilihan: Pokja Pemilihan ${i}\nUser ID SPSE: pokja${i}\nKode Tender: ${10034567000 + i}\nNama Paket: Rehabilitasi Jalan Ruas ${i}\nNo. HP: 0812-2745-${String(1000 + i)}\n\nTerima kasih.`,
        // Bytes after the picture's end change its sha256 and nothing else: each report's picture is read anew.
        attachments: shots.length > 0 ? [{ filename: shots[i % shots.length]!.filename, contentType: shots[i % shots.length]!.contentType, content: Buffer.concat([shots[i % shots.length]!.bytes, Buffer.from(`\n${i}\n`)]) }] : [],
      });
      const accepted = Date.now();
      transport.close();
      latencies.push(((await answerArrival(watchers.get(from) as ImapFlow, messageId, 30_000)) - accepted) / 1000);
    }
    const p95 = percentile(latencies, 95);
    return {
      row: { figure, goal: below(1, ' s'), value: p95, measured: `${p95.toFixed(2)} s (p50 ${median(latencies).toFixed(2)} s, max ${Math.max(...latencies).toFixed(2)} s)` },
      notes: [
        `live: ${count} reports from ${REPORTERS.join(' and ')}, one after another, each timed from Postfix accepting it to its answer in the reporter's INBOX`,
        shots.length === 0
          ? `live: the reports carried no screenshot (${chromiumMissing() ?? ''})`
          : reading.settings !== null
            ? `live: each report carried an SPSE screenshot of its own, read by the daemon beside intake (${readCount(ws.database)} of ${count} read by the last acknowledgment; the rest were waiting)`
            : `live: each report carried an SPSE screenshot, not read (${reading.off})`,
      ],
    };
  } finally {
    for (const w of watchers.values()) await w.logout().catch(() => undefined);
    const running = daemon;
    if (running !== null && running.exitCode === null) {
      running.kill('SIGTERM');
      await new Promise((r) => running.once('exit', r));
    }
    servers('stop');
  }
}
