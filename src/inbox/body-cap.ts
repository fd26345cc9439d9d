/**
 * The body text a person reads. Nobody reads a megabyte of mail, so the reader reads no further:
 * fresh text, fields, the stored reading and the redacted copy stay bounded whatever was sent (a
 * mail of a million lines once cost 20 s and 2 GB). Where the body is cut, a note says so, and
 * the message counts as not fully scanned for passwords: only its redacted copy is kept.
 */
import type { MimeMessage } from './mime';

export const MAX_BODY_CHARS = 1_000_000;
export const BODY_CUT_NOTE = '[Teks sesudah ini tidak dibaca: isi pesan lebih dari 1.000.000 karakter. / The rest of this text was not read: the body is over 1,000,000 characters.]';

/** The message with its body cut at MAX_BODY_CHARS (at a line's end where one is near) or where MIME cut it, and whether it was. */
export function cappedBody(m: MimeMessage): { message: MimeMessage; cut: boolean } {
  if (!m.textCut && m.body.length <= MAX_BODY_CHARS) return { message: m, cut: false };
  const nl = m.body.lastIndexOf('\n', MAX_BODY_CHARS);
  let end = m.body.length <= MAX_BODY_CHARS ? m.body.length : nl > MAX_BODY_CHARS / 2 ? nl : MAX_BODY_CHARS;
  // Not between the halves of a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(m.body[end - 1] ?? '')) end--;
  return { message: { ...m, body: `${m.body.slice(0, end)}\n\n${BODY_CUT_NOTE}` }, cut: true };
}
