/** Content-addressed attachment intake: safe names, write once, size limits honoured. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sanitizeFilename, storeAttachment } from '../../src/inbox/attachment-intake';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

test.each([
  ['error.png', 'error.png'],
  ['../../etc/passwd', 'passwd'],
  ['1234/../../1234.txt', '1234.txt'],
  ['C:\\TEMP\\nsmailEG.png', 'nsmailEG.png'],
  ['..', 'attachment'],
  ['', 'attachment'],
  ['.htaccess', 'htaccess'],
  ['bad\u0000name\r\n.pdf', 'bad name .pdf'],
  ['a<b>c:d|e?.doc', 'a_b_c_d_e_.doc'],
  ['foto error spse.JPG', 'foto error spse.JPG'],
])('sanitizeFilename(%j) = %j', (name, want) => {
  expect(sanitizeFilename(name)).toBe(want);
});

test('names are cut to 200 characters, keeping the extension', () => {
  const name = sanitizeFilename(`${'x'.repeat(300)}.png`);
  expect(name).toHaveLength(200);
  expect(name.endsWith('.png')).toBe(true);
});

describe('storeAttachment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lpse-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('writes under dir/<sha[0..2]>/<sha>, once', () => {
    const content = Buffer.from('isi screenshot');
    const result = storeAttachment(dir, { filename: '../../evil.png', content, sha256: sha(content) }, { maxBytes: 1024 });
    const target = path.join(dir, sha(content).slice(0, 2), sha(content));
    expect(result).toEqual({ stored: true, path: target, sha256: sha(content), size: content.length });
    expect(readFileSync(target)).toEqual(content);
    const firstWrite = statSync(target).mtimeMs;
    expect(storeAttachment(dir, { filename: 'again.png', content, sha256: sha(content) }, { maxBytes: 1024 })).toEqual(result);
    expect(statSync(target).mtimeMs).toBe(firstWrite);
    expect(readdirSync(path.join(dir, sha(content).slice(0, 2)))).toEqual([sha(content)]);
  });

  test('an oversized attachment is skipped and reported, nothing written', () => {
    const content = Buffer.alloc(2048, 1);
    expect(storeAttachment(dir, { filename: 'big.bin', content, sha256: sha(content) }, { maxBytes: 1024 })).toEqual({
      stored: false,
      reason: 'too_large',
      size: 2048,
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a sha256 that does not match the content is a caller bug', () => {
    expect(() => storeAttachment(dir, { filename: 'x', content: Buffer.from('a'), sha256: '0'.repeat(64) }, { maxBytes: 10 })).toThrow(/mismatch/);
  });
});
