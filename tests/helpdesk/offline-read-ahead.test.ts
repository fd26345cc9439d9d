// `process` reads the next message while the previous one commits: the receipts still come in
// the files' order, each message commits after the one before (a reply finds the case its report
// opened), an unreadable file in the middle is quarantined in its place, and no spool file is left.
import fs from 'node:fs';
import path from 'node:path';
import { processFiles } from '../../src/helpdesk/offline';
import { REPORT, Scenario } from './scenario-kit';

let s: Scenario;
beforeEach(() => {
  s = new Scenario();
});
afterEach(() => s.close());

test('in order, one commit after another, nothing left in the spool', async () => {
  const report = await s.eml({ from: 'pokja3@batangkab.go.id', subject: 'Error jadwal', text: REPORT, at: '2026-11-26 08:15', messageId: '<r1@batangkab.go.id>', screenshot: true });
  const broken = path.join(s.dir, 'in', '002-broken.eml');
  fs.writeFileSync(broken, Buffer.from([0x00, 0xff, 0x00, 0xfe]));
  const reply = await s.eml({ from: 'pokja3@batangkab.go.id', subject: 'Re: [LPSE#2026-0001] Laporan diterima', text: 'Terima kasih, kami tunggu.', at: '2026-11-26 08:30', messageId: '<r2@batangkab.go.id>', inReplyTo: '<r1@batangkab.go.id>' });
  const again = await s.eml({ from: 'pokja3@batangkab.go.id', subject: 'Error jadwal', text: REPORT, at: '2026-11-26 08:15', messageId: '<r1@batangkab.go.id>', screenshot: true });
  fs.copyFileSync(report, again);
  const run = await processFiles([report, broken, reply, again], { config: s.config, store: s.store, clock: 'message' });
  expect(run.receipts.map((r) => [path.basename(r.file), r.receipt.disposition, r.receipt.caseRef])).toEqual([
    [path.basename(report), 'processed', '2026-0001'],
    ['002-broken.eml', 'quarantined', null],
    [path.basename(reply), 'processed', '2026-0001'],
    [path.basename(again), 'duplicate', null],
  ]);
  expect(fs.readdirSync(path.join(s.config.paths.files, '.incoming'))).toEqual([]);
});
