// The screenshots' reading through the whole offline pipeline (the code behind `process`), with
// Debian's tesseract for real: a report whose only Kode Error is in its screenshot, details not
// opened, a code that disagrees with the text, a reply's screenshot, a picture that cannot be
// read, a reading that ends the process every time, a reader that crashes, and reading off.
import crypto from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { ocrAvailability } from '../../src/ocr';
import type { OcrSettings } from '../../src/ocr/types';
import { markDone, nextJob, recordReading } from '../../src/helpdesk/screenshot-jobs';
import { screenshotJobs, screenshotReadings } from '../../src/store/schema';
import { caseText } from '../../src/console/case-text';
import { findCase } from '../../src/store/case-views';
import { REPORT, Scenario } from './scenario-kit';
import { CRASH, standInEngine } from '../ocr/stand-in-engine';
import { BLURRED_CODE_PAGE, CLOSED_NOTIFICATION, ERROR_PAGE, screen } from './spse-screen';

const settingsIn = (dir: string): OcrSettings => ({ command: 'tesseract', languages: 'ind+eng', budgetMs: 20_000, memoryMB: 512, maxPixels: 40_000_000, workDir: path.join(dir, 'reading') });
const available = ocrAvailability(settingsIn('/tmp'));
const required = process.env.LPSE_REQUIRE_OCR === '1';
if (!available.on && !required) console.warn(`screenshot reading tests skipped: ${available.why}`);
const describeOcr = available.on || required ? describe : describe.skip;

const REPORTER = 'pokja3@batangkab.go.id';
const STAFF = 'staff1@lpse.test';

