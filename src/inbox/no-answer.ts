/**
 * Mail a person may have written but that must never get an automatic answer: mailing-list
 * traffic (an answer would go to every subscriber, or to a list robot), senders whose address
 * says nobody reads it (`noreply@`, `spse-noreply@`, `notifications@`, `postmaster@`,
 * `bounce-…@`), where an answer is backscatter at best and a loop with another robot at worst,
 * and bulk mail sent through campaign software. The kind stays what it is (design.md's
 * contract); the helpdesk records such mail and answers nothing.
 */
import type { MimeMessage } from './mime';
import { hasPersonSigns } from './person-signs';

export type NoAnswer = 'mailing_list' | 'noreply_sender' | 'bulk_mail';

// RFC 2369/2919 list headers, and what list servers that predate them still write: ezmlm
// (`Mailing-List`), Mailman (`X-BeenThere`, `X-Mailman-Version`), SmartList (`X-Mailing-List`),
// LISTSERV (`X-Listserver`), fml (`X-ML-Name`).
const LIST_HEADERS = ['list-id', 'list-unsubscribe', 'list-post', 'mailing-list', 'x-mailing-list', 'x-beenthere', 'x-mailman-version', 'x-listserver', 'x-ml-name'];
const LIST_PRECEDENCE = /^list$/i;
// A list server's own addresses, as Mailman, Majordomo and ezmlm put them in Sender and Errors-To.
const LIST_ROBOT_LOCAL = /(?:-bounces?|-owner|-request|-errors?|-return-\d{1,12})(?:\+[^@]{0,200})?$|^owner-/i;
const HEADER_ADDRESS = /([^\s<>"(),;:@]{1,64})@[^\s<>"(),;]{1,255}/;

// A no-reply word as a whole token of the local part, anywhere in it: `noreply`, `spse-noreply`,
// `drive-shares-dm-noreply`, `info-noreply`, `no.reply.bank`, `x-noreply-y`.
const NOREPLY_TOKEN = /(?:^|[-_.+])(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|jangan[-_.]?(?:di)?balas)\d{0,4}(?:[-_.+]|$)/i;
// Robot mailboxes, whole (an optional number or `+tag` after): `notifications@github.com`,
// `notify@`, `alerts@`, `notifikasi@`. Joined to another word (`pokja.notifikasi@`) the word may be
// a committee's name for its shared mailbox, so it does not count there.
const ROBOT_LOCAL =
  /^(?:(?:postmaster|abuse|mailer[-_.]?daemon)(?:[-_.+][^@]*)?|bounce[^@]*|(?:notifications?|notify|notifier|alerts?|notifikasi|pemberitahuan|auto[-_.]?mailer)\d{0,4}(?:\+[^@]*)?)$/i;

// Campaign software names itself in headers no person's mail carries.
const CAMPAIGN_HEADER_PREFIXES = ['x-campaign', 'x-mc-user', 'x-mailchimp', 'x-sfmc-', 'x-csa-complaints', 'x-mailjet-campaign', 'x-mailerlite', 'x-sendinblue', 'x-sib-id', 'x-ems-'];
const BULK_MAILER =
  /\b(?:mailchimp|mandrill|sendinblue|brevo|mailjet|mailerlite|phplist|campaign monitor|constant ?contact|getresponse|activecampaign|klaviyo|hubspot|marketo|exacttarget|moosend|mailpoet|sendy|omnisend|convertkit|aweber|emarsys|mautic|listmonk|acymailing|mailwizz)\b/i;

export function isNoReplyAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  return ROBOT_LOCAL.test(local) || NOREPLY_TOKEN.test(local);
}

function localPartIn(value: string | undefined): string | null {
  return value === undefined ? null : (HEADER_ADDRESS.exec(value.slice(0, 1000))?.[1] ?? null);
}

function isListMail(m: MimeMessage): boolean {
  if (LIST_HEADERS.some((name) => m.headers.has(name))) return true;
  if (LIST_PRECEDENCE.test((m.headers.get('precedence')?.[0] ?? '').trim())) return true;
  return ['sender', 'errors-to'].some((name) => {
    const local = localPartIn(m.headers.get(name)?.[0]);
    return local !== null && LIST_ROBOT_LOCAL.test(local);
  });
}

/**
 * Bulk mail: campaign software says so outright. `Feedback-ID` (Gmail's bulk-sender header,
 * written by Amazon SES, Mailchimp, Sendinblue) counts only without a person's signs, since an
 * office that relays all its mail through SES gets it on every message its staff write; a
 * sending service's own headers alone (`X-Mailgun-Tag`) are not enough: people write through them.
 */
function isBulkMail(m: MimeMessage): boolean {
  const names = [...m.headers.keys()];
  if (names.some((name) => CAMPAIGN_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix)))) return true;
  if (BULK_MAILER.test(m.headers.get('x-mailer')?.[0] ?? '')) return true;
  return m.headers.has('feedback-id') && !hasPersonSigns(m);
}

export function noAnswerReason(m: MimeMessage): NoAnswer | null {
  if (isListMail(m)) return 'mailing_list';
  if (m.from && isNoReplyAddress(m.from.address)) return 'noreply_sender';
  if (isBulkMail(m)) return 'bulk_mail';
  return null;
}
