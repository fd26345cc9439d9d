// Outgoing Message-IDs cannot be computed by someone who knows the idempotency key (it holds
// the incoming Message-ID), and stay the same for the same key (retries, replays).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { messageIdFor } from '../../src/outbox/compose';
import { messageIdSecret } from '../../src/store/message-id-secret';
import { openStore } from '../../src/store/db';
import { REPORT, Scenario } from '../helpdesk/scenario-kit';

/** What anyone could compute before: the sha256 of the key. */
const guessable = (key: string, domain: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 24)}@${domain}>`;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-msgid-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('messageIdFor', () => {
  it('is stable for the same key and secret, and differs without the secret', () => {
    const a = Buffer.from('rahasia-satu');
    const key = '<CAK7x=r1@mail.gmail.com>:0:ack_complete';
    expect(messageIdFor(key, 'lpse.test', a)).toBe(messageIdFor(key, 'lpse.test', Buffer.from('rahasia-satu')));
    expect(messageIdFor(key, 'lpse.test', a)).not.toBe(messageIdFor(key, 'lpse.test', Buffer.from('rahasia-dua')));
    expect(messageIdFor(key, 'lpse.test', a)).not.toBe(guessable(key, 'lpse.test'));
    expect(messageIdFor(key, 'lpse.test', a)).toMatch(/^<[0-9a-f]{32}@lpse\.test>$/);
  });
});

describe('the secret', () => {
  it('comes from LPSE_MESSAGE_ID_SECRET when set', () => {
    const store = openStore(path.join(dir, 'db.sqlite'));
    try {
      expect(messageIdSecret(store.db, { LPSE_MESSAGE_ID_SECRET: 'dari-lingkungan' }).toString()).toBe('dari-lingkungan');
    } finally {
      store.close();
    }
  });

  it('is otherwise generated once and kept in the database across restarts', () => {
    const file = path.join(dir, 'db.sqlite');
    const first = openStore(file);
    const one = messageIdSecret(first.db, {});
    first.close();
    const again = openStore(file);
    try {
      expect(messageIdSecret(again.db, {}).equals(one)).toBe(true);
      expect(one.length).toBe(32);
    } finally {
      again.close();
    }
    const other = openStore(path.join(dir, 'other.sqlite'));
    try {
      expect(messageIdSecret(other.db, {}).equals(one)).toBe(false);
    } finally {
      other.close();
    }
  });
});

describe('the helpdesk\'s mail', () => {
  it('carries Message-IDs nobody can derive from the incoming Message-ID', async () => {
    const s = new Scenario();
    try {
      await s.send({ from: 'pokja3.batang@gmail.com', subject: 'Error', text: REPORT, at: '2026-11-26 07:41', messageId: '<r1@gmail.com>', screenshot: true });
      const rows = s.outbox();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.messageId).not.toBe(guessable(row.idempotencyKey, 'lpse.test'));
    } finally {
      s.close();
    }
  });
});
