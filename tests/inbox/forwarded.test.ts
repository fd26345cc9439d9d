/** A committee's mail inside a staff forward: its writer, date, subject, words and report data. */
import { headerDate, senderOf } from '../../src/inbox/forwarded';
import { readMessage } from '../../src/inbox/reading';
import { mail } from './mail';

const OPTS = { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.batangkab.go.id'] };
const STAFF = { From: 'Rina Wulandari <rina@lpse.batangkab.go.id>', To: 'helpdesk@lpse.batangkab.go.id', 'Message-ID': '<fwd@lpse.batangkab.go.id>' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

const REPORT = [
  'Selamat pagi, dokumen penawaran gagal diupload, muncul notifikasi error.',
  'Nama Pokja: Pokja Pemilihan 8',
  'User ID: pokja8btg',
  'Kode Tender: 10034576000',
  'Nama Paket: Normalisasi Saluran Irigasi Desa Kedungsegog',
  'No. HP: 0813-9090-1122',
].join('\n');

describe('senderOf: the display name and address of a forward\'s From line', () => {
  test.each([
    ['Pokja Pemilihan 8 <Pokja8@BatangKab.go.id>', 'pokja8@batangkab.go.id', 'Pokja Pemilihan 8'],
    ['"Pokja Pemilihan 8" <pokja8@batangkab.go.id>', 'pokja8@batangkab.go.id', 'Pokja Pemilihan 8'],
    ['Pokja Pemilihan 8 [mailto:pokja8@batangkab.go.id]', 'pokja8@batangkab.go.id', 'Pokja Pemilihan 8'],
    ['**Pokja Pemilihan 8** <pokja8@batangkab.go.id>', 'pokja8@batangkab.go.id', 'Pokja Pemilihan 8'],
    ['pokja8@batangkab.go.id', 'pokja8@batangkab.go.id', null],
    ['<pokja8@batangkab.go.id>', 'pokja8@batangkab.go.id', null],
    ['Pokja Pemilihan 8', null, 'Pokja Pemilihan 8'],
  ])('%j', (value, address, name) => {
    expect(senderOf(value)).toEqual({ address, name });
  });
});

describe('headerDate: the dates clients write in a forward header, WIB when no zone is given', () => {
  test.each([
    ['Wed, 14 Jan 2026 09:40:03 +0700', '2026-01-14T02:40:03.000Z'],
    ['Tue, 13 Jan 2026 at 08:55', '2026-01-13T01:55:00.000Z'],
    ['Sel, 13 Jan 2026 pukul 08.55', '2026-01-13T01:55:00.000Z'],
    ['Kamis, 15 Januari 2026 08.55', '2026-01-15T01:55:00.000Z'],
    ['Monday, November 30, 2026 8:00 AM', '2026-11-30T01:00:00.000Z'],
    ['Monday, November 30, 2026 1:15 PM', '2026-11-30T06:15:00.000Z'],
    ['13 January 2026 at 08.55.00 WIB', '2026-01-13T01:55:00.000Z'],
    ['30 November 2026 pukul 10.05.00 WITA', '2026-11-30T02:05:00.000Z'],
    ['30 Nov 2026, at 09:00, GMT+7', '2026-11-30T02:00:00.000Z'],
    ['Mon, 30 Nov 2026 02:00:00 +0000', '2026-11-30T02:00:00.000Z'],
    ['30/11/2026 08:00', '2026-11-30T01:00:00.000Z'],
    ['2026-11-30 08:00', '2026-11-30T01:00:00.000Z'],
    ['Kam, 29 Jan 2026 pada 9:15', '2026-01-29T02:15:00.000Z'],
    ['Senin, 30 Nopember 2026', '2026-11-29T17:00:00.000Z'],
  ])('%j', (value, iso) => {
    expect(headerDate(value)?.toISOString()).toBe(iso);
  });

  test.each(['kemarin sore', '31 November 2026 08:00', '', 'Monday 25:00'])('no date in %j', (value) => {
    expect(headerDate(value)).toBeNull();
  });
});

describe('inline forwards in the clients staff use', () => {
  test.each([
    ['Gmail', `---------- Forwarded message ---------\nFrom: Pokja Pemilihan 8 <pokja8@batangkab.go.id>\nDate: Tue, 13 Jan 2026 at 08:55\nSubject: Error SPSE saat upload\nTo: Rina <rina@lpse.batangkab.go.id>\n\n\n${REPORT}\n`],
    ['Gmail, Indonesian', `---------- Pesan terusan ---------\nDari: Pokja Pemilihan 8 <pokja8@batangkab.go.id>\nTanggal: Sel, 13 Jan 2026 pukul 08.55\nSubjek: Error SPSE saat upload\nKepada: Rina <rina@lpse.batangkab.go.id>\n\n${REPORT}\n`],
    ['Outlook, English', `________________________________\nFrom: Pokja Pemilihan 8 [mailto:pokja8@batangkab.go.id]\nSent: Tuesday, January 13, 2026 8:55 AM\nTo: Rina Wulandari\nSubject: Error SPSE saat upload\n\n${REPORT}\n`],
    ['Outlook, Indonesian', `________________________________\nDari: Pokja Pemilihan 8 <pokja8@batangkab.go.id>\nDikirim: Selasa, 13 Januari 2026 08.55\nKepada: Rina Wulandari <rina@lpse.batangkab.go.id>\nPerihal: Error SPSE saat upload\n\n${REPORT}\n`],
    ['Outlook HTML (bold labels)', `-----Original Message-----\n*From:* Pokja Pemilihan 8 <pokja8@batangkab.go.id>\n*Sent:* Tuesday, January 13, 2026 8:55 AM\n*To:* Rina Wulandari\n*Subject:* Error SPSE saat upload\n\n${REPORT}\n`],
    ['Thunderbird', `-------- Forwarded Message --------\nSubject: \tError SPSE saat upload\nDate: \tTue, 13 Jan 2026 08:55:00 +0700\nFrom: \tPokja Pemilihan 8 <pokja8@batangkab.go.id>\nTo: \trina@lpse.batangkab.go.id\n\n${REPORT}\n`],
    ['Thunderbird, Indonesian', `-------- Pesan Diteruskan --------\nSubjek: \tError SPSE saat upload\nTanggal: \tTue, 13 Jan 2026 08:55:00 +0700\nDari: \tPokja Pemilihan 8 <pokja8@batangkab.go.id>\nKepada: \trina@lpse.batangkab.go.id\n\n${REPORT}\n`],
    ['Apple Mail', `Begin forwarded message:\n\nFrom: Pokja Pemilihan 8 <pokja8@batangkab.go.id>\nSubject: Error SPSE saat upload\nDate: 13 January 2026 at 08.55.00 WIB\nTo: rina@lpse.batangkab.go.id\n\n${REPORT}\n`],
    ['Apple Mail, Indonesian', `Awal pesan yang diteruskan:\n\nDari: Pokja Pemilihan 8 <pokja8@batangkab.go.id>\nPerihal: Error SPSE saat upload\nTanggal: 13 Januari 2026 pukul 08.55.00 WIB\nKepada: rina@lpse.batangkab.go.id\n\n${REPORT}\n`],
  ])('%s', async (_client, forward) => {
    const subject = forward.startsWith('____') || forward.startsWith('-----Original') ? 'FW: Error SPSE saat upload' : 'Fwd: Error SPSE saat upload';
    const r = await readMessage(mail({ ...STAFF, Subject: subject }, `Mohon dibantu, laporan Pokja 8 lewat WA saya teruskan.\n\n${forward}`), OPTS);
    expect(r.forwarded).toMatchObject({
      from: 'pokja8@batangkab.go.id',
      fromName: 'Pokja Pemilihan 8',
      subject: 'Error SPSE saat upload',
      via: 'inline',
      fields: { committeeName: 'Pokja Pemilihan 8', userId: 'pokja8btg', tenderCode: '10034576000', tenderName: 'Normalisasi Saluran Irigasi Desa Kedungsegog', phone: '+6281390901122' },
      missing: ['screenshot'],
      symptoms: ['error_notification', 'upload_failed'],
    });
    expect(r.forwarded?.date?.toISOString()).toBe('2026-01-13T01:55:00.000Z');
    // The forwarder's words are theirs, not the committee's.
    expect(r.forwarded?.text.startsWith('Selamat pagi, dokumen penawaran gagal diupload')).toBe(true);
    expect(r.forwarded?.text).not.toContain('Mohon dibantu');
    expect(r.forwarded?.text).not.toContain('pokja8@batangkab.go.id');
  });

  test.each([
    [
      'Gmail, HTML only',
      'Fwd: Error SPSE',
      '<div dir="ltr">Mohon dibantu.<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Pokja Pemilihan 8</strong> <span dir="auto">&lt;<a href="mailto:pokja8@batangkab.go.id">pokja8@batangkab.go.id</a>&gt;</span><br>Date: Tue, 13 Jan 2026 at 08:55<br>Subject: Error SPSE<br>To: &lt;<a href="mailto:rina@lpse.batangkab.go.id">rina@lpse.batangkab.go.id</a>&gt;<br></div><br><br><div dir="ltr">Upload gagal.<br>Kode Tender: 10034576000</div></div></div>',
    ],
    [
      'Outlook, HTML only (no blank line under the header)',
      'FW: Error SPSE',
      '<html><body><p>Mohon dibantu.</p><div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal"><b>From:</b> Pokja Pemilihan 8 &lt;pokja8@batangkab.go.id&gt;<br><b>Sent:</b> Tuesday, January 13, 2026 8:55 AM<br><b>To:</b> Rina Wulandari &lt;rina@lpse.batangkab.go.id&gt;<br><b>Subject:</b> Error SPSE</p></div><p>Upload gagal.</p><p>Kode Tender: 10034576000</p></body></html>',
    ],
  ])('%s', async (_client, subject, html) => {
    const r = await readMessage(mail({ ...STAFF, Subject: subject, 'Content-Type': 'text/html; charset=utf-8' }, html), OPTS);
    expect(r.forwarded).toMatchObject({ from: 'pokja8@batangkab.go.id', fromName: 'Pokja Pemilihan 8', subject: 'Error SPSE', text: 'Upload gagal.\nKode Tender: 10034576000', symptoms: ['upload_failed'] });
    expect(r.forwarded?.fields.tenderCode).toBe('10034576000');
  });

  test('Yahoo\'s attribution line introduces a forward too', async () => {
    const body = 'Mohon ditindaklanjuti.\n\n  Pada Kam, 29 Jan 2026 pada 9:15, Ketua Pokja 32<Ketua.Pokja32@gmail.com> menulis:\nMohon diteruskan ke LPSE: user id pokja32btg, kode tender 10034594000, loading terus tidak selesai.';
    const r = await readMessage(mail({ ...STAFF, Subject: 'Fwd: error spse' }, body), OPTS);
    expect(r.forwarded).toMatchObject({ from: 'ketua.pokja32@gmail.com', fromName: 'Ketua Pokja 32', subject: '', via: 'inline', symptoms: ['endless_loading'] });
    expect(r.forwarded?.fields).toMatchObject({ userId: 'pokja32btg', tenderCode: '10034594000' });
    expect(r.forwarded?.date?.toISOString()).toBe('2026-01-29T02:15:00.000Z');
  });

  test('an Outlook Exchange forward with a name and no address keeps the name', async () => {
    const body = 'Mohon dibantu.\n\n________________________________\nFrom: Pokja Pemilihan 8\nSent: Tuesday, January 13, 2026 8:55 AM\nTo: Rina Wulandari\nSubject: Error\n\nKode Tender: 10034576000\n';
    const r = await readMessage(mail({ ...STAFF, Subject: 'FW: Error' }, body), OPTS);
    expect(r.forwarded).toMatchObject({ from: null, fromName: 'Pokja Pemilihan 8', subject: 'Error' });
  });

  test('a password in the forwarded mail is masked in its text and fields', async () => {
    const body = `---------- Forwarded message ---------\nFrom: Pokja 8 <pokja8@batangkab.go.id>\nDate: Tue, 13 Jan 2026 at 08:55\nSubject: akses\n\nUser ID: pokja8btg password: Rahasia#2026\n`;
    const r = await readMessage(mail({ ...STAFF, Subject: 'Fwd: akses' }, body), OPTS);
    expect(r.forwarded?.text).not.toContain('Rahasia#2026');
    expect(JSON.stringify(r.forwarded)).not.toContain('Rahasia#2026');
  });

  test('no forward, a forward of our own mail, and a bounce give none', async () => {
    expect((await readMessage(mail({ ...STAFF, Subject: 'Fwd: x' }, 'Mohon dibantu, Pokja 8 error upload.'), OPTS)).forwarded).toBeNull();
    const ours = 'Lihat ini.\n\n---------- Forwarded message ---------\nFrom: Helpdesk LPSE <helpdesk@lpse.batangkab.go.id>\nDate: Tue, 13 Jan 2026 at 08:55\nSubject: [LPSE#2026-0001] Laporan telah kami terima\nTo: <pokja3@batangkab.go.id>\n\nKode Tender: 10034567000\n';
    expect((await readMessage(mail({ ...STAFF, Subject: 'Fwd: [LPSE#2026-0001] x' }, ours), OPTS)).forwarded).toBeNull();
    const bounce = mail(
      { From: 'Mail Delivery System <MAILER-DAEMON@mx.example>', To: 'helpdesk@lpse.batangkab.go.id', Subject: 'Undelivered Mail Returned to Sender', 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"' },
      '--b\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.example.\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: Pokja 8 <pokja8@batangkab.go.id>\r\nSubject: x\r\n\r\nKode Tender: 10034576000\r\n--b--\r\n',
    );
    const r = await readMessage(bounce, OPTS);
    expect(r.kind).toBe('bounce');
    expect(r.forwarded).toBeNull();
  });
});

describe('a committee mail attached as .eml', () => {
  const inner = (extra: string): string =>
    [
      'From: "Pokja Pemilihan 8" <Pokja8@batangkab.go.id>',
      'Subject: Error SPSE saat upload',
      'Date: Tue, 13 Jan 2026 08:55:00 +0700',
      'Message-ID: <inner@batangkab.go.id>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="in"',
      '',
      '--in',
      'Content-Type: text/plain; charset=utf-8',
      '',
      REPORT,
      '--in',
      ...extra.split('\n'),
      '--in--',
      '',
    ].join('\r\n');
  const outer = (innerMail: string, outerParts = ''): Buffer =>
    mail(
      { ...STAFF, Subject: 'Fwd: Error SPSE saat upload', 'Content-Type': 'multipart/mixed; boundary="out"' },
      `--out\r\nContent-Type: text/plain\r\n\r\nTerlampir laporan Pokja 8, mohon dibuka kasusnya.\r\n${outerParts}--out\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="laporan.eml"\r\n\r\n${innerMail}--out--\r\n`,
    );
  const image = `Content-Type: image/png; name="error.png"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="error.png"\n\n${PNG.toString('base64')}`;

  test('is read as the committee\'s report; its screenshot is kept with the mail\'s attachments', async () => {
    const r = await readMessage(outer(inner(image)), OPTS);
    expect(r.forwarded).toMatchObject({
      from: 'pokja8@batangkab.go.id',
      fromName: 'Pokja Pemilihan 8',
      subject: 'Error SPSE saat upload',
      via: 'attached',
      fields: { userId: 'pokja8btg', tenderCode: '10034576000' },
      missing: [],
      symptoms: ['error_notification', 'upload_failed'],
    });
    expect(r.forwarded?.date?.toISOString()).toBe('2026-01-13T01:55:00.000Z');
    expect(r.forwarded?.text).not.toContain('Terlampir laporan');
    expect(r.attachments.map((a) => [a.filename, a.screenshot])).toEqual([
      ['laporan.eml', false],
      ['error.png', true],
    ]);
    expect(r.missing).not.toContain('screenshot');
  });

  test('without an image anywhere, the screenshot is missing; the same image in both mails is kept once', async () => {
    const text = 'Content-Type: text/plain; name="catatan.txt"\n\ncatatan';
    expect((await readMessage(outer(inner(text)), OPTS)).forwarded?.missing).toEqual(['screenshot']);
    const both = await readMessage(outer(inner(image), `--out\r\n${image.replace(/\n/g, '\r\n')}\r\n`), OPTS);
    expect(both.attachments.filter((a) => a.screenshot)).toHaveLength(1);
    expect(both.forwarded?.missing).toEqual([]);
  });
});
