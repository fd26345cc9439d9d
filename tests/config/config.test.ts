import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ConfigError, DEFAULT_CONFIG_PATH, configPath, loadConfig, requireSecrets } from '../../src/config/load';
import { configDir, problemsOf, writeConfig } from './config-kit';

const defaultText = fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8');
let dir: string;

beforeEach(() => {
  dir = configDir('lpse-config-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));


describe('config', () => {
  it('loads the bundled default with its calendar and 2026 holidays', () => {
    const cfg = loadConfig(DEFAULT_CONFIG_PATH);
    expect(cfg.calendar.timezone).toBe('Asia/Jakarta');
    expect(cfg.calendar.workingHours.mon).toEqual({ start: '07:30', end: '16:00' });
    expect(cfg.calendar.workingHours.fri).toEqual({ start: '07:30', end: '16:30' });
    expect(cfg.calendar.workingHours.sat).toBeNull();
    expect(cfg.holidays.filter((d) => d.startsWith('2026-'))).toEqual([
      '2026-01-01', '2026-01-16', '2026-02-16', '2026-02-17', '2026-03-18', '2026-03-19', '2026-03-20',
      '2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-04-03', '2026-04-05', '2026-05-01',
      '2026-05-14', '2026-05-15', '2026-05-27', '2026-05-28', '2026-05-31', '2026-06-01', '2026-06-16',
      '2026-08-17', '2026-08-25', '2026-12-24', '2026-12-25',
    ]);
    expect(cfg.sop.standards['5']).toBe('15m');
    expect(cfg.escalation.mode).toBe('draft');
    expect(Object.isFrozen(cfg.mailbox.imap)).toBe(true);
  });

  it('lowercases addresses and adds extra holidays', () => {
    const cfg = loadConfig(
      writeConfig(dir, (d) => {
        d.staff[0].email = 'Rina@LPSE.test';
        d.calendar.extraHolidays = ['2026-11-30'];
      }),
    );
    expect(cfg.staff[0]?.email).toBe('rina@lpse.test');
    expect(cfg.holidays).toContain('2026-11-30');
  });

  it('lists every problem with its key path', () => {
    const file = writeConfig(dir, (d) => {
      d.mailbox.imap.port = 'abc';
      d.escalation.mode = 'maybe';
      d.calendar.workingHours.mon.start = '7.30';
      d.mailbox.imap.password = 'hunter2';
      delete d.cases.tagPrefix;
      d.staff[1].email = 'not-an-address';
    });
    expect(problemsOf(file).sort()).toEqual(
      [
        'mailbox.imap.port: expected a number, got "abc"',
        'escalation.mode: expected one of "draft", "send", got "maybe"',
        'calendar.workingHours.mon.start: expected a time as HH:MM, got "7.30"',
        'mailbox.imap.password: unknown key',
        'cases.tagPrefix: missing, expected a string',
        'staff.1.email: expected an e-mail address, got "not-an-address"',
      ].sort(),
    );
  });

  it('rejects a bad time zone, duration and regular expression', () => {
    const file = writeConfig(dir, (d) => {
      d.calendar.timezone = 'Asia/Nowhere';
      d.sop.standards['2'] = '30 minutes';
      d.lkpp.ticketPattern = '(unclosed';
    });
    expect(problemsOf(file).sort()).toEqual(
      [
        'calendar.timezone: expected an IANA time zone such as Asia/Jakarta, got "Asia/Nowhere"',
        'sop.standards.2: expected a duration such as 30m, 2h or 1d, got "30 minutes"',
        'lkpp.ticketPattern: expected a valid regular expression, got "(unclosed"',
      ].sort(),
    );
  });

  it('reports YAML syntax errors and unreadable files', () => {
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, 'mailbox: [unclosed\n');
    expect(problemsOf(file)).toEqual([expect.stringMatching(/broken\.yaml:2:1: YAML syntax error: /)]);
    expect(problemsOf(path.join(dir, 'absent.yaml'))).toEqual([`${path.join(dir, 'absent.yaml')}: cannot read (ENOENT)`]);
  });

  it('names one YAML mistake once, at its line and column, however many errors it sets off', () => {
    const lines = defaultText.split('\n');
    const port = lines.findIndex((l) => /^ {4}port: 3143/.test(l));
    const tabbed = path.join(dir, 'tabbed.yaml');
    fs.writeFileSync(tabbed, lines.map((l, i) => (i === port ? `\t${l.trimStart()}` : l)).join('\n'));
    expect(problemsOf(tabbed)).toEqual([`${tabbed}:${port + 1}:1: YAML syntax error: Tabs are not allowed as indentation`]);
    const glued = path.join(dir, 'glued.yaml');
    fs.writeFileSync(glued, lines.map((l, i) => (i === port ? l.replace('port: ', 'port:') : l)).join('\n'));
    expect(problemsOf(glued)).toEqual([`${glued}:${port + 1}:5: YAML syntax error: Implicit map keys need to be followed by map values`]);
  });

  it('reports a malformed holiday file', () => {
    const file = writeConfig(dir, () => undefined);
    fs.writeFileSync(path.join(dir, 'holidays', '2027.yaml'), 'holidays:\n  - { date: "17-08-2027" }\n');
    expect(problemsOf(file)).toEqual([
      `${path.join(dir, 'holidays', '2027.yaml')}: holidays.0.date: expected a date as YYYY-MM-DD, got "17-08-2027"`,
    ]);
  });

  it('selects the file from --config, then LPSE_CONFIG, then the default', () => {
    expect(configPath('x.yaml', { LPSE_CONFIG: '/etc/y.yaml' })).toBe(path.resolve('x.yaml'));
    expect(configPath(undefined, { LPSE_CONFIG: '/etc/y.yaml' })).toBe('/etc/y.yaml');
    expect(configPath(undefined, {})).toBe(DEFAULT_CONFIG_PATH);
  });

  it('reads passwords only from the environment and names every missing one', () => {
    const both = ['LPSE_IMAP_PASSWORD', 'LPSE_SMTP_PASSWORD'] as const;
    expect(requireSecrets({ LPSE_IMAP_PASSWORD: 's3cret', LPSE_SMTP_PASSWORD: 'k3y' }, both)).toEqual({ LPSE_IMAP_PASSWORD: 's3cret', LPSE_SMTP_PASSWORD: 'k3y' });
    expect(() => requireSecrets({ LPSE_IMAP_PASSWORD: 's3cret' }, both)).toThrow(
      new ConfigError(['env.LPSE_SMTP_PASSWORD: required, the password is read only from the environment']),
    );
    let problems: string[] = [];
    try {
      requireSecrets({ LPSE_SMTP_PASSWORD: '' }, both);
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual([
      'env.LPSE_IMAP_PASSWORD: required, the password is read only from the environment',
      'env.LPSE_SMTP_PASSWORD: required, the password is read only from the environment',
    ]);
  });
});

describe('the CLI with a bad config', () => {
  // The built CLI, as a user runs it (`npm test` builds first).
  const cli = path.resolve(__dirname, '../../dist/cli.js');

  it('prints each problem with its key path and exits 2', () => {
    const file = writeConfig(dir, (d) => {
      d.mailbox.imap.port = 'abc';
      d.language = 'jv';
      d.autoReply.maxPerHour = -1;
    });
    const result = spawnSync(process.execPath, [cli, '--config', file, 'cases'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n').sort()).toEqual(
      [
        'autoReply.maxPerHour: expected at least 1, got -1',
        'language: expected one of "id", "en", got "jv"',
        'mailbox.imap.port: expected a number, got "abc"',
      ].sort(),
    );
  });
});
