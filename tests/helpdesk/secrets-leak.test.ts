// Root passwords are never stored, printed or sent (issue 9 point 4). Two cases run through the
// offline pipeline (the code behind `process`), then `archive` and `digest` as the CLI runs them;
// a distinct marker sits in every place a careless mail can carry a password. No marker may
// be found in the SQLite file or its WAL (before and after a checkpoint), paths.files, the
// archive, any outgoing mail (decoded), the digest, or anything printed.
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { archiveCommand } from '../../src/digest/commands';
import { digestCommand } from '../../src/digest/digest-command';
import { PNG, REPORT, Scenario } from './scenario-kit';

const MARKER = /Pw-Marker-\d\d/g;
const REPORTER = 'Pokja Pemilihan 3 <pokja3.batang@gmail.com>';
const STAFF = 'Rina Wulandari <staff1@lpse.test>';
const LKPP = 'Helpdesk LKPP <lkpp@lpse.test>';
const ref = '2026-0001';
const tag = `Re: [LPSE#${ref}]`;

let s: Scenario;
const printed: string[] = [];

const uniq = (found: string[]): string[] => [...new Set(found)].sort();

/** The markers in a text. */
const markersIn = (text: string): string[] => text.match(MARKER) ?? [];

/** The markers in a mail once decoded: subject, addresses, text, HTML and every attachment (messages inside opened too). */
async function markersInMail(raw: Buffer, depth = 0): Promise<string[]> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw);
  } catch {
    return [];
  }
  const found = [
    ...markersIn(parsed.subject ?? ''),
    ...markersIn(JSON.stringify([parsed.from, parsed.to, parsed.cc])),
    ...markersIn(parsed.text ?? ''),
    ...markersIn(typeof parsed.html === 'string' ? parsed.html : ''),
  ];
  for (const a of parsed.attachments) {
    // UTF-16 files and Outlook .msg strings carry the marker as UTF-16LE.
    found.push(...markersIn(a.content.toString('utf8')), ...markersIn(a.content.toString('utf16le')), ...markersIn(a.content.subarray(1).toString('utf16le')));
    if (depth < 2 && /^message\//.test(a.contentType)) found.push(...(await markersInMail(a.content, depth + 1)));
  }
  return found;
}

/** Markers in a file's bytes and, where it is a mail, in its decoded parts. */
async function markersInFile(file: string): Promise<string[]> {
  const bytes = fs.readFileSync(file);
  return [...markersIn(bytes.toString('latin1')), ...markersIn(bytes.toString('utf16le')), ...markersIn(bytes.subarray(1).toString('utf16le')), ...(await markersInMail(bytes))];
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile());
}

async function leaksUnder(dir: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const f of filesUnder(dir)) {
    const found = await markersInFile(f);
    if (found.length) out[path.relative(s.dir, f)] = uniq(found);
  }
  return out;
}

