// A store of years of cases (by default 100,000 cases and about 1,000,000 events, with their
// messages, attachments, clocks and outbox rows), written through the product's own store code:
// openStore (the migrations), allocateRef and saveCase for cases and clocks, and drizzle inserts
// into the schema's tables for the rest, so that every row has the current schema's shape.
// Built once and cached under .bench-cache/, keyed by the migrations' journal and the builder
// itself: a schema change (or a change here) rebuilds it. Each figure works on a copy.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { allocateRef, saveCase } from '../store/case-store';
import { MIGRATIONS_DIR, openStore } from '../store/db';
import { attachments, cases, events, messages, outbox, outboxRecipients } from '../store/schema';
import type { Case, Clock, Outcome, StepId } from '../workflow';

const HOUR = 3_600_000;
/** The store's "now": the last case opened two hours before it. */
export const BIG_STORE_NOW = new Date('2026-11-30T02:00:00.000Z');
const STAFF = ['staff1@lpse.test', 'staff2@lpse.test'];

export interface BigStore {
  file: string;
  cases: number;
  events: number;
  /** A case in the middle of the store, for `case REF`. */
  sampleRef: string;
  buildSeconds: number | null;
}

const ACK_TEXT = `Yth. Bapak/Ibu,\n\nLaporan Bapak/Ibu telah kami terima dan dicatat sebagai kasus {ref}. ${'Data laporan lengkap; petugas kami sedang menangani permasalahan tersebut dan akan menghubungi Bapak/Ibu melalui telepon. '.repeat(6)}\n\nHormat kami,\nHelpdesk LPSE Kabupaten Batang`;
const READING = JSON.stringify({
  fields: { committeeName: 'Pokja Pemilihan 3', userId: 'pokja3btg', tenderCode: '10034567000', tenderName: 'Rehabilitasi Jalan Warungasem – Kalibeluk', phone: '+6281227459910', errorCode: '5d1f0e9a2' },
  symptoms: ['error_notification'],
  commands: [],
  language: 'id',
  text: 'Mohon bantuannya. Pada saat kami membuat evaluasi penawaran untuk paket di bawah ini, muncul notifikasi "maaf operasi yang anda lakukan salah" sehingga hasil evaluasi tidak dapat disimpan.'.repeat(3),
  attachments: [{ filename: 'error.png', contentType: 'image/png', size: 240_000, screenshot: true }],
});

function clock(step: StepId, owner: Clock['owner'], at: (h: number) => Date, start: number, due: number, stop: number | null): Clock {
  return { step, owner, startedAt: at(start), dueAt: at(due), stoppedAt: stop === null ? null : at(stop), warnedAt: null, breachAlertedAt: null, remindedAt: null };
}

