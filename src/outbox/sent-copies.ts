// Copies of the mail the daemon sent, APPENDed to the Sent folder (`mailbox.saveSentCopies`),
// so that staff see the bot's answers in their mail client as if they had written them. A copy
// is saved only after its row is marked sent: the copy never delays or widens the send itself.
// Copies wait in memory while IMAP is away; a crash loses waiting copies, never mail (the
// outbox keeps every sent message's full text).
import type { ImapAccess } from './imap-drafts';
import type { OutboxRow } from './outbox';

/** Copies waiting at most; beyond it the oldest are dropped (counted in `dropped`). */
const MAX_WAITING = 500;

export class SentCopies {
  private waiting: Pick<OutboxRow, 'id' | 'messageId' | 'raw' | 'sentAt'>[] = [];
  dropped = 0;

  constructor(
    private readonly imap: ImapAccess,
    private readonly folder: string,
  ) {}

  add(rows: readonly OutboxRow[]): void {
    this.waiting.push(...rows.map(({ id, messageId, raw, sentAt }) => ({ id, messageId, raw, sentAt })));
    const excess = this.waiting.length - MAX_WAITING;
    if (excess > 0) {
      this.waiting.splice(0, excess);
      this.dropped += excess;
    }
  }

  get pending(): number {
    return this.waiting.length;
  }

  /** Saves the waiting copies in order; stops at the first failure (the rest keep waiting). */
  async flush(): Promise<number> {
    let saved = 0;
    while (this.waiting.length > 0) {
      const client = this.imap();
      if (!client?.usable) return saved;
      const next = this.waiting[0]!;
      const done = await client.append(this.folder, next.raw, ['\\Seen'], next.sentAt ?? new Date());
      if (!done) return saved;
      this.waiting.shift();
      saved++;
    }
    return saved;
  }
}
