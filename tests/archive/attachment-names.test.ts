// Attachment names that real committees send (long Indonesian names typed with accents in Word,
// names a Windows file system refuses) must not stop a case from being archived, and two files
// whose names are the same once cut must both be kept.
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { CaseRecord } from '../../src/archive/archive';
import { archiveCommand } from '../../src/digest/commands';
import { attachments } from '../../src/store/schema';
import { PNG, REPORT, Scenario } from '../helpdesk/scenario-kit';

const REPORTER = 'Pokja Pemilihan 2 <pokja2.batang@gmail.com>';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const ref = '2026-0001';
const PDF_A = Buffer.from('%PDF-1.4\n% surat permohonan A\n%%EOF\n');
const PDF_B = Buffer.from('%PDF-1.4\n% surat permohonan B, lain isinya\n%%EOF\n');

// "Laporan Évaluasi Penawaran …" as Word's symbol picker writes accents: every vowel with an acute
// and a mark below that has no precomposed form, so even in NFC each vowel is two characters and
// four bytes. The name is 200 characters and well over 255 bytes of UTF-8.
const accented = (word: string) => [...word].map((ch) => (/[aeiou]/i.test(ch) ? `${ch}\u0301\u0347` : ch)).join('').normalize('NFC');
const stem = accented('Laporan_Evaluasi_Penawaran_Paket_Rehabilitasi_Jalan_Warungasem_Kecamatan_Batang_Tahun_Anggaran_2026_untuk_Pokja_Pemilihan_');
const LONG = (suffix: string) => `${(stem + accented(suffix)).slice(0, 196)}.pdf`;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
let s: Scenario;

beforeAll(async () => {
  s = new Scenario();
  for (const v of ['versi_pertama_dari_panitia', 'versi_kedua_dari_panitia']) {
    expect(LONG(v)).toHaveLength(200);
    expect(bytes(LONG(v))).toBeGreaterThan(300);
  }
  // The two differ only past the 255th byte: cut, they are the same name.
  expect(bytes(stem)).toBeGreaterThan(255);
  await s.send({
    from: REPORTER,
    subject: 'Error upload dokumen penawaran',
    text: REPORT,
    at: '2026-11-23 08:00',
    messageId: '<n1@gmail.com>',
    files: [
      { filename: 'error.png', content: PNG, contentType: 'image/png' },
      // Two different files whose names differ only past the 255th byte.
      { filename: LONG('versi_pertama_dari_panitia'), content: PDF_A, contentType: 'application/pdf' },
      { filename: LONG('versi_kedua_dari_panitia'), content: PDF_B, contentType: 'application/pdf' },
      // Another file whose name differs only in case: one file system folder on Windows or macOS.
      { filename: 'ERROR.png', content: Buffer.from('bukan gambar yang sama'), contentType: 'image/png' },
      { filename: 'con.txt', content: Buffer.from('catatan'), contentType: 'text/plain' },
      { filename: 'LPT1', content: Buffer.from('catatan lain'), contentType: 'text/plain' },
      { filename: 'bukti\u202Egnp.exe', content: Buffer.from('MZ bukan gambar'), contentType: 'application/octet-stream' },
    ],
  });
  await s.send({ from: STAFF, subject: `Re: [LPSE#${ref}]`, text: '#tutup', at: '2026-11-23 09:00', messageId: '<n2@lpse.test>' });
});
afterAll(() => s.close());