function caseOf(i: number, n: number, openCount: number, ref: string, opened: Date): Case {
  const open = i >= n - openCount;
  const at = (h: number) => new Date(opened.getTime() + h * HOUR);
  const escalated = i % 10 === 0;
  // An open case's running clock is overdue, and staff were warned and alerted when it was:
  // the store is as the daemon's ticks left it, not a backlog of alerts never sent.
  const running = { ...clock('2', 'lpse', at, 0, 0.5 + (i % 5), null), warnedAt: at(0.4), breachAlertedAt: at(0.5 + (i % 5)) };
  const clocks = open
    ? [clock('1a', 'lpse', at, 0, 0.5, 0), running]
    : escalated
      ? [clock('1a', 'lpse', at, 0, 0.5, 0), clock('2', 'lpse', at, 0, 0.5, 2), clock('4', 'lpse', at, 2, 2.5, 3), clock('5', 'lkpp', at, 3, 3.25, 5), clock('9', 'lkpp', at, 5, 29, 20), clock('10', 'lpse', at, 20, 20.1, 20), clock('11', 'reporter', at, 20, 20.1, 24)]
      : [clock('1a', 'lpse', at, 0, 0.5, 0), clock('1b', 'lpse', at, 0, 0.5, 0), clock('1c', 'reporter', at, 0, 24, 3), clock('2', 'lpse', at, 3, 3.5, i % 7 === 0 ? 5 : 3.4), clock('3', 'lpse', at, 3.4, 3.9, 3.5)];
  const outcome: Outcome | null = open ? null : escalated ? 'solved_by_lkpp' : i % 13 === 0 ? 'no_response' : 'solved';
  return {
    ref,
    state: open ? 'in_progress' : 'closed',
    reporter: `pokja${i % 5000}.unit${i % 7}@batangkab.go.id`,
    reporterName: `Pokja Pemilihan ${i % 5000}`,
    description: 'Tombol Simpan kembali ke halaman utama dan hasil evaluasi tidak tersimpan.',
    openedBy: null,
    fields: { committeeName: `Pokja Pemilihan ${i % 5000}`, userId: `pokja${i}`, tenderCode: `1003${String(i).padStart(7, '0')}`, tenderName: 'Rehabilitasi Jalan Warungasem – Kalibeluk', phone: '+6281227459910', errorCode: i % 2 === 0 ? '5d1f0e9a2' : null },
    screenshots: 1,
    symptoms: ['error_notification'],
    missing: [],
    requested: [],
    priority: i % 4 === 0 ? 'tinggi' : 'sedang',
    assignee: STAFF[i % STAFF.length] ?? null,
    phoneConfirmedAt: at(0.2),
    lkppTicket: escalated ? `LKPP-${100000 + i}` : null,
    escalationMessageId: escalated ? `<esc.${i}@lpse.test>` : null,
    clocks,
    openedAt: opened,
    closedAt: open ? null : at(26),
    outcome,
  };
}

