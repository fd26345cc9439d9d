/**
 * Outgoing mail stays under outbox.maxMessageBytes (screenshots that do not fit are listed
 * with their size, not attached), and a staff notice that could not be sent reaches staff as
 * one small failure notice, never as a loop of notices about notices.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { Helpdesk } from '../../src/helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { outbox } from '../../src/store/schema';
import { PNG, REPORT, Scenario } from './scenario-kit';

const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const MB = 1024 * 1024;

/** A PNG of `bytes` bytes: a real image, then incompressible data (a screenshot that does not compress). */
function png(bytes: number): Buffer {
  return Buffer.concat([PNG, randomBytes(bytes - PNG.length)]);
}

let s: Scenario;
afterEach(() => s.close());

const rows = (kind: string) => s.store.db.select().from(outbox).where(eq(outbox.kind, kind)).all();
const helpdesk = () => new Helpdesk({ config: s.config, store: s.store, sop: sopFromConfig(s.config), calendar: calendarFromConfig(s.config), now: () => new Date('2026-11-26T01:00:00Z') });

describe('the outgoing size cap', () => {
  it('lists a 20 MB screenshot with its size instead of attaching it, and attaches the small one', async () => {
    // Intake keeps files up to 30 MB here, so the big screenshot reaches the case at all.
    s = new Scenario((c) => ({ ...c, attachments: { ...c.attachments, maxBytes: 30 * MB } }));
    const small = png(40_000);
    await s.send({
      from: REPORTER,
      subject: 'Error evaluasi tender',
      text: REPORT,
      at: '2026-11-26 07:41',
      messageId: '<big1@gmail.com>',
      files: [
        { filename: 'layar-penuh.png', content: png(20 * MB), contentType: 'image/png' },
        { filename: 'pesan-error.png', content: small, contentType: 'image/png' },
      ],
    });
    const [notice] = rows('staff_new_case');
    if (!notice) throw new Error('no staff notice');
    const raw = await s.mailOf(notice);
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(s.config.outbox.maxMessageBytes);
    const mail = await simpleParser(raw);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['pesan-error.png']);
    expect(mail.attachments[0]?.content.equals(small)).toBe(true);
    expect(mail.text).toMatch(/layar-penuh\.png \(image\/png, 20 MB\) – tidak dilampirkan, terlalu besar untuk surel/);
    expect(mail.text).toMatch(/pesan-error\.png \(image\/png, [\d,.]+ KB\)\n/);
  }, 60_000);

  it('with the default limits, two 9 MB screenshots: one attached, one listed, the mail under 15 MB', async () => {
    s = new Scenario();
    expect(s.config.outbox.maxMessageBytes).toBe(15 * MB);
    await s.send({
      from: REPORTER,
      subject: 'Error evaluasi tender',
      text: REPORT,
      at: '2026-11-26 07:41',
      messageId: '<big2@gmail.com>',
      files: [
        { filename: 'tangkapan-1.png', content: png(9 * MB), contentType: 'image/png' },
        { filename: 'tangkapan-2.png', content: png(9 * MB), contentType: 'image/png' },
      ],
    });
    const [notice] = rows('staff_new_case');
    if (!notice) throw new Error('no staff notice');
    const raw = await s.mailOf(notice);
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(15 * MB);
    const mail = await simpleParser(raw);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['tangkapan-1.png']);
    expect(mail.text).toContain('tangkapan-2.png (image/png, 9 MB) – tidak dilampirkan');
    expect(mail.text).not.toContain('tangkapan-1.png (image/png, 9 MB) – tidak dilampirkan');
  }, 60_000);
});

describe('what a queued mail stores', () => {
  it('a staff notice with a 400 KB screenshot keeps text, HTML and a file reference: under 50 KB, no base64 in the database', async () => {
    s = new Scenario();
    const screenshot = png(400 * 1024);
    await s.send({
      from: REPORTER,
      subject: 'Error evaluasi tender',
      text: REPORT,
      at: '2026-11-26 07:41',
      messageId: '<row1@gmail.com>',
      files: [{ filename: 'layar-evaluasi.png', content: screenshot, contentType: 'image/png' }],
    });
    const [notice] = rows('staff_new_case');
    if (!notice) throw new Error('no staff notice');
    const stored = s.store.sqlite
      .prepare("select length(text) + length(html) + length(files) as bytes, raw from outbox where kind = 'staff_new_case'")
      .get() as { bytes: number; raw: string | null };
    expect(stored.raw).toBeNull();
    expect(stored.bytes).toBeLessThan(50 * 1024);
    expect(notice.files).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), filename: 'layar-evaluasi.png', contentType: 'image/png', size: screenshot.length }]);
    // The message as sent still carries the screenshot.
    const raw = await s.mailOf(notice);
    const mail = await simpleParser(raw);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['layar-evaluasi.png']);
    expect(mail.attachments[0]!.content.equals(screenshot)).toBe(true);
    process.stdout.write(`staff notice with a 400 KB screenshot: message ${Buffer.byteLength(raw)} bytes, row ${stored.bytes} bytes\n`);
    // Not in the database file in any form: a run of its base64 is nowhere in it (nor in the WAL).
    s.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const db = s.config.paths.database;
    const files = [db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1'));
    const sample = screenshot.subarray(3000, 3060).toString('base64');
    expect(raw.replace(/\r\n/g, '')).toContain(sample);
    for (const content of files) expect(content).not.toContain(sample);
  }, 60_000);
});

describe('a staff notice that could not be sent', () => {
  async function failedNotice() {
    await s.send({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<f1@gmail.com>', screenshot: true });
    const [notice] = rows('staff_new_case');
    if (!notice) throw new Error('no staff notice');
    return { ...notice, lastError: '552 5.3.4 Message size exceeds fixed limit' };
  }

  it('is reported to staff once, in a small notice without attachments, and the report never reports itself', async () => {
    s = new Scenario();
    const notice = await failedNotice();
    const h = helpdesk();
    expect(await h.reportSendFailure(notice)).toBe(1);
    expect(await h.reportSendFailure(notice)).toBe(0);
    const [report, ...more] = rows('staff_send_failed');
    expect(more).toEqual([]);
    expect(report?.toAddrs).toEqual(s.config.staff.map((m) => m.email));
    const mail = await simpleParser(await s.mailOf(report!));
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toContain('552 5.3.4 Message size exceeds fixed limit');
    // The report itself fails too: logged, and nothing more is queued.
    expect(await h.reportSendFailure({ ...report!, lastError: '550 mailbox unavailable' })).toBe(0);
    expect(rows('staff_send_failed')).toHaveLength(1);
  });

  it('a bounce of a staff notice is reported once; a bounce of that report is only logged', async () => {
    s = new Scenario();
    const notice = await failedNotice();
    const dsn = (id: string, n: number) =>
      s.send({
        from: 'MAILER-DAEMON@mail.lpse.test',
        subject: 'Undelivered Mail Returned to Sender',
        text: `This is the mail system at host mail.lpse.test.\n\n<staff2@lpse.test>: mailbox full\n\n--- original message headers ---\nMessage-ID: ${id}\n`,
        at: `2026-11-26 07:4${n}`,
        messageId: `<dsn${n}@mail.lpse.test>`,
        headers: { 'Return-Path': '<>' },
      });
    await dsn(notice.messageId, 3);
    const [report, ...more] = rows('staff_send_failed');
    expect(more).toEqual([]);
    await dsn(report!.messageId, 4);
    expect(rows('staff_send_failed')).toHaveLength(1);
  });
});
