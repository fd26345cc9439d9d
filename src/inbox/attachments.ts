/**
 * Attachments as read from a message: every part mailparser did not take as body text, attached
 * or inline by Content-ID, with its sha256, size and the type sniffed from its bytes (file-type),
 * because a sender's claimed type is only a claim. A screenshot (SOP step 1b) is a part whose
 * bytes are an image (HEIC from an iPhone too), unless it is a signature's decoration (a logo,
 * a banner, a social-media icon), or a PDF or Office document that holds screenshot-sized
 * pictures (a screen pasted into Word, printed to PDF).
 */
import { createHash } from 'node:crypto';
import { fromBuffer } from 'file-type';
import { sanitizeFilename } from './attachment-intake';
import { screenshotsInside, screenshotsInsideFile } from './document-images';
import { fileHead } from './file-head';
import { imageSize, isDecorationSized, JPEG_SCAN_BYTES, type ImageSize } from './image-size';
import type { MimePart } from './mime';
import { matchesIn } from './matches';

export interface AttachmentReading {
  /** Display name, sanitised: safe to show and to use as a download name. */
  filename: string;
  /** The type sniffed from the bytes; the claimed type only for text-like parts bytes cannot prove. */
  contentType: string;
  size: number;
  sha256: string;
  screenshot: boolean;
  /** An image's size in pixels from its header; null for other files or an unreadable header. */
  dimensions: ImageSize | null;
  /**
   * Why an image is not the screenshot: its name says it is a logo, banner or icon (`name`); it is
   * shown inline at logo size (`small`); it is shown inline, banner-high, in the signature (`signature`).
   */
  decoration: Decoration | null;
  /** Screenshot-sized pictures inside a PDF or Office document (then the document is the screenshot); 0 otherwise. */
  screenshotsInside: number;
  /** The name the sender's mail client gave, unsanitised, or null. */
  claimedFilename: string | null;
  claimedContentType: string;
  /** Shown inside the body (Content-ID / inline disposition) rather than attached. */
  inline: boolean;
  contentId: string | null;
  /** The bytes; empty when they are in `file`. */
  content: Buffer;
  /** A part too large to keep in memory (mime.ts `spilled`): the file that holds its bytes; null otherwise. */
  file: string | null;
}

export type Decoration = 'name' | 'small' | 'signature';

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

