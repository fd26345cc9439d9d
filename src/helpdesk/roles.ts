// Who is who (design.md, "Who may do what"): staff and LKPP by configured address, the bot by
// its own address, everyone else a reporter; and whether a command's sender is proven.
import type { Config } from '../config/load';

export type SenderRole = 'staff' | 'lkpp' | 'self' | 'reporter';

export function roleOf(cfg: Config, address: string): SenderRole {
  const a = address.toLowerCase();
  if (a === cfg.mailbox.address) return 'self';
  if (cfg.staff.some((s) => s.email === a)) return 'staff';
  if (cfg.lkpp.addresses.includes(a)) return 'lkpp';
  return 'reporter';
}

/**
 * With `security.trustedAuthservId` set, a sender counts as proven only when our own receiving
 * server's Authentication-Results shows DMARC pass, or DKIM/SPF pass aligned with the From
 * domain. Headers from any other authserv-id are ignored: a sender can forge those.
 */
export function senderProven(cfg: Config, from: string, authResults: readonly string[]): boolean {
  const trusted = cfg.security.trustedAuthservId;
  if (trusted === null) return true;
  const domain = from.split('@')[1]?.toLowerCase() ?? '';
  const aligned = (d: string | undefined) => !!d && (d.toLowerCase() === domain || domain.endsWith(`.${d.toLowerCase()}`));
  for (const header of authResults) {
    const [id, ...results] = header.split(';');
    if (id?.trim().split(/\s+/)[0]?.toLowerCase() !== trusted.toLowerCase()) continue;
    for (const r of results) {
      const text = r.trim().toLowerCase();
      if (/^dmarc=pass\b/.test(text)) return true;
      if (/^dkim=pass\b/.test(text) && aligned(/header\.d=([^\s;]+)/.exec(text)?.[1])) return true;
      if (/^spf=pass\b/.test(text) && aligned(/smtp\.mailfrom=(?:[^@\s;]*@)?([^\s;]+)/.exec(text)?.[1])) return true;
    }
  }
  return false;
}
