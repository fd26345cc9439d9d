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
