// A case whose files were pruned, reopened by the committee's late "masih error" (the LPSE had
// raised cases.reopenWithinDays after the files went): nothing that reads paths.files fails, the
// next tick brings the files back from the archive, and the escalation attaches the screenshot.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { pruneCaseFiles } from '../../src/archive/retention';
import { caseText } from '../../src/console/case-text';
import { findCase } from '../../src/store/case-views';
import { cases, events } from '../../src/store/schema';
import { PNG, REPORT, Scenario } from '../helpdesk/scenario-kit';

const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const ref = '2026-0001';
const subject = `Re: [LPSE#${ref}] Error jadwal evaluasi`;
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const pngSha = createHash('sha256').update(PNG).digest('hex');

let s: Scenario;
afterEach(() => s.close());

const screenshotFile = () => path.join(s.config.paths.files, pngSha.slice(0, 2), pngSha);
const prunedAt = () => s.store.db.select({ at: cases.filesPrunedAt }).from(cases).where(eq(cases.ref, ref)).get()?.at ?? null;

it('reopens without failing, gets its files back at the next tick, and the escalation attaches the screenshot again', async () => {
  s = new Scenario((c) => ({ ...c, cases: { ...c.cases, reopenWithinDays: 60 } }));
  await s.send({ from: REPORTER, subject: 'Error jadwal evaluasi', text: REPORT, at: '2026-08-03 08:00', messageId: '<p1@gmail.com>', screenshot: true });
  await s.send({ from: STAFF, subject, text: '#selesai Jadwal sudah diperbaiki.', at: '2026-08-03 08:45', messageId: '<p2@lpse.test>' });
  await s.send({ from: STAFF, subject, text: '#tutup', at: '2026-08-03 09:30', messageId: '<p3@lpse.test>' });
  expect(s.caseOf(ref).state).toBe('closed');

  // Pruned under the setting of the time (31 days).
  expect((await pruneCaseFiles(s.store.db, { ...s.config, retention: { filesAfterDays: 31 } }, wib('2026-09-04 10:00'))).map((p) => p.ref)).toEqual([ref]);
  expect(fs.existsSync(screenshotFile())).toBe(false);
  const ctx = { lang: s.config.language, timezone: s.config.calendar.timezone, staff: s.config.staff };
  expect(caseText(findCase(s.store.sqlite, ref, wib('2026-09-04 10:00'))!, ctx).join('\n')).toContain(`Case ${ref}`);

  const reopened = await s.send({ from: REPORTER, subject, text: 'Mohon maaf, masih error pak, jadwal evaluasi tidak bisa disimpan lagi.', at: '2026-09-10 09:00', messageId: '<p4@gmail.com>' });
  expect(reopened.disposition).toBe('processed');
  expect(s.caseOf(ref).state).toBe('in_progress');
  const notice = s.outbox().find((o) => o.kind === 'staff_case_reopened')!;
  expect(notice.text).toContain('error.png');

  await s.restart().tick(wib('2026-09-10 09:01'));
  expect(fs.readFileSync(screenshotFile())).toEqual(PNG);
  expect(prunedAt()).toBeNull();
  const restored = s.store.db.select({ detail: events.detail }).from(events).where(eq(events.type, 'case_files_restored')).all();
  expect(restored).toEqual([{ detail: { files: expect.any(Number), bytes: expect.any(Number) } }]);
  expect((restored[0]!.detail as { files: number }).files).toBeGreaterThanOrEqual(2); // the screenshot and the report as received

  await s.send({ from: STAFF, subject, text: '#eskalasi Mohon bantuan, jadwal evaluasi tidak tersimpan.', at: '2026-09-10 09:30', messageId: '<p5@lpse.test>' });
  const escalation = s.outbox().find((o) => o.kind === 'escalation')!;
  expect(escalation.files.map((f) => f.sha256)).toEqual([pngSha]);
});
