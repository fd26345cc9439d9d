// Threading (design.md "Case threading"): the case a message belongs to, by its Message-IDs
// first, then the subject tag, then (for LKPP) its ticket number. Whether the sender may change
// that case is routing's question (routing.ts), not this one's.
import type { Config } from '../config/load';
import type { Reading } from '../inbox/reading';
import { caseByLkppTicket, caseByMessageIds, loadCase } from '../store/case-store';
import type { Db } from '../store/db';
import type { CaseState } from '../workflow';
import type { SenderRole } from './roles';
import type { Where } from './routing';

const TICKET_SCAN_CHARS = 4000;

export function findCase(db: Db, cfg: Config, r: Reading, role: SenderRole): number | null {
  const byIds = threadedCase(db, r);
  if (byIds !== null) return byIds;
  if (r.caseRef) {
    const tagged = loadCase(db, { ref: r.caseRef });
    if (tagged) return tagged.id;
  }
  if (role === 'lkpp') {
    const ticket = lkppTicket(cfg, r);
    if (ticket) return caseByLkppTicket(db, ticket);
  }
  return null;
}

export function threadedCase(db: Db, r: Pick<Reading, 'inReplyTo' | 'references'>): number | null {
  return caseByMessageIds(db, [...(r.inReplyTo ? [r.inReplyTo] : []), ...r.references]);
}

/** LKPP's own ticket number in the subject or the start of the text (lkpp.ticketPattern). */
export function lkppTicket(cfg: Config, r: Pick<Reading, 'subject' | 'freshText'>): string | null {
  // The pattern is the operator's and runs here, outside the reading budget: it sees only the
  // start of the text, where LKPP writes its ticket number.
  const pattern = new RegExp(cfg.lkpp.ticketPattern, 'i');
  return pattern.exec(r.subject.slice(0, TICKET_SCAN_CHARS))?.[1] ?? pattern.exec(r.freshText.slice(0, TICKET_SCAN_CHARS))?.[1] ?? null;
}

/** The routing table's view of a case's state. */
export function whereOf(state: CaseState | null): Where {
  if (state === null) return 'no_case';
  if (state === 'closed') return 'closed';
  if (state === 'solved' || state === 'lkpp_solved') return 'solved';
  return 'open';
}
