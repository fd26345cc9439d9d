import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { MIGRATIONS_DIR, openStore, type Store } from '../../src/store/db';
import { enqueue, queuedTo } from '../../src/outbox/outbox';
import { attachments, caseCounters, cases, clocks, events, mailboxCheckpoints, messages, outbox, outboxRecipients } from '../../src/store/schema';
import { findCase, listCases } from '../../src/store/case-views';

const t0 = new Date('2026-11-27T02:00:00.000Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('migrations', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-store-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('create every table in an empty file, in WAL mode with foreign keys on, and run again harmlessly', () => {
    const file = path.join(dir, 'nested', 'helpdesk.sqlite');
    const first = openStore(file);
    const tables = first.sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all();
    expect(tables).toEqual([
      '__drizzle_migrations', 'attachments', 'case_counters', 'cases', 'clocks', 'events', 'mailbox_checkpoints', 'messages', 'outbox', 'outbox_recipients', 'screenshot_jobs', 'screenshot_readings', 'settings',
    ]);
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(first.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    first.close();
    const again = openStore(file);
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(again.sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get()).toBe(journal.entries.length);
    again.close();
  });
});

describe('tables round-trip', () => {
  let store: Store;
  beforeEach(() => (store = openStore(':memory:')));
  afterEach(() => store.close());

  function insertCase(ref = '2026-0001') {
    return store.db
      .insert(cases)
      .values({
        ref,
        state: 'awaiting_reporter',
        reporter: 'pokja3@batangkab.go.id',
        reporterName: 'Pokja Pemilihan 3',
        committeeName: 'Pokja Pemilihan 3',
        userId: 'pokja3btg',
        tenderCode: '10034567000',
        tenderName: 'Rehabilitasi Jalan Warungasem',
        phone: '+6281227459910',
        symptoms: ['error_notification'],
        missing: ['screenshot'],
        requested: ['screenshot'],
        openedAt: t0,
        updatedAt: t0,
      })
      .returning()
      .get();
  }

  function insertMessage(caseId: number | null, messageId: string) {
    return store.db
      .insert(messages)
      .values({
        messageId,
        caseId,
        direction: 'in',
        kind: 'human',
        role: 'reporter',
        fromAddr: 'pokja3@batangkab.go.id',
        toAddrs: ['helpdesk@lpse.test'],
        subject: 'Error upload dokumen',
        references: ['<a@x>', '<b@x>'],
        date: t0,
        rawSha256: 'ab'.repeat(32),
        reading: { kind: 'human', symptoms: ['upload_failed'] },
        disposition: 'processed',
        recordedAt: t0,
      })
      .returning()
      .get();
  }

  it('cases keep every field, JSON lists and timestamps', () => {
    const row = insertCase();
    const back = store.db.select().from(cases).where(eq(cases.id, row.id)).get();
    expect(back).toEqual(row);
    expect(back?.openedAt).toEqual(t0);
    expect(back?.symptoms).toEqual(['error_notification']);
    expect(() => insertCase()).toThrow(/UNIQUE constraint failed: cases.ref/);
  });

  it('messages are unique by Message-ID', () => {
    const c = insertCase();
    const m = insertMessage(c.id, '<report-1@batangkab.go.id>');
    expect(store.db.select().from(messages).where(eq(messages.id, m.id)).get()).toEqual(m);
    expect(() => insertMessage(c.id, '<report-1@batangkab.go.id>')).toThrow(/UNIQUE constraint failed: messages.message_id/);
    expect(insertMessage(null, '<stray@example.com>').caseId).toBeNull();
  });

  it('attachments refer to a message and keep their sha256', () => {
    const m = insertMessage(insertCase().id, '<report-2@x>');
    const a = store.db
      .insert(attachments)
      .values({ messageRowId: m.id, sha256: 'cd'.repeat(32), filename: 'error.png', contentType: 'image/png', size: 48213, screenshot: true })
      .returning()
      .get();
    expect(store.db.select().from(attachments).get()).toEqual({ ...a, skippedReason: null });
    expect(() =>
      store.db
        .insert(attachments)
        .values({ messageRowId: 999, sha256: 'x', filename: 'x', contentType: 'x', size: 1, screenshot: false })
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('events can be appended but never changed or deleted', () => {
    const c = insertCase();
    const e = store.db
      .insert(events)
      .values({ caseId: c.id, at: t0, type: 'case_opened', actor: 'pokja3@batangkab.go.id', messageId: '<r@x>', detail: { missing: ['screenshot'] } })
      .returning()
      .get();
    expect(store.db.select().from(events).get()).toEqual(e);
    expect(() => store.db.update(events).set({ type: 'edited' }).run()).toThrow(/append-only/);
    expect(() => store.db.delete(events).run()).toThrow(/append-only/);
  });

  it('clocks round-trip and feed the case views, breached derived from now', () => {
    const c = insertCase();
    store.db.insert(clocks).values([
      { caseId: c.id, step: '1a', owner: 'lpse', startedAt: t0, dueAt: later(30), stoppedAt: t0 },
      { caseId: c.id, step: '1c', owner: 'reporter', startedAt: t0, dueAt: later(60) },
    ]).run();
    const rows = store.db.select().from(clocks).all();
    expect(rows.map((r) => [r.step, r.owner, r.stoppedAt])).toEqual([
      ['1a', 'lpse', t0],
      ['1c', 'reporter', null],
    ]);
    expect(() =>
      store.db.insert(clocks).values({ caseId: c.id, step: '1a', owner: 'lpse', startedAt: t0, dueAt: later(30) }).run(),
    ).toThrow(/UNIQUE/);
    const before = listCases(store.sqlite, later(59))[0];
    expect(before?.step).toBe('1c');
    expect(before?.clocks.map((k) => k.breached)).toEqual([false, false]);
    expect(listCases(store.sqlite, later(61))[0]?.clocks.map((k) => k.breached)).toEqual([false, true]);
    const detail = findCase(store.sqlite, '2026-0001', later(1));
    expect(detail?.fields.tenderCode).toBe('10034567000');
    expect(findCase(store.sqlite, '2026-9999', later(1))).toBeNull();
  });

  it('the outbox is unique by idempotency key and Message-ID', () => {
    const c = insertCase();
    const row = {
      idempotencyKey: 'ack:<report-1@x>',
      caseId: c.id,
      kind: 'ack_missing',
      messageId: '<out-1@lpse.test>',
      fromAddr: 'helpdesk@lpse.test',
      toAddrs: ['pokja3@batangkab.go.id'],
      subject: '[LPSE#2026-0001] Laporan diterima',
      raw: 'Subject: x\r\n\r\nbody',
      status: 'pending',
      createdAt: t0,
    };
    const o = store.db.insert(outbox).values(row).returning().get();
    expect(store.db.select().from(outbox).get()).toEqual(o);
    expect(o.attempts).toBe(0);
    expect(() => store.db.insert(outbox).values({ ...row, messageId: '<out-2@lpse.test>' }).run()).toThrow(/idempotency_key/);
    expect(() => store.db.insert(outbox).values({ ...row, idempotencyKey: 'other' }).run()).toThrow(/outbox.message_id/);
  });

  it('outbox recipients are recorded with each mail and counted for the loop caps, drafts aside', () => {
    const base = { caseId: null, kind: 'ack_complete', fromAddr: 'helpdesk@lpse.test', subject: 's', raw: 'r', status: 'pending' };
    enqueue(store.db, { ...base, idempotencyKey: 'a', messageId: '<a@x>', toAddrs: ['Pokja3@Gmail.com', 'staff1@lpse.test'], createdAt: t0 });
    enqueue(store.db, { ...base, idempotencyKey: 'b', messageId: '<b@x>', toAddrs: ['pokja3@gmail.com'], createdAt: later(90) });
    enqueue(store.db, { ...base, idempotencyKey: 'c', messageId: '<c@x>', toAddrs: ['pokja3@gmail.com'], createdAt: later(95), status: 'draft' });
    expect(store.db.select().from(outboxRecipients).all()).toHaveLength(4);
    expect(queuedTo(store.db, 'pokja3@gmail.com', t0)).toBe(2);
    expect(queuedTo(store.db, 'POKJA3@gmail.com', later(60))).toBe(1);
    expect(queuedTo(store.db, 'staff1@lpse.test', later(60))).toBe(0);
  });

  it('checkpoints and counters round-trip', () => {
    store.db.insert(mailboxCheckpoints).values({ folder: 'INBOX', uidValidity: '1700000000', lastUid: 42, updatedAt: t0 }).run();
    expect(store.db.select().from(mailboxCheckpoints).get()).toEqual({ folder: 'INBOX', uidValidity: '1700000000', lastUid: 42, takingUid: null, takingAttempts: 0, updatedAt: t0 });
    store.db.insert(caseCounters).values({ year: 2026, last: 41 }).run();
    expect(store.db.select().from(caseCounters).get()).toEqual({ year: 2026, last: 41 });
  });
});
