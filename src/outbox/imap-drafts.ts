// Escalation drafts into the helpdesk's IMAP Drafts folder (escalation.mode: draft): APPENDed
// with \Draft, so that staff open the draft in their own mail client, fill in the server-access
// blank (the root password never passes through the bot) and send it. The daemon hands in the
// connection it currently holds; with none, saving fails and the outbox keeps the draft.
import type { ImapFlow } from 'imapflow';
import type { OutgoingMessage } from './message';
import type { DraftSink, OutboxHead } from './outbox';

/** The daemon's current IMAP connection, or null while it reconnects. */
export type ImapAccess = () => ImapFlow | null;

export class ImapDraftSink implements DraftSink {
  constructor(
    private readonly imap: ImapAccess,
    private readonly folder: string,
  ) {}

  async saveDraft(row: OutboxHead, message: OutgoingMessage): Promise<void> {
    const client = this.imap();
    if (!client?.usable) throw new Error(`imap_unavailable: draft ${row.messageId} waits for the IMAP connection`);
    // APPEND sends the length first: the message is built whole, now that it is needed.
    const raw = await message.buffer();
    // \Seen as well: a draft is the helpdesk's own text, not unread mail.
    const saved = await client.append(this.folder, raw, ['\\Draft', '\\Seen'], row.createdAt);
    if (!saved) throw new Error(`imap_unavailable: APPEND of draft ${row.messageId} to ${this.folder} was not done`);
  }
}
