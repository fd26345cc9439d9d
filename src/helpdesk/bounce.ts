// A bounce is never answered; when it returns mail we sent, the outbox row is marked and staff
// are told once (a bounced failure notice is only logged: reporting it would loop).
import { eq, inArray } from 'drizzle-orm';
import type { Reading } from '../inbox/reading';
import { loadCase } from '../store/case-store';
import { events, outbox } from '../store/schema';
import { staffAddresses, type Desk } from './desk';
import { plan, queue, type PlannedMail } from './outgoing';
import { recordMessage } from './records';
import type { Where } from './routing';
import { threadedCase, whereOf } from './threading';

function bouncedRows(desk: Desk, r: Reading) {
  return r.bouncedMessageIds.length ? desk.db.select().from(outbox).where(inArray(outbox.messageId, r.bouncedMessageIds)).all() : [];
}

/** `ours`: the bounce returned mail we sent (routing.ts's trait bounce_of_ours). */
export async function handleBounce(desk: Desk, r: Reading, messageId: string, rawSha: string, now: Date): Promise<{ caseRef: string | null; where: Where; queued: number; ours: boolean }> {
  const { db } = desk;
  const ours = bouncedRows(desk, r);
  const caseId = ours.find((o) => o.caseId !== null)?.caseId ?? threadedCase(db, r);
  recordMessage(desk, { messageId, caseId, from: r.from ?? '', reading: r, rawSha, disposition: 'ignored', reason: 'bounce', now });
  const plans: PlannedMail[] = [];
  for (const o of ours) {
    db.update(outbox).set({ bouncedAt: now, bounceMessageId: messageId }).where(eq(outbox.id, o.id)).run();
    db.insert(events).values({ caseId: o.caseId, at: now, type: 'mail_bounced', messageId, detail: { outboxId: o.id, kind: o.kind, to: o.toAddrs } }).run();
    if (o.kind !== 'staff_send_failed') {
      plans.push(plan(`bounce:${messageId}:${o.id}`, 'staff_send_failed', staffAddresses(desk.cfg), { to: o.toAddrs.join(', '), subject: o.subject, error: r.subject }));
    }
  }
  if (ours.length === 0) db.insert(events).values({ caseId, at: now, type: 'message_ignored', messageId, detail: { reason: 'bounce', linked: false } }).run();
  const stored = caseId === null ? null : loadCase(db, { id: caseId });
  const queued = await queue(desk, stored, plans, messageId, now);
  return { caseRef: stored?.case.ref ?? null, where: whereOf(stored?.case.state ?? null), queued, ours: ours.length > 0 };
}
