// Mail whose From name, subject, fields and body carry terminal escape sequences (clear screen
// `ESC [2J`, set the window title `ESC ]0;pwned BEL`), C1 controls, a bidi override and an encoded
// `CR LF Bcc:` line: the mails the helpdesk writes get no injected header and no control
// characters, and the human-readable CLI (`parse`, `cases`, `case`, `digest`) prints no escape
// sequence, C1 or bidi control; its `--json` output escapes them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import YAML from 'yaml';
import { DEFAULT_CONFIG_PATH } from '../../src/config/load';
import { cases, events } from '../../src/store/schema';
import { PNG, Scenario } from './scenario-kit';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const CLEAR = '\u001b[2J';
const TITLE = '\u001b]0;pwned\u0007';
const RLO = '\u202e';
const INJECT = '\r\nBcc: x@evil.example';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const encodedWord = (s: string) => `=?UTF-8?B?${b64(s)}?=`;
const wrap64 = (s: string) => b64(s).replace(/.{76}/g, '$&\r\n');

/* eslint-disable no-control-regex -- control characters are what these patterns are for */
// Anything a terminal or a mail reader would act on rather than show.
const IN_MAIL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u2028\u2029]/u;
const IN_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

const REPORT_LINES = [
  `Selamat pagi Bapak/Ibu Helpdesk,${CLEAR}`,
  '',
  `Saat upload dokumen penawaran muncul notifikasi error${TITLE}.`,
  '',
  `Nama Pokja Pemilihan: Pokja${CLEAR} Pemilihan 3${RLO}`,
  `User ID: pokja3btg${TITLE}`,
  'Kode Tender: 10034567000',
  `Nama Paket: Rehabilitasi Jalan${RLO} Warungasem\u0085${INJECT}`,
  'No. HP: 0812-2745-9910',
  '',
  `Terima kasih.\u009b31m`,
];

/** Gmail's shape: multipart/alternative, base64 UTF-8 parts, B-encoded From name and Subject. */
function gmail(): Buffer {
  const text = REPORT_LINES.join('\r\n');
  const html = `<div dir="ltr">${REPORT_LINES.map((l) => `<div>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</div>`).join('')}</div>`;
  return Buffer.from(
    [
      'MIME-Version: 1.0',
      'Date: Mon, 23 Nov 2026 08:00:00 +0700',
      'Message-ID: <CAG1hostile@mail.gmail.com>',
      `Subject: ${encodedWord(`Error upload${CLEAR} dokumen${TITLE} ${RLO}gnp.exe${INJECT}`)}`,
      `From: ${encodedWord(`Budi${CLEAR} Santoso${TITLE}${RLO}${INJECT}`)} <budi.pokja3@gmail.com>`,
      'To: helpdesk@lpse.test',
      'Content-Type: multipart/mixed; boundary="000mixed"',
      '',
      '--000mixed',
      'Content-Type: multipart/alternative; boundary="000alt"',
      '',
      '--000alt',
      'Content-Type: text/plain; charset="UTF-8"',
      'Content-Transfer-Encoding: base64',
      '',
      wrap64(text),
      '--000alt',
      'Content-Type: text/html; charset="UTF-8"',
      'Content-Transfer-Encoding: base64',
      '',
      wrap64(html),
      '--000alt--',
      '--000mixed',
      'Content-Type: image/png; name="error.png"',
      'Content-Disposition: attachment; filename="error.png"',
      'Content-Transfer-Encoding: base64',
      '',
      PNG.toString('base64'),
      '--000mixed--',
      '',
    ].join('\r\n'),
  );
}

