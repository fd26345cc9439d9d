// The SMTP transport of the live daemon: nodemailer (pooled when `mailbox.smtp.pool`), one
// outbox row at a time, the row's own envelope and its message as built (our Message-ID, never
// rewritten), streamed to the server: the attachments are read from their files as they go.
// Owns what nodemailer's errors mean, so that nothing above it reads their shapes:
//   permanent    the server refused this message (5xx to MAIL/RCPT/DATA): retrying cannot help;
//   temporary    the server deferred this message (4xx): drain's backoff retries it;
//   unavailable  the server is down, unreachable, shutting down (421) or refuses our login:
//                no message is at fault, so the transport holds every send (fails fast with a
//                `smtp_unavailable:` error) until `probe()` finds the server usable again.
import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Config } from '../config/load';
import type { OutgoingMessage } from './message';
import { SendError, type OutboxHead, type Transport } from './outbox';

/** Prefix of `lastError` for sends held because the server (not the message) failed. */
export const UNAVAILABLE_PREFIX = 'smtp_unavailable:';

export type SmtpFailureKind = 'permanent' | 'temporary' | 'unavailable' | 'auth_failed';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  /** One line: the server's answer or the socket error, never the password. */
  detail: string;
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
  message?: string;
}

/** What a nodemailer error means for the row in hand and for the server as a whole. */
export function classifySmtpError(err: unknown): SmtpFailure {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as NodemailerError;
  const code = e.code ?? '';
  const status = typeof e.responseCode === 'number' ? e.responseCode : null;
  const detail = oneLine([code, e.command, e.response ?? e.message].filter(Boolean).join(' '));
  // 535 is a refused password; a 454 "temporary authentication failure" (the server's own
  // password backend is down, e.g. Postfix asking a restarting Dovecot) is an outage.
  if (code === 'EAUTH' || code === 'ENOAUTH') return { kind: status !== null && status < 500 ? 'unavailable' : 'auth_failed', detail };
  // Only an answer about this message (its envelope or its data) condemns the message; a 5xx
  // greeting or a 421 "closing connection" is about the server.
  const aboutMessage = code === 'EENVELOPE' || code === 'EMESSAGE' || /^(MAIL|RCPT|DATA)/i.test(e.command ?? '');
  if (status !== null && aboutMessage && status !== 421) {
    if (status >= 500) return { kind: 'permanent', detail };
    if (status >= 400) return { kind: 'temporary', detail };
  }
  return { kind: 'unavailable', detail };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 300);
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * nodemailer's own sockets keep Nagle's algorithm on, and it writes the message and the
 * closing dot separately: the server's delayed ACK then holds every send ~40 ms (50 ms a mail on
 * loopback, against 7 ms with TCP_NODELAY). nodemailer accepts a ready socket through
 * `getSocket`; STARTTLS or implicit TLS (`secure`) is still negotiated by nodemailer on top.
 */
function noDelaySocket(
  options: { host?: string; port?: number },
  callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void,
): void {
  const socket = net.connect({ host: options.host, port: options.port ?? 25, noDelay: true });
  const timer = setTimeout(() => socket.destroy(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
  const fail = (err: Error) => {
    clearTimeout(timer);
    callback(err);
  };
  socket.once('error', fail);
  socket.once('connect', () => {
    clearTimeout(timer);
    socket.removeListener('error', fail);
    callback(null, { connection: socket });
  });
}

export interface SmtpAccepted {
  /** The server's final answer, e.g. `250 2.0.0 Ok: queued as 4Xf...`. */
  response: string;
  /** Recipients the server refused while it took the others (the mail went to those). */
  rejected: string[];
}

export class SmtpTransport implements Transport {
  private readonly transporter: nodemailer.Transporter;
  private failure: SmtpFailure | null = null;
  /** What the last accepted send answered (for the daemon's log line). */
  lastAccepted: SmtpAccepted | null = null;

  constructor(cfg: Config, password: string, transporter?: nodemailer.Transporter) {
    const smtp = cfg.mailbox.smtp;
    const common = {
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: { user: smtp.user, pass: password },
      tls: { rejectUnauthorized: smtp.rejectUnauthorized },
      // Fail fast on a dead server: the outbox holds the mail and the daemon probes again.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
      logger: false,
      debug: false,
      getSocket: noDelaySocket,
    };
    const options: SMTPTransport.Options | SMTPPool.Options = smtp.pool
      ? { ...common, pool: true, maxConnections: 2, maxMessages: 100 }
      : common;
    this.transporter = transporter ?? nodemailer.createTransport(options);
  }

  /** Null while the server is usable; otherwise why it is not (sends are held). */
  get unavailable(): SmtpFailure | null {
    return this.failure;
  }

  /** Sends one row; resolves once the server has accepted it (its 250 to DATA). */
  async send(row: OutboxHead, message: OutgoingMessage): Promise<void> {
    if (this.failure) throw new SendError(`${UNAVAILABLE_PREFIX} ${this.failure.detail}`, false);
    const raw = message.stream();
    const read: { error: Error | null } = { error: null };
    raw.once('error', (err: Error) => (read.error = err));
    try {
      const info: SMTPTransport.SentMessageInfo = await this.transporter.sendMail({
        envelope: { from: row.fromAddr, to: row.toAddrs },
        raw,
      });
      this.lastAccepted = {
        response: oneLine(String(info.response ?? '')),
        rejected: (info.rejected ?? []).map((a) => (typeof a === 'string' ? a : a.address)),
      };
    } catch (err) {
      // Our side failed (a file removed while it was read): not the server's fault; the retry rebuilds the message.
      if (read.error !== null) throw new SendError(`message could not be read: ${read.error.message}`, false);
      const f = classifySmtpError(err);
      if (f.kind === 'unavailable' || f.kind === 'auth_failed') {
        this.failure = f;
        throw new SendError(`${UNAVAILABLE_PREFIX} ${f.detail}`, false);
      }
      throw new SendError(f.detail, f.kind === 'permanent');
    }
  }

  /** Connects and logs in (nodemailer's verify); clears or sets the held state. */
  async probe(): Promise<SmtpFailure | null> {
    try {
      await this.transporter.verify();
      this.failure = null;
    } catch (err) {
      this.failure = classifySmtpError(err);
      // A message-level code cannot come from verify: whatever failed, the server is not usable.
      if (this.failure.kind === 'permanent' || this.failure.kind === 'temporary') this.failure = { ...this.failure, kind: 'unavailable' };
    }
    return this.failure;
  }

  close(): void {
    this.transporter.close();
  }
}
