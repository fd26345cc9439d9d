/**
 * Keeps server passwords out of what the workflow writes: log events and the text of mails the
 * bot sends by itself (SOP README: a root password is never logged or sent by the bot).
 *
 * Public surface:
 *   redactSecrets(text): { text: string; redacted: boolean }
 *
 * Catches a password written as a labelled value: "password: x", "password root = x",
 * "passwordnya adalah x", "kata sandi: x". A bare word with no label and separator cannot be
 * told from a secret and passes. It is a safety net, not a licence: staff send server access
 * to LKPP themselves.
 */

export const REDACTED = '[***]';

const LABELLED_SECRET =
  /\b((?:password|passwd|pwd|pass|kata\s*sandi|sandi)(?:nya)?)((?:\s+(?:root|server|ssh|admin))?\s*(?:[:=]|\s(?:adalah|is)\s)\s*)(\S+)/gi;

export function redactSecrets(text: string): { text: string; redacted: boolean } {
  let redacted = false;
  const out = text.replace(LABELLED_SECRET, (_m, label: string, sep: string) => {
    redacted = true;
    return `${label}${sep}${REDACTED}`;
  });
  return { text: out, redacted };
}
