// The case archive of a case that went through every SOP step (1a–1c, 2, 3, reopened, 4–11),
// driven by real .eml files through the offline pipeline: written automatically on #tutup and
// by `archive REF --out DIR`; every message and attachment byte for byte; the record lists
// all eleven SOP steps.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CaseRecord } from '../../src/archive/archive';
import { archiveCommand } from '../../src/digest/commands';
import { messages } from '../../src/store/schema';
import { PNG, REPORT, Scenario, type MailSpec } from '../helpdesk/scenario-kit';

const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const LKPP = 'Helpdesk LKPP <lkpp@lpse.test>';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let s: Scenario;

/** One .eml through the kit, processed as `process --clock message`; `s.inputs` keeps the raw bytes. */
function send(spec: MailSpec) {
  return s.send(spec);
}

const ref = '2026-0001';
const subject = `Re: [LPSE#${ref}]`;

beforeAll(async () => {
  s = new Scenario();
  const partial = REPORT.replace(/^No\. HP:.*$/m, '');
  const files = [
    { filename: 'error.png', content: PNG, contentType: 'image/png' },
    { filename: '../Surat Permohonan.pdf', content: PDF, contentType: 'application/pdf' },
  ];
  await send({ from: REPORTER, subject: 'Error jadwal evaluasi', text: partial, at: '2026-11-23 08:00', messageId: '<a1@gmail.com>', files });
  await send({ from: REPORTER, subject, text: 'No. HP: 0812-2745-9910', at: '2026-11-23 08:30', messageId: '<a2@gmail.com>' });
  await send({ from: STAFF, subject, text: '#selesai Jadwal sudah diperbaiki.', at: '2026-11-23 08:45', messageId: '<a3@lpse.test>' });
  await send({ from: REPORTER, subject, text: 'Maaf Pak, masih error.', at: '2026-11-23 09:00', messageId: '<a4@gmail.com>' });
  await send({ from: STAFF, subject, text: '#tugaskan Rina Wulandari', at: '2026-11-23 09:10', messageId: '<a5@lpse.test>' });
  await send({ from: STAFF, subject, text: 'Perlu LKPP.\n#prioritas tinggi\n#eskalasi', at: '2026-11-23 09:20', messageId: '<a6@lpse.test>' });
  const draft = s.outbox().find((o) => o.kind === 'escalation')!;
  // Staff complete the draft (with the root password, as the SOP has it) and send it.
  await send({
    from: 'Helpdesk LPSE Kabupaten Batang <helpdesk@lpse.test>',
    to: 'lkpp@lpse.test',
    cc: 'helpdesk@lpse.test',
    subject: `[LPSE#${ref}] Eskalasi permasalahan SPSE`,
    text: 'Data terlampir.\nPassword root: rahasia123',
    at: '2026-11-23 09:35',
    messageId: draft.messageId,
    files: [{ filename: 'error.png', content: PNG, contentType: 'image/png' }],
  });
  await send({ from: LKPP, subject: `Re: [LPSE#${ref}] Eskalasi [Tiket #LKPP-2026-11873]`, text: 'Mohon akses VPN ke server.\n#lkpp-minta-data', at: '2026-11-23 10:00', messageId: '<l1@lkpp>' });
  await send({ from: STAFF, subject, text: '#data-dikirim Akses VPN sudah dibuka.', at: '2026-11-23 10:30', messageId: '<a7@lpse.test>' });
  await send({ from: LKPP, subject: `Re: [LPSE#${ref}] [Tiket #LKPP-2026-11873]`, text: '#lkpp-selesai Cache server sudah dibersihkan.', at: '2026-11-23 13:00', messageId: '<l2@lkpp>' });
  await send({ from: STAFF, subject, text: '#tutup', at: '2026-11-23 13:30', messageId: '<a8@lpse.test>' });
});
afterAll(() => s.close());

function readArchive(dir: string) {
  const root = path.join(dir, ref);
  const list = (sub: string) => (fs.existsSync(path.join(root, sub)) ? fs.readdirSync(path.join(root, sub)).sort() : []);
  return {
    root,
    messageFiles: list('messages').map((f) => ({ name: f, bytes: fs.readFileSync(path.join(root, 'messages', f)) })),
    attachmentFiles: list('attachments').map((f) => ({ name: f, bytes: fs.readFileSync(path.join(root, 'attachments', f)) })),
    record: JSON.parse(fs.readFileSync(path.join(root, 'record.json'), 'utf8')) as CaseRecord,
    html: fs.readFileSync(path.join(root, 'record.html'), 'utf8'),
  };
}

