/** mailbox.contact, cases.staffNotices and alerts.breachCopyTo: defaults, accepted forms, and bad values named by key path. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-contact-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit arbitrary YAML
function writeConfig(edit: (doc: any) => void): string {
  const doc = YAML.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
  doc.calendar.holidaysDir = path.resolve(path.dirname(DEFAULT_CONFIG_PATH), doc.calendar.holidaysDir);
  edit(doc);
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, YAML.stringify(doc));
  return file;
}

function problemsOf(file: string): string[] {
  try {
    loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('the bundled default', () => {
  const cfg = loadConfig(DEFAULT_CONFIG_PATH);

  it('carries demo contact values for the signature', () => {
    expect(cfg.mailbox.contact).toEqual({
      phone: '(0285) 391234',
      whatsapp: '+62 812-3456-7890',
      officeHours: 'Senin–Kamis 07.30–16.00, Jumat 07.30–16.30 WIB',
    });
  });

  it('sends staff notices to all staff and copies breaches to nobody extra', () => {
    expect(cfg.cases.staffNotices).toBe('all');
    expect(cfg.alerts.breachCopyTo).toEqual([]);
  });
});

describe('accepted values', () => {
  it('takes null for each contact line, assignee notices, and lowercases the breach copies', () => {
    const cfg = loadConfig(
      writeConfig((d) => {
        d.mailbox.contact = { phone: null, whatsapp: null, officeHours: null };
        d.cases.staffNotices = 'assignee';
        d.alerts.breachCopyTo = ['Koordinator@LPSE.test', 'kepala@lpse.test'];
      }),
    );
    expect(cfg.mailbox.contact).toEqual({ phone: null, whatsapp: null, officeHours: null });
    expect(cfg.cases.staffNotices).toBe('assignee');
    expect(cfg.alerts.breachCopyTo).toEqual(['koordinator@lpse.test', 'kepala@lpse.test']);
  });

  it.each(['+62 812-3456-7890', '0812 3456 7890', '(0285) 391234', '+6281234567890'])('takes the WhatsApp number %s', (whatsapp) => {
    expect(loadConfig(writeConfig((d) => (d.mailbox.contact.whatsapp = whatsapp))).mailbox.contact.whatsapp).toBe(whatsapp);
  });
});

describe('bad values name their key path', () => {
  it('lists every problem of the new keys at once', () => {
    const file = writeConfig((d) => {
      d.mailbox.contact.phone = 'call us';
      d.mailbox.contact.whatsapp = '812 3456 7890';
      d.mailbox.contact.officeHours = '  ';
      d.mailbox.contact.fax = '(0285) 391235';
      d.cases.staffNotices = 'some';
      d.alerts.breachCopyTo = ['kepala@lpse.test', 'not-an-address'];
    });
    expect(problemsOf(file).sort()).toEqual(
      [
        'mailbox.contact.phone: expected a phone number such as (0285) 391234, got "call us"',
        'mailbox.contact.whatsapp: expected a number with + and the country code, or starting with 0, such as +62 812-3456-7890, got "812 3456 7890"',
        'mailbox.contact.officeHours: expected the office hours as text, or null',
        'mailbox.contact.fax: unknown key',
        'cases.staffNotices: expected one of "all", "assignee", got "some"',
        'alerts.breachCopyTo.1: expected an e-mail address, got "not-an-address"',
      ].sort(),
    );
  });

  it('refuses numbers with too few or too many digits', () => {
    const file = writeConfig((d) => {
      d.mailbox.contact.phone = '1234';
      d.mailbox.contact.whatsapp = '+62 812 3456 7890 1234';
    });
    expect(problemsOf(file).map((p) => p.split(':')[0]).sort()).toEqual(['mailbox.contact.phone', 'mailbox.contact.whatsapp']);
  });

  it('names the keys that are missing', () => {
    const file = writeConfig((d) => {
      delete d.mailbox.contact;
      delete d.cases.staffNotices;
      delete d.alerts.breachCopyTo;
    });
    expect(problemsOf(file).sort()).toEqual(
      [
        'alerts.breachCopyTo: missing, expected an array',
        'cases.staffNotices: missing, expected one of "all", "assignee"',
        'mailbox.contact: missing, expected an object',
      ].sort(),
    );
  });
});
