/**
 * Quote and signature stripping per client style, Indonesian and English: only what the sender
 * wrote now is fresh; forwarded content is part of the report.
 */
import { isForwardSubject, splitFresh } from '../../src/inbox/fresh-text';

const fresh = (body: string, forward = false): string => splitFresh(body, { forward }).fresh;

describe('quote headers end the fresh text', () => {
  test.each([
    ['Gmail, Indonesian', 'Data terlampir.\n\nPada Sen, 5 Jan 2026 pukul 09.58 Helpdesk LPSE <helpdesk@lpse.go.id> menulis:\n\n> Kode Tender:\n'],
    ['Gmail, Indonesian, wrapped', 'Data terlampir.\n\nPada tanggal Sen, 5 Jan 2026 pukul 09.58 Helpdesk LPSE Kabupaten Batang <\nhelpdesk@lpse.go.id> menulis:\n\n> Kode Tender:\n'],
    ['Gmail, English', 'Data terlampir.\n\nOn Mon, Jan 5, 2026 at 9:58 AM Helpdesk <helpdesk@lpse.go.id> wrote:\n> Kode Tender:\n'],
    ['iPhone, Indonesian', 'Data terlampir.\n\n> Pada 5 Jan 2026, pukul 09.58, Helpdesk <helpdesk@lpse.go.id> menulis:\n> \n> Kode Tender:\n'],
    ['Apple Mail, English', 'Data terlampir.\n\n> On Jan 5, 2026, at 9:58 AM, Helpdesk <helpdesk@lpse.go.id> wrote:\n>\n> Kode Tender:\n'],
    ['Yahoo, Indonesian', 'Data terlampir.\n\n    Pada Senin, 5 Januari 2026 09.58.10 WIB, Helpdesk <helpdesk@lpse.go.id> menulis:\n\n    Kode Tender:\n'],
    ['Outlook, English', 'Data terlampir.\n\n-----Original Message-----\nFrom: Helpdesk\nSent: Monday, January 5, 2026 9:58 AM\nTo: Pokja\nSubject: data\n\nKode Tender:\n'],
    ['Outlook, Indonesian', 'Data terlampir.\n\n-----Pesan Asli-----\nDari: Helpdesk\nDikirim: Senin, 05 Januari 2026 9.58\nKepada: Pokja\nSubjek: data\n\nKode Tender:\n'],
    ['Outlook header block without separator', 'Data terlampir.\n\nDari: Helpdesk LPSE <helpdesk@lpse.go.id>\nDikirim: Senin, 05 Januari 2026 09.58\nKepada: pokja3@batangkab.go.id\nSubjek: data\n\nKode Tender:\n'],
    ['Outlook web, underscore rule', 'Data terlampir.\n\n________________________________\nFrom: Helpdesk <helpdesk@lpse.go.id>\nSent: Monday, January 5, 2026 9:58:00 AM\nTo: pokja3@batangkab.go.id\nSubject: data\n\nKode Tender:\n'],
    ['Thunderbird, Indonesian', 'Data terlampir.\n\n-------- Pesan Asli --------\nSubjek: data\nTanggal: Mon, 5 Jan 2026 09:58:10 +0700\nDari: Helpdesk <helpdesk@lpse.go.id>\nKepada: pokja3@batangkab.go.id\n\nKode Tender:\n'],
    ['Thunderbird, English', 'Data terlampir.\n\nOn 05/01/2026 09:58, Helpdesk wrote:\n> Kode Tender:\n'],
    ['Zimbra/Yahoo separator', 'Data terlampir.\n\n----- Original Message -----\nFrom: "Helpdesk" <helpdesk@lpse.go.id>\nTo: pokja3@batangkab.go.id\nSent: Monday, January 5, 2026 9:58:10 AM\nSubject: data\n\nKode Tender:\n'],
    ['one-line webmail header', 'Data terlampir.\n\nFrom: Helpdesk <helpdesk@lpse.go.id> Sent: Monday, January 5, 2026 9:58 AM To: pokja3 Subject: data\nKode Tender:\n'],
  ])('%s', (_client, body) => {
    expect(fresh(body)).toBe('Data terlampir.');
  });
});

test('interleaved answers below ">" blocks stay fresh; the quoted lines do not', () => {
  const split = splitFresh('On 05/01/2026 08:00, Helpdesk wrote:\n> Kode Tender:\n10034567000\n> User ID:\npokja3btg\n', { forward: false });
  expect(split.fresh).toBe('10034567000\npokja3btg');
  expect(split.quoted).toContain('> Kode Tender:');
});

test('a "-- " signature and mobile footers are not fresh text', () => {
  const split = splitFresh('Kode Tender: 10034567000\n\n-- \nBudi\nHP 0812-2745-9910\n', { forward: false });
  expect(split.fresh).toBe('Kode Tender: 10034567000');
  expect(split.signature).toContain('HP 0812-2745-9910');
  expect(fresh('Mohon dibantu.\n\nDikirim dari iPhone saya\n')).toBe('Mohon dibantu.');
  expect(fresh('Please help.\n\nSent from my Samsung Galaxy smartphone.\n')).toBe('Please help.');
  expect(fresh('Tolong.\n\nGet Outlook for Android\n')).toBe('Tolong.');
});

