// `lpse-helpdesk start`: builds the real collaborators from the config and the environment
// (passwords only from LPSE_IMAP_PASSWORD / LPSE_SMTP_PASSWORD) and hands them to runDaemon.
// Also the process-level wiring: SIGTERM/SIGINT ask for a clean stop (a second one exits at
// once), and a stop that takes longer than SHUTDOWN_LIMIT_MS is cut short.
import path from 'node:path';
import type { Config } from '../config/load';
import { requireSecrets } from '../config/secrets';
import { fromTrust } from '../config/security';
import { calendarWarningsFor } from '../digest/calendar-check';
import { scheduleJobs } from '../digest/jobs';
import { Helpdesk } from '../helpdesk/helpdesk';
import { BudgetedReader } from '../inbox/reading-budget';
import { calendarFromConfig, sopFromConfig } from '../helpdesk/wiring';
import { ocrChoice, ocrOffLine } from '../ocr/settings';
import { SmtpTransport } from '../outbox/smtp';
import { openStore } from '../store/db';
import { StopSignal } from './backoff';
import { createImapClient } from './imap-client';
import { createLogger } from './logger';
import { runDaemon } from './run';

/** Under systemd's default TimeoutStopSec (90 s) and the unit's 30 s. */
const SHUTDOWN_LIMIT_MS = 25_000;

/** After a stop request, a message still being read gets this long before its worker is ended. */
const READING_GRACE_MS = 2_000;

export async function startDaemon(cfg: Config, env: NodeJS.ProcessEnv, version: string): Promise<number> {
  // How a From is proven is a choice the operator must have made (exit 2 otherwise).
  const trustWarning = fromTrust(cfg);
  // Both secrets are checked before anything starts: a missing one is a config error (exit 2).
  const secrets = requireSecrets(env, ['LPSE_IMAP_PASSWORD', 'LPSE_SMTP_PASSWORD']);
  const imapPassword = secrets.LPSE_IMAP_PASSWORD;
  const smtpPassword = secrets.LPSE_SMTP_PASSWORD;
  const log = createLogger({ ...cfg.log, timezone: cfg.calendar.timezone });
  const store = openStore(path.resolve(cfg.paths.database));
  // A commit must be on disk before its message is moved out of INBOX (and before a mail is
  // taken as sent): with WAL, FULL costs one fsync per transaction and survives power loss too.
  store.sqlite.pragma('synchronous = FULL');
  const now = () => new Date();
  const sop = sopFromConfig(cfg);
  const calendar = calendarFromConfig(cfg);
  // Every message is read in a worker thread with a deadline (reading.budgetSeconds): no mail can
  // hold the main thread, so stop signals, the clock watch and sending always get their turn.
  const reading = new BudgetedReader(cfg.reading.budgetSeconds);
  // Screenshots are read beside intake, after each report's commit (src/ocr); off when the engine is missing.
  const ocr = ocrChoice(cfg);
  const helpdesk = new Helpdesk({ config: cfg, store, sop, calendar, now, reader: reading.reader, ocr: ocr.settings });
  const smtp = new SmtpTransport(cfg, smtpPassword);
  const stop = new StopSignal();
  stop.onRequest(() => setTimeout(() => void reading.close(), READING_GRACE_MS).unref());

  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.requested) {
      log.warn({ signal }, 'second stop signal: exiting now');
      process.exit(130);
    }
    log.info({ signal }, 'stop requested: finishing the message in hand');
    stop.request(signal);
    setTimeout(() => {
      log.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'clean stop took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  log.info({ version, config: cfg.source, database: path.resolve(cfg.paths.database) }, 'lpse-helpdesk start');
  if (trustWarning !== null) log.warn(trustWarning);
  if (ocr.off !== null) log.warn({ reason: ocr.off }, ocrOffLine(ocr.off));
  // A year without a holiday file counts its holidays as working days: say so (from 1 November for the coming year).
  for (const warning of calendarWarningsFor(cfg, calendar, now())) log.warn(warning);
  try {
    // The worker loads the parsers now: a broken install fails here, not on every message.
    await reading.warm();
    return await runDaemon({
      config: cfg,
      store,
      helpdesk,
      imap: () => createImapClient(cfg, imapPassword, version),
      smtp,
      log,
      stop,
      now,
      // The per-minute clock tick and the daily digest (src/digest/jobs.ts), in the daemon's sequence.
      schedule: (hooks) => scheduleJobs({ config: cfg, store, helpdesk, sop, calendar, now, log, ...hooks }),
    });
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    smtp.close();
    await reading.close();
    store.close();
  }
}
