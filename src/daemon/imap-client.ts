// The daemon's IMAP edge: how a connection is made from the config, and what imapflow's errors
// mean. Only this file reads imapflow's error shapes; the rest of the daemon sees three kinds:
//   auth_failed      the server refused our login: retrying cannot fix it, a person must
//                    (stop intake, one clear log line, exit 78 so systemd does not restart);
//   tls_rejected     the server's certificate does not verify, or it demands TLS we lack
//                    (the same: a configuration to fix);
//   connection_lost  everything else: refused, reset, timed out, BYE, a restart of the server
//                    (reconnect with backoff and jitter).
// A folder the daemon needs and cannot create is `folder_missing` (a configuration error too).
import { ImapFlow, ImapFlowErrorCode, type ImapFlowOptions, type MailboxObject } from 'imapflow';
import type { Config } from '../config/load';

export type ImapFailureKind = 'auth_failed' | 'tls_rejected' | 'folder_missing' | 'connection_lost';

export interface ImapFailure {
  kind: ImapFailureKind;
  code: string | null;
  /** One line for the log: what the server or the socket said; never a password. */
  detail: string;
}

/** Raised by the daemon itself for a folder it cannot create, and for a connection that closed while waiting. */
export class ImapProblem extends Error {
  constructor(
    readonly kind: ImapFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'ImapProblem';
  }
}

interface ImapErrorShape {
  name?: string;
  message?: string;
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  response?: unknown;
  reason?: string;
}

/** Login answers that are about the server's state, not our credentials (RFC 5530). */
const TEMPORARY_LOGIN_CODES = new Set(['UNAVAILABLE', 'SERVERBUG', 'INUSE', 'LIMIT']);

const TLS_CODES = /^(?:CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(?:VERIFY|GET)_|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_|HOSTNAME_MISMATCH)/;

export function classifyImapError(err: unknown): ImapFailure {
  if (err instanceof ImapProblem) return { kind: err.kind, code: null, detail: err.message };
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ImapErrorShape;
  const code = e.serverResponseCode ?? e.code ?? null;
  const said = typeof e.response === 'string' ? e.response : (e.responseText ?? e.reason ?? '');
  const detail = [e.message, code ? `(${code})` : '', said && said !== e.message ? `: ${said}` : '']
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  if (e.authenticationFailed || e.name === 'AuthenticationFailure') {
    const temporary = e.serverResponseCode !== undefined && TEMPORARY_LOGIN_CODES.has(e.serverResponseCode.toUpperCase());
    return { kind: temporary ? 'connection_lost' : 'auth_failed', code, detail };
  }
  if (e.tlsFailed || (e.code !== undefined && TLS_CODES.test(e.code))) return { kind: 'tls_rejected', code, detail };
  return { kind: 'connection_lost', code, detail };
}

/** True for what imapflow, the server or the socket raised; false for our own bugs (and the store's errors). */
export function fromServerOrSocket(err: unknown): boolean {
  if (err instanceof ImapProblem) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as ImapErrorShape & { responseStatus?: string };
  if (e.authenticationFailed || e.tlsFailed || e.responseStatus !== undefined || e.name === 'AuthenticationFailure') return true;
  const code = e.code ?? '';
  return Object.hasOwn(ImapFlowErrorCode, code) || code.startsWith('ParserError') || /^E[A-Z]+$/.test(code) || TLS_CODES.test(code);
}

/** A new, unconnected client for the configured mailbox. */
export function createImapClient(cfg: Config, password: string, version: string): ImapFlow {
  return new ImapFlow(imapOptions(cfg, password, version));
}

export function imapOptions(cfg: Config, password: string, version: string): ImapFlowOptions {
  const imap = cfg.mailbox.imap;
  return {
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    auth: { user: imap.user, pass: password },
    tls: { rejectUnauthorized: imap.rejectUnauthorized },
    clientInfo: { name: 'lpse-helpdesk', version },
    // Our own pino lines say what happened; imapflow's would repeat them (and its debug level
    // would log message text).
    logger: false,
    // imapflow enters IDLE after 15 s of quiet by default; until then new mail is seen only at
    // the next command. 100 ms: IDLE right after each burst of work.
    autoIdleDelay: 100,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    // A silently dead connection is noticed by the next poll's command within this time.
    socketTimeout: Math.max(150, cfg.mailbox.pollSeconds * 2) * 1000,
  };
}

/** Selects `folder` unless it is already selected the same way (SELECT again costs a round trip). */
export async function selectFolder(client: ImapFlow, folder: string, readOnly = false): Promise<MailboxObject> {
  const open = client.mailbox;
  if (open && open.path === folder && Boolean(open.readOnly) === readOnly) return open;
  return client.mailboxOpen(folder, { readOnly });
}

/** Creates the configured folders that do not exist yet (Processed, Quarantine, Drafts, Sent ...). */
export async function ensureFolders(client: ImapFlow, folders: readonly string[]): Promise<string[]> {
  const listed = new Set((await client.list()).map((b) => b.path));
  const created: string[] = [];
  for (const folder of new Set(folders)) {
    if (listed.has(folder) || folder.toUpperCase() === 'INBOX') continue;
    try {
      await client.mailboxCreate(folder);
      created.push(folder);
    } catch (err) {
      if (!client.usable) throw err;
      throw new ImapProblem('folder_missing', `folder "${folder}" does not exist and could not be created: ${(err as Error).message}`);
    }
  }
  return created;
}