function build(file: string, n: number, openCount: number): { events: number; sampleRef: string } {
  fs.rmSync(file, { force: true });
  const store = openStore(file);
  const { db, sqlite } = store;
  const span = 730 * 24 * HOUR;
  let eventCount = 0;
  let sampleRef = '';
  const perTransaction = 1000;
  for (let start = 0; start < n; start += perTransaction) {
    sqlite.exec('BEGIN');
    for (let i = start; i < Math.min(n, start + perTransaction); i++) {
      const opened = new Date(BIG_STORE_NOW.getTime() - span + Math.floor((i / n) * (span - 2 * HOUR)));
      const ref = allocateRef(db, opened.getUTCFullYear());
      if (i === n >> 1) sampleRef = ref;
      const c = caseOf(i, n, openCount, ref, opened);
      const at = (h: number) => new Date(opened.getTime() + h * HOUR);
      const caseId = saveCase(db, c, c.closedAt ?? at(0));
      const report = db
        .insert(messages)
        .values({ messageId: `<report.${i}@batangkab.go.id>`, caseId, direction: 'in', kind: 'human', role: 'reporter', fromAddr: c.reporter, toAddrs: ['helpdesk@lpse.test'], subject: `Error SPSE paket ${c.fields.tenderCode ?? ''}`, date: at(0), rawSha256: createHash('sha256').update(`r${i}`).digest('hex'), reading: JSON.parse(READING) as unknown, disposition: 'processed', recordedAt: at(0) })
        .returning({ id: messages.id })
        .get();
      db.insert(attachments).values({ messageRowId: report.id, sha256: createHash('sha256').update(`a${i}`).digest('hex'), filename: 'error.png', contentType: 'image/png', size: 240_000, screenshot: true }).run();
      db.insert(messages)
        .values({ messageId: `<reply.${i}@batangkab.go.id>`, caseId, direction: 'in', kind: 'human', role: 'reporter', fromAddr: c.reporter, toAddrs: ['helpdesk@lpse.test'], subject: `Re: [LPSE#${ref}]`, inReplyTo: `<ack.${i}@lpse.test>`, references: [`<ack.${i}@lpse.test>`], date: at(3), rawSha256: createHash('sha256').update(`p${i}`).digest('hex'), reading: JSON.parse(READING) as unknown, disposition: 'processed', recordedAt: at(3) })
        .run();
      const mails = [
        { key: `ack:${ref}`, kind: 'ack_complete', to: [c.reporter], h: 0 },
        { key: `staff:${ref}`, kind: 'staff_new_case', to: STAFF, h: 0 },
        { key: `solved:${ref}`, kind: 'solved_notice', to: [c.reporter], h: 3.5 },
      ];
      for (const m of mails) {
        const row = db
          .insert(outbox)
          .values({ idempotencyKey: m.key, caseId, kind: m.kind, messageId: `<${m.kind}.${i}@lpse.test>`, fromAddr: 'helpdesk@lpse.test', toAddrs: m.to, subject: `[LPSE#${ref}] Laporan permasalahan SPSE`, status: 'sent', attempts: 1, createdAt: at(m.h), sentAt: at(m.h + 0.001), sentCopyAt: at(m.h + 0.002), autoSubmitted: 'auto-replied', text: ACK_TEXT.replace('{ref}', ref), html: `<p>${ACK_TEXT.replace('{ref}', ref).replace(/\n/g, '<br>')}</p>` })
          .returning({ id: outbox.id })
          .get();
        db.insert(outboxRecipients).values(m.to.map((address) => ({ outboxId: row.id, address, createdAt: at(m.h) }))).run();
      }
      const types = ['case_opened', 'state_changed', 'mail_queued', 'mail_queued', 'reporter_message', 'command', 'state_changed', 'mail_queued', 'state_changed', 'case_archived'];
      const log = c.closedAt === null ? types.slice(0, 4) : types;
      db.insert(events)
        .values(log.map((type, e) => ({ caseId, at: at(e * 2.6), type, actor: type === 'command' ? c.assignee : null, messageId: null, detail: { ref, kind: type === 'mail_queued' ? 'ack_complete' : undefined, step: e } })))
        .run();
      eventCount += log.length;
    }
    sqlite.exec('COMMIT');
  }
  // Years of closed cases were archived long ago: only what changes from now on is due.
  db.update(cases).set({ archiveDue: false }).run();
  sqlite.exec('ANALYZE');
  store.close();
  return { events: eventCount, sampleRef };
}

/** The cache key: the migrations' journal and this builder's own code, with the sizes. */
function cacheKey(n: number, openCount: number): string {
  return createHash('sha256')
    .update(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json')))
    .update(fs.readFileSync(__filename))
    .update(`${n}/${openCount}`)
    .digest('hex')
    .slice(0, 16);
}

/** The cached store of `n` cases (1 % of them open), built first when missing or stale. */
export function bigStore(cacheDir: string, n: number): BigStore {
  const openCount = Math.max(10, Math.round(n / 100));
  const key = cacheKey(n, openCount);
  const file = path.join(cacheDir, `store-${n}-${key}.sqlite`);
  const meta = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(meta)) return { ...(JSON.parse(fs.readFileSync(meta, 'utf8')) as Omit<BigStore, 'buildSeconds'>), buildSeconds: null };
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const old of fs.readdirSync(cacheDir).filter((f) => f.startsWith(`store-${n}-`))) fs.rmSync(path.join(cacheDir, old), { force: true });
  const t0 = Date.now();
  const built = build(`${file}.tmp`, n, openCount);
  fs.renameSync(`${file}.tmp`, file);
  const info = { file, cases: n, events: built.events, sampleRef: built.sampleRef };
  fs.writeFileSync(meta, JSON.stringify(info));
  return { ...info, buildSeconds: (Date.now() - t0) / 1000 };
}

/** A private copy of the store (the database file alone: the WAL was checkpointed at close). */
export function copyOf(store: BigStore, dest: string): void {
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${dest}${suffix}`, { force: true });
  fs.copyFileSync(store.file, dest);
}
