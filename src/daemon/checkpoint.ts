// How far intake has read each IMAP folder: its UIDVALIDITY and the last UID taken. Messages are
// taken in UID order after the checkpoint, never by \Seen (people open and mark mail). When the
// server's UIDVALIDITY differs, its UIDs mean nothing any more: the folder is read again from
// the start, and the Message-ID dedupe makes every message already handled a harmless repeat.
import { eq } from 'drizzle-orm';
import type { Db } from '../store/db';
import { mailboxCheckpoints } from '../store/schema';

export interface Checkpoint {
  uidValidity: string;
  lastUid: number;
}

export function readCheckpoint(db: Db, folder: string): Checkpoint | null {
  const row = db.select().from(mailboxCheckpoints).where(eq(mailboxCheckpoints.folder, folder)).get();
  return row ? { uidValidity: row.uidValidity, lastUid: row.lastUid } : null;
}

/** Moves the checkpoint; the message in hand, once behind it, is done with. */
export function saveCheckpoint(db: Db, folder: string, cp: Checkpoint, now: Date): void {
  const done = { uidValidity: cp.uidValidity, lastUid: cp.lastUid, takingUid: null, takingAttempts: 0, updatedAt: now };
  db.insert(mailboxCheckpoints)
    .values({ folder, ...done })
    .onConflictDoUpdate({ target: mailboxCheckpoints.folder, set: done })
    .run();
}

/**
 * Counts one more attempt at taking `uid` (committed before the message is read) and returns
 * the count: 1 for a message taken the first time, more when earlier attempts failed or the
 * process died while they read it.
 */
export function beginTaking(db: Db, folder: string, uidValidity: string, uid: number, now: Date): number {
  const row = db.select().from(mailboxCheckpoints).where(eq(mailboxCheckpoints.folder, folder)).get();
  const current = row !== undefined && row.uidValidity === uidValidity ? row : null;
  const takingAttempts = current?.takingUid === uid ? current.takingAttempts + 1 : 1;
  const taking = { uidValidity, lastUid: current?.lastUid ?? 0, takingUid: uid, takingAttempts, updatedAt: now };
  db.insert(mailboxCheckpoints)
    .values({ folder, ...taking })
    .onConflictDoUpdate({ target: mailboxCheckpoints.folder, set: taking })
    .run();
  return takingAttempts;
}

/** Takes back the attempt just begun: it ended for a reason that is not the message's (a stop, a lost connection). */
export function forgetAttempt(db: Db, folder: string, uid: number): void {
  const row = db.select().from(mailboxCheckpoints).where(eq(mailboxCheckpoints.folder, folder)).get();
  if (row?.takingUid !== uid) return;
  db.update(mailboxCheckpoints)
    .set({ takingAttempts: Math.max(0, row.takingAttempts - 1) })
    .where(eq(mailboxCheckpoints.folder, folder))
    .run();
}
