/**
 * A password anywhere in a message, not only in its fresh text, makes the reading say so (the
 * raw mail is then not kept) and is masked in what the reading hands to the store.
 */
import { readMessage } from '../../src/inbox/reading';
import { redactSecrets } from '../../src/inbox/secrets';
import { COMMITTEE, mail } from './mail';

const OPTS = { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.batangkab.go.id'] };
const LKPP = { From: 'Helpdesk LKPP <helpdesk@lkpp.go.id>', To: 'helpdesk@lpse.batangkab.go.id', 'Message-ID': '<r1@lkpp.go.id>' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

function multipart(headers: Record<string, string>, parts: string[]): Buffer {
  const body = `${parts.map((p) => `--b\r\n${p}\r\n`).join('')}--b--\r\n`;
  return mail({ ...headers, 'Content-Type': 'multipart/mixed; boundary="b"' }, body);
}

const textPart = (text: string) => `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}`;
const attachment = (name: string, type: string, text: string) =>
  `Content-Type: ${type}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(text).toString('base64')}`;

test('the string form masks with the one detector', () => {
  expect(redactSecrets('password root server kami: Btg#2026')).toBe('password root server kami: [disembunyikan]');
});

describe('a password outside the fresh text', () => {
  test.each([
    [
      'quoted in an LKPP reply (Gmail)',
      mail(
        { ...LKPP, Subject: 'Re: [LPSE#2026-0042] Eskalasi permasalahan SPSE' },
        'Sudah kami terima, sedang dicek.\n\nPada Sen, 23 Nov 2026 pukul 09.35 Helpdesk LPSE <helpdesk@lpse.batangkab.go.id> menulis:\n> Akses server: IP 103.10.20.30 port 22\n> user root, password root server kami: Q1-Gm@il!\n',
      ),
      'Q1-Gm@il!',
    ],
    [
      'quoted in an Outlook reply',
      mail(
        { ...LKPP, Subject: 'RE: [LPSE#2026-0042] Eskalasi' },
        'Baik, kami cek.\n\n________________________________\nFrom: Helpdesk LPSE <helpdesk@lpse.batangkab.go.id>\nSent: Monday, November 23, 2026 9:35 AM\nTo: helpdesk@lkpp.go.id\nSubject: [LPSE#2026-0042] Eskalasi\n\nKata sandi untuk root adalah Q2-Outl00k\n',
      ),
      'Q2-Outl00k',
    ],
    [
      'in the signature',
      mail({ ...COMMITTEE, Subject: 'Error jadwal' }, 'Mohon dibantu, jadwal tidak tersimpan.\n\n-- \nAdmin LPSE Batang\nssh pw root = Q3-S1gn!\n'),
      'Q3-S1gn!',
    ],
    ['in the Subject', mail({ ...COMMITTEE, Subject: 'akses server, passwordnya: Q4-Subj#' }, 'Detail di bawah.'), 'Q4-Subj#'],
    ['in the display name', mail({ ...COMMITTEE, From: '"pwd root = Q5-Name7" <pokja3@batangkab.go.id>', Subject: 'tes' }, 'Halo.'), 'Q5-Name7'],
  ])('%s', async (_where, raw, secret) => {
    const r = await readMessage(raw, OPTS);
    expect(r.secretsRedacted).toBe(true);
    expect(JSON.stringify({ ...r, attachments: [] })).not.toContain(secret);
  });

  test('in the HTML part only (the plain part without it)', async () => {
    const html = '<p>Data server</p><table><tr><td>Password root</td><td>Q6-Html$9</td></tr></table>';
    const raw = mail(
      { ...COMMITTEE, Subject: 'data server', 'Content-Type': 'multipart/alternative; boundary="a"' },
      `--a\r\n${textPart('Data server terlampir.')}\r\n--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--a--\r\n`,
    );
    const r = await readMessage(raw, OPTS);
    expect(r.secretsRedacted).toBe(true);
    expect(r.redactedBody).not.toContain('Q6-Html$9');
  });

  test.each([
    ['akses.txt', 'text/plain', 'IP 10.0.0.5\nuser: root\npassword: Q7-Txt!x\n', 'Q7-Txt!x'],
    ['server.csv', 'text/csv', 'host,user,catatan\n10.0.0.5,root,kata sandi root: Q8-Csv!x\n', 'Q8-Csv!x'],
    ['install.log', 'application/octet-stream', '[10:01] root password set to: Q9-Log!x\n', 'Q9-Log!x'],
    ['sshd.conf', 'application/octet-stream', '# akses\nPassword = Q10-Conf!\n', 'Q10-Conf!'],
  ])('in a text attachment %s: masked, the rest of the file kept', async (name, type, text, secret) => {
    const raw = multipart({ ...COMMITTEE, Subject: 'lampiran akses' }, [textPart('Terlampir.'), attachment(name, type, text)]);
    const r = await readMessage(raw, OPTS);
    expect(r.secretsRedacted).toBe(true);
    const kept = r.attachments.find((a) => a.filename === name);
    expect(kept?.content.toString('utf8')).not.toContain(secret);
    expect(kept?.content.toString('utf8')).toContain('[disembunyikan]');
    expect(kept?.size).toBe(kept?.content.length);
  });

  test('in an attached .eml (base64 inside): the attachment is replaced by a note, the image kept', async () => {
    const inner = mail(
      { From: 'Admin Server <admin@batangkab.go.id>', To: 'staff1@lpse.batangkab.go.id', Subject: 'akses', 'Content-Transfer-Encoding': 'base64' },
      Buffer.from('Password root server: Q11-Eml!x\n').toString('base64'),
    ).toString('utf8');
    const raw = multipart({ ...COMMITTEE, Subject: 'Fwd: akses' }, [
      textPart('Saya teruskan sebagai lampiran.'),
      `Content-Type: message/rfc822; name="akses.eml"\r\nContent-Disposition: attachment; filename="akses.eml"\r\n\r\n${inner}`,
      `Content-Type: image/png; name="error.png"\r\nContent-Disposition: attachment; filename="error.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${PNG.toString('base64')}`,
    ]);
    const r = await readMessage(raw, OPTS);
    expect(r.secretsRedacted).toBe(true);
    const eml = r.attachments.find((a) => a.filename === 'akses.eml');
    expect(eml?.content.toString('utf8')).toMatch(/tidak disimpan karena memuat password/);
    const png = r.attachments.find((a) => a.filename === 'error.png');
    expect(png?.content.equals(PNG)).toBe(true);
    expect(png?.screenshot).toBe(true);
  });
});

test('field values are masked', async () => {
  const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Error' }, 'Nama Pokja Pemilihan: Pokja 3 password root: Q12-Fld!x\nUser ID: pokja3btg\n'), OPTS);
  expect(JSON.stringify(r.fields)).not.toContain('Q12-Fld!x');
  expect(r.fields.userId).toBe('pokja3btg');
});

test('a report about passwords without one keeps its raw mail', async () => {
  const raw = multipart({ ...COMMITTEE, Subject: 'Lupa password SPSE' }, [
    textPart('Mohon reset password user pokja3btg, password salah terus.\n\n> Pada Sen, 23 Nov 2026 Helpdesk menulis:\n> Kata sandi sudah direset.'),
    attachment('catatan.txt', 'text/plain', 'password harus minimal 8 karakter'),
  ]);
  const r = await readMessage(raw, OPTS);
  expect(r.secretsRedacted).toBe(false);
  expect(r.subject).toBe('Lupa password SPSE');
  expect(r.attachments[0]?.content.toString('utf8')).toBe('password harus minimal 8 karakter');
});

describe('attachments read by their content, whatever they are called', () => {
  const part = (name: string, type: string, content: Buffer) =>
    `Content-Type: ${type}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${content.toString('base64')}`;
  const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  // An Outlook .msg: a Compound File Binary whose strings are UTF-16LE.
  const cfb = (text: string) => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), Buffer.from(text, 'utf16le'), Buffer.alloc(64)]);
  const read = (name: string, type: string, content: Buffer) =>
    readMessage(multipart({ ...COMMITTEE, Subject: 'lampiran akses' }, [textPart('Terlampir.'), part(name, type, content)]), OPTS);

  test.each([
    ['akses-server.rtf', 'application/rtf', Buffer.from('{\\rtf1\\ansi\\deff0 {\\fonttbl{\\f0 Calibri;}}\\f0 Password root: A1-Rtf#x\\par}'), 'A1-Rtf#x'],
    ['koneksi.php', 'application/x-httpd-php', Buffer.from("<?php\n$db_user = 'root';\n$db_pass = 'A2-Php#x';\n"), 'A2-Php#x'],
    ['env.production', 'application/octet-stream', Buffer.from('APP_ENV=production\nDB_USERNAME=spse\nDB_PASSWORD=A3-Env#x\n'), 'A3-Env#x'],
    ['web.config', 'application/octet-stream', Buffer.from('<connectionStrings><add name="spse" connectionString="Server=10.0.0.5;User Id=sa;Password=A5-Cfg#x;" /></connectionStrings>'), 'A5-Cfg#x'],
    ['koneksi.js', 'application/javascript', Buffer.from("module.exports = { host: '10.0.0.5', user: 'root', password: 'A6-Js#x' };\n"), 'A6-Js#x'],
    ['deploy.ps1', 'application/octet-stream', Buffer.from('$user = "Administrator"\r\n$password = "A7-Ps1#x"\r\n'), 'A7-Ps1#x'],
    ['catatan', 'application/octet-stream', Buffer.from('Catatan akses server\nuser root\npassword: A8-Sniff#x\n'), 'A8-Sniff#x'],
    ['akses.csv', 'text/csv', Buffer.from('ip;user;password\n10.10.1.5;root;A9-Csv#x\n'), 'A9-Csv#x'],
  ])('%s: the password masked, the rest of the file kept', async (name, type, content, secret) => {
    const r = await read(name, type, content);
    expect(r.secretsRedacted).toBe(true);
    const kept = r.attachments.find((a) => a.filename === name)?.content.toString('utf8') ?? '';
    expect(kept).not.toContain(secret);
    expect(kept).toContain('[disembunyikan]');
  });

  test.each([
    ['with a BOM (Notepad "Unicode", PowerShell Out-File)', utf16('Akses server\r\nPassword root: B1-U16#x\r\n')],
    ['without a BOM', Buffer.from('Akses server\r\nkata sandi root: B1-U16#x\r\n', 'utf16le')],
  ])('a UTF-16 text file %s: masked and still UTF-16', async (_how, content) => {
    const r = await read('akses.txt', 'text/plain', content);
    expect(r.secretsRedacted).toBe(true);
    const kept = r.attachments.find((a) => a.filename === 'akses.txt')?.content ?? Buffer.alloc(0);
    const text = kept.toString('utf16le');
    expect(text).not.toContain('B1-U16#x');
    expect(text).toContain('[disembunyikan]');
  });

  test('an Outlook .msg that holds a password is replaced by a note', async () => {
    const r = await read('RE LKPP akses.msg', 'application/vnd.ms-outlook', cfb('Dari: LKPP\r\nPassword root: C1-Msg#x\r\n'));
    expect(r.secretsRedacted).toBe(true);
    const kept = r.attachments.find((a) => a.filename === 'RE LKPP akses.msg');
    expect(kept?.content.toString('utf8')).toMatch(/tidak disimpan karena memuat password/);
    expect(kept?.content.toString('utf16le')).not.toContain('C1-Msg#x');
  });

  test('an Outlook .msg and a UTF-16 file without a password are kept as they came', async () => {
    const msg = cfb('Mohon reset password user pokja3btg.');
    const r = await read('surat.msg', 'application/vnd.ms-outlook', msg);
    expect(r.secretsRedacted).toBe(false);
    expect(r.attachments[0]?.content.equals(msg)).toBe(true);
    const text = utf16('Password harus minimal 8 karakter.');
    expect((await read('catatan.txt', 'text/plain', text)).attachments[0]?.content.equals(text)).toBe(true);
  });
});

