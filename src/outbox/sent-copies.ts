// Copies of the mail the daemon sent, APPENDed to the Sent folder (`mailbox.saveSentCopies`),
// so that staff see the bot's answers in their mail client as if they had written them. A copy
// is filed only after its row is marked sent: the copy never delays or widens the send itself.
// What waits is in the database, not in memory: a sent row whose copy is not filed yet has
// sentCopyAt null (read oldest first through the partial index outbox_sent_copy_idx), so the
// copies a crash or an IMAP outage held back are filed after the restart. The copy is built
// from the row like the mail that went out (message.ts: the same bytes).
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../store/db';
import { outbox } from '../store/schema';
import type { ImapAccess } from './imap-drafts';
import { messageOf, type MessageSource } from './message';

// INDEXED BY: on its own the planner prefers outbox_status_idx, i.e. every sent row ever.
const UNFILED = sql`outbox INDEXED BY outbox_sent_copy_idx WHERE sent_copy_at IS NULL AND status = 'sent'`;

export class SentCopies {
  constructor(
    private readonly db: Db,
    private readonly imap: ImapAccess,
    private readonly folder: string,
    private readonly source: MessageSource,
    private readonly now: () => Date,
  ) {}

  /** Sent mail whose copy is still to be filed. */
  get pending(): number {
    return this.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${UNFILED}`).n;
  }

  /** Files the waiting copies, oldest first; stops at the first failure (the rest keep waiting). */
  async flush(): Promise<number> {
    let saved = 0;
    for (;;) {
      const client = this.imap();
      if (!client?.usable) return saved;
      const oldest = this.db.get<{ id: number } | undefined>(sql`SELECT id FROM ${UNFILED} ORDER BY sent_at, id LIMIT 1`);
      const next = oldest && this.db.select().from(outbox).where(eq(outbox.id, oldest.id)).get();
      if (!next) return saved;
      const message = await messageOf(next, this.source).buffer();
      const done = await client.append(this.folder, message, ['\\Seen'], next.sentAt ?? next.createdAt);
      if (!done) return saved;
      this.db.update(outbox).set({ sentCopyAt: this.now() }).where(eq(outbox.id, next.id)).run();
      saved++;
    }
  }
}
