// The quarantine notice to staff: who sent the unreadable message and what about, read
// best-effort from its raw header bytes, and why it was kept aside, in the notice's language.
import { headerHint } from '../../src/inbox/header-hint';
import { describeUnreadable } from '../../src/inbox/unreadable-reason';
import { renderMail, type MailContext } from '../../src/outbox/render';

const raw = (s: string) => Buffer.from(s, 'latin1');

describe('headerHint', () => {
  it('reads From and Subject from a header whose body the parser could not read', () => {
    const mail = raw(
      'Received: from mx.batangkab.go.id\r\nFrom: Pokja Pemilihan 3 <pokja3@batangkab.go.id>\r\nSubject: Error upload\r\n dokumen penawaran\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n\x00\x00\x01 garbage',
    );
    expect(headerHint(mail)).toEqual({ from: 'Pokja Pemilihan 3 <pokja3@batangkab.go.id>', subject: 'Error upload dokumen penawaran' });
  });

  it('decodes encoded words and raw UTF-8, and drops escape sequences', () => {
    const subject = `=?UTF-8?B?${Buffer.from('Tidak bisa unggah – mohon bantuan', 'utf8').toString('base64')}?= =?ISO-8859-1?Q?=28segera=29?=`;
    const mail = Buffer.concat([raw(`Subject: ${subject}\r\nFrom: `), Buffer.from('Sri Lestari \x1b[31m<ulp@batangkab.go.id>', 'utf8'), raw('\r\n\r\n')]);
    expect(headerHint(mail)).toEqual({ from: 'Sri Lestari <ulp@batangkab.go.id>', subject: 'Tidak bisa unggah – mohon bantuan(segera)' });
  });

  it('gives empty strings for bytes with no such header, and stops at the end of the header block', () => {
    expect(headerHint(raw('\x00\x01\x02\x03binary'))).toEqual({ from: '', subject: '' });
    expect(headerHint(raw('X-Mailer: x\r\n\r\nFrom: not a header\r\nSubject: body text'))).toEqual({ from: '', subject: '' });
  });

  it('reads only the start of a huge message, in linear time, and caps what it returns', () => {
    const folded = `Subject: ${'a'.repeat(50)}${'\r\n =?utf-8?B?'.repeat(200_000)}\r\n\r\n`;
    const t0 = performance.now();
    const hint = headerHint(raw(folded + 'x'.repeat(20_000_000)));
    expect(performance.now() - t0).toBeLessThan(500);
    expect(hint.subject.length).toBeLessThanOrEqual(200);
    expect(hint.subject.startsWith('a'.repeat(50))).toBe(true);
  });
});

describe('describeUnreadable', () => {
  it('says the known reasons in Indonesian, keeping the technical detail as it was', () => {
    expect(describeUnreadable('binary data where the headers should be', 'id')).toBe('bagian kepala surel (header) berisi data biner, bukan teks');
    expect(describeUnreadable('MIME structure could not be read (Unexpected end of input)', 'id')).toBe('struktur MIME surel tidak dapat dibaca (keterangan teknis: Unexpected end of input)');
    expect(describeUnreadable('reading took longer than 20 s', 'id')).toBe('pembacaan surel melebihi batas waktu 20 detik');
    // reading.budgetSeconds may be a fraction.
    expect(describeUnreadable('reading took longer than 2.5 s', 'id')).toBe('pembacaan surel melebihi batas waktu 2,5 detik');
    expect(describeUnreadable('processing failed 3 times: SQLITE_BUSY', 'id')).toBe('pemrosesan gagal 3 kali (keterangan teknis: SQLITE_BUSY)');
    expect(describeUnreadable('something new', 'id')).toBe('keterangan teknis: something new');
    expect(describeUnreadable('empty file', 'en')).toBe('empty file');
  });
});

describe('the staff_quarantine notice', () => {
  const ctx = (lang: 'id' | 'en', data: { from: string; subject: string; reason: string }): MailContext<'staff_quarantine'> => ({
    lang,
    timezone: 'Asia/Jakarta',
    helpdesk: { name: 'Helpdesk LPSE Kabupaten Batang', address: 'helpdesk@lpse.batangkab.go.id' },
    tag: '[LPSE]',
    case: null,
    data,
    attachments: [],
    timeline: [],
    server: { address: '103.10.20.30', port: 22 },
    staffCommands: true,
  });

  it('says "(tidak terbaca)" for a sender and subject nobody could read, never an empty row', () => {
    const r = renderMail('staff_quarantine', ctx('id', { from: '', subject: '', reason: describeUnreadable('binary data where the headers should be', 'id') }));
    expect(r.text).toMatch(/^Pengirim +: \(tidak terbaca\)$/m);
    expect(r.text).toMatch(/^Subjek +: \(tidak terbaca\)$/m);
    expect(r.text).toMatch(/^Alasan +: bagian kepala surel \(header\) berisi data biner, bukan teks$/m);
    expect(r.html).toContain('(tidak terbaca)</span>');
    expect(r.text).not.toMatch(/: *$/m);
    const en = renderMail('staff_quarantine', ctx('en', { from: '', subject: '', reason: 'empty file' }));
    expect(en.text).toMatch(/^From +: \(unreadable\)$/m);
  });

  it('shows what the raw header gave', () => {
    const hint = headerHint(raw('From: pokja3@batangkab.go.id\r\nSubject: Laporan error\r\n\r\n\x00'));
    const r = renderMail('staff_quarantine', ctx('id', { ...hint, reason: describeUnreadable('no message headers found', 'id') }));
    expect(r.text).toMatch(/^Pengirim +: pokja3@batangkab\.go\.id$/m);
    expect(r.text).toMatch(/^Subjek +: Laporan error$/m);
    expect(r.text).not.toContain('(tidak terbaca)');
  });
});
