// Seeds a database directly with drizzle (no workflow): cases and their clocks exactly as a
// test needs them, so that the digest's figures can be checked against SQL of the test's own.
import { cases, clocks } from '../../src/store/schema';
import type { Db } from '../../src/store/db';

/** An instant given as Asia/Jakarta wall time, 'YYYY-MM-DD HH:MM'. */
export const wib = (s: string): Date => new Date(`${s.replace(' ', 'T')}:00+07:00`);

export interface SeedClock {
  step: string;
  owner: 'lpse' | 'reporter' | 'lkpp';
  start: string | Date;
  due: string | Date;
  stop?: string | Date | null;
}

export interface SeedCase {
  ref: string;
  state: string;
  opened: string | Date;
  closed?: string | Date | null;
  outcome?: string | null;
  reporter?: string;
  committeeName?: string | null;
  assignee?: string | null;
  clocks: SeedClock[];
}

const at = (d: string | Date): Date => (d instanceof Date ? d : wib(d));

/** Inserts the cases and their clocks in one transaction (in chunks: a busy month is 3000 cases). */
export function seed(db: Db, list: SeedCase[]): void {
  const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
  db.transaction((tx) => {
    for (const part of chunks(list, 200)) {
      tx.insert(cases)
        .values(
          part.map((c) => ({
            ref: c.ref,
            state: c.state,
            reporter: c.reporter ?? `pokja.${c.ref}@batangkab.go.id`,
            committeeName: c.committeeName === undefined ? `Pokja ${c.ref}` : c.committeeName,
            assignee: c.assignee ?? null,
            outcome: c.outcome ?? null,
            openedAt: at(c.opened),
            closedAt: c.closed ? at(c.closed) : null,
            updatedAt: at(c.opened),
          })),
        )
        .run();
    }
    const ids = new Map(tx.select({ id: cases.id, ref: cases.ref }).from(cases).all().map((r) => [r.ref, r.id]));
    const rows = list.flatMap((c) =>
      c.clocks.map((k) => ({ caseId: ids.get(c.ref) ?? -1, step: k.step, owner: k.owner, startedAt: at(k.start), dueAt: at(k.due), stoppedAt: k.stop ? at(k.stop) : null })),
    );
    for (const part of chunks(rows, 400)) tx.insert(clocks).values(part).run();
  });
}
