/**
 * Signs that a person composed a message in a mail client: the counterweight to headers that
 * machines usually write but that a relay can add to a person's mail too (`Feedback-ID` from an
 * outbound relay through Amazon SES, `X-Auto-Response-Suppress` from Exchange).
 */
import type { MimeMessage } from './mime';

// The clients committees write with. Gmail's web and app mail name no client, but Gmail adds
// neither of the weak machine headers to a person's mail.
const PERSON_CLIENT =
  /\b(?:outlook|thunderbird|apple mail|iphone mail|ipad mail|zimbra|horde|imp\b|roundcube|squirrelmail|rainloop|snappymail|sogo|evolution|kmail|claws|k-9|fairemail|em client|mailbird|the bat|postbox|spark|airmail|yahoo ?mail|webmail|windows (?:live )?mail|lotus notes|ibm notes|groupwise|seamonkey|mozilla|eudora|pegasus|opera mail|samsung mail|android mail)\b/i;

export function hasPersonSigns(m: MimeMessage): boolean {
  // Newsletters and system reports start threads; they are never answers to someone.
  if (m.inReplyTo !== null || m.references.length > 0) return true;
  // Outlook and Outlook on the web write Thread-Index on every message a person composes.
  if (m.headers.has('thread-index') || m.headers.has('user-agent')) return true;
  return PERSON_CLIENT.test(m.headers.get('x-mailer')?.[0] ?? '');
}
