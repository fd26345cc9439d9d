/**
 * The count of attempts at the message in hand lives in the store, beside the checkpoint: it
 * survives a process that died reading the message, starts again for the next UID and for a
 * new UIDVALIDITY, and an attempt that ended for a reason not the message's is taken back.
 */
import { beginTaking, forgetAttempt, readCheckpoint, saveCheckpoint } from '../../src/daemon/checkpoint';
import { openStore, type Store } from '../../src/store/db';

const now = new Date('2026-12-01T02:00:00Z');
let store: Store;
beforeEach(() => (store = openStore(':memory:')));
afterEach(() => store.close());

test('attempts at one UID add up across starts until the checkpoint passes it', () => {
  saveCheckpoint(store.db, 'INBOX', { uidValidity: '7', lastUid: 41 }, now);
  expect(beginTaking(store.db, 'INBOX', '7', 42, now)).toBe(1);
  // The process died: the next start begins again on the same UID.
  expect(beginTaking(store.db, 'INBOX', '7', 42, now)).toBe(2);
  expect(beginTaking(store.db, 'INBOX', '7', 42, now)).toBe(3);
  expect(readCheckpoint(store.db, 'INBOX')).toEqual({ uidValidity: '7', lastUid: 41 });
  saveCheckpoint(store.db, 'INBOX', { uidValidity: '7', lastUid: 42 }, now);
  expect(beginTaking(store.db, 'INBOX', '7', 43, now)).toBe(1);
});

test('a new UIDVALIDITY or another folder counts afresh; a forgotten attempt does not count', () => {
  expect(beginTaking(store.db, 'INBOX', '7', 5, now)).toBe(1);
  expect(beginTaking(store.db, 'INBOX', '7', 5, now)).toBe(2);
  forgetAttempt(store.db, 'INBOX', 5);
  expect(beginTaking(store.db, 'INBOX', '7', 5, now)).toBe(2);
  expect(beginTaking(store.db, 'Sent', '7', 5, now)).toBe(1);
  expect(beginTaking(store.db, 'INBOX', '8', 5, now)).toBe(1);
  expect(readCheckpoint(store.db, 'INBOX')).toEqual({ uidValidity: '8', lastUid: 0 });
});