describeOcr('reading the screenshots of a report (tesseract)', () => {
  let s: Scenario;
  beforeEach(() => {
    s = new Scenario();
    s.ocr = settingsIn(s.dir);
  });
  afterEach(() => s.close());

  const report = async (png: Buffer, text = REPORT, extra: { messageId?: string } = {}) =>
    s.send({ from: REPORTER, subject: 'Error saat membuat jadwal', text, at: '2026-11-26 08:15', messageId: extra.messageId ?? '<r1@batangkab.go.id>', files: [{ filename: 'error.png', content: png, contentType: 'image/png' }] });

  test('a report whose only Kode Error is in its screenshot: the case has the code, the staff notice shows it, the escalation carries it', async () => {
    const receipt = await report(await screen(ERROR_PAGE));
    const ref = receipt.caseRef ?? '';
    expect(s.caseOf(ref).fields.errorCode).toBe('3a8c1f0b2');
    const rows = s.outbox();
    const ack = rows.find((r) => r.kind === 'ack_complete');
    const notice = rows.find((r) => r.kind === 'staff_new_case');
    expect(ack).toBeDefined();
    expect(notice).toBeDefined();
    // The acknowledgment was queued at intake; the staff notice after the reading.
    expect(rows.indexOf(ack!)).toBeLessThan(rows.indexOf(notice!));
    expect(notice!.text).toContain('Kode Error terbaca: 3a8c1f0b2');
    expect(notice!.text).toMatch(/Kode Error\s*: 3a8c1f0b2/);
    expect(notice!.text).toContain('Maaf, terjadi error pada aplikasi SPSE');
    expect(notice!.text).toMatch(/NullPointerException/);
    expect(notice!.html).toContain('3a8c1f0b2');
    expect(s.eventTypes(ref)).toEqual(expect.arrayContaining(['screenshot_read', 'error_code_read']));
    // No request to open the details: the code is there.
    expect(rows.some((r) => r.kind === 'screenshot_details_request')).toBe(false);

    await s.send({ from: STAFF, subject: `Re: [LPSE#${ref}] Kasus baru`, text: '#eskalasi', at: '2026-11-26 08:40', messageId: '<e1@lpse.test>' });
    const escalation = s.outbox().find((r) => r.kind === 'escalation');
    expect(escalation).toBeDefined();
    expect(escalation!.text).toMatch(/Kode Error: 3a8c1f0b2/);
    expect(escalation!.text).toContain('Kode Error terbaca: 3a8c1f0b2');
    expect(escalation!.text).toMatch(/Teks terbaca dari gambar:\n(?: {4}\| .+\n)+/);
  });

  test('the notification without its details: the committee is asked, in the SOP\'s words, to open them and send it again', async () => {
    const receipt = await report(await screen(CLOSED_NOTIFICATION));
    const ref = receipt.caseRef ?? '';
    expect(s.caseOf(ref).fields.errorCode).toBeNull();
    const request = s.outbox().find((r) => r.kind === 'screenshot_details_request');
    expect(request).toBeDefined();
    expect(request!.toAddrs).toEqual([REPORTER]);
    expect(request!.subject).toContain(`[LPSE#${ref}]`);
    expect(request!.text).toContain('empat titik di sebelah kiri kata "maaf"');
    expect(request!.text).toMatch(/klik dua kali/i);
    const notice = s.outbox().find((r) => r.kind === 'staff_new_case');
    expect(notice!.text).toContain('Rincian error belum dibuka');
    expect(s.eventTypes(ref)).toContain('error_details_hidden');
    // `case REF` shows it beside the screenshot.
    const view = findCase(s.store.sqlite, ref, new Date());
    expect(view?.screenshots).toEqual([expect.objectContaining({ filename: 'error.png', reading: expect.objectContaining({ status: 'read', errorCode: null, detailsHidden: true }) })]);
    const lines = caseText(view!, { lang: 'id', timezone: 'Asia/Jakarta', staff: [] });
    expect(lines.slice(lines.indexOf('Screenshots'))).toEqual(expect.arrayContaining([expect.stringMatching(/error\.png\s+image\/png\s+no error code · rincian error belum dibuka/)]));

    // The committee sends the screenshot again, details open: the code joins the case, staff hear of it.
    await s.send({ from: REPORTER, subject: `Re: [LPSE#${ref}] Mohon kirim ulang tangkapan layar`, text: 'Berikut tangkapan layar dengan rincian error.', at: '2026-11-26 09:00', messageId: '<r2@batangkab.go.id>', inReplyTo: request!.messageId, files: [{ filename: 'rincian.png', content: await screen(ERROR_PAGE), contentType: 'image/png' }] });
    expect(s.caseOf(ref).fields.errorCode).toBe('3a8c1f0b2');
    const told = s.outbox().find((r) => r.kind === 'staff_screenshot_read');
    expect(told).toBeDefined();
    expect(told!.text).toContain('Kode Error 3a8c1f0b2 terbaca dari tangkapan layar');
    expect(s.outbox().filter((r) => r.kind === 'screenshot_details_request')).toHaveLength(1);
  });

  test('a Kode Error shown but too blurred to read with certainty: the committee is asked to type it, and the typed code joins the case', async () => {
    // A screen photographed out of focus: the label is read, its code is not settled.
    const blurred = await sharp(await screen(BLURRED_CODE_PAGE)).blur(1.2).jpeg({ quality: 70 }).toBuffer();
    const receipt = await s.send({ from: REPORTER, subject: 'Error saat membuat jadwal', text: REPORT, at: '2026-11-26 08:15', messageId: '<r1@batangkab.go.id>', files: [{ filename: 'foto.jpg', content: blurred, contentType: 'image/jpeg' }] });
    const ref = receipt.caseRef ?? '';
    expect(s.caseOf(ref).fields.errorCode).toBeNull();
    const request = s.outbox().find((r) => r.kind === 'screenshot_code_request');
    expect(request).toBeDefined();
    expect(request!.toAddrs).toEqual([REPORTER]);
    expect(request!.subject).toContain(`[LPSE#${ref}]`);
    expect(request!.text).toContain('Mengetikkan Kode Error yang tampil pada layar');
    expect(request!.text).toContain('PrtScn');
    expect(s.outbox().some((r) => r.kind === 'screenshot_details_request')).toBe(false);
    const notice = s.outbox().find((r) => r.kind === 'staff_new_case');
    expect(notice!.text).toContain('Kode Error tampak, namun tidak terbaca dengan pasti');
    expect(s.eventTypes(ref)).toContain('error_code_unclear');
    const view = findCase(s.store.sqlite, ref, new Date());
    expect(view?.screenshots).toEqual([expect.objectContaining({ reading: expect.objectContaining({ errorCode: null, codeUnclear: true }) })]);

    // The committee types the code in its reply: it joins the case; the picture is not asked about again.
    await s.send({ from: REPORTER, subject: `Re: [LPSE#${ref}] Mohon ketikkan Kode Error`, text: 'Kode Error: 6yb15lm6v', at: '2026-11-26 09:00', messageId: '<r2@batangkab.go.id>', inReplyTo: request!.messageId });
    expect(s.caseOf(ref).fields.errorCode).toBe('6yb15lm6v');
    expect(s.outbox().filter((r) => r.kind === 'screenshot_code_request')).toHaveLength(1);
  });

  test('a colleague copied on the report sends the blurred photo: the reporter is not asked about a picture they did not send', async () => {
    const colleague = 'ketua.pokja3@batangkab.go.id';
    const receipt = await s.send({ from: REPORTER, cc: colleague, subject: 'Error saat membuat jadwal', text: REPORT, at: '2026-11-26 08:15', messageId: '<r1@batangkab.go.id>' });
    const ref = receipt.caseRef ?? '';
    const blurred = await sharp(await screen(BLURRED_CODE_PAGE)).blur(1.2).jpeg({ quality: 70 }).toBuffer();
    await s.send({ from: colleague, subject: `Re: [LPSE#${ref}] Laporan diterima`, text: 'Ini foto layarnya, Pak.', at: '2026-11-26 09:00', messageId: '<k1@batangkab.go.id>', files: [{ filename: 'foto.jpg', content: blurred, contentType: 'image/jpeg' }] });
    expect(s.eventTypes(ref)).toContain('error_code_unclear');
    expect(s.outbox().some((r) => r.kind === 'screenshot_code_request')).toBe(false);
    expect(s.outbox().some((r) => r.kind === 'staff_relay_reporter')).toBe(true);
  });

  test('a new unclear photo in every reply: the requests stop at the hourly cap of automatic answers', async () => {
    const capped = new Scenario((c) => ({ ...c, autoReply: { ...c.autoReply, maxPerHour: 3 } }));
    capped.ocr = settingsIn(capped.dir);
    try {
      const receipt = await capped.send({ from: REPORTER, subject: 'Error saat membuat jadwal', text: REPORT, at: '2026-11-26 08:15', messageId: '<r1@batangkab.go.id>' });
      const ref = receipt.caseRef ?? '';
      for (let i = 0; i < 5; i++) {
        // Another photo of the monitor each time, already read as unclear (so no engine runs here).
        const photo = await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 200 + i, g: 200, b: 200 } } }).png().toBuffer();
        const sha = crypto.createHash('sha256').update(photo).digest('hex');
        recordReading(capped.store.db, sha, { status: 'read', text: 'Kode Error: 6yb1$imey', errorCode: null, headline: null, exception: null, page: null, notification: false, detailsHidden: false, codeUnclear: true, confidence: 55, ms: 2000 }, new Date());
        await capped.send({ from: REPORTER, subject: `Re: [LPSE#${ref}] Laporan diterima`, text: 'Berikut fotonya.', at: `2026-11-26 08:2${i}`, messageId: `<r${i + 2}@batangkab.go.id>`, files: [{ filename: `foto${i}.png`, content: photo, contentType: 'image/png' }] });
      }
      expect(capped.eventTypes(ref).filter((t) => t === 'error_code_unclear')).toHaveLength(5);
      // Once per picture, so each reply asks; within the hour only three automatic answers go (the
      // first photo also completed the report), the other four requests are held back and logged.
      expect(capped.outbox().filter((r) => r.toAddrs.includes(REPORTER)).map((r) => r.kind)).toEqual(['ack_missing', 'data_complete', 'screenshot_code_request']);
      expect(capped.eventTypes(ref).filter((t) => t === 'reply_capped')).toHaveLength(4);
    } finally {
      capped.close();
    }
  });

  test('the text\'s Kode Error wins over a different one read, and staff are told of the disagreement', async () => {
    const receipt = await report(await screen(ERROR_PAGE), `${REPORT}\nKode Error: 5d1f0e9a2`);
    const ref = receipt.caseRef ?? '';
    expect(s.caseOf(ref).fields.errorCode).toBe('5d1f0e9a2');
    const notice = s.outbox().find((r) => r.kind === 'staff_new_case');
    expect(notice!.text).toContain('Perhatian: tangkapan layar menunjukkan Kode Error 3a8c1f0b2');
    expect(s.eventTypes(ref)).toContain('error_code_disagreement');
  });

  test('a picture that cannot be read is recorded, and the staff notice still goes, saying so', async () => {
    // A PNG header that claims 50,000 x 50,000 pixels: never decoded.
    const bomb = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from([0, 0, 0xc3, 0x50, 0, 0, 0xc3, 0x50, 8, 2, 0, 0, 0]), Buffer.alloc(64)]);
    const receipt = await report(bomb);
    const ref = receipt.caseRef ?? '';
    const reading = s.store.db.select().from(screenshotReadings).get();
    expect(reading?.status).toBe('unreadable');
    expect(reading?.reason).toBe('too_large');
    const notice = s.outbox().find((r) => r.kind === 'staff_new_case');
    expect(notice!.text).toContain('Tidak dapat dibaca otomatis: gambar terlalu besar untuk dibaca');
    expect(s.caseOf(ref).fields.errorCode).toBeNull();
  });

  test('reading off: no job waits, and the staff notice goes at once', async () => {
    s.ocr = null;
    const receipt = await report(await screen(ERROR_PAGE));
    expect(s.store.db.select().from(screenshotJobs).all()).toHaveLength(0);
    const notice = s.outbox().find((r) => r.kind === 'staff_new_case');
    expect(notice).toBeDefined();
    expect(notice!.text).not.toContain('Kode Error terbaca');
    expect(s.caseOf(receipt.caseRef ?? '').fields.errorCode).toBeNull();
  });
});

