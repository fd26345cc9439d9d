// Attack: what staff commands send on, and a staff forward of a mail the helpdesk already has.
import fs from 'node:fs';
import { REPORT, Scenario } from '../scenario-kit';
import { AGUS, COMMITTEE, COMMITTEE_ADDR, RINA, TAG, id, kinds, report, to } from './kit';
import { cases } from '../../../src/store/schema';

let s: Scenario;
afterEach(() => s?.close());

describe('a staff forward of a report the helpdesk already has', () => {
  it('the committee wrote to the helpdesk with the staff member in CC; her forward opens no second case', async () => {
    s = new Scenario();
    await s.send({ from: COMMITTEE, cc: 'staff1@lpse.test', subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 08:00', messageId: '<orig-report@gmail.com>', screenshot: true });
    const text = ['Tolong dicek ya.', '', '---------- Forwarded message ---------', `From: ${COMMITTEE}`, 'Date: Thu, 26 Nov 2026 at 08:00', 'Subject: Error evaluasi tender', 'To: <helpdesk@lpse.test>', 'Cc: <staff1@lpse.test>', '', REPORT].join('\n');
    await s.send({ from: RINA, subject: 'Fwd: Error evaluasi tender', text, at: '2026-11-26 08:30', messageId: id() });
    expect(s.store.db.select().from(cases).all()).toHaveLength(1);
    expect(to(s.outbox(), COMMITTEE_ADDR).filter((o) => o.kind.startsWith('ack_'))).toHaveLength(1);
  });

  it('the same report forwarded as an attached message (same Message-ID) opens no second case', async () => {
    s = new Scenario();
    const original = await s.eml({ from: COMMITTEE, cc: 'staff1@lpse.test', subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 08:00', messageId: '<orig-report2@gmail.com>', screenshot: true });
    await s.process(original);
    await s.send({ from: RINA, subject: 'Fwd: Error evaluasi tender', text: 'Tolong dicek.', at: '2026-11-26 08:30', messageId: id(), files: [{ filename: 'laporan.eml', content: fs.readFileSync(original), contentType: 'message/rfc822' }] });
    expect(s.store.db.select().from(cases).all()).toHaveLength(1);
  });
});

describe('what staff commands send on', () => {
  it("the copy of a #catatan to colleagues does not carry a root password in clear", async () => {
    s = new Scenario();
    await report(s);
    const n = s.outbox().length;
    await s.send({ from: AGUS, subject: `Re: ${TAG}`, text: '#catatan Akses server dibuka untuk LKPP, password root: Batang#Root2026', at: '2026-11-26 08:20', messageId: id() });
    const out = s.outbox().slice(n);
    expect(kinds(out)).toEqual(expect.arrayContaining(['staff_command_copy->staff1@lpse.test']));
    for (const o of out) expect(o.raw).not.toContain('Batang#Root2026');
  });

  it('the escalated notice to the committee carries no LKPP address, ticket or internal line', async () => {
    s = new Scenario((cfg) => ({ ...cfg, escalation: { ...cfg.escalation, mode: 'send', server: { address: '10.20.30.40', port: 22 } } }));
    await report(s);
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#eskalasi', at: '2026-11-26 08:20', messageId: id() });
    const notice = s.outbox().find((o) => o.kind === 'escalated_notice')!;
    expect(notice.toAddrs).toEqual([COMMITTEE_ADDR]);
    expect(notice.raw).not.toContain('lkpp@lpse.test');
    expect(notice.raw).not.toContain('10.20.30.40');
  });

  it.each([
    ['#tugaskan Agus Setiawan <staff2@lpse.test>', 'staff2@lpse.test'],
    ['#tugaskan agus, tolong dicek ya', 'staff2@lpse.test'],
    ['#tugaskan Pak Agus', 'staff2@lpse.test'],
    ['#tugaskan STAFF2@LPSE.TEST', 'staff2@lpse.test'],
  ])('%s assigns %s', async (line, who) => {
    s = new Scenario();
    await report(s);
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: line, at: '2026-11-26 08:20', messageId: id() });
    expect(s.caseOf('2026-0001').assignee).toBe(who);
  });

  it('with staffNotices: assignee, a command by a third colleague still reaches the assignee as a copy, and nobody else gets nothing', async () => {
    s = new Scenario((cfg) => ({ ...cfg, cases: { ...cfg.cases, staffNotices: 'assignee' as const }, staff: [...cfg.staff, { name: 'Budi Santoso', email: 'staff3@lpse.test' }] }));
    await report(s);
    await s.send({ from: RINA, subject: `Re: ${TAG}`, text: '#tugaskan Agus', at: '2026-11-26 08:20', messageId: id() });
    const n = s.outbox().length;
    await s.send({ from: 'Budi Santoso <staff3@lpse.test>', subject: `Re: ${TAG}`, text: '#balas Mohon dicoba lagi.', at: '2026-11-26 08:30', messageId: id() });
    expect(kinds(s.outbox().slice(n))).toEqual(expect.arrayContaining(['staff_command_copy->staff2@lpse.test', 'staff_ack->staff3@lpse.test']));
  });
});