describe('where the scan cannot see everything, only the redacted copy is kept', () => {
  test('a password in a free-text X- header', async () => {
    const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Error', 'X-Catatan': 'password root D1-Hdr#x' }, 'Mohon dibantu.'), OPTS);
    expect(r.secretsRedacted).toBe(true);
  });

  test('machine-written headers alone are not a password', async () => {
    const headers = {
      ...COMMITTEE,
      Subject: 'Error jadwal',
      'X-Spam-Status': 'No, score=-1.0 required=5.0 tests=DKIM_SIGNED,DKIM_VALID,SPF_PASS=-0.001',
      'X-MS-Exchange-Organization-AuthAs': 'Anonymous',
      'Received-SPF': 'pass (google.com: domain of pokja3@gmail.com designates 209.85.220.41 as permitted sender)',
    };
    expect((await readMessage(mail(headers, 'Jadwal tidak tersimpan.'), OPTS)).secretsRedacted).toBe(false);
  });

  test('an attached message nested deeper than the scan reads', async () => {
    let inner = mail({ From: 'lkpp@lkpp.go.id', Subject: 'akses', 'Content-Transfer-Encoding': 'base64' }, Buffer.from('Password root: D2-Deep#x\n').toString('base64')).toString('utf8');
    for (let i = 0; i < 4; i++) {
      inner = mail(
        { From: `x${i}@gmail.com`, Subject: 'Fwd: akses', 'Content-Type': `multipart/mixed; boundary="n${i}"` },
        `--n${i}\r\nContent-Type: text/plain\r\n\r\nfwd\r\n--n${i}\r\nContent-Type: message/rfc822\r\n\r\n${inner}\r\n--n${i}--\r\n`,
      ).toString('utf8');
    }
    const raw = multipart({ ...COMMITTEE, Subject: 'Fwd: akses' }, [textPart('Terlampir.'), `Content-Type: message/rfc822; name="fwd.eml"\r\nContent-Disposition: attachment; filename="fwd.eml"\r\n\r\n${inner}`]);
    const r = await readMessage(raw, OPTS);
    expect(r.secretsRedacted).toBe(true);
    expect(r.attachments.find((a) => a.filename === 'fwd.eml')?.content.toString('utf8')).toMatch(/tidak disimpan/);
  });

  test('an HTML body longer than the HTML cut-off', async () => {
    const html = `<p>Mohon dibantu.</p><p>${'Lorem ipsum dolor sit amet. '.repeat(80_000)}</p><p>Password root: D3-Cap#x</p>`;
    const r = await readMessage(mail({ ...COMMITTEE, Subject: 'Error', 'Content-Type': 'text/html; charset=utf-8' }, html), OPTS);
    expect(r.secretsRedacted).toBe(true);
    expect(r.redactedBody).not.toContain('D3-Cap#x');
  });
});
