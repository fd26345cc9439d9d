/**
 * Never answer machines or lists (issue 9, point 5): mailing-list mail, no-reply senders,
 * feedback reports, provider JSON notifications and body-only out-of-office texts get no
 * automatic mail of any kind; each is recorded, and one that threads to a case is on its log.
 * The fixtures in no-answer/ are our own, in the shapes Gmail, Outlook/Exchange and Zimbra send,
 * and (tester finding 6) lists without List-* headers, no-reply words inside an address, robot
 * mailboxes, bulk mail, Exchange's system mail, "do not reply" notices, challenge screens and the
 * bounces of Domino, MDaemon, Barracuda and Indonesian-language servers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { messages } from '../../src/store/schema';
import { readMessage } from '../../src/inbox/reading';
import { PNG, REPORT, Scenario } from './scenario-kit';

const DIR = path.join(__dirname, 'no-answer');
const FIXTURES = fs.readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort();
const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';

let s: Scenario;
beforeEach(() => (s = new Scenario()));
afterEach(() => s.close());

/** Outbox rows to anyone but staff: answers, in any form. */
function answers(sc: Scenario): string[] {
  const staff = new Set(sc.config.staff.map((m) => m.email));
  return sc.outbox().filter((o) => o.toAddrs.some((a) => !staff.has(a))).map((o) => `${o.kind}->${o.toAddrs.join(',')}`);
}

test('the fixture set covers every kind, several examples each', () => {
  const count = (prefix: string) => FIXTURES.filter((f) => f.startsWith(prefix)).length;
  expect(count('list-')).toBeGreaterThanOrEqual(4);
  expect(count('ooo-id-')).toBeGreaterThanOrEqual(4);
  expect(count('ooo-en-')).toBeGreaterThanOrEqual(4);
  expect(count('arf-') + count('ses-') + count('sns-')).toBeGreaterThanOrEqual(5);
  expect(FIXTURES.filter((f) => /^(?:no|do-not|donot|bounce|abuse)/.test(f)).length).toBeGreaterThanOrEqual(7);
  for (const prefix of ['noreply-infix-', 'robot-', 'bulk-', 'auto-suppress-', 'notice-id-', 'notice-en-', 'challenge-', 'dsn-domino-', 'dsn-mdaemon-', 'dsn-barracuda-', 'dsn-id-']) {
    expect({ prefix, enough: count(prefix) >= 2 }).toEqual({ prefix, enough: true });
  }
});

// What each family must read as: a bounce links to what we sent, the rest keep design.md's kind.
const READS_AS: ReadonlyArray<[RegExp, { kind: string; noAnswer: string | null }]> = [
  [/^list-(?:ezmlm|mailman|errors)/, { kind: 'human', noAnswer: 'mailing_list' }],
  // SmartList stamps X-Loop, as ticket robots do.
  [/^list-smartlist/, { kind: 'auto_reply', noAnswer: 'mailing_list' }],
  [/^(?:noreply-infix|robot)-/, { kind: 'human', noAnswer: 'noreply_sender' }],
  [/^bulk-/, { kind: 'human', noAnswer: 'bulk_mail' }],
  [/^(?:auto-suppress|notice|challenge|loop)-/, { kind: 'auto_reply', noAnswer: null }],
  [/^dsn-/, { kind: 'bounce', noAnswer: null }],
];

test.each(FIXTURES.filter((f) => READS_AS.some(([re]) => re.test(f))))('%s reads as its family', async (file) => {
  const r = await readMessage(fs.readFileSync(path.join(DIR, file)), { tagPrefix: 'LPSE' });
  const want = READS_AS.find(([re]) => re.test(file))?.[1];
  expect({ kind: r.kind, noAnswer: r.noAnswer }).toEqual(want);
});

