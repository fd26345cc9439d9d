/**
 * `parse` as the CLI runs it, through `runParse` with captured writers: exit codes, the exact
 * design.md JSON shape, and one clear line for anything that is not a message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runParse } from '../../src/inbox/parse-command';

const FIXTURES = path.resolve(__dirname, '../../fixtures/emails');
const CONTRACT_KEYS = ['messageId', 'from', 'subject', 'kind', 'caseRef', 'inReplyTo', 'references', 'freshText', 'fields', 'missing', 'symptoms', 'attachments', 'commands'];
const FIELD_KEYS = ['committeeName', 'userId', 'tenderCode', 'tenderName', 'phone', 'errorCode'];
const ATTACHMENT_KEYS = ['filename', 'contentType', 'size', 'sha256', 'screenshot'];

async function run(file: string, json = true): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runParse(file, { json, tagPrefix: 'LPSE' }, (s) => out.push(s), (s) => err.push(s));
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
