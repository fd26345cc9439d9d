/**
 * Never answer machines or lists (issue 9, point 5): mailing-list mail, no-reply senders,
 * feedback reports, provider JSON notifications and body-only out-of-office texts get no
 * automatic mail of any kind; each is recorded, and one that threads to a case is on its log.
 * The fixtures in no-answer/ are our own, in the shapes Gmail, Outlook/Exchange and Zimbra send.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { messages } from '../../src/store/schema';
import { readMessage } from '../../src/inbox/reading';
import { PNG, REPORT, Scenario } from './scenario-kit';

const DIR = path.join(__dirname, 'no-answer');
const FIXTURES = fs.readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort();
const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';

let s: Scenario;
beforeEach(() => (s = new Scenario()));
afterEach(() => s.close());

/** Outbox rows to anyone but staff: answers, in any form. */
function answers(sc: Scenario): string[] {
  const staff = new Set(sc.config.staff.map((m) => m.email));
  return sc.outbox().filter((o) => o.toAddrs.some((a) => !staff.has(a))).map((o) => `${o.kind}->${o.toAddrs.join(',')}`);
}

test('the fixture set covers every kind, several examples each', () => {
  const count = (prefix: string) => FIXTURES.filter((f) => f.startsWith(prefix)).length;
  expect(count('list-')).toBeGreaterThanOrEqual(4);
  expect(count('ooo-id-')).toBeGreaterThanOrEqual(4);
  expect(count('ooo-en-')).toBeGreaterThanOrEqual(4);
  expect(count('arf-') + count('ses-') + count('sns-')).toBeGreaterThanOrEqual(5);
  expect(FIXTURES.filter((f) => /^(?:no|do-not|donot|bounce|abuse)/.test(f)).length).toBeGreaterThanOrEqual(7);
});

describe.each(FIXTURES)('%s', (file) => {
  it('opens no case, gets no answer, and is recorded', async () => {
    const receipt = await s.process(path.join(DIR, file));
    expect(receipt.disposition).toBe('ignored');
    expect(answers(s)).toEqual([]);
    expect(s.store.db.select().from(messages).where(eq(messages.messageId, receipt.messageId)).get()).toMatchObject({ disposition: 'ignored' });
  });
});

describe('never-answer mail that threads to a case', () => {
  async function openCase(): Promise<string> {
    await s.send({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<r1@gmail.com>', screenshot: true });
    const ack = s.outbox().find((o) => o.kind === 'ack_complete');
    if (!ack) throw new Error('no ack');
    return ack.messageId;
  }

  it('an out-of-office reply from the reporter to our ack is logged on the case, not answered', async () => {
    const ack = await openCase();
    const before = s.outbox().length;
    await s.send({
      from: REPORTER,
      subject: 'Re: [LPSE#2026-0001] Laporan diterima',
      text: 'Mohon maaf, saya sedang cuti hingga 2 Desember 2026 dan akan membalas email setelah kembali ke kantor.',
      at: '2026-11-26 07:45',
      messageId: '<ooo1@gmail.com>',
      inReplyTo: ack,
    });
    expect(s.outbox().slice(before)).toEqual([]);
    expect(s.eventTypes('2026-0001')).toContain('message_ignored');
  });

  it('a list copy of the case thread is logged on the case and never answered', async () => {
    const ack = await openCase();
    const before = s.outbox().length;
    await s.send({
      from: 'Pokja Batang <pokja-batang@googlegroups.com>',
      subject: 'Re: [LPSE#2026-0001] Laporan diterima',
      text: 'Diteruskan ke grup untuk informasi.',
      at: '2026-11-26 07:50',
      messageId: '<list1@googlegroups.com>',
      inReplyTo: ack,
      headers: { 'List-Id': '<pokja-batang.googlegroups.com>', 'List-Unsubscribe': '<mailto:pokja-batang+unsubscribe@googlegroups.com>' },
    });
    expect(s.outbox().slice(before)).toEqual([]);
    expect(s.eventTypes('2026-0001')).toContain('message_ignored');
  });
});

describe('people who mention being away are still answered', () => {
  it('a report with its data that says the writer is on leave opens a case and is acknowledged', async () => {
    const text = `Saya sedang cuti, tetapi rekan saya meminta saya melaporkan kendala ini.\n\n${REPORT}`;
    await s.send({ from: REPORTER, subject: 'Error evaluasi tender', text, at: '2026-11-26 07:41', messageId: '<r2@gmail.com>', screenshot: true });
    expect(answers(s)).toEqual(['ack_complete->pokja3.batang@gmail.com']);
  });

  it('a short absence note with a screenshot is a report, not an absence note', async () => {
    const file = await s.eml({
      from: REPORTER,
      subject: 'Mohon dicek',
      text: 'Saya sedang dinas luar, mohon dicek tampilan di lampiran.',
      at: '2026-11-26 07:41',
      messageId: '<r3@gmail.com>',
      files: [{ filename: 'layar.png', content: PNG, contentType: 'image/png' }],
    });
    expect((await readMessage(fs.readFileSync(file), { tagPrefix: 'LPSE' })).kind).toBe('human');
  });
});
