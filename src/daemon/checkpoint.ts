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

export function saveCheckpoint(db: Db, folder: string, cp: Checkpoint, now: Date): void {
  db.insert(mailboxCheckpoints)
    .values({ folder, uidValidity: cp.uidValidity, lastUid: cp.lastUid, updatedAt: now })
    .onConflictDoUpdate({ target: mailboxCheckpoints.folder, set: { uidValidity: cp.uidValidity, lastUid: cp.lastUid, updatedAt: now } })
    .run();
}