describe('an archive with long, reserved and disguised attachment names', () => {
  it('is written when the case closes (no ENAMETOOLONG, no archive_failed)', () => {
    expect(s.caseOf(ref).state).toBe('closed');
    expect(s.eventTypes(ref)).not.toContain('archive_failed');
    expect(s.eventTypes(ref)).toContain('case_archived');
  });

  it('is written by archive REF --out DIR', async () => {
    const out = path.join(s.dir, 'exported');
    const lines: string[] = [];
    expect(await archiveCommand(s.config, s.store, ref, { out }, (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/: \d+ messages, 7 attachments,/);
  });

  it('keeps every file, names cut to 255 bytes with the extension, nothing overwritten', () => {
    const dir = path.join(s.config.paths.archive, ref, 'attachments');
    const names = fs.readdirSync(dir);
    expect(names).toHaveLength(7);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(7);
    for (const name of names) expect(bytes(name)).toBeLessThanOrEqual(255);
    const pdfs = names.filter((n) => n.endsWith('.pdf')).sort();
    expect(pdfs).toHaveLength(2);
    expect(pdfs.map((n) => fs.readFileSync(path.join(dir, n))).sort(Buffer.compare)).toEqual([PDF_A, PDF_B].sort(Buffer.compare));
    // Cut on whole letters: no letter left without its accents, no half UTF-8 sequence.
    for (const n of pdfs) expect(n.startsWith(stem.slice(0, 60))).toBe(true);
    for (const n of pdfs) expect(n.normalize("NFD")).not.toMatch(/(?<!\u0347)\u0301/u);
  });

  it('renames Windows device names and drops the bidi override that disguised an .exe', () => {
    const dir = path.join(s.config.paths.archive, ref, 'attachments');
    const names = fs.readdirSync(dir);
    for (const name of names) expect(name).not.toMatch(/^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/i);
    for (const name of names) expect(name).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/);
    expect(names).toContain('buktignp.exe');
    const record = JSON.parse(fs.readFileSync(path.join(s.config.paths.archive, ref, 'record.json'), 'utf8')) as CaseRecord;
    expect(record.attachments.every((a) => a.file !== null && a.skipped === null)).toBe(true);
    expect(new Set(record.attachments.map((a) => a.file)).size).toBe(7);
  });
});

describe('attachments recorded by an earlier release, under the name as sent', () => {
  const raw = `${stem}\u202e${accented('versi_lama')}`.slice(0, 180) + '.png';
  let old: Scenario;
  beforeAll(async () => {
    old = new Scenario();
    await old.send({ from: REPORTER, subject: 'Error upload', text: REPORT, at: '2026-11-23 08:00', messageId: '<o1@gmail.com>', screenshot: true });
    // What the intake of an earlier release stored: the sender's name, uncut.
    old.store.db.update(attachments).set({ filename: raw }).run();
    await old.send({ from: STAFF, subject: `Re: [LPSE#${ref}]`, text: '#eskalasi', at: '2026-11-23 08:20', messageId: '<o2@lpse.test>' });
    await old.send({ from: STAFF, subject: `Re: [LPSE#${ref}]`, text: '#tutup', at: '2026-11-23 08:40', messageId: '<o3@lpse.test>' });
  });
  afterAll(() => old.close());

  it('are archived under a name within 255 bytes', () => {
    expect(bytes(raw)).toBeGreaterThan(255);
    expect(old.eventTypes(ref)).not.toContain('archive_failed');
    const names = fs.readdirSync(path.join(old.config.paths.archive, ref, 'attachments'));
    expect(names).toHaveLength(1);
    expect(bytes(names[0]!)).toBeLessThanOrEqual(255);
    expect(names[0]).not.toContain('\u202e');
  });

  it('are attached to the escalation draft under a name within 255 bytes, without the bidi override', async () => {
    const draft = old.outbox().find((o) => o.kind === 'staff_escalation_draft' || o.kind === 'escalation');
    expect(draft).toBeDefined();
    const parsed = await simpleParser(draft!.raw);
    const sent = parsed.attachments.map((a) => a.filename ?? '');
    expect(sent).toHaveLength(1);
    expect(bytes(sent[0]!)).toBeLessThanOrEqual(255);
    expect(sent[0]).not.toContain('\u202e');
    expect(sent[0]!.endsWith('.png')).toBe(true);
  });
});
