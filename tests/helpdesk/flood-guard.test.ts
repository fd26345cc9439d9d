/**
 * The mailbox-wide flood guard (issue 9, point 5): 200 forged senders within one hour get at
 * most autoReply.maxNewCaseAcksPerHour acknowledgments between them, and staff get at most
 * staffNewCaseNoticesPerInterval notices per interval plus one summary per interval that lists
 * every other new case, queued exactly once whoever queues it (the next case, the tick, a replay).
 */
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { Helpdesk } from '../../src/helpdesk/helpdesk';
import { processFiles } from '../../src/helpdesk/offline';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { events, outbox } from '../../src/store/schema';
import { Scenario } from './scenario-kit';

const FORGED = 200;
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);

let s: Scenario;
afterEach(() => s.close());

/** 08:00 to 08:59 WIB, a little over three reports a minute, each from another forged address. */
async function flood(): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < FORGED; i++) {
    const minute = Math.floor((i * 60) / FORGED);
    files.push(
      await s.eml({
        from: `Pokja ${i} <pokja${i}.${i % 7 === 0 ? 'batang' : 'lpse'}@forged-${i % 13}.example>`,
        subject: 'Mohon bantuan: aplikasi SPSE error',
        text: 'Selamat pagi, aplikasi SPSE menampilkan pesan error saat membuka jadwal tender. Mohon bantuan.',
        at: `2026-11-26 08:${String(minute).padStart(2, '0')}`,
        messageId: `<flood${i}@forged-${i % 13}.example>`,
      }),
    );
  }
  await processFiles(files, { config: s.config, store: s.store, clock: 'message' });
  return files;
}

const rows = (kind: string) => s.store.db.select().from(outbox).where(eq(outbox.kind, kind)).all();
const refsIn = (text: string) => [...text.matchAll(/\[LPSE#(\d{4}-\d{4})\]/g)].map((m) => m[1]);

describe('200 forged senders within an hour', () => {
  it('get 60 acknowledgments, staff a few notices and one summary per interval, and no case is lost', async () => {
    s = new Scenario();
    await flood();
    const { maxNewCaseAcksPerHour, staffNewCaseNoticesPerInterval, staffSummaryMinutes } = s.config.autoReply;
    expect([maxNewCaseAcksPerHour, staffNewCaseNoticesPerInterval, staffSummaryMinutes]).toEqual([60, 10, 15]);

    const acks = [...rows('ack_complete'), ...rows('ack_missing')];
    expect(acks).toHaveLength(60);
    const withheld = s.store.db.select().from(events).where(eq(events.type, 'ack_withheld')).all();
    expect(withheld).toHaveLength(FORGED - 60);
    expect(new Set([...acks.map((a) => a.caseId), ...withheld.map((e) => e.caseId)]).size).toBe(FORGED);

    // The last interval's summary is queued by the next tick after it ends.
    const helpdesk = new Helpdesk({ config: s.config, store: s.store, sop: sopFromConfig(s.config), calendar: calendarFromConfig(s.config), now: () => wib('2026-11-26 09:01') });
    await helpdesk.tick();
    const notices = rows('staff_new_case');
    const summaries = rows('staff_new_cases_summary');
    process.stdout.write(`flood: ${acks.length} acks, ${notices.length} staff notices, ${summaries.length} summaries for ${FORGED} forged senders\n`);
    // Sliding window of 15 minutes: at most 10 notices in any one, so at most 40 in the hour.
    expect(notices.length).toBeGreaterThanOrEqual(10);
    expect(notices.length).toBeLessThanOrEqual(40);
    // One summary per 15-minute interval of the hour, to staff only.
    expect(summaries).toHaveLength(60 / staffSummaryMinutes);
    for (const m of summaries) expect(m.toAddrs).toEqual(s.config.staff.map((x) => x.email));
    expect(summaries[0]!.subject).toMatch(/\d+ kasus baru dalam 15 menit/);

    // Nothing lost: every case is in exactly one individual notice or one summary.
    const noticed = notices.map((n) => refsIn(n.subject)[0]);
    const texts = await Promise.all(summaries.map(async (m) => (await simpleParser(await s.mailOf(m))).text ?? ''));
    const summarised = texts.flatMap((t) => refsIn(t));
    const all = [...noticed, ...new Set(summarised)];
    expect(new Set(all).size).toBe(FORGED);
    expect(all).toHaveLength(FORGED);

    // Exactly once: another tick, a second daemon's tick and a late case queue no second summary.
    await helpdesk.tick();
    await helpdesk.tick(wib('2026-11-26 09:02'));
    expect(rows('staff_new_cases_summary')).toHaveLength(summaries.length);
    // The summary says which reporters got no acknowledgment.
    expect(texts.some((t) => t.includes('(balasan otomatis ditahan)'))).toBe(true);
  }, 60_000);

  it('lowered caps hold the same way: five reporters in five minutes, caps of 3 acks and 2 notices', async () => {
    s = new Scenario((c) => ({ ...c, autoReply: { ...c.autoReply, maxNewCaseAcksPerHour: 3, staffNewCaseNoticesPerInterval: 2 } }));
    for (let i = 1; i <= 5; i++) {
      await s.send({ from: `pokja${i}@batangkab.go.id`, subject: 'Error SPSE', text: 'Aplikasi error saat upload.', at: `2026-11-26 08:0${i}`, messageId: `<m${i}@batangkab.go.id>` });
    }
    expect([...rows('ack_complete'), ...rows('ack_missing')].map((r) => refsIn(r.subject)[0])).toEqual(['2026-0001', '2026-0002', '2026-0003']);
    expect(rows('staff_new_case').map((r) => refsIn(r.subject)[0])).toEqual(['2026-0001', '2026-0002']);
    expect(s.eventTypes('2026-0003')).toContain('staff_notice_folded');
    expect(s.eventTypes('2026-0003')).not.toContain('ack_withheld');
    expect(s.eventTypes('2026-0004')).toEqual(expect.arrayContaining(['ack_withheld', 'staff_notice_folded']));
    // The interval 08:00-08:15 has not ended: its summary waits; the first mail after it sends it.
    expect(rows('staff_new_cases_summary')).toEqual([]);
    await s.send({ from: 'pokja6@batangkab.go.id', subject: 'Error SPSE', text: 'Aplikasi error saat upload.', at: '2026-11-26 08:16', messageId: '<m6@batangkab.go.id>' });
    const [summary, ...more] = rows('staff_new_cases_summary');
    expect(more).toEqual([]);
    expect(summary?.subject).toBe('[LPSE] 3 kasus baru dalam 15 menit');
  });
});
