/**
 * `parse` as the CLI runs it, through `runParse` with captured writers: exit codes, the exact
 * design.md JSON shape, and one clear line for anything that is not a message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { runParse } from '../../src/inbox/parse-command';
import { ocrAvailability } from '../../src/ocr';
import type { OcrChoice } from '../../src/ocr/settings';
import { ERROR_PAGE, screen } from '../helpdesk/spse-screen';
import { CRASH, standInEngine } from '../ocr/stand-in-engine';

const FIXTURES = path.resolve(__dirname, '../../fixtures/emails');
const CONTRACT_KEYS = ['messageId', 'from', 'subject', 'kind', 'caseRef', 'inReplyTo', 'references', 'freshText', 'fields', 'missing', 'symptoms', 'attachments', 'commands'];
const FIELD_KEYS = ['committeeName', 'userId', 'tenderCode', 'tenderName', 'phone', 'errorCode'];
// design.md's keys, then the screenshot's reading (the contract extended: null when not read).
const ATTACHMENT_KEYS = ['filename', 'contentType', 'size', 'sha256', 'screenshot', 'ocr'];
const OCR_KEYS = ['status', 'text', 'errorCode', 'detailsHidden', 'confidence', 'ms', 'headline', 'exception', 'page', 'notification', 'codeUnclear', 'reason'];

async function run(file: string, json = true, ocr?: OcrChoice): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runParse(file, { json, tagPrefix: 'LPSE', ...(ocr ? { ocr } : {}) }, (s) => out.push(s), (s) => err.push(s));
  return { code, out, err };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'lpse-parse-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('prints the contract JSON, keys exactly and in design.md order, and exits 0', async () => {
  const { code, out, err } = await run(path.join(FIXTURES, '15-error-notification-screenshot.eml'));
  expect(code).toBe(0);
  expect(err).toEqual([]);
  expect(out).toHaveLength(1);
  const text = out[0] ?? '';
  expect(text).toContain('\n  "messageId"');
  const json = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(json)).toEqual(CONTRACT_KEYS);
  expect(Object.keys(json['fields'] as object)).toEqual(FIELD_KEYS);
  const attachments = json['attachments'] as Array<Record<string, unknown>>;
  expect(attachments).toHaveLength(1);
  expect(Object.keys(attachments[0] ?? {})).toEqual(ATTACHMENT_KEYS);
  expect(json).toMatchObject({
    messageId: '<20260120102000.1A2B@batangkab.go.id>',
    from: 'pokja14@batangkab.go.id',
    kind: 'human',
    caseRef: '2026-0102',
    inReplyTo: null,
    references: [],
    missing: [],
    symptoms: ['error_notification'],
    commands: [],
  });
});

test('commands come out with canonical names', async () => {
  const { out } = await run(path.join(FIXTURES, '28-staff-commands.eml'));
  const json = JSON.parse(out[0] ?? '{}') as { commands: Array<{ name: string; args: string }> };
  expect(json.commands.map((c) => c.name)).toEqual(['resolve', 'escalate', 'reply', 'note']);
  expect(Object.keys(json.commands[0] ?? {})).toEqual(['name', 'args']);
});

test('without --json prints a short human summary', async () => {
  const { code, out } = await run(path.join(FIXTURES, '01-gmail-reply-id-template-filled.eml'), false);
  expect(code).toBe(0);
  expect(out[0]).toContain('kind:      human');
  expect(out[0]).toContain('tenderCode: 10034567000');
  expect(out[0]).toContain('missing:   screenshot');
});

test.each([
  ['empty.eml', Buffer.alloc(0), 'empty file'],
  ['blank.eml', Buffer.from('\r\n\r\n   \n'), 'empty file'],
  ['garbage.eml', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x42, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]), 'binary data'],
  ['notes.eml', Buffer.from('Tolong cek SPSE ya\nkode tender 10034567000\n'), 'no message headers'],
  ['report.eml', Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), 'no message headers'],
  ['data.eml', Buffer.from('{"subject": "not a mail", "from": "x@y"}'), 'no message headers'],
])('%s is not a message: exit 3 with one line saying why', async (name, bytes, why) => {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  const { code, out, err } = await run(file);
  expect(code).toBe(3);
  expect(out).toEqual([]);
  expect(err).toHaveLength(1);
  expect(err[0]).not.toContain('\n');
  expect(err[0]).toContain(why);
});

test('a missing file is exit 3 with a clear line', async () => {
  const { code, err } = await run(path.join(tmp, 'nope.eml'));
  expect(code).toBe(3);
  expect(err).toEqual([`parse: cannot read ${path.join(tmp, 'nope.eml')}: no such file`]);
});

test('a directory is exit 3 with a clear line', async () => {
  const { code, err } = await run(tmp);
  expect(code).toBe(3);
  expect(err[0]).toContain('is a directory');
});

describe('the screenshot\'s reading in the contract', () => {
  const settings = () => ({ command: 'tesseract', languages: 'ind+eng', budgetMs: 20_000, memoryMB: 512, maxPixels: 40_000_000, workDir: tmp });
  const reportWithScreen = async (): Promise<string> => {
    const composer = new MailComposer({
      from: 'pokja3@batangkab.go.id',
      to: 'helpdesk@lpse.test',
      subject: 'Error saat menyimpan jadwal',
      text: 'Mohon bantuan, muncul error seperti pada tangkapan layar.\nUser ID: pokja3btg',
      messageId: '<ocr-1@batangkab.go.id>',
      attachments: [{ filename: 'error.png', content: await screen(ERROR_PAGE), contentType: 'image/png' }],
    });
    const raw = await new Promise<Buffer>((res, rej) => composer.compile().build((e, m) => (e ? rej(e) : res(m))));
    const file = path.join(tmp, 'ocr-report.eml');
    writeFileSync(file, raw);
    return file;
  };

  test('reading off: every screenshot says so and why, in the same shape; the text gives no code', async () => {
    const { code, out } = await run(await reportWithScreen(), true, { settings: null, off: 'tesseract was not found' });
    expect(code).toBe(0);
    const json = JSON.parse(out[0] ?? '') as { fields: { errorCode: unknown }; attachments: { ocr: Record<string, unknown> }[] };
    expect(Object.keys(json.attachments[0]?.ocr ?? {})).toEqual(OCR_KEYS);
    expect(json.attachments[0]?.ocr).toMatchObject({ status: 'off', errorCode: null, reason: 'tesseract was not found' });
    expect(json.fields.errorCode).toBeNull();
  });

  test('a screenshot whose reader crashes: the contract says it was not read, and why; parse goes on', async () => {
    const { code, out } = await run(await reportWithScreen(), true, { settings: { ...settings(), command: standInEngine(tmp, 'crashing-engine', CRASH) }, off: null });
    expect(code).toBe(0);
    const json = JSON.parse(out[0] ?? '') as { fields: { errorCode: unknown }; attachments: { ocr: Record<string, unknown> }[] };
    expect(Object.keys(json.attachments[0]?.ocr ?? {})).toEqual(OCR_KEYS);
    expect(json.attachments[0]?.ocr).toMatchObject({ status: 'unreadable', errorCode: null, reason: 'engine_failed' });
    expect(json.fields.errorCode).toBeNull();
  });

  const available = ocrAvailability(settings());
  (available.on || process.env.LPSE_REQUIRE_OCR === '1' ? test : test.skip)('reading on: the code read fills fields.errorCode, with the text, headline and time of the reading', async () => {
    const { code, out } = await run(await reportWithScreen(), true, { settings: settings(), off: null });
    expect(code).toBe(0);
    const json = JSON.parse(out[0] ?? '') as { fields: { errorCode: unknown }; attachments: { ocr: Record<string, unknown> }[] };
    const ocr = json.attachments[0]?.ocr ?? {};
    expect(Object.keys(ocr)).toEqual(OCR_KEYS);
    expect(ocr).toMatchObject({ status: 'read', errorCode: '3a8c1f0b2', detailsHidden: false, headline: 'Maaf, terjadi error pada aplikasi SPSE', reason: null });
    expect(ocr.text).toContain('Kode Error');
    expect(ocr.ms).toBeGreaterThan(0);
    expect(ocr.confidence).toBeGreaterThan(50);
    expect(json.fields.errorCode).toBe('3a8c1f0b2');
  });
});
