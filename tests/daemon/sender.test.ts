// The daemon's sender over the outbox, with fake SMTP, drafts and helpdesk: a mail the server
// took for some recipients and refused for others is reported to staff for the ones it missed.
import pino from 'pino';
import { Sender, type SenderHelpdesk, type SmtpPort } from '../../src/daemon/sender';
import { fromFilesDir } from '../../src/outbox/message';
import { enqueue, type OutboxHead } from '../../src/outbox/outbox';
import type { SmtpAccepted } from '../../src/outbox/smtp';
import { openStore, type Store } from '../../src/store/db';
import { outbox } from '../../src/store/schema';

const t0 = new Date('2026-11-26T02:00:00Z');
let store: Store;
beforeEach(() => (store = openStore(':memory:')));
afterEach(() => store.close());

class FakeSmtp implements SmtpPort {
  unavailable = null;
  lastAccepted: SmtpAccepted | null = null;
  constructor(private readonly refuse: string[]) {}
  probe() {
    return Promise.resolve(null);
  }
  send(row: OutboxHead) {
    this.lastAccepted = { response: '250 2.0.0 Ok', rejected: row.toAddrs.filter((a) => this.refuse.includes(a)) };
    return Promise.resolve();
  }
}

it('tells staff about the recipients a server refused while it took the others', async () => {
  enqueue(store.db, { idempotencyKey: 'k', caseId: null, kind: 'to_lkpp_data', messageId: '<m@lpse.test>', fromAddr: 'helpdesk@lpse.test', toAddrs: ['lkpp@lpse.test', 'typo@lkpp.test'], subject: 's', raw: 'r', status: 'pending', createdAt: t0 });
  const reported: OutboxHead[] = [];
  const helpdesk: SenderHelpdesk = { reportSendFailure: (row) => (reported.push(row), Promise.resolve(0)) };
  const sender = new Sender({
    db: store.db,
    smtp: new FakeSmtp(['typo@lkpp.test']),
    drafts: { saveDraft: () => Promise.resolve() },
    sentCopies: null,
    source: fromFilesDir('/nonexistent', 'Helpdesk LPSE'),
    helpdesk,
    log: pino({ level: 'silent' }),
    now: () => t0,
  });
  await sender.flush();
  expect(store.db.select().from(outbox).get()?.status).toBe('sent');
  expect(reported.map((r) => [r.messageId, r.toAddrs, r.lastError])).toEqual([['<m@lpse.test>', ['typo@lkpp.test'], 'recipient refused by the SMTP server']]);
  await sender.flush();
  expect(reported).toHaveLength(1);
});
