/**
 * The one failure of reading that is the message's own: its bytes are not a message. A module of
 * its own, so that whoever only catches it (the helpdesk, the budgeted reader) does not load the
 * MIME parser with it.
 */

/** Bytes that are not a message: no header a mail system writes, nothing at all, or binary data. */
export class UnparseableMessage extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`unparseable message: ${reason}`);
    this.name = 'UnparseableMessage';
    this.reason = reason;
  }
}
