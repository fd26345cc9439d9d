// What outgoing mail shares besides its MIME (src/outbox/message.ts builds that): our
// Message-IDs, and nodemailer's composer for the few messages built whole (redacted copies).
import { createHmac } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

/**
 * A Message-ID from the outbox idempotency key: the same cause always gets the same id (retries
 * and replays thread and dedupe), and an HMAC under our secret (store/message-id-secret.ts)
 * keeps anyone who knows the key (it holds the incoming Message-ID) from computing it.
 */
export function messageIdFor(key: string, domain: string, secret: Buffer): string {
  return `<${createHmac('sha256', secret).update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

/** The RFC 5322 bytes of a message described in nodemailer's terms. */
export function buildMessage(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  const composer = new MailComposer(options);
  return new Promise((resolve, reject) => composer.compile().build((err, message) => (err ? reject(err) : resolve(message))));
}