describeOcr('fair and bounded', () => {
  let s: Scenario;
  afterEach(() => s.close());

  test('one committee\'s waiting pictures do not hold another\'s notice; a message\'s pictures share one budget', async () => {
    s = new Scenario();
    const settings = settingsIn(s.dir);
    const shot = await screen(ERROR_PAGE);
    // Three pictures per message, none shared (each its own bytes).
    const filesOf = (m: number) => ['a', 'b', 'c'].map((n, i) => ({ filename: `${n}.png`, content: Buffer.concat([shot, Buffer.from([m, i])]), contentType: 'image/png' }));
    const hd = s.restart(s.config, settings);
    // Committed with their jobs waiting (a daemon reads them beside intake): two from one committee, then one from another.
    for (const [i, from] of ['pokja3@batangkab.go.id', 'pokja3@batangkab.go.id', 'pokja5@dinkes.batangkab.go.id'].entries()) {
      await hd.receive({ path: await s.eml({ from, subject: `Error ${i}`, text: REPORT, at: '2026-11-26 08:15', messageId: `<q${i}@batangkab.go.id>`, files: filesOf(i) }) });
    }
    const order: string[] = [];
    for (let job = nextJob(s.store.db); job !== null; job = nextJob(s.store.db)) {
      order.push(job.messageId);
      markDone(s.store.db, job.id, new Date());
    }
    expect(order).toEqual(['<q0@batangkab.go.id>', '<q2@batangkab.go.id>', '<q1@batangkab.go.id>']);
    s.store.db.update(screenshotJobs).set({ doneAt: null }).run();

    // A budget that one picture uses up: the rest of that message's pictures stay unread (at most
    // one of its three is recorded), the whole run stays within the three messages' budgets, and every notice goes.
    const tight = s.restart(s.config, { ...settings, budgetMs: 300 });
    const t0 = Date.now();
    await tight.readWaitingScreenshots();
    expect(Date.now() - t0).toBeLessThan(3 * (300 + 700));
    const notices = s.outbox().filter((r) => r.kind === 'staff_new_case');
    expect(notices).toHaveLength(3);
    expect(s.store.db.select().from(screenshotReadings).all().length).toBeLessThanOrEqual(3);
  });
});

