/**
 * The daily SLA digest, and the daemon's timed jobs (tick and digest). See each module:
 *   ./figures  buildDigest(db, now, calendar, sop): the figures, with their definitions
 *   ./render   renderDigest(figures, lang, opts): subject, HTML and plain text
 *   ./send     prepareDigest, queueDigest, runDigest, digestTimeOn: one outbox row per day
 *   ./jobs     scheduleJobs(deps): node-cron jobs for the daemon's `start`
 *   ./calendar-check  calendarWarningsFor(cfg, calendar, now): a missing holiday year, said aloud
 */

export * from './calendar-check';
export * from './figures';
export * from './jobs';
export * from './render';
export * from './send';
