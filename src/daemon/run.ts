// The live daemon in one place (probot's run.ts shape): config, store, helpdesk, IMAP, SMTP,
// logger and the stop signal are handed in; this file only orders them.
//
//   connect IMAP ─▶ read INBOX ─▶ read Sent ─▶ flush outbox ─▶ IDLE on INBOX until new mail, the
//        ▲          (per message: commit,     (STATUS; own     poll interval, the 10 s Sent check,
//        │           move, checkpoint, send)   copies skipped)  a retry falling due, or a stop
//        └── connection lost: reconnect with exponential backoff and jitter (capped at a minute)
//
// Everything runs in one sequence: no two things touch the store at once, and no mail is sent
// before the transaction that queued it has committed (drain runs only after `receive` returns).
// An IMAP login refusal, an unverifiable certificate, TLS spoken to a plain port, or a host DNS
// does not know (after a few look-ups, before the first connection) stops intake with one clear
// log line naming the config key and exit status 78 (EX_CONFIG: systemd's
// RestartPreventExitStatus keeps it from hammering); so do the same SMTP failures at start. A stop request (SIGTERM/SIGINT) lets the message in hand
// finish, flushes what can be sent, logs out and returns 0.
//
// Crash safety (kill -9 at any instant) comes from the order of the steps, see intake.ts and
// sender.ts: a crash repeats work, never loses it, and sends a mail twice only when it falls
// between the SMTP server's acceptance of that mail and the UPDATE that records it.
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { Config } from '../config/load';
import { ImapDraftSink } from '../outbox/imap-drafts';
import { fromFilesDir } from '../outbox/message';
import { SentCopies } from '../outbox/sent-copies';
import type { Store } from '../store/db';
import { backoffDelay, RECONNECT, Wakeup, type BackoffPolicy, type StopSignal } from './backoff';
import { HOST_NOT_FOUND_ATTEMPTS, hostNotFound, hostNotFoundLine, plainPortAdvice, plainTextAnswer, retryHint, type Endpoint } from './explain';
import { classifyImapError, ensureFolders, fromServerOrSocket, ImapProblem, selectFolder } from './imap-client';
import { Intake, RetryLater, type IntakeHelpdesk } from './intake';
import { JobsLane } from './jobs-lane';
import { ScreenshotLoop, type ScreenshotHelpdesk } from './screenshot-loop';
import { Sender, type SenderHelpdesk, type SmtpPort } from './sender';
import { warmUp } from './warm-up';

export interface DaemonDeps {
  config: Config;
  store: Store;
  helpdesk: IntakeHelpdesk & SenderHelpdesk & ScreenshotHelpdesk;
  /** A new, unconnected IMAP client (one per connection attempt). */
  imap: () => ImapFlow;
  smtp: SmtpPort & { close(): void };
  log: Logger;
  stop: StopSignal;
  now?: () => Date;
  /**
   * Starts the timed jobs (tick, digest) with the daemon's hooks: `inSequence` runs a job at the
   * daemon's next safe point, `onQueued` wakes the sender for the mail a job queued.
   */
  schedule?: (hooks: { inSequence: JobsLane['inSequence']; onQueued: () => void }) => { stop(): Promise<void> };
  /** The waits between connection attempts (default RECONNECT; tests shorten them). */
  reconnect?: BackoffPolicy;
}

export const EXIT_OK = 0;
/** As for every command: the configuration is wrong (the CLI lists config problems with it too). */
export const EXIT_BAD_CONFIG = 2;
/** EX_CONFIG: a person must fix the login, the certificate or a folder; restarting cannot. */
export const EXIT_REFUSED = 78;

/**
 * IDLE watches one folder, the inbox; the Sent folder is looked at (one STATUS) at every wake-up
 * and at least this often, so a sent escalation is noticed within seconds. (Its step-5 clock
 * starts at the mail's Date whenever it is noticed.)
 */
const SENT_CHECK_MS = 10_000;

/** At a stop, a screenshot being read gets this long to end (it is read again at the next start otherwise). */
const SCREENSHOT_GRACE_MS = 5_000;

/** After `receive` failed on a message, the pass is tried again after this long. */
const RETRY_PASS_MS = 5_000;