describe.each(FIXTURES)('%s', (file) => {
  it('opens no case, gets no answer, and is recorded; one carrying report data is relayed to staff', async () => {
    const receipt = await s.process(path.join(DIR, file));
    expect(receipt.caseRef).toBeNull();
    expect(answers(s)).toEqual([]);
    const row = s.store.db.select().from(messages).where(eq(messages.messageId, receipt.messageId)).get();
    expect(row).toBeDefined();
    if (receipt.handling === 'relay_unmatched') {
      expect(s.outbox().map((o) => o.kind)).toEqual(['staff_relay_unmatched']);
    } else {
      expect(receipt.disposition).toBe('ignored');
      expect(row).toMatchObject({ disposition: 'ignored' });
    }
  });
});

describe('never-answer mail that threads to a case', () => {
  async function openCase(): Promise<string> {
    await s.send({ from: REPORTER, subject: 'Error evaluasi tender', text: REPORT, at: '2026-11-26 07:41', messageId: '<r1@gmail.com>', screenshot: true });
    const ack = s.outbox().find((o) => o.kind === 'ack_complete');
    if (!ack) throw new Error('no ack');
    return ack.messageId;
  }

  it('an out-of-office reply from the reporter to our ack is logged on the case, not answered', async () => {
    const ack = await openCase();
    const before = s.outbox().length;
    await s.send({
      from: REPORTER,
      subject: 'Re: [LPSE#2026-0001] Laporan diterima',
      text: 'Mohon maaf, saya sedang cuti hingga 2 Desember 2026 dan akan membalas email setelah kembali ke kantor.',
      at: '2026-11-26 07:45',
      messageId: '<ooo1@gmail.com>',
      inReplyTo: ack,
    });
    expect(s.outbox().slice(before)).toEqual([]);
    expect(s.eventTypes('2026-0001')).toContain('message_ignored');
  });

  it('an auto-reply that carries only the case tag (no In-Reply-To) is logged on that case too', async () => {
    await openCase();
    const before = s.outbox().length;
    await s.send({
      from: REPORTER,
      subject: 'Balasan otomatis: [LPSE#2026-0001] Laporan diterima',
      text: 'Terima kasih, pesan Anda sudah kami terima.',
      at: '2026-11-26 07:46',
      messageId: '<auto-tag@gmail.com>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(s.outbox().slice(before)).toEqual([]);
    expect(s.eventTypes('2026-0001')).toContain('message_ignored');
  });

  it('a list copy of the case thread is logged on the case and never answered', async () => {
    const ack = await openCase();
    const before = s.outbox().length;
    await s.send({
      from: 'Pokja Batang <pokja-batang@googlegroups.com>',
      subject: 'Re: [LPSE#2026-0001] Laporan diterima',
      text: 'Diteruskan ke grup untuk informasi.',
      at: '2026-11-26 07:50',
      messageId: '<list1@googlegroups.com>',
      inReplyTo: ack,
      headers: { 'List-Id': '<pokja-batang.googlegroups.com>', 'List-Unsubscribe': '<mailto:pokja-batang+unsubscribe@googlegroups.com>' },
    });
    expect(s.outbox().slice(before)).toEqual([]);
    expect(s.eventTypes('2026-0001')).toContain('message_ignored');
  });
});

describe('people who mention being away are still answered', () => {
  it('a report with its data that says the writer is on leave opens a case and is acknowledged', async () => {
    const text = `Saya sedang cuti, tetapi rekan saya meminta saya melaporkan kendala ini.\n\n${REPORT}`;
    await s.send({ from: REPORTER, subject: 'Error evaluasi tender', text, at: '2026-11-26 07:41', messageId: '<r2@gmail.com>', screenshot: true });
    expect(answers(s)).toEqual(['ack_complete->pokja3.batang@gmail.com']);
  });

  it('a short absence note with a screenshot is a report, not an absence note', async () => {
    const file = await s.eml({
      from: REPORTER,
      subject: 'Mohon dicek',
      text: 'Saya sedang dinas luar, mohon dicek tampilan di lampiran.',
      at: '2026-11-26 07:41',
      messageId: '<r3@gmail.com>',
      files: [{ filename: 'layar.png', content: PNG, contentType: 'image/png' }],
    });
    expect((await readMessage(fs.readFileSync(file), { tagPrefix: 'LPSE' })).kind).toBe('human');
  });
});

describe("people whose mail looks a little like a machine's are still answered", () => {
  const FORWARDED_NOTICE = [
    'Mohon bantuan, notifikasi ini muncul terus sejak kemarin.',
    '',
    '---------- Forwarded message ---------',
    'From: SPSE Notifikasi <spse-noreply@lpse.batangkab.go.id>',
    'Date: Rab, 25 Nov 2026 pukul 16.02',
    'Subject: Jadwal evaluasi berubah',
    '',
    'Jadwal evaluasi paket Anda telah berubah.',
    'Email ini dikirim secara otomatis, mohon tidak membalas email ini.',
  ].join('\n');

  test.each<[string, { from?: string; subject?: string; text: string; headers?: Record<string, string> }]>([
    ['a Gmail report asking us not to write to an old address', { text: 'Mohon tidak membalas ke alamat lama pokja3@yahoo.co.id, balas ke alamat ini saja. Aplikasi SPSE error saat membuka jadwal.' }],
    ['an English note about an old address', { text: 'Please do not reply to my old address any more; use this one. The upload keeps failing.' }],
    ['an Outlook report (Thread-Index) that carries X-Auto-Response-Suppress', { headers: { 'Thread-Index': 'AdrA1b2C3d4E5f6G7h8I9j0K1l2M3n==', 'X-Auto-Response-Suppress': 'All', 'X-MS-Has-Attach': 'yes' }, text: 'Mohon bantuan, muncul error saat membuka jadwal evaluasi.' }],
    ["a committee's shared mailbox named notifikasi", { from: 'Pokja Pemilihan 3 <pokja.notifikasi@batangkab.go.id>', text: 'Mohon bantuan, upload dokumen gagal terus.' }],
    ['Zimbra mail relayed through Amazon SES', { headers: { 'Feedback-ID': '1.ap-southeast-1.Xy9=:AmazonSES', 'X-SES-Outgoing': '2026.11.26-54.240.1.1', 'X-Mailer': 'Zimbra 8.8.15_GA_4484 (ZimbraWebClient - GC119 (Win)/8.8.15_GA_4484)' }, text: 'Aplikasi SPSE loading terus saat membuka paket.' }],
    ['Thunderbird mail with Feedback-ID from a relay', { headers: { 'Feedback-ID': 'relay:kabupaten', 'User-Agent': 'Mozilla Thunderbird' }, text: 'Halaman selalu kembali ke beranda saat login.' }],
    ['mail sent through Mailgun by a person', { headers: { 'X-Mailgun-Tag': 'tag', 'X-Mailgun-Mailing-List-Id': '1q' }, text: 'Mohon info, kenapa upload penawaran gagal?' }],
    ['a forward of an automatic SPSE notice', { subject: 'Fwd: Jadwal evaluasi berubah', text: FORWARDED_NOTICE }],
    ['a complaint that e-mail cannot be sent', { subject: 'Email tidak dapat dikirim', text: 'Email undangan pembuktian tidak dapat dikirim ke penyedia, muncul pesan alamat tidak ditemukan.' }],
    ['a complaint about the captcha', { text: "Saat login muncul 'verifikasi bahwa Anda bukan robot' tetapi tidak bisa diklik." }],
  ])('%s', async (_name, mailSpec) => {
    await s.send({ from: REPORTER, subject: 'Kendala SPSE', at: '2026-11-26 08:10', messageId: '<ctl@gmail.com>', ...mailSpec });
    const to = (mailSpec.from ?? REPORTER).replace(/^.*<|>$/g, '');
    expect(answers(s)).toEqual([expect.stringMatching(new RegExp(`^ack_\\w+->${to.replace(/[.]/g, '\\.')}$`))]);
  });
});
