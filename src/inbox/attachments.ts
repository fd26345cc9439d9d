/**
 * Attachments as read from a message: every part mailparser did not take as body text, attached
 * or inline by Content-ID, with its sha256, size and the type sniffed from its bytes (file-type),
 * because a sender's claimed type is only a claim. A screenshot (SOP step 1b) is a part whose
 * bytes are an image.
 */
import { createHash } from 'node:crypto';
import { fromBuffer } from 'file-type';
import { sanitizeFilename } from './attachment-intake';
import type { MimePart } from './mime';

export interface AttachmentReading {
  /** Display name, sanitised: safe to show and to use as a download name. */
  filename: string;
  /** The type sniffed from the bytes; the claimed type only for text-like parts bytes cannot prove. */
  contentType: string;
  size: number;
  sha256: string;
  screenshot: boolean;
  /** The name the sender's mail client gave, unsanitised, or null. */
  claimedFilename: string | null;
  claimedContentType: string;
  /** Shown inside the body (Content-ID / inline disposition) rather than attached. */
  inline: boolean;
  contentId: string | null;
  content: Buffer;
}

// Claims that the bytes would have proven if true: an image/audio/video/PDF/archive the sniffer
// does not recognise is not what it claims to be.
const PROVABLE_CLAIM = /^(?:image|audio|video)\/|^application\/(?:pdf|zip|x-zip|gzip|x-gzip|x-rar|x-7z|vnd\.openxmlformats)/;

async function sniff(content: Buffer): Promise<string | null> {
  if (content.length === 0) return null;
  try {
    return (await fromBuffer(content))?.mime ?? null;
  } catch {
    // A truncated or hostile file can make a detector throw; it is then simply unrecognised.
    return null;
  }
}

async function describeAttachment(part: MimePart): Promise<AttachmentReading> {
  const sniffed = await sniff(part.content);
  const claimed = part.contentType;
  const contentType = sniffed ?? (PROVABLE_CLAIM.test(claimed) ? 'application/octet-stream' : claimed);
  const fallbackExt = sniffed
    ? `.${sniffed.split('/')[1]?.replace(/^x-/, '') ?? 'bin'}`
    : claimed === 'message/rfc822'
      ? '.eml'
      : '';
  return {
    filename: part.filename ? sanitizeFilename(part.filename) : `attachment${fallbackExt}`,
    contentType,
    size: part.content.length,
    sha256: createHash('sha256').update(part.content).digest('hex'),
    screenshot: sniffed !== null && sniffed.startsWith('image/'),
    claimedFilename: part.filename,
    claimedContentType: claimed,
    inline: part.contentId !== null && (part.related || part.disposition === 'inline'),
    contentId: part.contentId,
    content: part.content,
  };
}

export function describeAttachments(parts: readonly MimePart[]): Promise<AttachmentReading[]> {
  return Promise.all(parts.map(describeAttachment));
}
