// The daemon's log: pino, one line per decision on stdout (journald keeps it under systemd).
// `log.format: json` (the default) writes JSON for machines; `pretty` writes
// "HH:MM:SS LEVEL message key=value" in calendar.timezone for a person at a terminal, through a
// small destination of our own (no transport thread, no extra dependency).
// Written synchronously, so the last lines before a crash are not lost in a buffer. Lines carry
// Message-IDs, case refs, UIDs and counts; never a password, and message text only at debug.
import fs from 'node:fs';
import pino, { type DestinationStream, type Logger } from 'pino';
import { forTerminal, jsonForTerminal, oneLine } from '../inbox/control-characters';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type LogFormat = 'json' | 'pretty';

export interface LogOptions {
  level: LogLevel;
  format: LogFormat;
  /** The zone of the pretty format's clock times (calendar.timezone). */
  timezone: string;
}

/** What every line has; the pretty format shows them as its own columns, or not at all. */
const FRAME = new Set(['level', 'time', 'msg', 'name', 'pid', 'hostname']);

function clockTime(iso: unknown, timezone: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : new Date();
  return d.toLocaleTimeString('en-GB', { timeZone: timezone, hourCycle: 'h23' });
}

// Values come from mail (a Message-ID, an SMTP answer): no escape sequence, control or line
// break reaches the terminal, and none can fake a log line of its own.
function shown(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) && oneLine(value) === value ? value : jsonForTerminal(oneLine(value), 0);
  return jsonForTerminal(value ?? null, 0);
}

/** One JSON log line as a person reads it: "19:48:05 WARN  IMAP connection lost attempt=2 retryInMs=2000". */
export function prettyLine(json: string, timezone: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const err = entry.err as { message?: unknown; stack?: unknown } | undefined;
  const pairs = Object.entries(entry)
    .filter(([k]) => !FRAME.has(k))
    .map(([k, v]) => (k === 'err' && err && typeof err === 'object' ? `err=${shown(err.message)}` : `${k}=${shown(v)}`));
  const head = `${clockTime(entry.time, timezone)} ${oneLine(String(entry.level ?? '')).toUpperCase().padEnd(5)} ${typeof entry.msg === 'string' ? oneLine(entry.msg) : ''}`;
  // A stack is for a person to read: on its own lines, under the entry (each line cleaned, indented).
  const stack = err && typeof err.stack === 'string' ? `\n${forTerminal(err.stack).replace(/^/gm, '    ')}` : '';
  return `${[head.trimEnd(), ...pairs].join(' ')}${stack}\n`;
}

/** A synchronous destination writing the pretty format to a file descriptor (1: stdout). */
export function prettyDestination(timezone: string, fd = 1): DestinationStream {
  return { write: (line: string) => void fs.writeSync(fd, prettyLine(line.trimEnd(), timezone)) };
}

export function createLogger(opts: LogOptions, destination?: DestinationStream): Logger {
  const out = destination ?? (opts.format === 'pretty' ? prettyDestination(opts.timezone) : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      name: 'lpse-helpdesk',
      level: opts.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: no code path logs credentials, and these paths would be censored if one did.
      redact: { paths: ['pass', 'password', '*.pass', '*.password', 'auth', '*.auth'], censor: '[redacted]' },
    },
    out,
  );
}
