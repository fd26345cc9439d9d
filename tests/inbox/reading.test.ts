/**
 * The reading as a whole: the superset the workflow and the store use (addresses, date,
 * authentication results, bounce links), framing repairs, and what is not a message at all.
 */
import { toContract } from '../../src/inbox/contract';
import { readMessage } from '../../src/inbox/reading';
import { UnparseableMessage } from '../../src/inbox/unparseable';
import { COMMITTEE, mail } from './mail';

const OPTS = { tagPrefix: 'LPSE' };

test('addresses lowercased, display name, date, authentication results, threading headers', async () => {
  const r = await readMessage(
    mail(
      {
        ...COMMITTEE,
        From: '"Pokja Pemilihan 3" <Pokja3@BatangKab.go.id>',
        To: 'Helpdesk <HELPDESK@lpse.batangkab.go.id>, staf@lpse.batangkab.go.id',
        Cc: 'Tim: Ketua@batangkab.go.id, anggota@batangkab.go.id;',
        Date: 'Mon, 5 Jan 2026 10:42:17 +0700',
        Subject: 'Re: [LPSE#2026-0042] data',
        'In-Reply-To': '<a@lpse>',
        References: '<x@lpse>\r\n <a@lpse>',
        'Authentication-Results': 'mx.lpse.batangkab.go.id;\r\n dkim=pass header.d=batangkab.go.id;\r\n dmarc=pass',
      },
      'Kode Tender: 10034567000',
    ),
    OPTS,
  );
  expect(r.from).toBe('pokja3@batangkab.go.id');
  expect(r.fromName).toBe('Pokja Pemilihan 3');
  expect(r.to).toEqual(['helpdesk@lpse.batangkab.go.id', 'staf@lpse.batangkab.go.id']);
  expect(r.cc).toEqual(['ketua@batangkab.go.id', 'anggota@batangkab.go.id']);
  expect(r.date?.toISOString()).toBe('2026-01-05T03:42:17.000Z');
  expect(r.authResults).toEqual(['mx.lpse.batangkab.go.id; dkim=pass header.d=batangkab.go.id; dmarc=pass']);
  expect(r.inReplyTo).toBe('<a@lpse>');
  expect(r.references).toEqual(['<x@lpse>', '<a@lpse>']);
  expect(r.caseRef).toBe('2026-0042');
});

test('a date the message gets wrong is no date, not "now"', async () => {
  expect((await readMessage(mail({ ...COMMITTEE, Date: 'Wed, 15 Dec 2010    59:10 -0500' }, 'x'), OPTS)).date).toBeNull();
  expect((await readMessage(mail(COMMITTEE, 'x'), OPTS)).date).toBeNull();
});

test.each([
  ['[LPSE#2026-0042]', '2026-0042'],
  ['RE: [lpse # 2026-42] data', '2026-0042'],
  ['[LPSE#2026-12345] data', '2026-12345'],
  ['[OTHER#2026-0042]', null],
  ['LPSE#2026-0042 without brackets', null],
])('case reference in %j', async (subject, ref) => {
  expect((await readMessage(mail({ ...COMMITTEE, Subject: subject }, 'x'), OPTS)).caseRef).toBe(ref);
});

test('the tag prefix comes from config', async () => {
  expect((await readMessage(mail({ ...COMMITTEE, Subject: '[HD#2026-0001] x' }, 'x'), { tagPrefix: 'HD' })).caseRef).toBe('2026-0001');
});

test.each([
  ['empty file', Buffer.alloc(0)],
  ['binary data where the headers should be', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x0a, 0x0a])],
  ['no message headers found', Buffer.from('Halo helpdesk,\nkode tender 10034567000\n')],
])('%s: UnparseableMessage with that one-line reason', async (reason, bytes) => {
  await expect(readMessage(bytes, OPTS)).rejects.toThrow(UnparseableMessage);
  await expect(readMessage(bytes, OPTS)).rejects.toMatchObject({ reason });
});

