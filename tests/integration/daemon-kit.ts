/**
 * Test kit for the live daemon: a temporary config pointing at the local Dovecot/Postfix (the
 * ports of ./mailserver), the built CLI (`node dist/cli.js start`) spawned as a real process with
 * its JSON log in a file, a read-only view of its SQLite database, and mailbox watching by
 * polling STATUS on one open connection (fine-grained enough to time an answer).
 *
 * `npm test` builds before jest; when `dist/` is missing or older than `src/`, the kit builds it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import YAML from 'yaml';
import {
  IMAP_PORT,
  MAIL_HOST,
  MAIL_PASSWORD,
  SMTP_PORT,
  USERS,
  clearMailbox,
  imapClient,
  listMessages,
  waitFor,
  waitForMessage,
  type ListedMessage,
  type TestUser,
} from './mailserver';

const REPO = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO, 'dist', 'cli.js');

/** Builds dist/ when it is missing or older than a source file (jest alone does not run `pretest`). */
export function ensureBuilt(): void {
  const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
  if (built > 0 && newestSource(path.join(REPO, 'src')) <= built) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit arbitrary YAML
export type ConfigEdit = (doc: any) => void;

const tempDirs: string[] = [];

/** Removes the temp dirs of this file's daemons (kept with LPSE_TEST_KEEP_TMP=1, to read their logs). */
export function removeTempDirs(): void {
  if (process.env.LPSE_TEST_KEEP_TMP) return;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A temp dir with config.yaml: the bundled default, pointed at the test servers and the dir. */
export function makeConfig(edit: ConfigEdit = () => undefined): { dir: string; file: string; dbFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-daemon-'));
  tempDirs.push(dir);
  const doc = YAML.parse(fs.readFileSync(path.join(REPO, 'config', 'default.yaml'), 'utf8'));
  doc.mailbox.imap.host = MAIL_HOST;
  doc.mailbox.imap.port = IMAP_PORT;
  doc.mailbox.smtp.host = MAIL_HOST;
  doc.mailbox.smtp.port = SMTP_PORT;
  doc.mailbox.pollSeconds = 5;
  // The shipped calendar, plus a 2027 file with New Year's Day only (a holiday every year), so that
  // tests in late 2026 do not get the staff notice of a missing coming year between their mails.
  const holidays = path.join(dir, 'holidays');
  fs.mkdirSync(holidays);
  for (const f of fs.readdirSync(path.join(REPO, 'config', 'holidays')).filter((n) => n.endsWith('.yaml'))) fs.copyFileSync(path.join(REPO, 'config', 'holidays', f), path.join(holidays, f));
  fs.writeFileSync(path.join(holidays, '2027.yaml'), "year: 2027\nholidays:\n  - { date: '2027-01-01', name: Tahun Baru 2027 Masehi }\n");
  doc.calendar.holidaysDir = holidays;
  doc.paths = {
    database: path.join(dir, 'helpdesk.sqlite'),
    files: path.join(dir, 'files'),
    archive: path.join(dir, 'archive'),
    outbox: path.join(dir, 'outbox'),
  };
  doc.log.level = 'debug';
  // The test Postfix+Dovecot (scripts/mailserver.sh) runs no DKIM/SPF/DMARC milter and writes
  // no Authentication-Results, so these tests choose the bare From explicitly.
  doc.security.trustFromHeader = true;
  edit(doc);
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, YAML.stringify(doc));
  return { dir, file, dbFile: doc.paths.database as string };
}

export interface LogLine {
  level: string;
  time: string;
  msg: string;
  [key: string]: unknown;
}

/** One `lpse-helpdesk start` process; its stdout+stderr go to a file (never a pipe that could fill). */
export class Daemon {
  readonly logFile: string;
  private child: ChildProcess | null = null;
  private exitPromise: Promise<number | null> | null = null;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  starts = 0;

  constructor(
    readonly configFile: string,
    private readonly env: Record<string, string> = {},
  ) {
    this.logFile = path.join(path.dirname(configFile), 'daemon.log');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.exitPromise !== null && this.exitCode === null && this.exitSignal === null;
  }

  /** Spawns the daemon and waits until it watches the inbox (or exits). */
  async start(opts: { waitReady?: boolean } = {}): Promise<void> {
    const fd = fs.openSync(this.logFile, 'a');
    this.exitCode = null;
    this.exitSignal = null;
    const before = this.lines().length;
    const child = spawn(process.execPath, [CLI, 'start', '--config', this.configFile], {
      cwd: path.dirname(this.configFile),
      env: { ...process.env, LPSE_IMAP_PASSWORD: MAIL_PASSWORD, LPSE_SMTP_PASSWORD: MAIL_PASSWORD, ...this.env },
      stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    this.child = child;
    this.starts++;
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve(code);
      });
    });
    if (opts.waitReady === false) return;
    await waitFor(
      () => this.exitCode !== null || this.exitSignal !== null || this.lines().slice(before).some((l) => /IMAP connected|IMAP reconnected/.test(l.msg)),
      15_000,
      { message: 'daemon never reported "IMAP connected"', intervalMs: 20 },
    );
    if (this.exitCode !== null) throw new Error(`daemon exited ${this.exitCode} at start:\n${this.tail()}`);
  }

  /** Waits for the process to end; resolves its exit code (null when killed by a signal). */
  async exited(timeoutMs = 30_000): Promise<number | null> {
    if (!this.exitPromise) return this.exitCode;
    const timeout = new Promise<never>((_, reject) => {
      const t = setTimeout(() => reject(new Error(`daemon did not exit within ${timeoutMs} ms:\n${this.tail()}`)), timeoutMs);
      t.unref();
    });
    return Promise.race([this.exitPromise, timeout]);
  }

  /** SIGTERM and wait: the clean stop. */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (!this.running) return this.exitCode;
    this.child?.kill('SIGTERM');
    return this.exited(timeoutMs);
  }

  /** SIGKILL: no chance to finish anything. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.exited(10_000);
  }

  /** Every JSON line the daemon wrote so far (all runs). */
  lines(): LogLine[] {
    if (!fs.existsSync(this.logFile)) return [];
    return fs
      .readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        try {
          return JSON.parse(l) as LogLine;
        } catch {
          return { level: 'unparsed', time: '', msg: l };
        }
      });
  }

  count(msg: string | RegExp): number {
    return this.lines().filter((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(l.msg))).length;
  }

  async waitForLog(match: (l: LogLine) => boolean, timeoutMs = 15_000, what = 'log line'): Promise<LogLine> {
    return waitFor(() => this.lines().find(match), timeoutMs, { message: `daemon never logged ${what}`, intervalMs: 25 });
  }

  tail(n = 30): string {
    if (!fs.existsSync(this.logFile)) return '(no log)';
    return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-n).join('\n');
  }
}