export async function runDaemon(deps: DaemonDeps): Promise<number> {
  const { config, log, stop } = deps;
  const now = deps.now ?? (() => new Date());
  const reconnect = deps.reconnect ?? RECONNECT;
  const folders = config.mailbox.folders;
  let current: ImapFlow | null = null;
  const imapAccess = () => current;
  const source = fromFilesDir(config.paths.files, config.mailbox.name);
  const sender = new Sender({
    db: deps.store.db,
    smtp: deps.smtp,
    drafts: new ImapDraftSink(imapAccess, folders.drafts),
    sentCopies: config.mailbox.saveSentCopies ? new SentCopies(deps.store.db, imapAccess, folders.sent, source, now) : null,
    source,
    helpdesk: deps.helpdesk,
    log,
    now,
  });
  const wakeup = new Wakeup();
  const screenshots = new ScreenshotLoop(deps.helpdesk, () => wakeup.wake(), log);
  const afterMessage = () => {
    screenshots.kick();
    return sender.flush({ copies: false });
  };
  const intake = new Intake({ config, db: deps.store.db, helpdesk: deps.helpdesk, log, stop, now, afterMessage });
  const offStop = stop.onRequest(() => wakeup.wake());
  const jobs = new JobsLane(() => wakeup.wake());

  const imapAt = { host: config.mailbox.imap.host, port: config.mailbox.imap.port, user: config.mailbox.imap.user };
  const imapEndpoint: Endpoint = { service: 'imap', host: imapAt.host, port: imapAt.port, secure: config.mailbox.imap.secure };
  log.info({ imap: imapAt, smtp: { host: config.mailbox.smtp.host, port: config.mailbox.smtp.port }, folders, pollSeconds: config.mailbox.pollSeconds, escalationMode: config.escalation.mode }, 'daemon starting');

  // SMTP first: a refused login, TLS on a plain port or an unknown host is a configuration
  // error, found before any mail is taken in.
  const smtpAt: Endpoint = { service: 'smtp', host: config.mailbox.smtp.host, port: config.mailbox.smtp.port, secure: config.mailbox.smtp.secure };
  let smtpProblem = await deps.smtp.probe();
  for (let tries = 1; smtpProblem !== null && hostNotFound(smtpProblem.detail) && tries < HOST_NOT_FOUND_ATTEMPTS && !stop.requested; tries++) {
    const retryInMs = backoffDelay(tries - 1, reconnect);
    log.warn({ smtp: smtpAt, reason: smtpProblem.detail, attempt: tries, retryInMs, hint: retryHint(smtpAt, smtpProblem.detail) }, 'SMTP host not found; looking it up again');
    await stop.sleep(retryInMs);
    smtpProblem = await deps.smtp.probe();
  }
  const smtpFatal =
    smtpProblem === null
      ? null
      : smtpProblem.kind === 'auth_failed'
        ? 'SMTP login refused: check mailbox.smtp.user and LPSE_SMTP_PASSWORD; not starting'
        : smtpAt.secure && plainTextAnswer(smtpProblem.detail)
          ? `${plainPortAdvice(smtpAt)}; not starting`
          : hostNotFound(smtpProblem.detail) && !stop.requested
            ? `${hostNotFoundLine(smtpAt, HOST_NOT_FOUND_ATTEMPTS)}; not starting`
            : null;
  if (smtpProblem !== null && smtpFatal !== null) {
    log.fatal({ smtp: { ...smtpAt, user: config.mailbox.smtp.user }, reason: smtpProblem.detail }, smtpFatal);
    offStop();
    return EXIT_REFUSED;
  }
  await sender.flush(); // what a previous run left queued (drafts wait for IMAP)
  screenshots.kick(); // what a previous run left to read
  try {
    log.debug({ ms: await warmUp(config) }, 'warmed up: the first message is answered as fast as the rest');
  } catch (err) {
    log.warn({ err }, 'warm-up failed (intake goes on; the first message may be slower)');
  }

  let scheduled: { stop(): Promise<void> } | null = null;
  try {
    scheduled = deps.schedule?.({ inSequence: jobs.inSequence, onQueued: () => wakeup.wake() }) ?? null;
  } catch (err) {
    // An invalid cron expression (digest.schedule) is a configuration error.
    log.fatal({ reason: err instanceof Error ? err.message : String(err) }, 'the timed jobs could not be scheduled: check digest.schedule; not starting');
    offStop();
    return EXIT_BAD_CONFIG;
  }

  let exitCode = EXIT_OK;
  let flushedOnStop = false;
  let attempt = 0;
  let lostAt: number | null = null;
  // Once the host has answered, a failed look-up is a DNS outage, and is waited out.
  let connectedOnce = false;
  let notFound = 0;
  while (!stop.requested) {
    const client = deps.imap();
    client.on('error', (err: Error) => log.debug({ err: err.message }, 'imap error event'));
    client.on('close', () => wakeup.wake());
    client.on('exists', () => wakeup.wake());
    let retryInMs: number | null = null;
    try {
      const t0 = Date.now();
      await client.connect();
      const created = await ensureFolders(client, Object.values(folders));
      if (created.length) log.info({ created }, 'created the missing folders');
      current = client;
      connectedOnce = true;
      log.info({ ...imapAt, ms: Date.now() - t0, ...(lostAt !== null ? { downForMs: Date.now() - lostAt, attempts: attempt } : {}) }, lostAt !== null ? 'IMAP reconnected' : 'IMAP connected; watching for mail');
      attempt = 0;
      lostAt = null;
      await serve(client);
    } catch (err) {
      // Neither the server nor the socket said this: a bug or a store problem; its stack goes to
      // the log, and the connection is made again as after a drop.
      if (!fromServerOrSocket(err)) log.error({ err }, 'unexpected error in the intake loop');
      const failure = classifyImapError(err);
      const said = `${failure.code ?? ''} ${failure.detail}`;
      if (failure.kind === 'connection_lost' && !connectedOnce && hostNotFound(said)) notFound++;
      if (failure.kind !== 'connection_lost' || notFound >= HOST_NOT_FOUND_ATTEMPTS) {
        const line = failure.kind === 'connection_lost' ? `${hostNotFoundLine(imapEndpoint, notFound)}; intake stopped` : refusalLine(failure.kind, said);
        log.fatal({ imap: imapAt, kind: failure.kind, reason: failure.detail }, line);
        exitCode = EXIT_REFUSED;
      } else if (!stop.requested) {
        lostAt ??= Date.now();
        retryInMs = backoffDelay(attempt++, reconnect);
        log.warn({ imap: imapAt, reason: failure.detail, attempt, retryInMs, hint: retryHint(imapEndpoint, said) }, current ? 'IMAP connection lost; reconnecting' : 'IMAP connection failed; retrying');
      }
    }
    current = null;
    await closeQuietly(client);
    if (exitCode !== EXIT_OK) break;
    if (retryInMs !== null) await awayFromImap(retryInMs);
  }
  jobs.close();
  await scheduled?.stop();
  await screenshots.settle(SCREENSHOT_GRACE_MS);
  await runJobs();
  // Stopped while away from IMAP, or refused: send what SMTP can still take.
  if (!flushedOnStop || jobs.pending > 0) await sender.flush();
  offStop();
  log.info({ exitCode, reason: stop.reason ?? undefined }, 'daemon stopped');
  return exitCode;

  /** Works the connection until a stop (returns) or until it is lost (throws). */
  async function serve(client: ImapFlow): Promise<void> {
    while (!stop.requested) {
      wakeup.clear();
      try {
        await intake.readInbox(client);
        if (stop.requested) break;
        await intake.readSent(client);
      } catch (err) {
        if (!(err instanceof RetryLater)) throw err;
        await sender.flush();
        await stop.sleep(RETRY_PASS_MS);
        continue;
      }
      if (await runJobs()) continue; // read again before waiting: a job took time
      await sender.flush();
      if (!client.usable) throw new ImapProblem('connection_lost', 'connection closed');
      // IDLE happens on the inbox; mail that came while Sent was selected shows in its UIDNEXT.
      const reselect = client.mailbox === false || client.mailbox.path !== folders.inbox;
      const box = await selectFolder(client, folders.inbox);
      if (reselect && intake.inboxHasNew(box)) continue;
      const pollMs = config.mailbox.pollSeconds * 1000;
      await wakeup.wait(Math.min(pollMs, SENT_CHECK_MS, sender.msUntilDue() ?? pollMs));
      if (!client.usable) throw new ImapProblem('connection_lost', `connection closed${client.byeReason ? ` (${client.byeReason})` : ''}`);
    }
    await sender.flush(); // the last round, while drafts and sent copies can still be saved
    flushedOnStop = true;
  }

  /** Runs the queued timed jobs, then sends what they queued. */
  async function runJobs(): Promise<number> {
    const ran = await jobs.runPending();
    if (ran > 0) await sender.flush();
    return ran;
  }

  /** The reconnect wait: timed jobs and the outbox keep going meanwhile. */
  async function awayFromImap(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!stop.requested && Date.now() < until) {
      await wakeup.wait(Math.min(until - Date.now(), sender.msUntilDue() ?? Infinity));
      await runJobs();
      await sender.flush();
    }
  }

  function refusalLine(kind: string, said: string): string {
    if (kind === 'auth_failed') return `IMAP login refused for ${imapAt.user} at ${imapAt.host}:${imapAt.port}: check mailbox.imap.user and LPSE_IMAP_PASSWORD; intake stopped`;
    if (kind === 'tls_rejected' && imapEndpoint.secure && plainTextAnswer(said)) return `${plainPortAdvice(imapEndpoint)}; intake stopped`;
    if (kind === 'tls_rejected') return `IMAP server ${imapAt.host}:${imapAt.port} failed TLS verification: install its CA, fix mailbox.imap.host, or (lab only) set mailbox.imap.rejectUnauthorized: false; intake stopped`;
    return `IMAP folder problem: check mailbox.folders; intake stopped`;
  }
}

async function closeQuietly(client: ImapFlow): Promise<void> {
  if (client.usable) {
    const timeout = new Promise<void>((done) => setTimeout(done, 2_000).unref());
    await Promise.race([client.logout().catch(() => undefined), timeout]);
  }
  client.close();
}
