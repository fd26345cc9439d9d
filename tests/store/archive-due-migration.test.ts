/**
 * Migration 0008 carries an existing database forward: its closed cases whose archive is missing
 * or older than their last change (the case, a message, a mail) are marked for the tick's archive,
 * the others not; from then on a message recorded on a closed case marks it by itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { casesToArchive } from '../../src/archive/archive';
import { openStore } from '../../src/store/db';
import { databaseBefore } from './migration-kit';

const t = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`).getTime();

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-0008-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));


test('closed cases of an old database are marked when their archive is missing or stale, and only those', () => {
  const file = path.join(dir, 'old.sqlite');
  const sqlite = databaseBefore(dir, 8, file);
  expect(sqlite.prepare("select name from pragma_table_info('cases') where name = 'archive_due'").get()).toBeUndefined();
  const addCase = sqlite.prepare(
    `insert into cases (ref, state, reporter, symptoms, missing, requested, screenshots, opened_at, closed_at, updated_at)
     values (?, ?, 'pokja1@batangkab.go.id', '[]', '[]', '[]', 1, ?, ?, ?) returning id`,
  );
  const archived = sqlite.prepare(`insert into events (case_id, at, type, detail) values (?, ?, 'case_archived', '{}')`);
  const message = sqlite.prepare(
    `insert into messages (message_id, case_id, direction, kind, from_addr, raw_sha256, disposition, recorded_at) values (?, ?, 'in', 'reply', 'pokja1@batangkab.go.id', ?, 'processed', ?)`,
  );
  const mail = sqlite.prepare(
    `insert into outbox (idempotency_key, case_id, kind, message_id, from_addr, to_addrs, subject, raw, status, created_at, sent_at)
     values (?, ?, 'ack', ?, 'helpdesk@lpse.test', '["pokja1@batangkab.go.id"]', 'Re: [LPSE#x]', 'raw', 'sent', ?, ?)`,
  );
  const closed = (ref: string) => (addCase.get(ref, 'closed', t('2026-11-02 08:00'), t('2026-11-03 09:00'), t('2026-11-03 09:00')) as { id: number }).id;

  const upToDate = closed('2026-0001');
  message.run('<a@x>', upToDate, 'a'.repeat(64), t('2026-11-02 08:00'));
  mail.run('k1', upToDate, '<o1@lpse.test>', t('2026-11-02 08:01'), t('2026-11-02 08:02'));
  archived.run(upToDate, t('2026-11-03 09:00')); // at the same instant as the close: holds it
  closed('2026-0002'); // never archived
  const lateAnswer = closed('2026-0003');
  archived.run(lateAnswer, t('2026-11-03 09:00'));
  message.run('<late@x>', lateAnswer, 'b'.repeat(64), t('2026-11-05 10:00'));
  const lateSend = closed('2026-0004');
  archived.run(lateSend, t('2026-11-03 09:00'));
  mail.run('k2', lateSend, '<o2@lpse.test>', t('2026-11-03 09:00'), t('2026-11-03 09:20'));
  addCase.get('2026-0005', 'in_progress', t('2026-11-20 08:00'), null, t('2026-11-20 08:00')); // open: no archive
  sqlite.close();

  const store = openStore(file); // applies 0008
  const marked = store.sqlite.prepare('select ref from cases where archive_due = 1 order by ref').all();
  expect(marked).toEqual([{ ref: '2026-0002' }, { ref: '2026-0003' }, { ref: '2026-0004' }]);
  expect(casesToArchive(store.db, new Date(t('2026-11-30 09:00')))).toEqual(['2026-0002', '2026-0003', '2026-0004']);

  // The migrated database marks by itself: a late message on the up-to-date case.
  store.sqlite
    .prepare(`insert into messages (message_id, case_id, direction, kind, from_addr, raw_sha256, disposition, recorded_at) values ('<b@x>', ?, 'in', 'auto_reply', 'pokja1@batangkab.go.id', ?, 'ignored', ?)`)
    .run(upToDate, 'c'.repeat(64), t('2026-11-30 09:00'));
  expect(casesToArchive(store.db, new Date(t('2026-11-30 09:01')))).toEqual(['2026-0001', '2026-0002', '2026-0003', '2026-0004']);
  store.close();
});