describeOcr('a job cut short', () => {
  let s: Scenario;
  afterEach(() => s.close());

  test('a fault of the machine (no work folder) is no verdict on the picture: the job waits, and is given up after three runs', async () => {
    s = new Scenario();
    const broken = { ...settingsIn(s.dir), workDir: '/dev/null/reading' };
    const hd = s.restart(s.config, broken);
    const file = await s.eml({ from: REPORTER, subject: 'Error', text: REPORT, at: '2026-11-26 08:15', messageId: '<m1@batangkab.go.id>', files: [{ filename: 'error.png', content: await screen(ERROR_PAGE), contentType: 'image/png' }] });
    const receipt = await hd.receive({ path: file });
    for (let run = 1; run <= 3; run++) {
      expect(await hd.readWaitingScreenshots()).toBe(0);
      expect(s.store.db.select().from(screenshotJobs).get()).toMatchObject({ attempts: run, doneAt: null });
    }
    expect(s.store.db.select().from(screenshotReadings).all()).toEqual([]);
    expect(s.eventTypes(receipt.caseRef ?? '').filter((t) => t === 'screenshot_reading_failed')).toHaveLength(3);
    // The fourth run gives up: the notice goes, the picture recorded as not read by the engine.
    expect(await hd.readWaitingScreenshots()).toBeGreaterThan(0);
    expect(s.outbox().some((r) => r.kind === 'staff_new_case')).toBe(true);
  });

  test('three starts without an end: recorded as unreadable, the held notice is queued, nothing read again', async () => {
    s = new Scenario();
    s.ocr = settingsIn(s.dir);
    // Commit the report with its job waiting, without the offline run's reading (as a crash right after commit).
    const file = await s.eml({ from: REPORTER, subject: 'Error', text: REPORT, at: '2026-11-26 08:15', messageId: '<r9@batangkab.go.id>', files: [{ filename: 'error.png', content: await screen(ERROR_PAGE), contentType: 'image/png' }] });
    const hd = s.restart(s.config, settingsIn(s.dir));
    const receipt = await hd.receive({ path: file });
    const job = s.store.db.select().from(screenshotJobs).get();
    expect(job?.doneAt).toBeNull();
    expect(s.outbox().some((r) => r.kind === 'staff_new_case')).toBe(false);
    s.store.db.update(screenshotJobs).set({ attempts: 3 }).where(eq(screenshotJobs.id, job!.id)).run();
    expect(await hd.readWaitingScreenshots()).toBeGreaterThan(0);
    const reading = s.store.db.select().from(screenshotReadings).get();
    expect(reading).toMatchObject({ status: 'unreadable', reason: 'engine_failed' });
    const notice = s.outbox().find((r) => r.kind === 'staff_new_case');
    expect(notice?.caseId).not.toBeNull();
    expect(s.caseOf(receipt.caseRef ?? '').fields.errorCode).toBeNull();
    // Nothing is read again: the next run finds no job waiting.
    expect(await hd.readWaitingScreenshots()).toBe(0);
  });
});

