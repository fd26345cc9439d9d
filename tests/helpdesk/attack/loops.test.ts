// Attack: mail loops with staff mailboxes, and the batched clock alerts after a long outage.
import { Helpdesk } from '../../../src/helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../../../src/helpdesk/wiring';
import { REPORT, Scenario } from '../scenario-kit';
import { RINA, id, kinds, report, to, type Row } from './kit';

let s: Scenario;
afterEach(() => s?.close());

/** What an Outlook "forward to" rule of staff2 sends back to the helpdesk for a mail it received. */
function outlookRuleForward(row: Row): { subject: string; text: string } {
  return {
    subject: `FW: ${row.subject}`,
    text: [
      '',
      '________________________________',
      'From: Helpdesk LPSE Kabupaten Batang <helpdesk@lpse.test>',
      'Sent: Thursday, November 26, 2026 9:00 AM',
      'To: Agus Setiawan <staff2@lpse.test>',
      `Subject: ${row.subject}`,
      '',
      `Kasus ${row.subject} memerlukan perhatian.`,
    ].join('\n'),
  };
}

describe('a staff mailbox that forwards everything back to the helpdesk', () => {
  it('does not loop: the mails to that staff member stay few', async () => {
    s = new Scenario();
    await report(s);
    let last = to(s.outbox(), 'staff2@lpse.test').at(-1)!;
    const start = s.outbox().length;
    for (let i = 0; i < 30; i++) {
      const fw = outlookRuleForward(last);
      await s.send({ from: 'Agus Setiawan <staff2@lpse.test>', subject: fw.subject, text: fw.text, at: `2026-11-26 09:${String(i).padStart(2, '0')}`, messageId: id() });
      const next = to(s.outbox(), 'staff2@lpse.test').at(-1)!;
      if (next.id === last.id) break;
      last = next;
    }
    const toAgus = to(s.outbox().slice(start), 'staff2@lpse.test');
    // A bare forward of our own notice has no word of its staff member's: recorded, never answered.
    expect(toAgus.length).toBeLessThanOrEqual(s.config.autoReply.maxPerHour);
  });

  it('the same with the rule on a mail of no case (help answer forwarded back)', async () => {
    s = new Scenario();
    await s.send({ from: 'Agus Setiawan <staff2@lpse.test>', subject: 'Tanya', text: 'Bagaimana cara membuka kasus?', at: '2026-11-26 08:00', messageId: id() });
    let last = s.outbox().at(-1)!;
    for (let i = 0; i < 30; i++) {
      const fw = outlookRuleForward(last);
      await s.send({ from: 'Agus Setiawan <staff2@lpse.test>', subject: fw.subject, text: fw.text, at: `2026-11-26 09:${String(i).padStart(2, '0')}`, messageId: id() });
      const next = s.outbox().at(-1)!;
      if (next.id === last.id) break;
      last = next;
    }
    expect([...new Set(kinds(to(s.outbox(), 'staff2@lpse.test')))]).toEqual(['staff_help_no_case->staff2@lpse.test']);
    expect(to(s.outbox(), 'staff2@lpse.test').length).toBeLessThanOrEqual(s.config.autoReply.maxPerHour + 1);
  });
});

describe('clock alerts after a long outage', () => {
  it('200 overdue cases make one mail per staff member (and one to the head), each listing all 200', async () => {
    s = new Scenario((cfg) => ({ ...cfg, alerts: { ...cfg.alerts, breachCopyTo: ['kepala@lpse.test'] }, autoReply: { ...cfg.autoReply, maxNewCaseAcksPerHour: 1000, staffNewCaseNoticesPerInterval: 1000 } }));
    for (let i = 0; i < 200; i++) {
      const m = String(i % 60).padStart(2, '0');
      const h = String(8 + Math.floor(i / 60)).padStart(2, '0');
      await report(s, `2026-11-23 ${h}:${m}`, `Pokja ${i} <pokja${i}@gmail.com>`, REPORT.replace('10034567000', `1${String(i).padStart(10, '0')}`));
    }
    const helpdesk = new Helpdesk({ config: s.config, store: s.store, sop: sopFromConfig(s.config), calendar: calendarFromConfig(s.config), now: () => new Date() });
    const before = s.outbox().length;
    await helpdesk.tick(new Date('2026-11-25T09:00:00+07:00'));
    await s.build();
    const batch = s.outbox().slice(before);
    const perAddress = new Map<string, number>();
    for (const o of batch) for (const a of o.toAddrs) perAddress.set(a, (perAddress.get(a) ?? 0) + 1);
    expect(Object.fromEntries(perAddress)).toEqual({ 'staff1@lpse.test': 1, 'staff2@lpse.test': 1, 'kepala@lpse.test': 1 });
    expect((batch[0]!.raw.match(/\[LPSE#2026-\d{4}\]/g) ?? []).length).toBeGreaterThanOrEqual(200);
    expect(batch[0]!.raw.length).toBeLessThan(s.config.outbox.maxMessageBytes);
    // 200 reports through the whole pipeline first: about 18 s alone here, over 30 s beside
    // another jest worker in a slow phase of the machine. Speed is the benchmark's to show.
  }, 120_000);
});

describe('a staff #status', () => {
  it('says which cases are overdue', async () => {
    s = new Scenario();
    await report(s, '2026-11-23 08:00');
    await s.send({ from: RINA, subject: 'status', text: '#status', at: '2026-11-25 10:00', messageId: id() });
    const answer = s.outbox().at(-1)!;
    expect(answer.kind).toBe('status_answer');
    expect(answer.raw).toMatch(/TERLAMBAT/);
  });
});
