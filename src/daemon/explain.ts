// Connection failures a person must fix, explained with the config key to change. Two are
// easily misread from the socket's own words:
//   - `secure: true` against a plain or STARTTLS port (143, 587, 25, a test server's 3143/2525):
//     OpenSSL says "wrong version number", which reads like a certificate problem; the fix is
//     `secure: false` or the implicit-TLS port (993 for IMAP, 465 for SMTP);
//   - a misspelt host: DNS answers ENOTFOUND, which a reconnect loop would retry for ever.
//     EAI_AGAIN (the resolver itself did not answer) is an outage and stays a retry.

export type Service = 'imap' | 'smtp';

export interface Endpoint {
  service: Service;
  host: string;
  port: number;
  secure: boolean;
}

/** A misspelt host is not fixed by waiting; this many failed look-ups (about half a minute of backoff) ends the daemon. */
export const HOST_NOT_FOUND_ATTEMPTS = 5;

const IMPLICIT_TLS_PORT: Record<Service, number> = { imap: 993, smtp: 465 };

/** TLS spoken to a server that answered in plain text: OpenSSL's words for the bytes of a greeting. */
export function plainTextAnswer(codeOrDetail: string): boolean {
  return /WRONG_VERSION_NUMBER|wrong version number|PACKET_LENGTH_TOO_LONG|packet length too long|HTTP_REQUEST|UNKNOWN_PROTOCOL/i.test(codeOrDetail);
}

/** The name does not exist in DNS (not: the resolver is unreachable). */
export function hostNotFound(codeOrDetail: string): boolean {
  return /\bENOTFOUND\b/.test(codeOrDetail);
}

const label = (s: Service) => s.toUpperCase();

export function plainPortAdvice(at: Endpoint): string {
  const key = `mailbox.${at.service}`;
  const tls = IMPLICIT_TLS_PORT[at.service];
  return `${label(at.service)} server ${at.host}:${at.port} answered in plain text, but ${key}.secure is true (TLS from the first byte): set ${key}.secure: false for this port (STARTTLS is used when the server offers it), or set ${key}.port: ${tls} for implicit TLS`;
}

export function hostNotFoundLine(at: Endpoint, attempts: number): string {
  const key = `mailbox.${at.service}.host`;
  return `${label(at.service)} host "${at.host}" not found in DNS (ENOTFOUND, ${attempts} attempts): check ${key}`;
}

/** For a retry's log line: which key to look at when the failure may be the config's. */
export function retryHint(at: Endpoint, codeOrDetail: string): string | undefined {
  if (hostNotFound(codeOrDetail) || /\bEAI_AGAIN\b/.test(codeOrDetail)) return `DNS could not resolve "${at.host}": check mailbox.${at.service}.host and the machine's resolver`;
  if (!at.secure && at.port === IMPLICIT_TLS_PORT[at.service] && /timeout/i.test(codeOrDetail)) {
    return `port ${at.port} expects TLS from the first byte: set mailbox.${at.service}.secure: true`;
  }
  return undefined;
}
