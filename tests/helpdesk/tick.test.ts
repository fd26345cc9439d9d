// Helpdesk.tick against a real store: alerts and reminders exactly once, also across restarts
// (a new Store and a new Helpdesk on the same database file), and the no-response close with
// its archive and the reopening by a late answer.
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { clocks, events, outbox } from '../../src/store/schema';
import { REPORT, Scenario } from './scenario-kit';

const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);

let s: Scenario;
afterEach(() => s.close());

const restart = () => s.restart();

const rows = (kind: string) => s.store.db.select().from(outbox).where(eq(outbox.kind, kind)).all();

describe('LPSE clock alerts', () => {
  it('warns once and alerts the breach once, across restarts, each in the tick\'s one mail per staff member', async () => {
    s = new Scenario();
    // Monday 23 November 2026 09:00: complete report, step 2 due 09:30.
    await s.send({ from: REPORTER, subject: 'Error SPSE', text: REPORT, at: '2026-11-23 09:00', messageId: '<t1@gmail.com>', screenshot: true });
    let helpdesk = restart();
    expect(await helpdesk.tick(wib('2026-11-23 09:23'))).toMatchObject({ checked: 1, changed: [], queued: 0 });
    expect(await helpdesk.tick(wib('2026-11-23 09:24'))).toMatchObject({ changed: ['2026-0001'], queued: 2 });
    expect(await helpdesk.tick(wib('2026-11-23 09:25'))).toMatchObject({ changed: [], queued: 0 });
    helpdesk = restart();
    await helpdesk.tick(wib('2026-11-23 09:26'));
    const warnings = rows('staff_clock_batch');
    expect(warnings.map((o) => o.toAddrs)).toEqual([['staff1@lpse.test'], ['staff2@lpse.test']]);

    await helpdesk.tick(wib('2026-11-23 09:31'));
    helpdesk = restart();
    await helpdesk.tick(wib('2026-11-23 09:40'));
    await restart().tick(wib('2026-11-24 10:00'));
    const all = rows('staff_clock_batch');
    expect(all).toHaveLength(4);
    expect(all[0]!.subject).toContain('1 mendekati batas waktu');
    expect(all[0]!.idempotencyKey).toMatch(/^clock_batch:\d+:staff1@lpse\.test$/);
    expect(await s.mailOf(all[0]!)).toContain('[LPSE#2026-0001]');
    expect(all[2]!.subject).toContain('1 terlambat');
    const clock = s.store.db.select().from(clocks).where(eq(clocks.step, '2')).get()!;
    expect(clock.warnedAt).toEqual(wib('2026-11-23 09:24'));
    expect(clock.breachAlertedAt).toEqual(wib('2026-11-23 09:31'));
    expect(s.eventTypes('2026-0001').filter((t) => t.startsWith('clock_'))).toEqual(['clock_warning', 'clock_alert_pending', 'clock_breached', 'clock_alert_pending']);
  });

  it('a lost marker still cannot send twice: the alert is keyed by its clock', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, subject: 'Error SPSE', text: REPORT, at: '2026-11-23 09:00', messageId: '<t2@gmail.com>', screenshot: true });
    await restart().tick(wib('2026-11-23 09:24'));
    s.store.db.update(clocks).set({ warnedAt: null }).run();
    await restart().tick(wib('2026-11-23 09:25'));
    expect(rows('staff_clock_batch')).toHaveLength(2);
  });

  it('a batch lost between the alert and its mail (the daemon died) goes out with the next tick', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, subject: 'Error SPSE', text: REPORT, at: '2026-11-23 09:00', messageId: '<t5@gmail.com>', screenshot: true });
    await restart().tick(wib('2026-11-23 09:24'));
    // As if the batch transaction never committed: its mail and its log are gone, the pending alert stays.
    s.store.sqlite.exec("delete from outbox_recipients where outbox_id in (select id from outbox where kind = 'staff_clock_batch')");
    s.store.db.delete(outbox).where(eq(outbox.kind, 'staff_clock_batch')).run();
    s.store.sqlite.exec("drop trigger if exists events_no_delete; delete from events where type = 'clock_alerts_batched'");
    await restart().tick(wib('2026-11-23 09:25'));
    expect(rows('staff_clock_batch')).toHaveLength(2);
  });

  it('a message processed later never clears a marker', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, subject: 'Error SPSE', text: REPORT, at: '2026-11-23 09:00', messageId: '<t3@gmail.com>', screenshot: true });
    await restart().tick(wib('2026-11-23 09:24'));
    await s.send({ from: REPORTER, subject: 'Re: [LPSE#2026-0001]', text: 'Apakah sudah ada kabar?', at: '2026-11-23 09:26', messageId: '<t4@gmail.com>' });
    expect(s.store.db.select().from(clocks).where(eq(clocks.step, '2')).get()!.warnedAt).toEqual(wib('2026-11-23 09:24'));
    await restart().tick(wib('2026-11-23 09:27'));
    expect(rows('staff_clock_batch')).toHaveLength(2);
  });
});

