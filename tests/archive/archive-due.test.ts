// The tick's "to archive" mark (cases.archive_due): set when a case closes or a closed case
// changes, cleared when its archive is written, kept when writing it fails (and retried an hour
// later). The tick reads only the marked cases, never every closed case.
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { casesToArchive } from '../../src/archive/archive';
import { cases, events, messages, outbox } from '../../src/store/schema';
import type { Config } from '../../src/config/load';
import { REPORT, Scenario } from '../helpdesk/scenario-kit';

const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const ref = '2026-0001';
const subject = `Re: [LPSE#${ref}]`;
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);

let s: Scenario;
afterEach(() => s.close());

const helpdesk = (config: Config = s.config) => s.restart(config);

const idOf = () => s.store.db.select({ id: cases.id }).from(cases).where(eq(cases.ref, ref)).get()!.id;
const due = () => s.store.db.select({ due: cases.archiveDue }).from(cases).where(eq(cases.ref, ref)).get()?.due;
const archivedCount = () => s.eventTypes(ref).filter((t) => t === 'case_archived').length;

/** A report solved and closed by staff on Monday 23 November 2026. */
async function closedCase() {
  await s.send({ from: REPORTER, subject: 'Error jadwal evaluasi', text: REPORT, at: '2026-11-23 08:00', messageId: '<d1@gmail.com>', screenshot: true });
  await s.send({ from: STAFF, subject, text: '#selesai Jadwal sudah diperbaiki.', at: '2026-11-23 08:45', messageId: '<d2@lpse.test>' });
  expect(due()).toBe(false); // solved is not closed: nothing to archive yet
  await s.send({ from: STAFF, subject, text: '#tutup', at: '2026-11-23 09:30', messageId: '<d3@lpse.test>' });
  expect(s.caseOf(ref).state).toBe('closed');
}

describe('the to-archive mark', () => {
  it('is cleared by the archive written when the case closes: the next tick has nothing to archive', async () => {
    s = new Scenario();
    await closedCase();
    expect(archivedCount()).toBe(1);
    expect(due()).toBe(false);
    expect(casesToArchive(s.store.db, wib('2026-11-23 09:31'))).toEqual([]);
    expect((await helpdesk().tick(wib('2026-11-23 09:31'))).archived).toEqual([]);
  });

  it('is set again by a message recorded on the closed case after its archive, and the next tick rewrites it', async () => {
    s = new Scenario();
    await closedCase();
    const caseId = idOf();
    // Recorded, but not yet archived (the process died between the commit and the archive).
    s.store.db
      .insert(messages)
      .values({ messageId: '<late@gmail.com>', caseId, direction: 'in', kind: 'auto_reply', fromAddr: 'pokja3.batang@gmail.com', rawSha256: 'f'.repeat(64), disposition: 'ignored', recordedAt: wib('2026-11-24 08:00') })
      .run();
    expect(due()).toBe(true);
    expect(casesToArchive(s.store.db, wib('2026-11-24 08:01'))).toEqual([ref]);
    expect((await helpdesk().tick(wib('2026-11-24 08:01'))).archived).toEqual([ref]);
    expect(due()).toBe(false);
    expect(archivedCount()).toBe(2);
    // A mail of the case sent after the archive makes it stale too.
    const row = s.store.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.caseId, caseId)).orderBy(outbox.id).get()!;
    s.store.db.update(outbox).set({ sentAt: wib('2026-11-24 09:00') }).where(eq(outbox.id, row.id)).run();
    expect(due()).toBe(true);
  });

  it('is not set by a change the archive already holds (recorded at or before it)', async () => {
    s = new Scenario();
    await closedCase();
    const caseId = idOf();
    const archivedAt = s.store.db.select({ at: events.at }).from(events).where(eq(events.type, 'case_archived')).get()!.at;
    s.store.db
      .insert(messages)
      .values({ messageId: '<early@gmail.com>', caseId, direction: 'in', kind: 'auto_reply', fromAddr: 'pokja3.batang@gmail.com', rawSha256: 'e'.repeat(64), disposition: 'ignored', recordedAt: archivedAt })
      .run();
    expect(due()).toBe(false);
  });

  it('stays set when the archive fails, is retried an hour later, and cleared once it is written', async () => {
    // paths.archive is a file: every archive fails.
    s = new Scenario((c) => ({ ...c, paths: { ...c.paths, archive: path.join(path.dirname(c.paths.database), 'archive-is-a-file') } }));
    fs.writeFileSync(s.config.paths.archive, 'not a folder');
    await closedCase();
    expect(s.eventTypes(ref)).toContain('archive_failed');
    expect(due()).toBe(true);
    const failedAt = s.store.db.select({ at: events.at }).from(events).where(eq(events.type, 'archive_failed')).get()!.at;
    const after = (minutes: number) => new Date(failedAt.getTime() + minutes * 60_000);
    expect(casesToArchive(s.store.db, after(30))).toEqual([]); // waits: no event flood from a full disk
    expect(casesToArchive(s.store.db, after(61))).toEqual([ref]);

    const fixed = { ...s.config, paths: { ...s.config.paths, archive: path.join(path.dirname(s.config.paths.database), 'archive') } };
    expect((await helpdesk(fixed).tick(after(61))).archived).toEqual([ref]);
    expect(fs.existsSync(path.join(fixed.paths.archive, ref, 'record.json'))).toBe(true);
    expect(due()).toBe(false);
    expect(casesToArchive(s.store.db, after(120))).toEqual([]);
  });
});
