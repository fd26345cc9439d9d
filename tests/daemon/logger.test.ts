// The daemon's log: JSON for machines by default, and `log.format: pretty` for a person, with
// clock times in calendar.timezone and passwords censored in both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';
import { createLogger, prettyLine } from '../../src/daemon/logger';

function capture(format: 'json' | 'pretty', timezone = 'Asia/Jakarta') {
  const out: string[] = [];
  const sink = { write: (s: string) => void out.push(format === 'pretty' ? prettyLine(s.trimEnd(), timezone) : s) };
  return { log: createLogger({ level: 'info', format, timezone }, sink), out };
}

describe('the log', () => {
  it('is one JSON object per line by default', () => {
    const { log, out } = capture('json');
    log.info({ uid: 42, caseRef: '2026-0042' }, 'message processed');
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ level: 'info', name: 'lpse-helpdesk', uid: 42, caseRef: '2026-0042', msg: 'message processed' });
  });

  it('reads "HH:MM:SS LEVEL message key=value" in the configured zone', () => {
    const line = JSON.stringify({ level: 'warn', time: '2026-12-01T02:00:05.123Z', pid: 7, name: 'lpse-helpdesk', imap: { host: 'mail.lpse.test', port: 143 }, attempt: 2, reason: 'connect ECONNREFUSED 127.0.0.1:143', msg: 'IMAP connection failed; retrying' });
    expect(prettyLine(line, 'Asia/Jakarta')).toBe('09:00:05 WARN  IMAP connection failed; retrying imap={"host":"mail.lpse.test","port":143} attempt=2 reason="connect ECONNREFUSED 127.0.0.1:143"\n');
    expect(prettyLine(line, 'Asia/Jayapura').slice(0, 8)).toBe('11:00:05');
  });

  it('puts an error stack under its line, and never shows a password', () => {
    const { log, out } = capture('pretty');
    log.error({ err: new Error('database is locked'), password: 'rahasia', mailbox: { pass: 'rahasia' } }, 'the message could not be processed');
    const text = out.join('');
    expect(text).toMatch(/^\d{2}:\d{2}:\d{2} ERROR the message could not be processed err="database is locked" password=\[redacted\] mailbox=\{"pass":"\[redacted\]"\}\n {4}Error: database is locked\n {8}at /);
    expect(text).not.toContain('rahasia');
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(prettyLine('plain words', 'Asia/Jakarta')).toBe('plain words\n');
  });
});

describe('log.format in the config', () => {
  it('is json in the bundled config and takes only json or pretty', () => {
    expect(loadConfig(DEFAULT_CONFIG_PATH).log.format).toBe('json');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-log-format-'));
    try {
      const file = path.join(dir, 'config.yaml');
      const text = fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8').replace(/^ {2}format: json$/m, '  format: colour');
      fs.writeFileSync(file, text.replace(/holidaysDir: .*/, `holidaysDir: ${path.join(path.dirname(DEFAULT_CONFIG_PATH), 'holidays')}`));
      expect(() => loadConfig(file)).toThrow(new ConfigError(['log.format: expected one of "json", "pretty", got "colour"']));
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('format: colour', 'format: pretty'));
      expect(loadConfig(file).log.format).toBe('pretty');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
