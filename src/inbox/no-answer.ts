/**
 * Mail a person may have written but that must never get an automatic answer: mailing-list
 * traffic (an answer would go to every subscriber, or to a list robot) and senders whose
 * address says nobody reads it (`noreply@`, `postmaster@`, `bounce-…@`), where an answer is
 * backscatter at best and a loop with another robot at worst. The kind stays what it is
 * (design.md's contract); the helpdesk records such mail and answers nothing.
 */
import type { MimeMessage } from './mime';

export type NoAnswer = 'mailing_list' | 'noreply_sender';

// RFC 2369/2919 list headers; Precedence: list is what older list servers (Majordomo, LISTSERV) still write.
const LIST_HEADERS = ['list-id', 'list-unsubscribe', 'list-post'];
const LIST_PRECEDENCE = /^list$/i;

// The local part, whole or followed by a separator and a suffix: `noreply`, `no_reply`,
// `noreply-billing`, `do-not-reply`, `mailer-daemon`, and any `bounce…` (VERP bounce addresses).
const NOREPLY_LOCAL =
  /^(?:(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|postmaster|abuse|mailer[-_.]?daemon)(?:[-_.+][^@]*)?|bounce[^@]*)$/i;

export function isNoReplyAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  return NOREPLY_LOCAL.test(at < 0 ? address : address.slice(0, at));
}

export function noAnswerReason(m: MimeMessage): NoAnswer | null {
  if (LIST_HEADERS.some((name) => m.headers.has(name))) return 'mailing_list';
  if (LIST_PRECEDENCE.test((m.headers.get('precedence')?.[0] ?? '').trim())) return 'mailing_list';
  if (m.from && isNoReplyAddress(m.from.address)) return 'noreply_sender';
  return null;
}
