// A row's message is built at send time from its parts: the same bytes on every build (and so on
// a retry), a legacy row's raw text as it is, and a file gone since queueing left out and logged.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { storeAttachment } from '../../src/inbox/attachment-intake';
import { fromFilesDir, messageOf, type OutgoingMessage } from '../../src/outbox/message';
import { drain, enqueue, FileOutbox, SendError, type DraftSink, type OutboxHead, type Transport } from '../../src/outbox/outbox';
import { openStore, type Store } from '../../src/store/db';
import { events, outbox } from '../../src/store/schema';

const t0 = new Date('2026-11-26T02:00:00Z');
let store: Store;
let dir: string;
beforeEach(() => {
  store = openStore(':memory:');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-message-'));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const filesDir = () => path.join(dir, 'files');
const source = () => fromFilesDir(filesDir(), 'Helpdesk LPSE Kabupaten Batang');

/** A file kept as intake keeps it; returns its reference. */
function keep(filename: string, content: Buffer, contentType: string) {
  const sha256 = createHash('sha256').update(content).digest('hex');
  storeAttachment(filesDir(), { content, sha256 }, { maxBytes: Number.MAX_SAFE_INTEGER });
  return { sha256, filename, contentType, size: content.length };
}

function queueNotice(files: ReturnType<typeof keep>[], extra: Partial<typeof outbox.$inferInsert> = {}): number {
  return enqueue(store.db, {
    idempotencyKey: 'notice-1',
    caseId: null,
    kind: 'staff_new_case',
    messageId: '<3f9a1c@lpse.test>',
    fromAddr: 'helpdesk@lpse.test',
    toAddrs: ['staff1@lpse.test', 'staff2@lpse.test'],
    ccAddrs: ['staff2@lpse.test'],
    subject: '[LPSE#2026-0007] Kasus baru: upload dokumen penawaran gagal',
    text: 'Kasus baru dari Pokja Pemilihan 3.\nTangkapan layar: layar-upload.png\n',
    html: '<p>Kasus baru dari <b>Pokja Pemilihan 3</b>.</p>',
    inReplyTo: '<r1@gmail.com>',
    references: ['<r1@gmail.com>'],
    autoSubmitted: 'auto-generated',
    files,
    status: 'pending',
    createdAt: t0,
    ...extra,
  });
}

const row = (id: number) => store.db.select().from(outbox).where(eq(outbox.id, id)).get()!;

async function read(m: OutgoingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of m.stream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Reads every message it is given in full, failing the first `failures` sends after reading. */
class Reading implements Transport, DraftSink {
  seen: Buffer[] = [];
  constructor(private failures = 0) {}
  async send(_row: OutboxHead, message: OutgoingMessage) {
    this.seen.push(await read(message));
    if (this.failures-- > 0) throw new SendError('451 4.3.0 try again later', false);
  }
  async saveDraft(_row: OutboxHead, message: OutgoingMessage) {
    this.seen.push(await message.buffer());
  }
}

const drainAt = (t: Transport & DraftSink, at: Date, sentCopies = false) => drain(store.db, t, t, () => at, { source: source(), sentCopies });

describe('messageOf', () => {
  it('builds the same bytes every time: boundaries from the Message-ID, Date from the row', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(50_000)]);
    const id = queueNotice([keep('layar-upload.png', png, 'image/png')]);
    const first = await messageOf(row(id), source()).buffer();
    const second = await read(messageOf(row(id), source()));
    expect(second.equals(first)).toBe(true);
    expect(await messageOf(row(id), source()).size()).toBe(first.length);

    const mail = await simpleParser(first);
    expect(mail.messageId).toBe('<3f9a1c@lpse.test>');
    expect(mail.date?.toISOString()).toBe(t0.toISOString());
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-auto-response-suppress')).toBe('All');
    expect(mail.headers.get('in-reply-to')).toBe('<r1@gmail.com>');
    expect(mail.from?.value).toEqual([{ name: 'Helpdesk LPSE Kabupaten Batang', address: 'helpdesk@lpse.test' }]);
    expect([mail.to].flat().map((a) => a?.text)).toEqual(['staff1@lpse.test']);
    expect([mail.cc].flat().map((a) => a?.text)).toEqual(['staff2@lpse.test']);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([['layar-upload.png', 'image/png']]);
    expect(mail.attachments[0]!.content.equals(png)).toBe(true);
    expect(mail.html).toContain('<b>Pokja Pemilihan 3</b>');
  });

  it('another Message-ID gets other boundaries', async () => {
    const id = queueNotice([]);
    const other = queueNotice([], { idempotencyKey: 'notice-2', messageId: '<77b2e0@lpse.test>' });
    const boundary = (b: Buffer) => /boundary="?([^";\r\n]+)/.exec(b.toString('utf8'))?.[1];
    const a = boundary(await messageOf(row(id), source()).buffer());
    const b = boundary(await messageOf(row(other), source()).buffer());
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
  });

  it('sends a legacy row (queued before rows kept their parts) from its raw text, byte for byte', async () => {
    const raw = 'From: Helpdesk LPSE <helpdesk@lpse.test>\r\nSubject: =?UTF-8?Q?Tanda_terima?=\r\nMessage-ID: <old@lpse.test>\r\n\r\nLaporan Bapak/Ibu sudah kami terima – terima kasih.\r\n';
    enqueue(store.db, { idempotencyKey: 'old', caseId: null, kind: 'ack_complete', messageId: '<old@lpse.test>', fromAddr: 'helpdesk@lpse.test', toAddrs: ['pokja3@gmail.com'], subject: 'Tanda terima', raw, status: 'pending', createdAt: t0 });
    const t = new Reading();
    expect(await drainAt(t, t0)).toMatchObject({ sent: 1 });
    expect(t.seen[0]!.equals(Buffer.from(raw, 'utf8'))).toBe(true);
  });
});