function innerEml(): Buffer {
  const head = [
    'From: Admin Server Diskominfo <admin.server@batangkab.go.id>',
    'To: staff1@lpse.test',
    'Subject: akses server SPSE',
    'Date: Mon, 23 Nov 2026 07:10:00 +0700',
    'Message-ID: <inner1@batangkab.go.id>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ].join('\r\n');
  const body = Buffer.from('Pak, berikut akses server SPSE.\nIP 103.10.20.30 port 22\nuser root\nkata sandi root: Pw-Marker-11!\n').toString('base64');
  return Buffer.from(`${head}\r\n\r\n${body}\r\n`);
}

beforeAll(async () => {
  s = new Scenario((c) => ({ ...c, log: { ...c.log, level: 'debug' } }));
  const at = (hhmm: string) => `2026-11-23 ${hhmm}`;
  const reply = (hhmm: string, id: string, text: string, extra: object = {}) =>
    s.send({ from: REPORTER, subject: tag, text, at: at(hhmm), messageId: `<${id}@gmail.com>`, inReplyTo: '<a1@gmail.com>', ...extra });
  const staff = (hhmm: string, id: string, text: string) => s.send({ from: STAFF, subject: tag, text, at: at(hhmm), messageId: `<${id}@lpse.test>` });

  // Case A: a field value carries the password.
  const report = REPORT.replace(/^Nama Paket: .*$/m, 'Nama Paket: Rehabilitasi Jalan Warungasem (password root: Pw-Marker-01!)');
  await s.send({ from: REPORTER, subject: 'Error jadwal evaluasi', text: report, at: at('08:00'), messageId: '<a1@gmail.com>', screenshot: true });
  // Case B stays open for the digest: the display name, the Subject and the committee name carry one.
  await s.send({
    from: '"Pokja 7 pwd=Pw-Marker-02!" <pokja7.batang@gmail.com>',
    subject: 'Upload gagal, pw root = Pw-Marker-03!',
    text: REPORT.replace('Pokja Pemilihan 3', 'Pokja Pemilihan 7 (pw root = Pw-Marker-17!)').replace('10034567000', '10034567777'),
    at: at('08:05'),
    messageId: '<b1@gmail.com>',
    screenshot: true,
  });
  // The reporter's relayed words, a quote, a signature, a Subject, the HTML part, attachments.
  await reply('08:10', 'a2', 'Pak, ini password root server kami yang baru Pw-Marker-04! mohon dicek.');
  await reply(
    '08:15',
    'a3',
    'Masih error Pak.\n\nPada Sen, 23 Nov 2026 pukul 08.12 Helpdesk LPSE <helpdesk@lpse.test> menulis:\n> Laporan sudah kami terima.\n> Kata sandi untuk root adalah Pw-Marker-05!\n',
  );
  await reply('08:20', 'a4', 'Sudah dicoba lagi, tetap gagal.\n\n-- \nAdmin Pokja 3\nssh pw root = Pw-Marker-06!\n');
  await s.send({ from: REPORTER, subject: `${tag} passwordnya: Pw-Marker-07!`, text: 'Mohon info.', at: at('08:25'), messageId: '<a5@gmail.com>', inReplyTo: '<a1@gmail.com>' });
  await reply('08:30', 'a6', 'Data server ada di tabel.', {
    html: '<p>Data server ada di tabel.</p><table><tr><td>IP</td><td>103.10.20.30</td></tr><tr><td>Password root</td><td>Pw-Marker-08!</td></tr></table>',
  });
  await reply('08:35', 'a7', 'Terlampir catatan akses.', {
    files: [
      { filename: 'akses.txt', content: Buffer.from('IP 103.10.20.30\nuser: root\npassword: Pw-Marker-09!\n'), contentType: 'text/plain' },
      { filename: 'server.csv', content: Buffer.from('host;user;catatan\n103.10.20.30;root;sandi-nya Pw-Marker-10!\n'), contentType: 'text/csv' },
    ],
  });
  await reply('08:40', 'a8', 'Saya teruskan mail dari admin server.', {
    files: [
      { filename: 'akses server.eml', content: innerEml(), contentType: 'message/rfc822' },
      { filename: 'bukti.png', content: PNG, contentType: 'image/png' },
    ],
  });
  // A password column in a table, a label over its value, and attachments that are text in other clothes.
  await reply('08:41', 'a9', 'Berikut akses server kami:\n\nIP Server   | Username | Password\n10.10.1.5   | root     | Pw-Marker-18!\n\nTerima kasih.');
  await reply('08:42', 'a10', 'Kredensial server\nuser root\nPw-Marker-19!\n\nSalam,\nAdmin Pokja 3');
  const cfb = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504), Buffer.from('Password root: Pw-Marker-23!', 'utf16le'), Buffer.alloc(64)]);
  await reply('08:43', 'a11', 'Terlampir file dari admin server.', {
    files: [
      { filename: 'akses-server.rtf', content: Buffer.from('{\\rtf1\\ansi Password root: Pw-Marker-20!\\par}'), contentType: 'application/rtf' },
      { filename: 'akses.txt', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Password root: Pw-Marker-21!\r\n', 'utf16le')]), contentType: 'text/plain' },
      { filename: 'koneksi.php', content: Buffer.from("<?php\n$db_user = 'root';\n$db_pass = 'Pw-Marker-22!';\n"), contentType: 'application/x-httpd-php' },
      { filename: 'RE akses LKPP.msg', content: cfb, contentType: 'application/vnd.ms-outlook' },
    ],
  });
  // Staff: a note, a reply to the committee, the escalation.
  await staff('08:45', 's1', '#catatan password root untuk server ini adalah Pw-Marker-12!');
  await staff('08:50', 's2', '#balas Silakan coba login ulang, kata sandi: Pw-Marker-13!');
  await staff('09:00', 's3', 'Perlu LKPP.\n#eskalasi');
  const draft = s.outbox().find((o) => o.kind === 'escalation');
  if (!draft) throw new Error('no escalation draft');
  // Staff complete the draft with the root password (the SOP has it) and send it.
  await s.send({
    from: 'Helpdesk LPSE Kabupaten Batang <helpdesk@lpse.test>',
    to: 'lkpp@lpse.test',
    cc: 'helpdesk@lpse.test',
    subject: `[LPSE#${ref}] Eskalasi permasalahan SPSE`,
    text: 'Data terlampir.\nIP 103.10.20.30 port 22\nPassword root: Pw-Marker-14!',
    at: at('09:10'),
    messageId: draft.messageId,
    screenshot: true,
  });
  // LKPP's reply quotes the sent escalation (the normal case).
  const quoted = 'Baik, sedang kami cek.\n\nPada Sen, 23 Nov 2026 09.10 Helpdesk LPSE <helpdesk@lpse.test> menulis:\n> Data terlampir.\n> IP 103.10.20.30 port 22\n> Password root: Pw-Marker-15!\n';
  await s.send({ from: LKPP, subject: `Re: [LPSE#${ref}] Eskalasi [Tiket #LKPP-2026-11873]`, text: quoted, at: at('09:30'), messageId: '<l1@lkpp>', inReplyTo: draft.messageId });
  await s.send({ from: LKPP, subject: `Re: [LPSE#${ref}] [Tiket #LKPP-2026-11873]`, text: 'Mohon akses VPN.\n#lkpp-minta-data', at: at('10:00'), messageId: '<l2@lkpp>' });
  await staff('10:30', 's4', '#data-dikirim Akses VPN sudah dibuka, kredensial: root / Pw-Marker-16!');
  await s.send({ from: LKPP, subject: `Re: [LPSE#${ref}] [Tiket #LKPP-2026-11873]`, text: '#lkpp-selesai Cache server sudah dibersihkan.', at: at('13:00'), messageId: '<l3@lkpp>' });
  await staff('13:30', 's5', '#tutup');

  const print = (line: string) => printed.push(line);
  expect(await archiveCommand(s.config, s.store, `[LPSE#${ref}]`, { out: path.join(s.dir, 'exported') }, print)).toBe(0);
  const digestFile = path.join(s.dir, 'digest', 'digest.html');
  expect(await digestCommand(s.config, s.store, { date: '2026-11-24', out: digestFile, send: true }, print)).toBe(0);
});
afterAll(() => s.close());

