/**
 * The outgoing size cap (config `outbox.maxMessageBytes`): SMTP servers refuse mail over their
 * limit (often 20-25 MB, less after base64), and a refused staff notice or escalation would
 * lose the whole mail for one big screenshot. Files are attached in the case's order while
 * they fit; the rest are listed with their size instead. The composed message is measured,
 * not only estimated: while it is still over the cap, the largest attached file is dropped.
 */

export interface OutgoingFile {
  filename: string;
  contentType: string;
  content: Buffer;
  sha256: string;
}

/** Room kept for headers, text and HTML bodies (quoted-printable) before files are counted. */
const BODY_RESERVE = 256 * 1024;

/** Base64 grows 4/3 and gets a CRLF every 76 characters; each part has its own headers. */
function encodedSize(bytes: number): number {
  const base64 = Math.ceil(bytes / 3) * 4;
  return base64 + Math.ceil(base64 / 76) * 2 + 400;
}

function byEstimate(files: readonly OutgoingFile[], maxBytes: number): OutgoingFile[] {
  let room = maxBytes - BODY_RESERVE;
  return files.filter((f) => {
    const size = encodedSize(f.content.length);
    if (size > room) return false;
    room -= size;
    return true;
  });
}

/**
 * Builds the message with the files that fit under `maxBytes`; `build` gets the files to
 * attach (the rest are for it to list) and returns the composed message.
 */
export async function composeWithinCap<R extends { raw: string }>(
  files: readonly OutgoingFile[],
  maxBytes: number,
  build: (attached: readonly OutgoingFile[]) => Promise<R>,
): Promise<R> {
  let attached = byEstimate(files, maxBytes);
  for (;;) {
    const built = await build(attached);
    if (Buffer.byteLength(built.raw) <= maxBytes || attached.length === 0) return built;
    const largest = attached.reduce((a, b) => (b.content.length > a.content.length ? b : a));
    attached = attached.filter((f) => f !== largest);
  }
}
