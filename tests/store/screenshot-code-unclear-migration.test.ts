/**
 * Migration 0012 carries the screenshot readings of an existing database forward: a picture read
 * before it has no code marked unclear (so no committee is asked about it afresh), and readings
 * recorded after it keep the mark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordReading } from '../../src/helpdesk/screenshot-jobs';
import { openStore } from '../../src/store/db';
import { databaseBefore } from './migration-kit';
import { readingsOf } from '../../src/store/screenshot-readings';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-0012-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));


const OLD_SHA = 'a'.repeat(64);
const NEW_SHA = 'b'.repeat(64);

test('a reading stored before 0012 reads as not unclear; one recorded after keeps its mark', () => {
  const file = path.join(dir, 'old.sqlite');
  const sqlite = databaseBefore(dir, 12, file);
  sqlite
    .prepare(
      `insert into screenshot_readings (sha256, status, error_code, headline, exception, page, notification, details_hidden, confidence, ms, reason, detail, read_at, text)
       values (?, 'read', null, 'Maaf, terjadi error pada aplikasi SPSE', null, null, 1, 0, 61, 2400, null, null, 1, 'Kode Error: 0o1l-b6b2')`,
    )
    .run(OLD_SHA);
  sqlite.close();

  const store = openStore(file);
  expect(store.sqlite.prepare('select code_unclear from screenshot_readings where sha256 = ?').pluck().get(OLD_SHA)).toBe(0);
  recordReading(
    store.db,
    NEW_SHA,
    { status: 'read', text: 'Kode Error : 6yb1$imey', errorCode: null, headline: null, exception: null, page: null, notification: false, detailsHidden: false, codeUnclear: true, confidence: 58, ms: 3100 },
    new Date('2026-12-01T03:00:00Z'),
  );
  const read = readingsOf(store.db, [OLD_SHA, NEW_SHA]);
  expect(read.get(OLD_SHA)).toMatchObject({ status: 'read', errorCode: null, codeUnclear: false, text: 'Kode Error: 0o1l-b6b2' });
  expect(read.get(NEW_SHA)).toMatchObject({ status: 'read', errorCode: null, codeUnclear: true });
  store.close();
});
