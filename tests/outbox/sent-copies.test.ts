// Sent copies wait in the database, not in memory: a daemon that crashed after sending files
// the copies on its next start, oldest first, the same bytes as the mail that went out; with
// copies off nothing waits, so switching them on later files no history.
import type { ImapFlow } from 'imapflow';
import { eq } from 'drizzle-orm';
import { fromFilesDir, type OutgoingMessage } from '../../src/outbox/message';
import { drain, enqueue, type DraftSink, type OutboxHead, type Transport } from '../../src/outbox/outbox';
import { SentCopies } from '../../src/outbox/sent-copies';
import { openStore, type Store } from '../../src/store/db';
import { outbox } from '../../src/store/schema';

const t0 = new Date('2026-11-26T02:00:00Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const source = fromFilesDir('/nonexistent', 'Helpdesk LPSE Kabupaten Batang');
let store: Store;
beforeEach(() => (store = openStore(':memory:')));
afterEach(() => store.close());

function queue(key: string, subject: string): number {
  return enqueue(store.db, {
    idempotencyKey: key,
    caseId: null,
    kind: 'ack_complete',
    messageId: `<${key}@lpse.test>`,
    fromAddr: 'helpdesk@lpse.test',
    toAddrs: ['pokja3.batang@gmail.com'],
    subject,
    text: `${subject}\nLaporan Bapak/Ibu sudah kami terima.\n`,
    html: `<p>${subject}</p>`,
    autoSubmitted: 'auto-replied',
    status: 'pending',
    createdAt: t0,
  });
}

/** What the SMTP server took, by Message-ID. */
class Smtp implements Transport, DraftSink {
  readonly took = new Map<string, Buffer>();
  async send(row: OutboxHead, message: OutgoingMessage) {
    this.took.set(row.messageId, await message.buffer());
  }
  saveDraft() {
    return Promise.resolve();
  }
}

/** An IMAP connection that takes APPENDs to Sent (or refuses them while `down`). */
function imap() {
  const appended: { folder: string; raw: Buffer; flags: string[]; date: Date }[] = [];
  const state = { down: false };
  const client = {
    get usable() {
      return !state.down;
    },
    append: (folder: string, raw: Buffer, flags: string[], date: Date) => {
      if (state.down) return Promise.resolve(false);
      appended.push({ folder, raw, flags, date });
      return Promise.resolve({ destination: folder, uid: appended.length });
    },
  };
  return { appended, state, access: () => client as unknown as ImapFlow };
}

const copyAt = (id: number) => store.db.select({ at: outbox.sentCopyAt }).from(outbox).where(eq(outbox.id, id)).get()?.at ?? null;

it('files the copies a crash left waiting after the restart, oldest first, as they were sent', async () => {
  const smtp = new Smtp();
  const a = queue('a', '[LPSE#2026-0001] Tanda terima');
  await drain(store.db, smtp, smtp, () => later(1), { source, sentCopies: true });
  const b = queue('b', '[LPSE#2026-0002] Tanda terima');
  await drain(store.db, smtp, smtp, () => later(2), { source, sentCopies: true });
  // The daemon dies here: nothing was filed, nothing of it is in memory any more.
  expect([copyAt(a), copyAt(b)]).toEqual([null, null]);

  const restarted = imap();
  const copies = new SentCopies(store.db, restarted.access, 'Sent', source, () => later(5));
  expect(copies.pending).toBe(2);
  expect(await copies.flush()).toBe(2);
  expect(restarted.appended.map((c) => [c.folder, c.flags, c.date])).toEqual([
    ['Sent', ['\\Seen'], later(1)],
    ['Sent', ['\\Seen'], later(2)],
  ]);
  expect(restarted.appended[0]!.raw.equals(smtp.took.get('<a@lpse.test>')!)).toBe(true);
  expect(restarted.appended[1]!.raw.equals(smtp.took.get('<b@lpse.test>')!)).toBe(true);
  expect([copyAt(a), copyAt(b)]).toEqual([later(5), later(5)]);
  expect(copies.pending).toBe(0);
  expect(await copies.flush()).toBe(0);
});

it('a copy IMAP did not take waits for the next flush', async () => {
  const smtp = new Smtp();
  const a = queue('a', '[LPSE#2026-0001] Tanda terima');
  await drain(store.db, smtp, smtp, () => later(1), { source, sentCopies: true });
  const server = imap();
  server.state.down = true;
  const copies = new SentCopies(store.db, server.access, 'Sent', source, () => later(3));
  expect(await copies.flush()).toBe(0);
  expect(copyAt(a)).toBeNull();
  server.state.down = false;
  expect(await copies.flush()).toBe(1);
  expect(copyAt(a)).toEqual(later(3));
});

it('with copies off nothing waits: switching them on later files none of the mail sent before', async () => {
  const smtp = new Smtp();
  const a = queue('a', '[LPSE#2026-0001] Tanda terima');
  await drain(store.db, smtp, smtp, () => later(1), { source, sentCopies: false });
  expect(copyAt(a)).toEqual(later(1));
  const server = imap();
  const copies = new SentCopies(store.db, server.access, 'Sent', source, () => later(9));
  expect(copies.pending).toBe(0);
  expect(await copies.flush()).toBe(0);
  expect(server.appended).toEqual([]);
});

it('finds the waiting copies through the partial index, not by reading every sent row', async () => {
  const plans: string[] = [];
  const prepare = store.sqlite.prepare.bind(store.sqlite);
  jest.spyOn(store.sqlite, 'prepare').mockImplementation((source: string) => {
    if (/sent_copy_at IS NULL/.test(source)) plans.push((prepare(`EXPLAIN QUERY PLAN ${source}`).all() as { detail: string }[]).map((p) => p.detail).join('; '));
    return prepare(source);
  });
  const copies = new SentCopies(store.db, imap().access, 'Sent', source, () => later(1));
  expect(copies.pending).toBe(0);
  await copies.flush();
  expect(plans).toHaveLength(2);
  for (const plan of plans) expect(plan).toMatch(/USING (COVERING )?INDEX outbox_sent_copy_idx/);
});
