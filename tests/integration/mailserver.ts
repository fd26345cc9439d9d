/**
 * Test helper for the local Dovecot/Postfix run by `scripts/mailserver.sh` (see there for the
 * setup): start/stop/restart them, send mail as a test user over SMTP with AUTH, read and
 * clear mailboxes over IMAP, and poll until something happens.
 *
 * All users are `<name>@lpse.test` with the same password; only `lpse.test` is delivered,
 * every other recipient bounces locally (a DSN comes back to the sender).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImapFlow } from 'imapflow';
import type { ImapFlowOptions, MessageEnvelopeObject } from 'imapflow';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type Mail from 'nodemailer/lib/mailer';

export const MAILSERVER_SCRIPT = path.resolve(__dirname, '../../scripts/mailserver.sh');
export const MAIL_HOST = '127.0.0.1';
export const IMAP_PORT = Number(process.env.LPSE_TEST_IMAP_PORT ?? 3143);
export const SMTP_PORT = Number(process.env.LPSE_TEST_SMTP_PORT ?? 2525);
/** SMTP without AUTH for "mail from the outside world" (lpse.test recipients only). */
export const MX_PORT = Number(process.env.LPSE_TEST_MX_PORT ?? 2526);
export const MAIL_DOMAIN = 'lpse.test';
/** Every test user's password (the script's LPSE_TEST_MAIL_PASSWORD, default `secret`). */
export const MAIL_PASSWORD = process.env.LPSE_TEST_MAIL_PASSWORD ?? 'secret';

export const USERS = {
  helpdesk: 'helpdesk@lpse.test',
  pokja1: 'pokja1@lpse.test',
  pokja2: 'pokja2@lpse.test',
  staff1: 'staff1@lpse.test',
  staff2: 'staff2@lpse.test',
  lkpp: 'lkpp@lpse.test',
  autoresponder: 'autoresponder@lpse.test',
} as const;
export type TestUser = keyof typeof USERS;
export const PASSWORDS: Readonly<Record<TestUser, string>> = Object.fromEntries(
  Object.keys(USERS).map((u) => [u, MAIL_PASSWORD]),
) as Record<TestUser, string>;

/** The folders every account has (auto-created by Dovecot). */
export const FOLDERS = ['INBOX', 'Drafts', 'Sent', 'Junk', 'Processed', 'Quarantine'] as const;

// ---------------------------------------------------------------------------------------------
// Server control (synchronous: these run the script and return once it has finished)