const launched: Daemon[] = [];

/** A daemon on a fresh config (makeConfig(edit)), started (by default until it watches the inbox), with a view of its database. */
export async function launch(
  edit: ConfigEdit = () => undefined,
  env: Record<string, string> = {},
  opts: { waitReady?: boolean } = {},
): Promise<{ daemon: Daemon; db: DbView }> {
  const cfg = makeConfig(edit);
  const daemon = new Daemon(cfg.file, env);
  // Tracked before it starts: a start that times out leaves a process for killLaunched.
  launched.push(daemon);
  await daemon.start(opts);
  return { daemon, db: new DbView(cfg.dbFile) };
}

/** For afterEach: SIGKILLs every daemon `launch` started that still runs, whatever the test did; returns them all (to print their logs). */
export async function killLaunched(): Promise<Daemon[]> {
  const all = launched.splice(0);
  for (const d of all) if (d.running) await d.kill9();
  return all;
}

/** Read-only queries on the daemon's database (WAL: reading while it writes is fine). */
export class DbView {
  constructor(readonly file: string) {}

  private q<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(this.file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  cases(): { ref: string; state: string; reporter: string; escalation_message_id: string | null }[] {
    return this.q('select ref, state, reporter, escalation_message_id from cases order by id');
  }

  caseByRef(ref: string) {
    return this.q<{
      id: number;
      ref: string;
      state: string;
      reporter: string;
      outcome: string | null;
      closed_at: number | null;
      description: string | null;
      opened_by_staff: string | null;
      opened_via: string | null;
      escalation_message_id: string | null;
    }>('select * from cases where ref = ?', ref)[0];
  }

  outbox(): { id: number; kind: string; status: string; message_id: string; to_addrs: string; attempts: number; last_error: string | null; case_id: number | null }[] {
    return this.q('select id, kind, status, message_id, to_addrs, attempts, last_error, case_id from outbox order by id');
  }

  messages(): { message_id: string; from_addr: string; disposition: string; reason: string | null; kind: string }[] {
    return this.q('select message_id, from_addr, disposition, reason, kind from messages order by id');
  }

  events(type: string): { case_id: number | null; at: number; type: string; message_id: string | null; detail: string }[] {
    return this.q('select case_id, at, type, message_id, detail from events where type = ? order by id', type);
  }

  clocks(caseRef: string): { step: string; started_at: number; stopped_at: number | null }[] {
    return this.q('select k.step, k.started_at, k.stopped_at from clocks k join cases c on c.id = k.case_id where c.ref = ? order by k.id', caseRef);
  }
}

/** Clears every folder of the given users (default: all test users). */
export async function clearAll(users: TestUser[] = Object.keys(USERS) as TestUser[]): Promise<void> {
  await Promise.all(users.map((u) => clearMailbox(u)));
}

/** One long-lived connection polling STATUS: cheap enough to watch a mailbox every 20 ms. */
export class MailboxWatch {
  private constructor(private readonly client: ImapFlow) {}

