/**
 * The outgoing size cap (config `outbox.maxMessageBytes`): SMTP servers refuse mail over their
 * limit (often 20-25 MB, less after base64), and a refused staff notice or escalation would
 * lose the whole mail for one big screenshot. Files are attached in the case's order while
 * they fit; the rest are listed with their size instead.
 *
 * Decided when the mail is queued, without composing the files: the message is measured as
 * composed without attachments (text and HTML only, cheap), and each file counts an upper bound
 * of what it adds (base64, line breaks, its part headers with the encoded name). The sum never
 * undercounts, so the message built at send time is never over the cap.
 */

export interface CapFile {
  filename: string;
  contentType: string;
  /** Bytes of the file itself. */
  size: number;
}

/** Attachments turn the text/HTML message into multipart/mixed: one more boundary level and its headers. */
export const MIXED_WRAPPER_BYTES = 512;

/**
 * A name in a part header at worst: RFC 2231 percent-encoding (3 characters a byte), split into
 * `name*N*=` continuations and folded lines (counted generously per 40 encoded characters).
 */
function encodedNameBound(filename: string): number {
  const encoded = 3 * Buffer.byteLength(filename, 'utf8');
  return encoded + 20 * (Math.ceil(encoded / 40) + 1) + 40;
}

/** Upper bound of the bytes one attached file adds to a message. */
export function attachedBound(f: CapFile): number {
  const base64 = Math.ceil(f.size / 3) * 4;
  const lineBreaks = 2 * (Math.ceil(base64 / 76) + 1);
  // Boundary line, Content-Type (with name=), Content-Transfer-Encoding, Content-Disposition (with filename=).
  const headers = 200 + f.contentType.length + 2 * encodedNameBound(f.filename);
  return base64 + lineBreaks + headers;
}

/** The files that fit in `room`, in order (a later small one may fit where a big one did not). */
function inOrderWithin<F extends CapFile>(files: readonly F[], room: number): F[] {
  let left = room;
  return files.filter((f) => {
    const bytes = attachedBound(f);
    if (bytes > left) return false;
    left -= bytes;
    return true;
  });
}

/**
 * The size of the message composed without any file: exact, or an upper bound that is cheap to
 * work out with the exact count behind it, composed only when the bound leaves too little room.
 */
export type SizeWithoutFiles = number | { atMost: number; exact: () => Promise<number> };

/**
 * Renders the mail with the files that fit under `maxBytes`. `render` gets the files to attach
 * (the others are for it to list) and returns what it rendered with the size of the message
 * composed without any file. The listing of a file not attached lengthens the text, so the
 * choice is measured again until it holds.
 */
export async function fitWithinCap<F extends CapFile, R>(
  files: readonly F[],
  maxBytes: number,
  render: (attached: readonly F[]) => Promise<{ rendered: R; bytesWithoutFiles: SizeWithoutFiles }>,
): Promise<{ rendered: R; attached: F[] }> {
  let attached = [...files];
  for (;;) {
    const { rendered, bytesWithoutFiles } = await render(attached);
    const needed = attached.reduce((sum, f) => sum + attachedBound(f), 0);
    const fits = (bytes: number) => needed <= maxBytes - bytes - MIXED_WRAPPER_BYTES;
    // Without files, or with room to spare by the bound, the message is not composed to be counted.
    if (attached.length === 0 || (typeof bytesWithoutFiles !== 'number' && fits(bytesWithoutFiles.atMost))) return { rendered, attached };
    const room = maxBytes - (typeof bytesWithoutFiles === 'number' ? bytesWithoutFiles : await bytesWithoutFiles.exact()) - MIXED_WRAPPER_BYTES;
    if (needed <= room) return { rendered, attached };
    // Over the room, so at least one file drops out: the loop ends.
    attached = inOrderWithin(attached, room);
  }
}