/** Outlook's shape: quoted-printable, Q-encoded headers, the controls as =1B, =0D=0A, =C2=9B. */
function outlook(): Buffer {
  const qp = (s: string) =>
    [...Buffer.from(s, 'utf8')].map((b) => (b >= 0x21 && b <= 0x7e && b !== 0x3d ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  const body = [
    'Yth. Helpdesk LPSE,',
    '',
    `Halaman jadwal terus loading tanpa henti.${CLEAR}`,
    `Nama Pokja: Pokja Konstruksi 1${TITLE}`,
    'User ID: pokjakons1',
    `Kode Tender: 10034568000${RLO}`,
    'Nama Tender: Pembangunan Gedung Puskesmas Bandar',
    `No. HP: 0813-2222-3333\u009d0;pwned\u009c`,
    '',
    'Hormat kami,',
    `Siti${INJECT}`,
  ].join('\r\n');
  return Buffer.from(
    [
      'MIME-Version: 1.0',
      'Date: Mon, 23 Nov 2026 09:00:00 +0700',
      'Message-ID: <SG2PR06MB1234hostile@SG2PR06MB1234.apcprd06.prod.outlook.com>',
      `Subject: =?utf-8?Q?${qp(`Jadwal tidak bisa dibuka${TITLE}${INJECT}`)}?=`,
      `From: =?utf-8?Q?${qp(`Siti Aminah${CLEAR}\u202d${INJECT}`)}?= <siti.pokjakons1@outlook.com>`,
      'To: "Helpdesk LPSE" <helpdesk@lpse.test>',
      'Content-Type: text/plain; charset="utf-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      body.split('\r\n').map((l) => qp(l)).join('\r\n'),
      '',
    ].join('\r\n'),
  );
}

/** An HTML-only webmail, the controls written as character references. */
function webmail(): Buffer {
  const html = [
    '<html><body>',
    '<p>Selamat siang,&#x1b;[2J</p>',
    '<p>Setelah login selalu kembali ke halaman utama&#27;]0;pwned&#7;.</p>',
    '<p>Nama Pokja: Pokja Pemilihan 7&#x202e;</p>',
    '<p>User ID: pokja7btg&#x85;</p>',
    '<p>Kode Tender: 10034569000</p>',
    '<p>Nama Paket: Pengadaan Alat Kesehatan&#x2066;&#13;&#10;Bcc: x@evil.example</p>',
    '<p>No. HP: 0857-1111-2222</p>',
    '</body></html>',
  ].join('\r\n');
  return Buffer.from(
    [
      'MIME-Version: 1.0',
      'Date: Mon, 23 Nov 2026 10:00:00 +0700',
      'Message-ID: <hostile3@mail.yahoo.com>',
      `Subject: ${encodedWord(`Kembali ke halaman utama\u009b2J${INJECT}`)}`,
      `From: ${encodedWord(`Agus\u2067 Wibowo${TITLE}`)} <agus.pokja7@yahoo.co.id>`,
      'To: helpdesk@lpse.test',
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      html,
      '',
    ].join('\r\n'),
  );
}

let s: Scenario;
const files: string[] = [];
let cfgFile: string;

function write(name: string, raw: Buffer): string {
  const file = path.join(s.dir, 'in', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, raw);
  return file;
}

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, '--config', cfgFile, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  s = new Scenario();
  files.push(write('gmail.eml', gmail()), write('outlook.eml', outlook()), write('webmail.eml', webmail()));
  for (const f of files) await s.process(f);
  // The reporter writes again in the thread: the text is relayed to staff.
  await s.send({
    from: 'budi.pokja3@gmail.com',
    subject: 'Re: [LPSE#2026-0001]',
    text: `Sudah saya coba lagi${CLEAR}, masih error${TITLE}.\n\u009b1;1H${RLO}Terima kasih\u0007`,
    at: '2026-11-23 11:00',
    messageId: '<CAG1hostile2@mail.gmail.com>',
  });
  // Staff answer the reporter through the bot, pasting text that carried controls.
  await s.send({
    from: 'Rina Wulandari <staff1@lpse.test>',
    subject: 'Re: [LPSE#2026-0001]',
    text: `#balas Mohon coba bersihkan cache browser${TITLE}, lalu ulangi.${RLO}`,
    at: '2026-11-23 11:30',
    messageId: '<hostile-staff@lpse.test>',
  });

  const doc = YAML.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, Record<string, unknown>>;
  doc.paths = s.config.paths;
  doc.calendar = { ...doc.calendar, holidaysDir: path.resolve(path.dirname(DEFAULT_CONFIG_PATH), String(doc.calendar?.holidaysDir)) };
  cfgFile = path.join(s.dir, 'config.yaml');
  fs.writeFileSync(cfgFile, YAML.stringify(doc));
});
afterAll(() => s.close());

