// Who is who (design.md, "Who may do what"): staff and LKPP by configured address, the bot by
// its own address, everyone else a reporter; and whether a sender's From is proven.
import { getDomain } from 'tldts';
import type { Config } from '../config/load';
import { trustedBlock, type MethodResult } from '../inbox/auth-results';

export type SenderRole = 'staff' | 'lkpp' | 'self' | 'reporter';

export function roleOf(cfg: Config, address: string): SenderRole {
  const a = address.toLowerCase();
  if (a === cfg.mailbox.address) return 'self';
  if (cfg.staff.some((s) => s.email === a)) return 'staff';
  if (cfg.lkpp.addresses.includes(a)) return 'lkpp';
  return 'reporter';
}

/** Whether a From is believed, and, when not, why (the refusal to staff says it). */
export type Proof = { proven: true; by: string } | { proven: false; why: string };

const METHODS = ['dmarc', 'dkim', 'spf'];

/**
 * The organizational domain (RFC 7489 3.2) from the Public Suffix List, private suffixes
 * included: `x.blogspot.com` is its own, and a public suffix (`go.id`, `co.uk`) has none.
 */
function organizational(domain: string): string | null {
  return getDomain(domain, { allowPrivateDomains: true, validateHostname: false });
}

function domainOf(value: string | undefined): string {
  return (value ?? '').slice((value ?? '').lastIndexOf('@') + 1).replace(/\.$/, '').toLowerCase();
}

/**
 * With `security.trustedAuthservId` set, a From counts as proven only when the topmost
 * Authentication-Results header(s) our own server added show DMARC pass for exactly the From
 * domain, or DKIM (header.d) or SPF (smtp.mailfrom) pass on the From's organizational domain
 * (relaxed alignment), and none of them says fail. Headers below those are the sender's to
 * write and are never read. Without it, only an explicit `security.trustFromHeader` believes the From.
 */
export function proofOf(cfg: Config, from: string, authResults: readonly string[]): Proof {
  const trusted = cfg.security.trustedAuthservId;
  if (trusted === null) {
    return cfg.security.trustFromHeader
      ? { proven: true, by: 'security.trustFromHeader' }
      : { proven: false, why: 'neither security.trustedAuthservId nor security.trustFromHeader is set' };
  }
  const block = trustedBlock(authResults, trusted, cfg.security.authResultsHeaders);
  if (block.length === 0) return { proven: false, why: `no Authentication-Results from ${trusted} at the top of the message` };
  const results = block.flatMap((h) => h.results).filter((r) => METHODS.includes(r.method));
  const failed = results.find((r) => r.result === 'fail');
  if (failed) return { proven: false, why: `${trusted} says ${failed.method}=fail` };
  const domain = domainOf(from);
  const org = organizational(domain);
  const aligned = (value: string | undefined) => {
    const d = domainOf(value);
    return org !== null && d !== '' && organizational(d) === org;
  };
  const pass = (r: MethodResult): boolean => {
    if (r.result !== 'pass') return false;
    if (r.method === 'dmarc') return domainOf(r.props['header.from']) === domain;
    if (r.method === 'dkim') return aligned(r.props['header.d']);
    return aligned(r.props['smtp.mailfrom']);
  };
  const passed = results.find(pass);
  if (passed) return { proven: true, by: `${trusted}: ${passed.method}=pass` };
  return { proven: false, why: `${trusted} shows no DMARC, DKIM or SPF pass for ${domain || 'the sender'}` };
}
