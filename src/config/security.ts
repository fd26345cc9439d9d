// The one security choice an operator must make (design.md, "Who may do what"): how a From
// is proven. With neither key set, anyone could forge a staff command, so the commands that
// act on mail refuse to run instead of doing it silently.
import { ConfigError } from './config-error';
import type { Config } from './load';

/**
 * Throws a ConfigError (exit 2) naming both keys when neither is set; otherwise returns the
 * warning to log at every start while the bare From is trusted, or null.
 */
export function fromTrust(cfg: Config): string | null {
  const { trustedAuthservId, trustFromHeader } = cfg.security;
  if (trustedAuthservId !== null) return null;
  if (trustFromHeader) {
    return 'security.trustFromHeader is true: the From address is believed as written, so anyone can forge a staff or LKPP command; set security.trustedAuthservId instead';
  }
  throw new ConfigError([
    'security: set security.trustedAuthservId to the authserv-id your receiving mail server writes in Authentication-Results, or set security.trustFromHeader: true to believe the bare From address (anyone can then forge a staff command)',
  ]);
}