describe('a reader that crashes', () => {
  let s: Scenario;
  afterEach(() => s.close());

  test('a picture that ends its reader: recorded as not read at once, the held notice goes, the helpdesk goes on', async () => {
    s = new Scenario();
    // An engine that ends the reader process as a decoder's crash would.
    const command = standInEngine(s.dir, 'crashing-engine', CRASH);
    s.ocr = { ...settingsIn(s.dir), command };
    const receipt = await report(await screen(ERROR_PAGE));
    const ref = receipt.caseRef ?? '';
    expect(s.store.db.select().from(screenshotReadings).get()).toMatchObject({ status: 'unreadable', reason: 'engine_failed' });
    expect(s.store.db.select().from(screenshotJobs).get()).toMatchObject({ attempts: 1 });
    expect(s.store.db.select().from(screenshotJobs).get()?.doneAt).not.toBeNull();
    expect(s.outbox().some((r) => r.kind === 'staff_new_case')).toBe(true);
    expect(s.caseOf(ref).fields.errorCode).toBeNull();
    // The next report is taken as ever.
    const next = await s.send({ from: 'pokja5@dinkes.batangkab.go.id', subject: 'Error lain', text: REPORT, at: '2026-11-26 09:00', messageId: '<r2@dinkes.batangkab.go.id>' });
    expect(next.caseRef).not.toBeNull();
    expect(next.caseRef).not.toBe(ref);
  });

  const report = async (png: Buffer) =>
    s.send({ from: REPORTER, subject: 'Error saat membuat jadwal', text: REPORT, at: '2026-11-26 08:15', messageId: '<r1@batangkab.go.id>', files: [{ filename: 'error.png', content: png, contentType: 'image/png' }] });
});