describe('the mails the helpdesk writes about hostile mail', () => {
  it('carry no injected header or recipient, and no control or bidi character in subject, text or HTML', async () => {
    const kinds = s.outbox().map((o) => o.kind);
    expect(kinds.filter((k) => k.startsWith('ack_'))).toHaveLength(3);
    expect(kinds).toEqual(expect.arrayContaining(['staff_new_case', 'staff_relay_reporter', 'relay_to_reporter']));
    for (const o of s.outbox()) {
      const head = o.raw.slice(0, o.raw.search(/\r?\n\r?\n/));
      expect(head).not.toMatch(/^bcc:/im);
      expect(head).not.toContain('evil.example');
      const parsed = await simpleParser(o.raw);
      const rcpt = [parsed.to, parsed.cc, parsed.bcc].flatMap((a) => (a === undefined ? [] : Array.isArray(a) ? a : [a])).flatMap((a) => a.value.map((v) => v.address));
      expect(rcpt.join(' ')).not.toContain('evil');
      expect({ kind: o.kind, subject: IN_MAIL.exec(o.subject)?.[0] ?? null }).toEqual({ kind: o.kind, subject: null });
      expect({ kind: o.kind, subject: IN_MAIL.exec(parsed.subject ?? '')?.[0] ?? null }).toEqual({ kind: o.kind, subject: null });
      for (const [part, body] of [['text', parsed.text ?? ''], ['html', typeof parsed.html === 'string' ? parsed.html : '']] as const) {
        const found = IN_MAIL.exec(body.replace(/\r\n/g, '\n'));
        expect({ kind: o.kind, part, found: found?.[0] ?? null }).toEqual({ kind: o.kind, part, found: null });
      }
    }
  });

  it('greet the reporter and list the fields as written, without the controls', async () => {
    const ack = s.outbox().find((o) => o.kind.startsWith('ack_') && o.toAddrs.includes('budi.pokja3@gmail.com'))!;
    const text = (await simpleParser(ack.raw)).text ?? '';
    expect(text).toContain('Yth. Bapak/Ibu Budi Santoso Bcc: x@evil.example,');
    expect(text).toContain('Nama Pokja Pemilihan: Pokja Pemilihan 3\n');
    expect(text).toContain('User ID SPSE: pokja3btg\n');
    expect(text).toContain('Nama Paket/Tender: Rehabilitasi Jalan Warungasem\n');
  });
});

describe('the CLI on a database holding hostile mail', () => {
  beforeAll(() => {
    // Rows written before this release kept whatever the mail carried: the output must hold anyway.
    const row = s.store.db.select().from(cases).where(eq(cases.ref, '2026-0002')).get()!;
    s.store.db.update(cases).set({ reporter: `siti${TITLE}@outlook.com`, committeeName: `Pokja${CLEAR}${TITLE}\u009b2J${RLO}`, tenderName: `Gedung\u2028${CLEAR}` }).where(eq(cases.id, row.id)).run();
    s.store.db.insert(events).values({ caseId: row.id, at: new Date('2026-11-23T05:00:00Z'), type: 'note', actor: `siti${TITLE}@outlook.com`, detail: { text: `catatan${CLEAR}` } }).run();
  });

  const human: Array<[string, () => string[]]> = [
    ['parse FILE', () => files.map((f) => cli('parse', f))],
    ['cases', () => [cli('cases')]],
    ['case REF', () => ['2026-0001', '2026-0002', '2026-0003'].map((ref) => cli('case', ref))],
    ['digest', () => [cli('digest', '--date', '2026-11-24')]],
  ];
  it.each(human)('%s prints no escape sequence, C1 or bidi control', (_cmd, run) => {
    for (const out of run()) {
      expect(out.length).toBeGreaterThan(20);
      expect(IN_TERMINAL.exec(out)?.[0] ?? null).toBeNull();
    }
  });

  it('parse shows what the mail said, minus the controls', () => {
    const out = cli('parse', files[0]!);
    expect(out).toContain('committeeName: Pokja Pemilihan 3\n');
    expect(out).toMatch(/subject: +Error upload dokumen gnp\.exe Bcc: x@evil\.example\n/);
  });

  const json: Array<[string, () => string[]]> = [
    ['parse FILE --json', () => files.map((f) => cli('parse', f, '--json'))],
    ['cases --json', () => [cli('cases', '--json')]],
    ['case REF --json', () => [cli('case', '2026-0002', '--json')]],
  ];
  it.each(json)('%s escapes every control, C1, U+2028/2029 and bidi character', (_cmd, run) => {
    for (const out of run()) {
      expect(IN_TERMINAL.exec(out)?.[0] ?? null).toBeNull();
      expect(() => JSON.parse(out) as unknown).not.toThrow();
    }
  });

  it('case REF --json escapes the stored values, which parse back unchanged', () => {
    const out = cli('case', '2026-0002', '--json');
    expect(out).toContain('"committeeName": "Pokja\\u001b[2J\\u001b]0;pwned\\u0007\\u009b2J\\u202e"');
    const c = JSON.parse(out) as { fields: { committeeName: string; tenderName: string } };
    expect(c.fields.committeeName).toBe(`Pokja${CLEAR}${TITLE}\u009b2J${RLO}`);
    expect(c.fields.tenderName).toBe(`Gedung\u2028${CLEAR}`);
  });
});
