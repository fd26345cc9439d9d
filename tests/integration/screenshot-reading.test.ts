/**
 * The screenshots' reading in the live daemon, over the real Dovecot and Postfix: the
 * acknowledgment never waits for it, the staff notice comes once it is read and shows the Kode
 * Error read from the picture, and the case has the code.
 */
import { ocrAvailability } from '../../src/ocr';
import { CLOSED_NOTIFICATION, ERROR_PAGE, screen } from '../helpdesk/spse-screen';
import { listMessages, sendAs, waitFor } from './mailserver';
import { COMPLETE_REPORT, MailboxWatch, clearAll, delivered, ensureBuilt, killLaunched, launch, removeTempDirs, textOf } from './daemon-kit';

const available = ocrAvailability({ command: 'tesseract', languages: 'ind+eng', budgetMs: 20_000, memoryMB: 512, maxPixels: 40_000_000, workDir: '/tmp' });
const required = process.env.LPSE_REQUIRE_OCR === '1';
if (!available.on && !required) console.warn(`live screenshot reading tests skipped: ${available.why}`);
const describeOcr = available.on || required ? describe : describe.skip;

beforeAll(() => ensureBuilt());
afterAll(() => removeTempDirs());
beforeEach(async () => clearAll());
afterEach(async () => {
  await killLaunched();
});

// The report names no Kode Error: only its screenshot shows it.
const REPORT_WITHOUT_CODE = COMPLETE_REPORT;

describeOcr('reading screenshots in the daemon', () => {
  it('acknowledges at once; the staff notice comes after the reading and carries the code read; the case has it', async () => {
    const { db } = await launch();
    const pokja = await MailboxWatch.open('pokja1');
    try {
      const shot = await screen(ERROR_PAGE);
      const t0 = Date.now();
      await sendAs('pokja1', { to: 'helpdesk', subject: 'Error saat simpan jadwal', text: REPORT_WITHOUT_CODE, attachments: [{ filename: 'error.png', content: shot, contentType: 'image/png' }] });
      const tAck = await pokja.waitForCount(1, 10_000);
      expect(tAck - t0).toBeLessThan(2_000);
      const notice = await delivered(db, 'staff1', 'staff_new_case', 30_000);
      expect(await textOf(notice)).toContain('Kode Error terbaca: 3a8c1f0b2');
      const ref = /\[LPSE#(\d{4}-\d{4})\]/.exec(notice.envelope.subject ?? '')?.[1] ?? '';
      expect(db.caseByRef(ref)).toMatchObject({ error_code: '3a8c1f0b2' });
    } finally {
      await pokja.close();
    }
  });

  it('ten reports with screenshots in a row: every acknowledgment within two seconds while screenshots are read; every notice follows', async () => {
    const { db } = await launch();
    const pokja = await MailboxWatch.open('pokja1');
    try {
      const shots = [await screen(ERROR_PAGE), await screen(CLOSED_NOTIFICATION)];
      for (let i = 0; i < 10; i++) {
        const t0 = Date.now();
        const sent = await sendAs('pokja1', { to: 'helpdesk', subject: `Error ${i}`, text: REPORT_WITHOUT_CODE, attachments: [{ filename: `error-${i}.png`, content: shots[i % 2]!, contentType: 'image/png' }] });
        const acked = await pokja.answerTimes([sent.messageId], 10_000);
        expect((acked.get(sent.messageId) ?? Infinity) - t0).toBeLessThan(2_000);
      }
      await waitFor(async () => db.outbox().filter((o) => o.kind === 'staff_new_case' && o.status === 'sent').length === 10, 60_000);
      expect(db.outbox().filter((o) => o.kind === 'screenshot_details_request')).toHaveLength(5);
      await waitFor(async () => db.outbox().filter((o) => o.kind === 'screenshot_details_request' && o.status === 'sent').length === 5, 60_000);
      expect((await listMessages('pokja1')).length).toBe(15);
    } finally {
      await pokja.close();
    }
  });
});