  static async open(user: TestUser): Promise<MailboxWatch> {
    const client = imapClient(user, { disableAutoIdle: true });
    client.on('error', () => undefined);
    await client.connect();
    return new MailboxWatch(client);
  }

  async count(folder = 'INBOX'): Promise<number> {
    const st = await this.client.status(folder, { messages: true });
    return st ? (st.messages ?? 0) : 0;
  }

  /** Resolves the time (Date.now()) at which `folder` first held at least `n` messages. */
  async waitForCount(n: number, timeoutMs: number, folder = 'INBOX'): Promise<number> {
    await waitFor(async () => (await this.count(folder)) >= n, timeoutMs, { intervalMs: 20, message: `fewer than ${n} messages in ${folder}` });
    return Date.now();
  }

  /** The In-Reply-To of every message in INBOX (one FETCH of that header). */
  async inReplyTos(folder = 'INBOX'): Promise<string[]> {
    const box = await this.client.mailboxOpen(folder, { readOnly: true });
    if (box.exists === 0) return [];
    const out: string[] = [];
    for await (const m of this.client.fetch('1:*', { headers: ['in-reply-to'] })) {
      const v = /in-reply-to:\s*(\S+)/i.exec(m.headers?.toString('utf8') ?? '')?.[1];
      if (v) out.push(v);
    }
    return out;
  }

  /**
   * Polls until every id in `ids` has an answer (by In-Reply-To); resolves when each was first
   * seen (Date.now()), so the caller can time each answer.
   */
  async answerTimes(ids: readonly string[], timeoutMs: number, folder = 'INBOX'): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    const wanted = new Set(ids);
    await waitFor(
      async () => {
        const now = Date.now();
        for (const id of await this.inReplyTos(folder)) if (wanted.has(id) && !seen.has(id)) seen.set(id, now);
        return seen.size === wanted.size;
      },
      timeoutMs,
      { intervalMs: 50, message: `answers missing (${ids.length - seen.size} of ${ids.length})` },
    );
    return seen;
  }

  async close(): Promise<void> {
    await this.client.logout().catch(() => this.client.close());
  }
}

/** A message's header value (first), unfolded. */
export function header(m: ListedMessage, name: string): string | null {
  const head = m.source.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
  const re = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im');
  const v = re.exec(head)?.[1];
  return v === undefined ? null : v.replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** Messages in `user`'s folder that answer (In-Reply-To) each of `ids`, counted per id. */
export async function answersByInReplyTo(user: TestUser, ids: readonly string[], folder = 'INBOX'): Promise<Map<string, ListedMessage[]>> {
  const all = await listMessages(user, folder);
  const out = new Map<string, ListedMessage[]>(ids.map((id) => [id, []]));
  for (const m of all) {
    const irt = header(m, 'In-Reply-To');
    if (irt && out.has(irt)) out.get(irt)!.push(m);
  }
  return out;
}

/** The plain-text part of a message, decoded (quoted-printable, base64, charsets). */
export async function textOf(m: ListedMessage): Promise<string> {
  return (await simpleParser(m.source)).text ?? '';
}

/**
 * Waits until the bot has sent a mail of `kind` to `user` (its outbox row) and it is in the
 * user's INBOX; returns it. `after`: only a row newer than that outbox id.
 */
export async function delivered(db: DbView, user: TestUser, kind: string, timeoutMs = 15_000, after = 0): Promise<ListedMessage> {
  const row = await waitFor(
    () => db.outbox().find((o) => o.id > after && o.kind === kind && o.status === 'sent' && (JSON.parse(o.to_addrs) as string[]).includes(USERS[user])),
    timeoutMs,
    { message: `the bot sent no ${kind} to ${USERS[user]}`, intervalMs: 50 },
  );
  return waitForMessage(user, 'INBOX', (m) => header(m, 'Message-ID') === row.message_id, timeoutMs);
}

/** The kind of each message in `user`'s folder, oldest first: the bot's outbox kind, or `from <address>` for mail that is not the bot's. */
export async function kindsIn(db: DbView, user: TestUser, folder = 'INBOX'): Promise<string[]> {
  const kinds = new Map(db.outbox().map((o) => [o.message_id, o.kind]));
  return (await listMessages(user, folder)).map((m) => kinds.get(header(m, 'Message-ID') ?? '') ?? `from ${m.envelope.from?.[0]?.address ?? '?'}`);
}

/** A pooled SMTP sender authenticated as `user`, for sending many messages quickly. */
export function pooledSender(user: TestUser) {
  return nodemailer.createTransport({
    host: MAIL_HOST,
    port: SMTP_PORT,
    secure: false,
    pool: true,
    maxConnections: 4,
    auth: { user: USERS[user], pass: MAIL_PASSWORD },
  });
}

/** The text of a complete report (every field) and a real 1x1 PNG: the scenario tests' own. */
export { REPORT as COMPLETE_REPORT, PNG } from '../helpdesk/scenario-kit';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
