/**
 * Passwords in a screen's read text. The mail rules (src/workflow/redact.ts) read labels as people
 * type them; a reading misreads them ("Password!", "Passw0rd:", "Pasword :", "Kata Sandl"), so a
 * line of read text with a word that looks like a password label, read loosely, keeps only what
 * comes before it. Masking too much of a screen is harmless; a password in a mail is not.
 */
import { REDACTED, redactSecrets } from '../workflow/redact';

// Loose shapes of password labels (Indonesian and English) as OCR renders them: letters swapped
// for look-alikes, one letter lost or doubled. Bounded repeats only: linear on any line.
const LOOSE_LABEL = /(?:p[a@4]s{1,2}w[o0]?r?[dcl]|p[a@4]s{1,2}\s?code|pwd|sand[il1|!]|kata\s?sand|passwort|contrase[nñ]a)/i;

/** The read text with labelled passwords masked, by the mail rules and then line by line, loosely. */
export function maskScreenSecrets(text: string): string {
  return redactSecrets(text)
    .text.split('\n')
    .map((line) => {
      const hit = LOOSE_LABEL.exec(line);
      if (hit === null) return line;
      const end = hit.index + hit[0].length;
      // The label's own word stays readable ("Password"), its value does not.
      const wordEnd = end + (/^[\p{L}\p{N}]{0,12}/u.exec(line.slice(end))?.[0].length ?? 0);
      return line.slice(wordEnd).trim() === '' || line.slice(wordEnd).trim() === REDACTED ? line : `${line.slice(0, wordEnd)} ${REDACTED}`;
    })
    .join('\n');
}