// Names mail clients and people give signature pictures; "WhatsApp Image …" is a photo of the screen, not an icon.
const DECORATION_NAME = /(?:^|[^a-z])(?:logo|banner|icon|ikon|favicon|facebook|instagram|twitter|youtube|linkedin|tiktok|signature|spacer|pixel|kop[-_ ]?surat)s?(?:[^a-z]|$)/i;
// A named "logo" this large is a screen after all.
const SCREEN_SIZED = (s: ImageSize): boolean => s.width >= 640 && s.height >= 360;
// A banner is wide but short; a screenshot of a whole dialog is taller than this.
const BANNER_MAX_HEIGHT = 200;
const MAX_IMG_TAGS = 500;
const SIGN_OFF_WINDOW = 400;
const IMG_TAG = /<img\b[^<>]{0,2000}>/gi;
// Signature containers of Gmail, Thunderbird, Outlook on the web and most webmails.
const SIGNATURE_BLOCK = /<(?:div|table|span|td)\b[^<>]{0,300}?\b(?:class|id)\s*=\s*["']?[^"'<>]{0,120}?signature/gi;
const SIGN_OFF = /\b(?:salam|hormat (?:kami|saya)|wassalam\w*|regards|best regards|sincerely|sent from my|dikirim dari)\b/i;

interface ShownImage {
  /** The size the HTML shows it at, in CSS pixels, where it says. */
  shown: Partial<ImageSize>;
  inSignature: boolean;
}

function cssPixels(value: string | undefined, unit: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const perUnit: Record<string, number> = { px: 1, in: 96, pt: 96 / 72, cm: 96 / 2.54 };
  return Math.round(n * (perUnit[(unit ?? 'px').toLowerCase()] ?? 1));
}

function shownDimension(tag: string, name: 'width' | 'height'): number | undefined {
  const style = new RegExp(String.raw`[;"'\s]${name}\s*:\s*(\d{1,5}(?:\.\d{1,4})?)\s*(px|in|pt|cm)\b`, 'i').exec(tag);
  if (style) return cssPixels(style[1], style[2]);
  const attribute = new RegExp(String.raw`\s${name}\s*=\s*["']?(\d{1,5})(?!\d|%)`, 'i').exec(tag);
  return cssPixels(attribute?.[1], 'px');
}

/** The inline images the HTML shows, by Content-ID: at what size, and whether in the signature. */
function shownImages(html: string): Map<string, ShownImage> {
  const out = new Map<string, ShownImage>();
  const blocks = [...matchesIn(SIGNATURE_BLOCK, html)].map((m) => m.index ?? 0);
  let count = 0;
  for (const m of matchesIn(IMG_TAG, html)) {
    if (++count > MAX_IMG_TAGS) break;
    const tag = m[0];
    const cid = /\ssrc\s*=\s*["']?\s*cid:([^"'\s<>]{1,300})/i.exec(tag)?.[1];
    if (cid === undefined) continue;
    const at = m.index ?? 0;
    const before = html.slice(Math.max(0, at - 4 * SIGN_OFF_WINDOW), at).replace(/<[^<>]{0,2000}>/g, ' ').replace(/&nbsp;|\s+/g, ' ');
    const inSignature = blocks.some((b) => b < at) || SIGN_OFF.test(before.slice(-SIGN_OFF_WINDOW));
    const shown: Partial<ImageSize> = {};
    const width = shownDimension(tag, 'width');
    const height = shownDimension(tag, 'height');
    if (width !== undefined) shown.width = width;
    if (height !== undefined) shown.height = height;
    out.set(cid.toLowerCase(), { shown, inSignature });
  }
  return out;
}

/** The size a reader sees: the HTML's where it says, else the picture's own. */
function seenSize(pixels: ImageSize | null, shown: Partial<ImageSize> | undefined): ImageSize | null {
  if (shown?.width === undefined && shown?.height === undefined) return pixels;
  const ratio = pixels ? pixels.height / pixels.width : null;
  const width = shown.width ?? (shown.height !== undefined && ratio ? Math.round(shown.height / ratio) : pixels?.width);
  const height = shown.height ?? (shown.width !== undefined && ratio ? Math.round(shown.width * ratio) : pixels?.height);
  return width !== undefined && height !== undefined ? { width, height } : pixels;
}

const ICON_MAX = 48;

function decorationOf(part: MimePart, inline: boolean, pixels: ImageSize | null, shown: ShownImage | undefined): Decoration | null {
  const name = part.filename ?? '';
  if (DECORATION_NAME.test(name) && !(pixels && SCREEN_SIZED(pixels))) return 'name';
  if (!inline) return null;
  const seen = seenSize(pixels, shown?.shown);
  // In the body, above the sign-off, a small picture is a cropped error dialog (280×120) as
  // often as not: only icon-sized ones (a tracking pixel, a social icon) are decoration there.
  const inBody = shown !== undefined && !shown.inSignature;
  if (seen && (inBody ? seen.width <= ICON_MAX && seen.height <= ICON_MAX : isDecorationSized(seen))) return 'small';
  if (shown?.inSignature && seen && seen.height <= BANNER_MAX_HEIGHT) return 'signature';
  return null;
}

async function describeAttachment(part: MimePart, shown: ReadonlyMap<string, ShownImage>): Promise<AttachmentReading> {
  // The type and an image's size are in a file's first bytes; what a document holds needs all of them.
  const head = part.spilled?.head ?? part.content;
  const sniffed = await sniff(head);
  const claimed = part.contentType;
  const contentType = sniffed ?? (PROVABLE_CLAIM.test(claimed) ? 'application/octet-stream' : claimed);
  const fallbackExt = sniffed
    ? `.${sniffed.split('/')[1]?.replace(/^x-/, '') ?? 'bin'}`
    : claimed === 'message/rfc822'
      ? '.eml'
      : '';
  const inline = part.contentId !== null && (part.related || part.disposition === 'inline');
  const image = sniffed !== null && sniffed.startsWith('image/');
  const dimensions = image ? (imageSize(head) ?? (part.spilled && head.length < part.spilled.size ? imageSize(fileHead(part.spilled.file, JPEG_SCAN_BYTES)) : null)) : null;
  const cid = part.contentId?.replace(/^<|>$/g, '').toLowerCase();
  const decoration = image ? decorationOf(part, inline, dimensions, cid === undefined ? undefined : shown.get(cid)) : null;
  const inside = sniffed === null ? 0 : part.spilled ? screenshotsInsideFile(part.spilled.file, sniffed) : screenshotsInside(part.content, sniffed);
  return {
    filename: part.filename ? sanitizeFilename(part.filename) : `attachment${fallbackExt}`,
    contentType,
    size: part.spilled?.size ?? part.content.length,
    sha256: part.spilled?.sha256 ?? createHash('sha256').update(part.content).digest('hex'),
    screenshot: (image && decoration === null) || inside > 0,
    dimensions,
    decoration,
    screenshotsInside: inside,
    claimedFilename: part.filename,
    claimedContentType: claimed,
    inline,
    contentId: part.contentId,
    content: part.content,
    file: part.spilled?.file ?? null,
  };
}

/** `html` is the message's HTML part ('' if none): it shows where and how large each inline image is. */
export function describeAttachments(parts: readonly MimePart[], html = ''): Promise<AttachmentReading[]> {
  const shown = shownImages(html);
  return Promise.all(parts.map((p) => describeAttachment(p, shown)));
}