describe("the reporter's reminder and the no-response close", () => {
  it('reminds once, closes once with a polite notice and an archive, and reopens on a late answer', async () => {
    s = new Scenario();
    // Monday 23 November 09:00, the phone number missing: 1c due Tuesday 09:00.
    const partial = REPORT.replace(/^No\. HP:.*$/m, '');
    await s.send({ from: REPORTER, subject: 'Error SPSE', text: partial, at: '2026-11-23 09:00', messageId: '<r1@gmail.com>', screenshot: true });
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'awaiting_reporter', requested: ['phone'] });

    await restart().tick(wib('2026-11-24 09:00'));
    expect(rows('reporter_reminder')).toHaveLength(0);
    await restart().tick(wib('2026-11-24 09:01'));
    // Reminded: the case is not looked at again until its close can be due (3 days on).
    expect(await restart().tick(wib('2026-11-24 09:02'))).toMatchObject({ checked: 0 });
    await restart().tick(wib('2026-11-26 12:00'));
    const reminders = rows('reporter_reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.toAddrs).toEqual(['pokja3.batang@gmail.com']);
    const reminder = await s.mailOf(reminders[0]!);
    expect(reminder).toMatch(/^Auto-Submitted: auto-replied/m);
    // Three working days after the reminder: Friday 27 November 09:01.
    expect(reminder).toContain('Jumat, 27 November 2026 09.01 WIB');

    const closing = restart();
    expect(await closing.tick(wib('2026-11-27 09:00'))).toMatchObject({ changed: [] });
    expect(await closing.tick(wib('2026-11-27 09:01'))).toMatchObject({ changed: ['2026-0001'], queued: 1, archived: ['2026-0001'] });
    await restart().tick(wib('2026-11-27 10:00'));
    await restart().tick(wib('2026-11-30 10:00'));
    expect(rows('no_response_notice')).toHaveLength(1);
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'closed', outcome: 'no_response' });
    const record = JSON.parse(fs.readFileSync(path.join(s.config.paths.archive, '2026-0001', 'record.json'), 'utf8')) as { outcome: { code: string } };
    expect(record.outcome.code).toBe('no_response');
    expect(s.eventTypes('2026-0001').filter((t) => t === 'case_archived')).toHaveLength(1);

    // The answer comes after all: the case reopens at step 2.
    const notice = rows('no_response_notice')[0]!;
    await s.send({ from: REPORTER, subject: `Re: ${notice.subject}`, text: 'Mohon maaf terlambat.\n\nNo. HP: 0812-2745-9910', at: '2026-11-30 10:15', messageId: '<r2@gmail.com>', inReplyTo: notice.messageId });
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'in_progress', outcome: null, closedAt: null });
    expect(s.outbox().slice(-2).map((o) => o.kind)).toEqual(['data_complete', 'staff_case_complete']);
  });

  it('writes the tick events to the case log with no actor', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, subject: 'Error SPSE', text: REPORT, at: '2026-11-23 09:00', messageId: '<r3@gmail.com>', screenshot: true });
    await restart().tick(wib('2026-11-23 09:45'));
    const log = s.store.db.select().from(events).where(eq(events.type, 'clock_breached')).all();
    expect(log).toEqual([expect.objectContaining({ actor: null, detail: expect.objectContaining({ step: '2', overdueMinutes: 15 }) })]);
  });
});

describe('solved cases close by themselves', () => {
  it('two working days after the notice, archived once, without a mail', async () => {
    s = new Scenario();
    await s.send({ from: REPORTER, subject: 'Error SPSE', text: REPORT, at: '2026-11-26 09:00', messageId: '<c1@gmail.com>', screenshot: true });
    await s.send({ from: 'staff1@lpse.test', subject: 'Re: [LPSE#2026-0001]', text: '#selesai Sudah diperbaiki.', at: '2026-11-26 09:10', messageId: '<c2@lpse.test>' });
    const before = s.outbox().length;
    // Thursday 09:10 + 2 working days = Monday 30 November 09:10.
    expect(await restart().tick(wib('2026-11-30 09:09'))).toMatchObject({ changed: [] });
    expect(await restart().tick(wib('2026-11-30 09:10'))).toMatchObject({ changed: ['2026-0001'], queued: 0, archived: ['2026-0001'] });
    await restart().tick(wib('2026-11-30 10:00'));
    expect(s.caseOf('2026-0001')).toMatchObject({ state: 'closed', outcome: 'solved' });
    expect(s.outbox()).toHaveLength(before);
    expect(fs.existsSync(path.join(s.config.paths.archive, '2026-0001', 'record.html'))).toBe(true);
    expect(s.eventTypes('2026-0001').filter((t) => t === 'closed_solved')).toHaveLength(1);
  });
});
