/** Content-addressed attachment intake: safe names, write once, size limits honoured. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { numberedFilename, sanitizeFilename, storeAttachment } from '../../src/inbox/attachment-intake';

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
  ['err\u001b[31mor.png', 'error.png'],
  ['bukti\u001b]0;judul\u0007.png', 'bukti.png'],
  ['\u009b1mtebal.pdf', 'tebal.pdf'],
])('sanitizeFilename(%j) = %j', (name, want) => {
  expect(sanitizeFilename(name)).toBe(want);
});

test.each([
  // Windows device names, with an extension and in any case, are not names a file can have there.
  ['con.txt', 'attachment.txt'],
  ['CON', 'attachment'],
  ['Nul.PDF', 'attachment.PDF'],
  ['aux .tar.gz', 'attachment.gz'],
  ['COM1.png', 'attachment.png'],
  ['lpt9', 'attachment'],
  ['prn.docx', 'attachment.docx'],
  ['console.txt', 'console.txt'],
  ['COM10.txt', 'COM10.txt'],
  ['Laporan CON.pdf', 'Laporan CON.pdf'],
  // Bidi overrides and invisible characters: "bukti<RLO>gnp.exe" shows as "buktiexe.png".
  ['bukti\u202Egnp.exe', 'buktignp.exe'],
  ['Surat\u2066Tugas\u2069.pdf', 'SuratTugas.pdf'],
  ['\ufeffNota\u200b Dinas\u200f.pdf', 'Nota Dinas.pdf'],
  ['foto\u202a\u202b\u202c\u202d.jpg', 'foto.jpg'],
  // C1 controls (U+0085 NEL, U+009B CSI) are controls too.
  ['daftar\u0085hadir\u009b2J.xlsx', 'daftar hadir.xlsx'],
  // Slashes that look like separators (and become "/" under Windows best-fit).
  ['..\uff0f..\uff0fetc\u2215passwd', '_.._etc_passwd'],
  // Trailing dots and spaces: Windows drops them, so "a.pdf." and "a.pdf" would clash there.
  ['Berita Acara.pdf. . ', 'Berita Acara.pdf'],
  ['\u202e\u200b', 'attachment'],
  [' . ', 'attachment'],
])('sanitizeFilename(%j) = %j', (name, want) => {
  expect(sanitizeFilename(name)).toBe(want);
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

test('ASCII names are cut to 255 bytes, keeping the extension', () => {
  const name = sanitizeFilename(`${'x'.repeat(300)}.png`);
  expect(bytes(name)).toBe(255);
  expect(name.endsWith('.png')).toBe(true);
});

test.each([
  ['accented Indonesian, two bytes a letter', `Laporan_${'Évaluasi_Penawaran_'.repeat(14)}.pdf`, '.pdf'],
  ['a letter with combining marks that NFC cannot compose', `Nota_${'e\u0301\u0347'.repeat(90)}.docx`, '.docx'],
  ['Javanese script, three bytes a letter', `${'\ua9a7\ua9b8\ua9ab\ua9c0'.repeat(40)}.jpg`, '.jpg'],
  ['emoji, four bytes a letter', `bukti_${'\u{1F4F8}'.repeat(80)}.png`, '.png'],
])('%s: cut to 255 bytes on whole letters, extension kept', (_what, long, ext) => {
  const name = sanitizeFilename(long);
  expect(bytes(long)).toBeGreaterThan(255);
  expect(bytes(name)).toBeLessThanOrEqual(255);
  expect(bytes(name)).toBeGreaterThan(240);
  expect(name.endsWith(ext)).toBe(true);
  const stem = name.slice(0, name.length - ext.length);
  expect(long.normalize('NFC').startsWith(stem)).toBe(true);
  // No letter cut from its accent and no half surrogate pair.
  expect(long.normalize('NFC').slice(stem.length)).not.toMatch(/^\p{M}/u);
  expect(() => encodeURIComponent(name)).not.toThrow();
});

test('a numbered name for a clash stays within 255 bytes', () => {
  const cut = sanitizeFilename(`${'é'.repeat(200)}.pdf`);
  const second = numberedFilename(cut, 2);
  expect(second).not.toBe(cut);
  expect(second.endsWith('-2.pdf')).toBe(true);
  expect(bytes(second)).toBeLessThanOrEqual(255);
  expect(numberedFilename('error.png', 3)).toBe('error-3.png');
});

test('a long run of dots or spaces is read in linear time', () => {
  const started = Date.now();
  for (const filler of ['.', ' ', '. ']) sanitizeFilename(`a${filler.repeat(200_000)}b`);
  expect(Date.now() - started).toBeLessThan(2000);
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
