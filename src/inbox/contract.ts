/**
 * The `parse --json` object design.md specifies, cut from a reading. Kept apart from reading.ts so
 * that the store and the workflow, which only record the contract, do not load the readers.
 */
import type { Reading } from './reading';
import type { Contract } from './types';

/** Exactly the design.md `parse --json` object, keys in its order. */
export function toContract(r: Reading): Contract {
  return {
    messageId: r.messageId,
    from: r.from,
    subject: r.subject,
    kind: r.kind,
    caseRef: r.caseRef,
    inReplyTo: r.inReplyTo,
    references: [...r.references],
    freshText: r.freshText,
    fields: {
      committeeName: r.fields.committeeName,
      userId: r.fields.userId,
      tenderCode: r.fields.tenderCode,
      tenderName: r.fields.tenderName,
      phone: r.fields.phone,
      errorCode: r.fields.errorCode,
    },
    missing: [...r.missing],
    symptoms: [...r.symptoms],
    attachments: r.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      sha256: a.sha256,
      screenshot: a.screenshot,
    })),
    commands: r.commands.map((c) => ({ name: c.name, args: c.args })),
  };
}
