// Builds the RFC 5322 text of an outgoing mail with nodemailer's MIME composer: our Message-ID,
// the thread headers, Auto-Submitted, text and HTML alternatives, and any attachments.
import { createHmac } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  /** RFC 3834: `auto-replied` for answers to a message, `auto-generated` for notices; null for mail a person sends (drafts). */
  autoSubmitted: 'auto-replied' | 'auto-generated' | null;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  date: Date;
}

/**
 * A Message-ID from the outbox idempotency key: the same cause always gets the same id (retries
 * and replays thread and dedupe), and an HMAC under our secret (store/message-id-secret.ts)
 * keeps anyone who knows the key (it holds the incoming Message-ID) from computing it.
 */
export function messageIdFor(key: string, domain: string, secret: Buffer): string {
  return `<${createHmac('sha256', secret).update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

export async function compose(mail: OutgoingMail): Promise<string> {
  const headers: Record<string, string> = {};
  if (mail.autoSubmitted) {
    headers['Auto-Submitted'] = mail.autoSubmitted;
    // Asks Exchange and others not to send their own out-of-office replies to us.
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo ?? undefined,
    references: mail.references.length ? mail.references : undefined,
    date: mail.date,
    headers,
    attachments: mail.attachments,
  });
  return (await build(composer)).toString('utf8');
}

/** The RFC 5322 bytes of a message described in nodemailer's terms. */
export function buildMessage(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return build(new MailComposer(options));
}

function build(composer: MailComposer): Promise<Buffer> {
  return new Promise((resolve, reject) => composer.compile().build((err, message) => (err ? reject(err) : resolve(message))));
}
