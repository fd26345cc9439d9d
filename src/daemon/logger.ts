// The daemon's log: pino, one JSON line per decision on stdout (journald keeps it under systemd).
// Written synchronously, so the last lines before a crash are not lost in a buffer. Lines carry
// Message-IDs, case refs, UIDs and counts; never a password, and message text only at debug.
import pino, { type DestinationStream, type Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export function createLogger(level: LogLevel, destination: DestinationStream = pino.destination({ dest: 1, sync: true })): Logger {
  return pino(
    {
      name: 'lpse-helpdesk',
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: no code path logs credentials, and these paths would be censored if one did.
      redact: { paths: ['pass', 'password', '*.pass', '*.password', 'auth', '*.auth'], censor: '[redacted]' },
    },
    destination,
  );
}