test('framing faults are repaired: mbox From line, bare CR line ends, blank lines before the headers', async () => {
  const base = 'From: pokja3@batangkab.go.id\nSubject: x\n\nKode Tender: 10034567000\n';
  for (const raw of [`From pokja3@batangkab.go.id Mon Jan  5 10:00:00 2026\n${base}`, base.replace(/\n/g, '\r'), `\n\n${base}`]) {
    const r = await readMessage(Buffer.from(raw), OPTS);
    expect(r.from).toBe('pokja3@batangkab.go.id');
    expect(r.fields.tenderCode).toBe('10034567000');
  }
});

test('a multipart message whose parts never open reads its raw body', async () => {
  const r = await readMessage(mail({ ...COMMITTEE, 'Content-Type': 'multipart/alternative; boundary=zzz' }, 'Kode Tender: 10034567000\n'), OPTS);
  expect(r.freshText).toBe('Kode Tender: 10034567000');
});

test('a forwarded message attached as .eml is part of the report', async () => {
  const inner = 'From: Pokja 8 <pokja8@batangkab.go.id>\r\nSubject: Error\r\nDate: Tue, 13 Jan 2026 08:55:00 +0700\r\n\r\nKode Tender: 10034576000\r\n';
  const body = `--b\r\nContent-Type: text/plain\r\n\r\nTerlampir.\r\n--b\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="laporan.eml"\r\n\r\n${inner}--b--\r\n`;
  const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Fwd: Error', 'Content-Type': 'multipart/mixed; boundary="b"' }, body), OPTS);
  expect(r.fields.tenderCode).toBe('10034576000');
  expect(r.freshText).toContain('From: Pokja 8 <pokja8@batangkab.go.id>');
  expect(toContract(r).attachments.map((a) => [a.filename, a.contentType])).toEqual([['laporan.eml', 'message/rfc822']]);
});

test('a screenshot is a part whose bytes are an image, whatever it claims', async () => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
  const body = `--b\r\nContent-Type: text/plain\r\n\r\nlihat lampiran\r\n--b\r\nContent-Type: application/octet-stream; name="bukti"\r\nContent-Transfer-Encoding: base64\r\n\r\n${png.toString('base64')}\r\n--b\r\nContent-Type: image/png; name="fake.png"\r\n\r\nnot a png at all\r\n--b--\r\n`;
  const r = await readMessage(mail({ ...COMMITTEE, 'Content-Type': 'multipart/mixed; boundary="b"' }, body), OPTS);
  expect(toContract(r).attachments.map((a) => [a.filename, a.contentType, a.screenshot])).toEqual([
    ['bukti', 'image/png', true],
    ['fake.png', 'application/octet-stream', false],
  ]);
  expect(r.attachments[1]?.claimedContentType).toBe('image/png');
  expect(r.missing).not.toContain('screenshot');
});

