/**
 * Migration 0009 carries an existing outbox forward: rows queued before it keep their complete
 * message in `raw` (and are sent from it), their recipients survive the table's rebuild, the copy
 * of a mail already sent is not filed again, and the archive triggers of 0008 still fire.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/db';
import { databaseBefore } from './migration-kit';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-0009-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));


test('outbox rows, their recipients and the archive triggers survive the rebuild', () => {
  const file = path.join(dir, 'old.sqlite');
  const sqlite = databaseBefore(dir, 9, file);
  const caseId = (
    sqlite
      .prepare(
        `insert into cases (ref, state, reporter, symptoms, missing, requested, screenshots, opened_at, closed_at, updated_at)
         values ('2026-0001', 'closed', 'pokja1@batangkab.go.id', '[]', '[]', '[]', 1, 1, 2, 2) returning id`,
      )
      .get() as { id: number }
  ).id;
  const mail = sqlite.prepare(
    `insert into outbox (idempotency_key, case_id, kind, message_id, from_addr, to_addrs, subject, raw, status, created_at, sent_at)
     values (?, ?, 'ack', ?, 'helpdesk@lpse.test', '["pokja1@batangkab.go.id"]', 'Re: [LPSE#2026-0001]', ?, ?, 1, ?) returning id`,
  );
  const sent = (mail.get('k1', caseId, '<o1@lpse.test>', 'From: a\r\n\r\nsent\r\n', 'sent', 5) as { id: number }).id;
  const pending = (mail.get('k2', caseId, '<o2@lpse.test>', 'From: a\r\n\r\npending\r\n', 'pending', null) as { id: number }).id;
  const recipient = sqlite.prepare(`insert into outbox_recipients (outbox_id, address, created_at) values (?, 'pokja1@batangkab.go.id', 1)`);
  recipient.run(sent);
  recipient.run(pending);
  sqlite.close();

  const store = openStore(file);
  const rows = store.sqlite.prepare('select id, raw, status, sent_at, sent_copy_at, files, text from outbox order by id').all();
  expect(rows).toEqual([
    { id: sent, raw: 'From: a\r\n\r\nsent\r\n', status: 'sent', sent_at: 5, sent_copy_at: 5, files: '[]', text: null },
    { id: pending, raw: 'From: a\r\n\r\npending\r\n', status: 'pending', sent_at: null, sent_copy_at: null, files: '[]', text: null },
  ]);
  expect(store.sqlite.prepare('select outbox_id from outbox_recipients order by outbox_id').pluck().all()).toEqual([sent, pending]);
  expect(store.sqlite.prepare('pragma foreign_key_check').all()).toEqual([]);
  expect(store.sqlite.prepare("select name from sqlite_master where type = 'table' and name in ('__new_outbox', '__parked_outbox_recipients')").all()).toEqual([]);
  // A mail of a closed case sent after the migration still marks its archive due.
  store.sqlite.prepare('update cases set archive_due = 0').run();
  store.sqlite.prepare('update outbox set sent_at = 9 where id = ?').run(pending);
  expect(store.sqlite.prepare('select archive_due from cases').pluck().get()).toBe(1);
  store.close();
});