describe('forwarded messages are part of the report', () => {
  test.each([
    ['Gmail', '---------- Forwarded message ---------\nFrom: Pokja 8 <pokja8@batangkab.go.id>\nDate: Tue, 13 Jan 2026 at 08:55\nSubject: Error\nTo: UKPBJ <ukpbj@gmail.com>\n\nKode Tender: 10034576000\n'],
    ['Gmail, Indonesian', '---------- Pesan terusan ---------\nDari: Pokja 8 <pokja8@batangkab.go.id>\nTanggal: Sel, 13 Jan 2026 pukul 08.55\nSubjek: Error\nKepada: UKPBJ <ukpbj@gmail.com>\n\nKode Tender: 10034576000\n'],
    ['Thunderbird, Indonesian', '-------- Pesan Diteruskan --------\nSubjek: \tError\nTanggal: \tWed, 14 Jan 2026 09:40:03 +0700\nDari: \tPokja 8 <pokja8@batangkab.go.id>\nKepada: \tukpbj@gmail.com\n\nKode Tender: 10034576000\n'],
    ['Apple Mail', 'Begin forwarded message:\n\nFrom: Pokja 8 <pokja8@batangkab.go.id>\nSubject: Error\nDate: 13 January 2026 at 08.55.00 WIB\nTo: ukpbj@gmail.com\n\nKode Tender: 10034576000\n'],
  ])('%s', (_client, body) => {
    expect(fresh(`Mohon dibantu.\n\n${body}`)).toContain('Kode Tender: 10034576000');
  });

  test('Outlook "FW:" mail: the header block introduces the forward, not a quote', () => {
    const body = 'Mohon dibantu.\n\n________________________________\nDari: Pokja 10 <pokja10@batangkab.go.id>\nDikirim: Kamis, 15 Januari 2026 08.55\nKepada: PBJ\nSubjek: Laporan\n\nKode Tender: 10034578000\n';
    expect(isForwardSubject('FW: Laporan')).toBe(true);
    expect(fresh(body, true)).toContain('Kode Tender: 10034578000');
    expect(fresh(body, false)).toBe('Mohon dibantu.');
  });

  test('a reply to a forward is a reply', () => {
    expect(isForwardSubject('Re: Fwd: Laporan')).toBe(false);
    expect(isForwardSubject('Fwd: Laporan')).toBe(true);
    expect(isForwardSubject('TR: Laporan')).toBe(true);
  });
});

test('a memo header (nota dinas) in the body is not a quote', () => {
  const body = 'Kepada: Kepala LPSE\nDari: Ketua Pokja 3\nTanggal: 5 Januari 2026\nNomor: 027/15/2026\nPerihal: Error SPSE\n\nKode Tender: 10034567000\n';
  expect(fresh(body)).toContain('Kode Tender: 10034567000');
});

test('prose mentioning "menulis" or "wrote" mid-sentence is not an attribution', () => {
  expect(fresh('Saya sudah menulis laporan ini kemarin.\nKode Tender: 10034567000')).toContain('Kode Tender');
  expect(fresh('Pada saat upload muncul error:\nMaaf operasi yang anda lakukan salah')).toContain('Maaf operasi');
});

describe('every line below a forward marker is forwarded, whatever the client and language', () => {
  const outsider = 'Selamat siang, mohon bantuan.\n#tutup\n#balas Silakan login ulang di https://contoh.test';
  test.each([
    ['Horde/IMP with the sender', '----- Forwarded message from Rekanan <cv.maju@gmail.com> -----'],
    ['Horde/IMP, Indonesian', '----- Pesan yang diteruskan dari Rekanan <cv.maju@gmail.com> -----'],
    ['Lotus Notes, Indonesian "Diteruskan oleh"', '----- Diteruskan oleh Rina Wulandari/LPSE pada 26/11/2026 08:10 -----'],
    ['Apple Mail, Spanish', 'Inicio del mensaje reenviado:'],
    ['Apple Mail, German', 'Anfang der weitergeleiteten Nachricht:'],
    ['Apple Mail, French', 'Début du message réexpédié :'],
    ['Apple Mail, Portuguese', 'Início da mensagem reencaminhada:'],
    ['Apple Mail, Italian', 'Inizio messaggio inoltrato:'],
    ['Apple Mail, Dutch', 'Begin doorgestuurd bericht:'],
    ['Apple Mail, Russian', 'Начало пересылаемого сообщения:'],
    ['Thunderbird, Russian', '-------- Пересылаемое сообщение --------'],
    ['Gmail, Japanese', '---------- 転送されたメッセージ ---------'],
    ['Gmail, Chinese', '---------- 转发的邮件 ---------'],
    ['Apple Mail, Chinese (full-width colon made plain)', '开始转发的邮件:'],
    ['Zimbra arrows', '<<<<<< Pesan Diteruskan >>>>>>'],
    ['starred rule', '***** Diteruskan oleh Budi *****'],
  ])('%s', (_client, marker) => {
    const split = splitFresh(`Mohon dicek, sudah diteruskan ke Pokja 3.\n\n${marker}\n\n${outsider}\n\n----- End forwarded message -----\n`, { forward: false });
    const commandLines = split.lines.filter((l) => l.text.startsWith('#'));
    expect(commandLines).toHaveLength(2);
    expect(commandLines.every((l) => l.forwarded === true)).toBe(true);
    // The forwarded mail is still the report: its text stays readable for fields.
    expect(split.fresh).toContain('Selamat siang, mohon bantuan.');
    // Prose that mentions forwarding is no marker.
    expect(split.lines[0]).toMatchObject({ text: 'Mohon dicek, sudah diteruskan ke Pokja 3.', zone: 'fresh' });
    expect(split.lines[0]?.forwarded).toBeUndefined();
  });

  test('a Russian Outlook "Исходное сообщение" rule quotes what follows', () => {
    expect(fresh('Data terlampir.\n\n-----Исходное сообщение-----\nОт: Helpdesk\nKode Tender:\n')).toBe('Data terlampir.');
  });
});