test('every marker was really planted in the mail that went in', async () => {
  const planted = new Set<string>();
  for (const raw of s.inputs) for (const m of await markersInMail(raw)) planted.add(m);
  expect([...planted].sort()).toEqual(Array.from({ length: 23 }, (_, i) => `Pw-Marker-${String(i + 1).padStart(2, '0')}`));
  expect(s.caseOf(ref).state).toBe('closed');
  expect(s.caseOf('2026-0002').state).not.toBe('closed');
  // The mails did what they say: relayed, noted, answered, escalated, sent to LKPP.
  const kinds = s.outbox().map((o) => o.kind);
  for (const kind of ['staff_new_case', 'staff_relay_reporter', 'relay_to_reporter', 'escalation', 'staff_relay_lkpp', 'to_lkpp_data', 'digest']) {
    expect(kinds).toContain(kind);
  }
  expect(s.eventTypes(ref)).toEqual(expect.arrayContaining(['escalation_sent', 'lkpp_message', 'case_archived']));
});

test('the SQLite file and its WAL hold no marker, before and after a checkpoint', () => {
  const db = s.config.paths.database;
  const scan = () => uniq([db, `${db}-wal`].filter((f) => fs.existsSync(f)).flatMap((f) => markersIn(fs.readFileSync(f).toString('latin1'))));
  expect(scan()).toEqual([]);
  s.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  expect(scan()).toEqual([]);
});

test('the outbox rows hold no marker once decoded', async () => {
  await s.build();
  const found: string[] = [];
  for (const row of s.outbox()) found.push(...markersIn(row.subject), ...(await markersInMail(Buffer.from(row.raw))));
  expect(uniq(found)).toEqual([]);
});

test('paths.files holds no marker: kept messages and attachments', async () => {
  expect(await leaksUnder(s.config.paths.files)).toEqual({});
  // The screenshots are still kept as they came.
  expect(filesUnder(s.config.paths.files).some((f) => fs.readFileSync(f).equals(PNG))).toBe(true);
});

test('the archive (automatic and exported) holds no marker', async () => {
  expect(filesUnder(path.join(s.config.paths.archive, ref)).length).toBeGreaterThan(0);
  expect(await leaksUnder(s.config.paths.archive)).toEqual({});
  expect(await leaksUnder(path.join(s.dir, 'exported'))).toEqual({});
});

test('every outgoing .eml under paths.outbox, decoded, holds no marker', async () => {
  expect(s.outboxFiles().length).toBeGreaterThan(5);
  expect(await leaksUnder(s.config.paths.outbox)).toEqual({});
});

test('the digest (text, HTML) and everything printed hold no marker', async () => {
  // The open case is there: by its ref, and by its committee's distinguishing part (the shared
  // "Pokja Pemilihan" is left out of the plain-text lists).
  expect(printed.join('\n')).toContain('2026-0002');
  expect(printed.join('\n')).toMatch(/ 7 … \[disembunyikan\]/);
  expect(uniq(markersIn(printed.join('\n')))).toEqual([]);
  expect(await leaksUnder(path.join(s.dir, 'digest'))).toEqual({});
});
