// The outbox sender: sent only after the transport accepts, temporary failures retried with
// backoff, 5xx marked failed, a failing draft never holds up the mail behind it.
import { fromFilesDir, type OutgoingMessage } from '../../src/outbox/message';
import { drain as drainWith, enqueue, SendError, type DraftSink, type OutboxHead, type Transport } from '../../src/outbox/outbox';
import { openStore, type Store } from '../../src/store/db';
import { outbox } from '../../src/store/schema';

const t0 = new Date('2026-11-26T02:00:00Z');
let store: Store;
beforeEach(() => (store = openStore(':memory:')));
afterEach(() => store.close());

function queue(key: string, status = 'pending') {
  return enqueue(store.db, { idempotencyKey: key, caseId: null, kind: 'ack_complete', messageId: `<${key}@lpse.test>`, fromAddr: 'helpdesk@lpse.test', toAddrs: ['pokja3@gmail.com'], subject: key, raw: `Subject: ${key}\r\n\r\nx`, status, createdAt: t0 });
}

const drain = (db: Store['db'], transport: Transport, drafts: DraftSink, now: () => Date) =>
  drainWith(db, transport, drafts, now, { source: fromFilesDir('/nonexistent', 'Helpdesk LPSE'), sentCopies: false });

class Recorder implements Transport, DraftSink {
  sent: string[] = [];
  drafts: string[] = [];
  constructor(private readonly fail: (row: OutboxHead) => Error | null = () => null) {}
  send(row: OutboxHead, _message: OutgoingMessage) {
    const err = this.fail(row);
    if (err) return Promise.reject(err);
    this.sent.push(row.subject);
    return Promise.resolve();
  }
  saveDraft(row: OutboxHead, _message: OutgoingMessage) {
    const err = this.fail(row);
    if (err) return Promise.reject(err);
    this.drafts.push(row.subject);
    return Promise.resolve();
  }
}

const rows = () => store.db.select().from(outbox).orderBy(outbox.id).all();

it('sends pending mail in order and files drafts', async () => {
  queue('a');
  queue('d', 'draft');
  queue('b');
  const r = new Recorder();
  expect(await drain(store.db, r, r, () => t0)).toMatchObject({ sent: 2, drafted: 1, retried: 0, failed: [] });
  expect(r.sent).toEqual(['a', 'b']);
  expect(r.drafts).toEqual(['d']);
  expect(rows().map((o) => o.status)).toEqual(['sent', 'drafted', 'sent']);
  expect(await drain(store.db, r, r, () => t0)).toMatchObject({ sent: 0, drafted: 0 });
});

it('retries a temporary failure after a growing pause and gives up on a 5xx', async () => {
  queue('temp');
  queue('perm');
  const r = new Recorder((row) => (row.subject === 'temp' ? new SendError('421 try later', false) : new SendError('550 no such user', true)));
  const first = await drain(store.db, r, r, () => t0);
  expect(first.retried).toBe(1);
  expect(first.failed.map((f) => f.subject)).toEqual(['perm']);
  const [temp, perm] = rows();
  expect(temp).toMatchObject({ status: 'pending', attempts: 1, lastError: '421 try later' });
  expect(temp!.nextAttemptAt!.getTime() - t0.getTime()).toBe(60_000);
  expect(perm).toMatchObject({ status: 'failed', attempts: 1 });
  // Not due yet: nothing is tried.
  expect(await drain(store.db, r, r, () => new Date(t0.getTime() + 30_000))).toMatchObject({ retried: 0, sent: 0 });
  await drain(store.db, r, r, () => new Date(t0.getTime() + 60_000));
  expect(rows()[0]!.nextAttemptAt!.getTime() - t0.getTime()).toBe(60_000 + 120_000);
});

it('a draft that cannot be filed stays queued and does not hold up the mail behind it', async () => {
  queue('d', 'draft');
  queue('a');
  const r = new Recorder((row) => (row.status === 'draft' ? new Error('APPEND failed') : null));
  expect(await drain(store.db, r, r, () => t0)).toMatchObject({ sent: 1, drafted: 0, retried: 1 });
  expect(rows().map((o) => [o.subject, o.status])).toEqual([['d', 'draft'], ['a', 'sent']]);
});
