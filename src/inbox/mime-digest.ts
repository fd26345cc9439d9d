/**
 * multipart/digest (RFC 2046 5.1.5): a part without a Content-Type is a whole message
 * (message/rfc822), not text. mailparser reads it as text, which would make a digest-forwarded
 * mail's words, its `#tutup` included, part of the sender's own body. This names the type
 * where the digest leaves it implicit, so the part is read as the attached message it is.
 */
import { matchesIn } from './matches';

// The header of a digest with its boundary; `[^\r\n]{0,200}` keeps each step bounded.
const DIGEST_TYPE = /content-type:[ \t]*multipart\/digest[^\r\n]{0,200}(?:\r?\n[ \t][^\r\n]{0,200}){0,4}/gi;
const BOUNDARY = /boundary=(?:"([^"\r\n]{1,70})"|([^\s;"]{1,70}))/i;
const HEAD_SCAN_CHARS = 64 * 1024;

export function typedDigestParts(buf: Buffer): Buffer {
  const text = buf.toString('latin1');
  const boundaries = new Set<string>();
  for (const m of matchesIn(DIGEST_TYPE, text)) {
    const b = BOUNDARY.exec(m[0]);
    const value = b?.[1] ?? b?.[2];
    if (value) boundaries.add(value);
  }
  if (boundaries.size === 0) return buf;
  let out = text;
  for (const boundary of boundaries) {
    const delimiter = `--${boundary}`;
    const pieces = out.split(delimiter);
    out = pieces
      .map((piece, i) => {
        if (i === 0 || piece.startsWith('--')) return piece;
        const eol = piece.startsWith('\r\n') ? '\r\n' : '\n';
        const rest = piece.slice(eol.length);
        const headEnd = rest.slice(0, HEAD_SCAN_CHARS).search(/^\r?$/m);
        const head = headEnd < 0 ? rest.slice(0, HEAD_SCAN_CHARS) : rest.slice(0, headEnd);
        if (/^content-type[ \t]*:/im.test(head)) return piece;
        return `${eol}Content-Type: message/rfc822${eol}${rest}`;
      })
      .join(delimiter);
  }
  return Buffer.from(out, 'latin1');
}