describe('drain builds each row at its turn', () => {
  it('a retry after a failed send sends the same bytes', async () => {
    const id = queueNotice([keep('layar-upload.png', randomBytes(30_000), 'image/png')]);
    const t = new Reading(1);
    expect(await drainAt(t, t0)).toMatchObject({ sent: 0, retried: 1 });
    expect(await drainAt(t, new Date(t0.getTime() + 60_000))).toMatchObject({ sent: 1 });
    expect(t.seen).toHaveLength(2);
    expect(t.seen[1]!.equals(t.seen[0]!)).toBe(true);
    expect(row(id).status).toBe('sent');
  });

  it('a file gone since queueing: the mail goes without it, and the log says which', async () => {
    const kept = keep('pesan-error.png', randomBytes(2_000), 'image/png');
    const gone = keep('layar-penuh.png', randomBytes(3_000), 'image/png');
    const id = queueNotice([gone, kept], { caseId: null });
    fs.rmSync(path.join(filesDir(), gone.sha256.slice(0, 2), gone.sha256));
    const t = new Reading();
    expect(await drainAt(t, t0)).toMatchObject({ sent: 1, retried: 0 });
    const mail = await simpleParser(t.seen[0]!);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['pesan-error.png']);
    expect(row(id)).toMatchObject({ status: 'sent', lastError: null });
    const logged = store.db.select().from(events).where(eq(events.type, 'mail_files_missing')).all();
    expect(logged.map((e) => e.detail)).toEqual([{ outboxId: id, kind: 'staff_new_case', files: ['layar-penuh.png'], sha256: [gone.sha256] }]);
  });

  it('the file transport streams the same bytes into its .eml', async () => {
    const id = queueNotice([keep('layar-upload.png', randomBytes(20_000), 'image/png')]);
    const out = new FileOutbox(path.join(dir, 'outbox'));
    await drain(store.db, out, out, () => t0, { source: source(), sentCopies: false });
    const written = fs.readFileSync(path.join(dir, 'outbox', `${String(id).padStart(4, '0')}-staff_new_case.eml`));
    expect(written.equals(await messageOf(row(id), source()).buffer())).toBe(true);
  });

  it('the due list leaves the text, HTML and raw columns out', async () => {
    queueNotice([]);
    const heads: OutboxHead[] = [];
    const t: Transport & DraftSink = {
      send: (r) => (heads.push(r), Promise.resolve()),
      saveDraft: () => Promise.resolve(),
    };
    await drain(store.db, t, t, () => t0, { source: source(), sentCopies: false });
    expect(heads).toHaveLength(1);
    expect(Object.keys(heads[0]!).filter((k) => ['text', 'html', 'raw'].includes(k))).toEqual([]);
  });
});

describe('the transfer encoding of the text and HTML', () => {
  // What nodemailer writes when it chooses each part's encoding itself, from the same parts.
  function composedByNodemailer(r: ReturnType<typeof row>): Promise<Buffer> {
    const options = {
      from: { name: 'Helpdesk LPSE Kabupaten Batang', address: r.fromAddr },
      to: r.toAddrs.filter((a) => !r.ccAddrs.includes(a)),
      cc: r.ccAddrs.length ? r.ccAddrs : undefined,
      subject: r.subject,
      text: r.text ?? '',
      html: r.html ?? undefined,
      messageId: r.messageId,
      inReplyTo: r.inReplyTo ?? undefined,
      references: r.references,
      date: r.createdAt,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      baseBoundary: createHash('sha256').update(r.messageId).digest('hex').slice(0, 16),
    };
    return new MailComposer(options as ConstructorParameters<typeof MailComposer>[0]).compile().build();
  }

  it.each([
    ['short 7-bit lines', 'Kasus baru dari Pokja Pemilihan 3.\n', '<p>Kasus baru.</p>'],
    ['long lines and a dash', `Jadwal evaluasi – ${'tidak dapat disimpan pada aplikasi SPSE versi 4.5 '.repeat(6)}\n`, `<p>${'Kode tender 10045123000 '.repeat(20)}</p>`],
    ['mostly outside Latin', `${'ジャカルタ事務所のスクリーンショット'.repeat(20)}\nOK\n`, `<p>${'データ'.repeat(50)}</p>`],
    ['control characters', `baris\u0001satu\u001f${'x'.repeat(10)}\n`, '<p>\u000b</p>'],
  ])('%s: the bytes nodemailer chooses itself', async (_what, text, html) => {
    const r = row(queueNotice([], { text, html }));
    expect((await messageOf(r, source()).buffer()).equals(await composedByNodemailer(r))).toBe(true);
  });
});
