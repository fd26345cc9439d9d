/** mailbox.contact, cases.staffNotices and alerts.breachCopyTo: defaults, accepted forms, and bad values named by key path. */
import fs from 'node:fs';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';
import { configDir, problemsOf, writeConfig } from './config-kit';

let dir: string;
beforeEach(() => {
  dir = configDir('lpse-contact-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));


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
      writeConfig(dir, (d) => {
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
    expect(loadConfig(writeConfig(dir, (d) => (d.mailbox.contact.whatsapp = whatsapp))).mailbox.contact.whatsapp).toBe(whatsapp);
  });
});

describe('bad values name their key path', () => {
  it('lists every problem of the new keys at once', () => {
    const file = writeConfig(dir, (d) => {
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
    const file = writeConfig(dir, (d) => {
      d.mailbox.contact.phone = '1234';
      d.mailbox.contact.whatsapp = '+62 812 3456 7890 1234';
    });
    expect(problemsOf(file).map((p) => p.split(':')[0]).sort()).toEqual(['mailbox.contact.phone', 'mailbox.contact.whatsapp']);
  });

  it('names the keys that are missing', () => {
    const file = writeConfig(dir, (d) => {
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