/** Runs `scripts/mailserver.sh <command>`; throws with its stderr when it fails. */
export function runMailServerScript(command: string, timeoutMs = 600_000): string {
  const r = spawnSync('bash', [MAILSERVER_SCRIPT, command], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  if (r.error) throw new Error(`mailserver.sh ${command}: ${r.error.message}\n${r.stderr ?? ''}`);
  if (r.status !== 0) {
    throw new Error(`mailserver.sh ${command} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  }
  return `${r.stdout}${r.stderr}`;
}

/** Starts Dovecot and Postfix (installs them on first use); a no-op when they run. */
export function startMailServer(): void {
  runMailServerScript('start');
}
/** Stops both servers (only the processes the script started). */
export function stopMailServer(): void {
  runMailServerScript('stop');
}
/** Restarts Dovecot only: every open IMAP connection is dropped. */
export function restartImap(): void {
  runMailServerScript('restart-imap');
}
export function stopImap(): void {
  runMailServerScript('stop-imap');
}
export function startImap(): void {
  runMailServerScript('start-imap');
}
/** Stops Postfix only: SMTP connections are refused; queued mail stays queued. */
export function stopSmtp(): void {
  runMailServerScript('stop-smtp');
}
export function startSmtp(): void {
  runMailServerScript('start-smtp');
}

/** The script's `env` output as an object (LPSE_MAILSERVER_DIR, ports, users, ...). */
export function mailServerEnv(): Record<string, string> {
  const out = runMailServerScript('env');
  const env: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^export ([A-Z0-9_]+)='?(.*?)'?$/.exec(line.trim());
    if (m?.[1] !== undefined) env[m[1]] = m[2] ?? '';
  }
  return env;
}

/** The text of a server log (`postfix` or `dovecot`), '' if there is none yet. */
export function serverLog(which: 'postfix' | 'dovecot'): string {
  const dir = mailServerEnv().LPSE_MAILSERVER_DIR ?? '';
  const file = path.join(dir, 'log', `${which}.log`);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

// ---------------------------------------------------------------------------------------------
// SMTP

/** `helpdesk` -> `helpdesk@lpse.test`; full addresses are kept. */
export function address(userOrAddress: string): string {
  return userOrAddress.includes('@') ? userOrAddress : `${userOrAddress}@${MAIL_DOMAIN}`;
}

export function smtpTransport(
  user: TestUser | string,
  password: string = MAIL_PASSWORD,
): nodemailer.Transporter<SMTPTransport.SentMessageInfo> {
  return nodemailer.createTransport({
    host: MAIL_HOST,
    port: SMTP_PORT,
    secure: false,
    auth: { user: address(user), pass: password },
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  });
}

export interface SendOptions {
  /** Test user names (`pokja1`) or full addresses. */
  to: string | string[];
  subject: string;
  text?: string;
  html?: string;
  cc?: string | string[];
  headers?: Record<string, string | string[]>;
  attachments?: Mail.Attachment[];
  /** The From header; default the sender's address. The envelope sender stays the user's. */
  from?: string;
  replyTo?: string;
  inReplyTo?: string;
  references?: string | string[];
  messageId?: string;
  date?: Date;
}

/** Sends one message as `user`, authenticated over SMTP; resolves when Postfix accepted it. */
export async function sendAs(
  user: TestUser,
  opts: SendOptions,
): Promise<SMTPTransport.SentMessageInfo> {
  return send(smtpTransport(user), USERS[user], opts);
}

/**
 * Sends one message without SMTP AUTH to the MX port, as mail from the outside world arrives
 * (any envelope sender, e.g. `pokja3@batangkab.go.id`); only lpse.test recipients are
 * accepted. Unlike the AUTH port this keeps working while Dovecot is down (the mail is queued
 * and delivered once Dovecot is back), since no login has to be checked.
 */
export async function sendFromOutside(
  from: string,
  opts: SendOptions,
): Promise<SMTPTransport.SentMessageInfo> {
  const transport = nodemailer.createTransport({
    host: MAIL_HOST,
    port: MX_PORT,
    secure: false,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  });
  return send(transport, from, opts);
}

async function send(
  transport: nodemailer.Transporter<SMTPTransport.SentMessageInfo>,
  envelopeFrom: string,
  opts: SendOptions,
): Promise<SMTPTransport.SentMessageInfo> {
  const list = (v: string | string[] | undefined): string[] | undefined =>
    v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(address);
  try {
    return await transport.sendMail({
      envelope: {
        from: envelopeFrom,
        to: [...(list(opts.to) ?? []), ...(list(opts.cc) ?? [])],
      },
      from: opts.from ?? envelopeFrom,
      to: list(opts.to),
      cc: list(opts.cc),
      subject: opts.subject,
      text: opts.text,
      html: opts.html,
      headers: opts.headers,
      attachments: opts.attachments,
      replyTo: opts.replyTo,
      inReplyTo: opts.inReplyTo,
      references: opts.references,
      messageId: opts.messageId,
      date: opts.date,
    });
  } finally {
    transport.close();
  }
}

// ---------------------------------------------------------------------------------------------
// IMAP

export function imapClient(
  user: TestUser | string,
  extra: Partial<ImapFlowOptions> = {},
  password: string = MAIL_PASSWORD,
): ImapFlow {
  return new ImapFlow({
    host: MAIL_HOST,
    port: IMAP_PORT,
    secure: false,
    auth: { user: address(user), pass: password },
    logger: false,
    ...extra,
  });
}

/** Connects as `user`, runs `fn`, and always logs out. */
export async function withImap<T>(
  user: TestUser | string,
  fn: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = imapClient(user, { disableAutoIdle: true });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export interface ListedMessage {
  uid: number;
  seq: number;
  flags: string[];
  envelope: MessageEnvelopeObject;
  internalDate?: Date | string;
  source: Buffer;
}

/** Every message in `folder` (default INBOX), oldest first, read-only (flags untouched). */
export async function listMessages(
  user: TestUser | string,
  folder = 'INBOX',
): Promise<ListedMessage[]> {
  return withImap(user, async (client) => {
    const box = await client.mailboxOpen(folder, { readOnly: true });
    const out: ListedMessage[] = [];
    if (box.exists === 0) return out;
    for await (const m of client.fetch('1:*', {
      uid: true,
      flags: true,
      envelope: true,
      internalDate: true,
      source: true,
    })) {
      out.push({
        uid: m.uid,
        seq: m.seq,
        flags: [...(m.flags ?? [])],
        envelope: m.envelope ?? {},
        internalDate: m.internalDate,
        source: m.source ?? Buffer.alloc(0),
      });
    }
    return out;
  });
}

/** Deletes every message in `folder`, or in all of the user's folders when none is given. */
export async function clearMailbox(user: TestUser | string, folder?: string): Promise<void> {
  await withImap(user, async (client) => {
    const folders = folder ? [folder] : (await client.list()).map((b) => b.path);
    for (const f of folders) {
      const box = await client.mailboxOpen(f);
      if (box.exists > 0) await client.messageDelete('1:*');
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Polling

/**
 * Calls `predicate` until it returns a truthy value (which is returned) or `timeoutMs` passes
 * (then throws, with the last error the predicate threw, if any).
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 10_000,
  opts: { intervalMs?: number; message?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await predicate();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${opts.message ?? 'waitFor'}: timed out after ${timeoutMs} ms${why}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}

/** Waits until a message in `user`'s `folder` matches `match`, and returns it. */
export async function waitForMessage(
  user: TestUser | string,
  folder: string,
  match: (m: ListedMessage) => boolean,
  timeoutMs = 10_000,
): Promise<ListedMessage> {
  return waitFor(async () => (await listMessages(user, folder)).find(match), timeoutMs, {
    message: `no matching message in ${address(user)} ${folder}`,
  });
}