test('a password in a staff mail is masked in the fresh text and command args, and the reading says so', async () => {
  const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Re: [LPSE#2026-0160] akses' }, '#data-dikirim IP 10.0.0.5 port 22, password root: S3cr3t!x\n'), OPTS);
  expect(r.commands).toEqual([{ name: 'data_sent', args: 'IP 10.0.0.5 port 22, password root: [disembunyikan]' }]);
  expect(r.freshText).not.toContain('S3cr3t!x');
  expect(r.secretsRedacted).toBe(true);
  expect((await readMessage(mail(COMMITTEE, 'Kode Tender: 10034567000'), OPTS)).secretsRedacted).toBe(false);
});

test('a forward of the helpdesk\'s own mail is not report data (a stranger forwarding another case\'s acknowledgement)', async () => {
  const body = [
    'Paket kami juga kembali ke halaman utama.',
    'Kode Tender: 10052233000',
    '',
    '---------- Forwarded message ---------',
    'From: Helpdesk LPSE <helpdesk@lpse.batangkab.go.id>',
    'Date: Kam, 26 Nov 2026 07.42',
    'Subject: [LPSE#2026-0001] Laporan telah kami terima',
    'To: <pokja3@batangkab.go.id>',
    '',
    'Nama Pokja Pemilihan: Pokja Pemilihan 3',
    'User ID SPSE: pokja3btg',
  ].join('\n');
  const raw = mail({ ...COMMITTEE, From: 'pokja.dishub@batangkab.go.id', Subject: 'Fwd: [LPSE#2026-0001] error juga' }, body);
  const ours = await readMessage(raw, { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.batangkab.go.id'] });
  expect(ours.fields).toMatchObject({ committeeName: null, userId: null, tenderCode: '10052233000' });
  expect(ours.freshText).not.toContain('pokja3btg');
  // Without knowing our address, the forwarded lines are someone's report data.
  const blind = await readMessage(raw, { tagPrefix: 'LPSE' });
  expect(blind.fields.userId).toBe('pokja3btg');
});

describe('issue 10 additions to the reading', () => {
  test('stillBroken reads the sender\'s own words only, not what they quote or forward', async () => {
    const quoted = 'Sudah bisa, terima kasih.\n\nPada Sen, 30 Nov 2026 08.00 Helpdesk <helpdesk@lpse.batangkab.go.id> menulis:\n> Jika masih error, balas email ini.\n> masih error\n';
    expect((await readMessage(mail({ ...COMMITTEE, Subject: 'Re: [LPSE#2026-0042] selesai' }, quoted), OPTS)).stillBroken).toBe(false);
    const again = 'Mohon maaf pak, masih error saat upload.\n\nPada Sen, 30 Nov 2026 08.00 Helpdesk <helpdesk@lpse.batangkab.go.id> menulis:\n> Kasus telah selesai.\n';
    expect((await readMessage(mail({ ...COMMITTEE, Subject: 'Re: [LPSE#2026-0042] selesai' }, again), OPTS)).stillBroken).toBe(true);
    const forwarded = 'Terima kasih, sudah normal.\n\n---------- Forwarded message ---------\nFrom: Pokja 8 <pokja8@batangkab.go.id>\nDate: Tue, 13 Jan 2026 at 08:55\nSubject: x\n\nmasih error pak\n';
    expect((await readMessage(mail({ ...COMMITTEE, Subject: 'Fwd: x' }, forwarded), OPTS)).stillBroken).toBe(false);
  });

  test('misplaced commands reach the reading', async () => {
    const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Re: [LPSE#2026-0042] x' }, 'Sudah saya cek, tolong #selesai ya.\n- #catatan ditelepon'), OPTS);
    expect(r.misplacedCommands).toEqual(['resolve']);
    expect(r.commands).toEqual([{ name: 'note', args: 'ditelepon' }]);
  });

  test('the new fields cross the worker boundary as a structured clone, dates as dates', async () => {
    const body = '#kasus-baru\nEmail: pokja3@batangkab.go.id\nUser ID: pokja3btg\n\n---------- Forwarded message ---------\nFrom: Pokja 8 <pokja8@batangkab.go.id>\nDate: Tue, 13 Jan 2026 at 08:55\nSubject: Error\n\nKode Tender: 10034576000\n';
    const r = await readMessage(mail({ ...COMMITTEE, From: 'Rina <rina@lpse.batangkab.go.id>', Subject: 'Fwd: Error' }, body), OPTS);
    const clone = structuredClone(r);
    // structuredClone makes its Date in Node's realm, not jest's: ask its kind, not its constructor.
    expect(Object.prototype.toString.call(clone.forwarded?.date)).toBe('[object Date]');
    expect(clone.forwarded?.date?.toISOString()).toBe('2026-01-13T01:55:00.000Z');
    expect({ ...clone, attachments: [] }).toEqual({ ...r, attachments: [] });
    expect(clone.phoneReport?.reporter).toBe('pokja3@batangkab.go.id');
  });

  test('the parse --json contract is unchanged: none of the new fields are in it', async () => {
    const r = await readMessage(mail(COMMITTEE, 'masih error\nKode Tender: 10034567000'), OPTS);
    expect(Object.keys(toContract(r))).toEqual(['messageId', 'from', 'subject', 'kind', 'caseRef', 'inReplyTo', 'references', 'freshText', 'fields', 'missing', 'symptoms', 'attachments', 'commands']);
  });
});