describe('the archive of an escalated case', () => {
  it('is written automatically when the case closes', () => {
    expect(s.caseOf(ref).state).toBe('closed');
    expect(fs.existsSync(path.join(s.config.paths.archive, ref, 'record.json'))).toBe(true);
    expect(s.eventTypes(ref)).toContain('case_archived');
  });

  for (const where of ['auto', 'command'] as const) {
    describe(where === 'auto' ? 'on close, in paths.archive' : 'by archive REF --out DIR', () => {
      const dir = () => (where === 'auto' ? s.config.paths.archive : path.join(s.dir, 'exported'));
      beforeAll(async () => {
        if (where === 'auto') return;
        const lines: string[] = [];
        expect(await archiveCommand(s.config, s.store, `[LPSE#${ref}]`, { out: dir() }, (l) => lines.push(l))).toBe(0);
        expect(lines[0]).toMatch(new RegExp(`^archived ${ref} to .*: 37 messages, 2 attachments, 14 step clocks$`));
      });

      it('holds every incoming message byte for byte, but the one with the root password only redacted', () => {
        const a = readArchive(dir());
        const incoming = a.messageFiles.filter((f) => /-in-/.test(f.name));
        expect(incoming).toHaveLength(s.inputs.length);
        const withSecret = s.inputs.filter((b) => b.toString('utf8').includes('rahasia123'));
        expect(withSecret).toHaveLength(1);
        const originals = s.inputs.filter((b) => !withSecret.includes(b));
        const kept = incoming.map((f) => sha(f.bytes));
        for (const b of originals) expect(kept).toContain(sha(b));
        const redacted = incoming.filter((f) => !originals.some((b) => sha(b) === sha(f.bytes)));
        expect(redacted).toHaveLength(1);
        const text = redacted[0]!.bytes.toString('utf8');
        expect(text).not.toContain('rahasia123');
        expect(text).toContain('isi asli tidak disimpan karena memuat password');
        expect(s.store.db.select().from(messages).all()).toHaveLength(s.inputs.length);
        // Nothing under paths.files holds the password either.
        const stored = fs.readdirSync(s.config.paths.files, { recursive: true, encoding: 'utf8' });
        for (const f of stored) {
          const file = path.join(s.config.paths.files, f);
          if (fs.statSync(file).isFile()) expect(fs.readFileSync(file).toString('latin1')).not.toContain('rahasia123');
        }
      });

      it('holds every outgoing mail byte for byte, drafts included, as the transport wrote them', async () => {
        const a = readArchive(dir());
        const outgoing = a.messageFiles.filter((f) => /-out-/.test(f.name));
        const rows = s.outbox().filter((o) => o.caseId !== null);
        expect(outgoing.map((f) => sha(f.bytes)).sort()).toEqual((await Promise.all(rows.map((o) => s.mailOf(o)))).map(sha).sort());
        const sent = s.outboxFiles().map((f) => sha(fs.readFileSync(path.join(s.config.paths.outbox, f))));
        expect(outgoing.map((f) => sha(f.bytes)).sort()).toEqual(sent.sort());
        expect(outgoing.some((f) => f.name.endsWith('-out-escalation.eml'))).toBe(true);
      });

      it('holds every attachment byte for byte under its sanitised name', () => {
        const a = readArchive(dir());
        expect(a.attachmentFiles.map((f) => f.name)).toEqual(['Surat Permohonan.pdf', 'error.png']);
        expect(a.attachmentFiles.find((f) => f.name === 'error.png')!.bytes.equals(PNG)).toBe(true);
        expect(a.attachmentFiles.find((f) => f.name === 'Surat Permohonan.pdf')!.bytes.equals(PDF)).toBe(true);
        // The sent escalation's copy carried the screenshot again: listed, kept once.
        expect(a.record.attachments.map((x) => x.file)).toEqual(['attachments/error.png', 'attachments/Surat Permohonan.pdf', 'attachments/error.png']);
      });

      it('lists the messages in the order they happened, each with its file', () => {
        const a = readArchive(dir());
        expect(a.record.messages).toHaveLength(a.messageFiles.length);
        expect(a.record.messages.map((m) => m.file)).toEqual(a.messageFiles.map((f) => `messages/${f.name}`));
        expect(a.record.messages[0]).toMatchObject({ direction: 'in', from: 'pokja3.batang@gmail.com', messageId: '<a1@gmail.com>' });
        expect(a.record.messages[1]).toMatchObject({ direction: 'out', kind: 'ack_missing' });
        const times = a.record.messages.map((m) => m.at);
        expect([...times].sort()).toEqual(times);
      });

      it('records all eleven SOP steps with owner, start, due, stop and met/breached', () => {
        const { record } = readArchive(dir());
        expect(record.sopSteps).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'].map((step) => ({ step, passed: true })));
        expect(record.steps.map((k) => k.step)).toEqual(['1a', '1b', '1c', '2', '3', '2', '4', '5', '6', '7', '8', '9', '10', '11']);
        for (const k of record.steps) {
          expect(k.stoppedAt).not.toBeNull();
          expect(['met', 'breached']).toContain(k.status);
          expect(k.status === 'met').toBe(Date.parse(k.stoppedAt!) <= Date.parse(k.dueAt));
        }
        // LKPP took 25 minutes for its 15-minute step 5.
        expect(record.steps.find((k) => k.step === '5')).toMatchObject({ owner: 'lkpp', status: 'breached', workingMinutes: 25 });
        expect(record.steps.find((k) => k.step === '1c')).toMatchObject({ owner: 'reporter', startedAt: '2026-11-23T01:00:00.000Z', stoppedAt: '2026-11-23T01:30:00.000Z', status: 'met' });
      });

      it('records the reporter, the problem, the staff and LKPP actions and the outcome, without the password', () => {
        const { record, html } = readArchive(dir());
        expect(record.reporter).toMatchObject({ email: 'pokja3.batang@gmail.com', committeeName: 'Pokja Pemilihan 3', userId: 'pokja3btg', tenderCode: '10034567000', phone: '+6281227459910' });
        expect(record.problem.symptoms).toEqual(['error_notification']);
        expect(record.problem.description).toContain('maaf operasi yang anda lakukan salah');
        expect(record).toMatchObject({ priority: 'tinggi', assignee: 'Rina Wulandari', lkppTicket: 'LKPP-2026-11873', outcome: { code: 'solved_by_lkpp' } });
        const acts = record.actions.filter((x) => x.by !== 'reporter').map((x) => `${x.by}:${x.command ?? x.type}`);
        expect(acts).toEqual([
          'staff:resolve',
          'system:case_reopened', // the committee's "masih error" reopened it
          'staff:assign',
          'staff:priority',
          'staff:escalate',
          'staff:escalation_sent',
          'lkpp:lkpp_request',
          'staff:data_sent',
          'lkpp:lkpp_resolved',
          'staff:close',
        ]);
        expect(html).toContain('FORMULIR KONSULTASI');
        expect(html).toContain('2026-0001');
        expect(html).toContain('Diselesaikan oleh Helpdesk LKPP');
        for (const out of [JSON.stringify(record), html]) expect(out).not.toContain('rahasia123');
        expect(html).not.toMatch(/<script|<img|https?:\/\//i);
      });
    });
  }

  it('is rewritten whole when the closed case changes, and an unknown case is refused', async () => {
    await send({ from: REPORTER, subject, text: 'Terima kasih, sudah normal.', at: '2026-11-23 14:00', messageId: '<a9@gmail.com>' });
    const a = readArchive(s.config.paths.archive);
    expect(a.messageFiles.filter((f) => /-in-/.test(f.name))).toHaveLength(s.inputs.length);
    expect(fs.readdirSync(s.config.paths.archive).filter((f) => f.startsWith('.'))).toEqual([]);
    const lines: string[] = [];
    expect(await archiveCommand(s.config, s.store, '2026-9999', { out: path.join(s.dir, 'x') }, (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual(['no case 2026-9999']);
  });
});
