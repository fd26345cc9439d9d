// Generated mail as the helpdesk mailbox receives it on a busy week: 60 % new reports, each with
// a real PNG screenshot of 50–500 KB, 20 % committee replies in their case's thread, 10 % staff
// commands from the configured staff addresses (proven by the receiving server's
// Authentication-Results) and 10 % auto-replies. Written as a Maildir (new/), in arrival order.
// Every mail's Date is during office hours, 30 seconds apart, so that `process --clock message`
// replays it as it would have happened.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Random, screenshot } from './screenshot';

export const AUTHSERV = 'mx.lpse.test';
const HELPDESK = 'Helpdesk LPSE Kabupaten Batang <helpdesk@lpse.test>';
const STAFF = ['Rina Wulandari <staff1@lpse.test>', 'Agus Setiawan <staff2@lpse.test>'];
const KINDS = ['report', 'report', 'report', 'reply', 'report', 'command', 'report', 'auto', 'report', 'reply'] as const;
type Kind = (typeof KINDS)[number];

export interface GeneratedMail {
  kind: Kind;
  date: Date;
  raw: Buffer;
}

export interface MailSet {
  dir: string;
  count: number;
  bytes: number;
  reports: number;
}

const SYMPTOMS = [
  'muncul notifikasi "maaf operasi yang anda lakukan salah" sehingga hasil evaluasi tidak dapat disimpan',
  'setelah menekan tombol Simpan, halaman kembali ke beranda dan data tidak tersimpan',
  'muncul halaman "Terjadi Kesalahan" saat membuka menu Jadwal Tender',
  'dokumen penawaran peserta tidak dapat diunduh, muncul pesan error 404',
  'tombol Kirim Undangan Pembuktian tidak dapat ditekan',
];
const PACKAGES = ['Rehabilitasi Jalan Warungasem – Kalibeluk', 'Pembangunan Gedung Puskesmas Bandar', 'Pengadaan Alat Kesehatan RSUD Batang', 'Normalisasi Saluran Irigasi Kaliboyo', 'Belanja Modal Komputer Dinas Pendidikan'];
const UNITS = ['dpupr', 'dinkes', 'disdik', 'dishub', 'rsud', 'setda', 'bappeda'];

const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');
const encWord = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`);

function trace(date: Date, fromDomain: string): string[] {
  return [
    `Received: from mail.${fromDomain} (mail.${fromDomain} [103.10.1.${date.getUTCSeconds() + 1}])`,
    `\tby ${AUTHSERV} (Postfix) with ESMTPS id 4dK${date.getTime().toString(36).toUpperCase()}`,
    `\tfor <helpdesk@lpse.test>; ${date.toUTCString().replace('GMT', '+0000')}`,
    `Authentication-Results: ${AUTHSERV};`,
    `\tdkim=pass header.d=${fromDomain};`,
    `\tspf=pass smtp.mailfrom=${fromDomain};`,
    `\tdmarc=pass (p=NONE) header.from=${fromDomain}`,
  ];
}

interface Envelope {
  from: string;
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo?: string;
  extra?: string[];
}

function headers(e: Envelope): string[] {
  const domain = /@([^>]+)>?$/.exec(e.from)?.[1] ?? 'example.test';
  return [
    ...trace(e.date, domain),
    'MIME-Version: 1.0',
    `From: ${e.from}`,
    `To: ${HELPDESK}`,
    `Subject: ${encWord(e.subject)}`,
    `Date: ${e.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${e.messageId}`,
    ...(e.inReplyTo ? [`In-Reply-To: ${e.inReplyTo}`, `References: ${e.inReplyTo}`] : []),
    ...(e.extra ?? []),
  ];
}

const html = (text: string) => `<div dir="ltr">${text.split('\n').map((l) => `<div>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;') || '<br>'}</div>`).join('')}</div>`;

function alternative(boundary: string, text: string): string[] {
  return [
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(Buffer.from(text)),
    `--${boundary}`,
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(Buffer.from(html(text))),
    `--${boundary}--`,
  ];
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A complete message: headers, the text and HTML alternatives, and attachments (base64). */
export function message(e: Envelope, text: string, attachments: readonly Attachment[] = []): Buffer {
  const id = e.messageId.replace(/[^a-z0-9]/gi, '').slice(0, 24);
  if (attachments.length === 0) return Buffer.from([...headers(e), ...alternative(`alt${id}`, text), ''].join('\r\n'));
  const mixed = `mix${id}`;
  const lines = [...headers(e), `Content-Type: multipart/mixed; boundary="${mixed}"`, '', `--${mixed}`, ...alternative(`alt${id}`, text)];
  for (const a of attachments) {
    lines.push(`--${mixed}`, `Content-Type: ${a.contentType}; name="${a.filename}"`, `Content-Disposition: attachment; filename="${a.filename}"`, 'Content-Transfer-Encoding: base64', '', b64(a.content));
  }
  lines.push(`--${mixed}--`, '');
  return Buffer.from(lines.join('\r\n'));
}

/** Office hours in Jakarta (UTC+7), Monday to Friday 08:00–15:00, from Monday 2 November 2026. */
function officeClock(): () => Date {
  let t = Date.UTC(2026, 10, 2, 1, 0, 0);
  return () => {
    t += 30_000;
    const local = new Date(t + 7 * 3_600_000);
    if (local.getUTCHours() >= 15) {
      const next = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1, 1, 0, 0));
      while ([0, 6].includes(new Date(next.getTime() + 7 * 3_600_000).getUTCDay())) next.setUTCDate(next.getUTCDate() + 1);
      t = next.getTime();
    }
    return new Date(t);
  };
}

interface Report {
  ref: string;
  messageId: string;
  from: string;
  subject: string;
}

function report(rnd: Random, n: number, date: Date, withScreenshot: boolean): { mail: Buffer; report: Report } {
  const unit = rnd.pick(UNITS);
  const from = `Pokja Pemilihan ${n} ${unit.toUpperCase()} <pokja${n}.${unit}@batangkab.go.id>`;
  const tender = `1003${String(4000000 + n * 7)}`;
  const pkg = rnd.pick(PACKAGES);
  const complete = rnd.next() < 0.7;
  const code = [...Array(9)].map(() => rnd.pick([...'0123456789abcdef'])).join('');
  const text = [
    'Selamat pagi, Bapak/Ibu Helpdesk LPSE Kabupaten Batang.',
    '',
    `Mohon bantuannya. Pada saat kami memproses paket di bawah ini, ${rnd.pick(SYMPTOMS)}. Sudah kami coba logout dan login ulang serta ganti browser, tetapi hasilnya tetap sama.`,
    '',
    `Nama Pokja Pemilihan: Pokja Pemilihan ${n}`,
    ...(complete ? [`User ID SPSE: pokja${n}${unit}`] : []),
    `Kode Tender: ${tender}`,
    `Nama Paket: ${pkg}`,
    ...(rnd.next() < 0.5 ? [`Kode Error: ${code}`] : []),
    ...(complete ? [`No. HP: 0812-${String(1000 + (n % 9000))}-${String(2000 + ((n * 7) % 8000))}`] : []),
    '',
    'Terima kasih.',
    '',
    `Pokja Pemilihan ${n}`,
    `${unit.toUpperCase()} Kabupaten Batang`,
  ].join('\n');
  const subject = `Error SPSE paket ${pkg} - Kode Tender ${tender}`;
  const messageId = `<report.${n}.${date.getTime()}@batangkab.go.id>`;
  const shots = withScreenshot ? [{ filename: `error-${tender}.png`, contentType: 'image/png', content: screenshot(rnd, rnd.int(55_000, 495_000)) }] : [];
  return { mail: message({ from, subject, date, messageId }, text, shots), report: { ref: '', messageId, from, subject } };
}

function reply(rnd: Random, r: Report, date: Date, n: number): Buffer {
  const text = rnd.pick([
    `Berikut kami lengkapi datanya.\nUser ID SPSE: pokja${n}\nNo. HP: 0813-${String(1000 + (n % 9000))}-4455\n\nTerima kasih.`,
    'Mohon informasi perkembangan penanganan laporan kami, karena jadwal tahapan akan segera berakhir.\n\nTerima kasih.',
    'Sudah kami coba kembali namun masih error, notifikasi yang sama masih muncul.\n\nSalam.',
  ]);
  const quoted = `${text}\n\nPada ${date.toUTCString()} ${HELPDESK} menulis:\n> Laporan Bapak/Ibu telah kami terima dengan nomor kasus [LPSE#${r.ref}].\n> Mohon tidak mengubah subjek surel ini.`;
  return message({ from: r.from, subject: `Re: [LPSE#${r.ref}] ${r.subject}`, date, messageId: `<reply.${n}.${date.getTime()}@batangkab.go.id>`, inReplyTo: r.messageId }, quoted);
}

function command(rnd: Random, r: Report, date: Date, n: number): Buffer {
  const text = rnd.pick([
    '#ditelepon\n#selesai Jadwal pada paket tersebut sudah kami perbaiki; silakan dicoba kembali.',
    '#catatan Sudah dicek di server, menunggu konfirmasi pelapor.',
    '#prioritas tinggi',
    '#tugaskan Agus Setiawan',
  ]);
  const body = `${text}\n\n-- \nBidang Layanan dan Dukungan\nLPSE Kabupaten Batang`;
  return message({ from: rnd.pick(STAFF), subject: `Re: [LPSE#${r.ref}] Kasus baru`, date, messageId: `<cmd.${n}.${date.getTime()}@lpse.test>`, inReplyTo: r.messageId }, body);
}

function autoReply(r: Report, date: Date, n: number): Buffer {
  const text = 'Terima kasih atas email Bapak/Ibu.\n\nSaya sedang dinas luar hingga Jumat dengan akses email terbatas. Email Bapak/Ibu akan saya balas sepulang dinas.\n\nSalam.';
  return message(
    { from: r.from, subject: `Balasan Otomatis: [LPSE#${r.ref}] Laporan permasalahan SPSE telah kami terima`, date, messageId: `<auto.${n}.${date.getTime()}@batangkab.go.id>`, extra: ['Auto-Submitted: auto-replied', 'X-Autoreply: yes'] },
    text,
  );
}

/**
 * `count` mails in the mix above. Reports are numbered in arrival order, so the k-th report
 * opens case 2026-000k of a fresh store; replies, commands and auto-replies go to one of the
 * twenty latest reports' cases. `reportsOnly` gives only reports (intake into a big store).
 */
export interface MailOptions {
  seed: number;
  reportsOnly?: boolean;
  /** ISO time the office clock starts from (default: Monday 2 November 2026, 08:00 in Jakarta); keep it a weekday morning. */
  start?: string;
}

export function* mails(count: number, opts: MailOptions = { seed: 1 }): Generator<GeneratedMail> {
  const rnd = new Random(opts.seed);
  const clock = officeClock();
  const offset = opts.start ? Date.parse(opts.start) - Date.UTC(2026, 10, 2, 1, 0, 0) : 0;
  const reports: Report[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(clock().getTime() + offset);
    const kind: Kind = opts.reportsOnly || reports.length === 0 ? 'report' : (KINDS[i % KINDS.length] as Kind);
    if (kind === 'report') {
      const made = report(rnd, i + 1, date, true);
      made.report.ref = `2026-${String(1 + reports.length).padStart(4, '0')}`;
      reports.push(made.report);
      yield { kind, date, raw: made.mail };
      continue;
    }
    const target = reports[Math.max(0, reports.length - 1 - rnd.int(0, 19))] as Report;
    const raw = kind === 'reply' ? reply(rnd, target, date, i + 1) : kind === 'command' ? command(rnd, target, date, i + 1) : autoReply(target, date, i + 1);
    yield { kind, date, raw };
  }
}

/** Writes mails into `dir` as a Maildir (new/, names in arrival order). */
export function writeMaildir(dir: string, source: Iterable<GeneratedMail>): MailSet {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const d of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  let count = 0;
  let bytes = 0;
  let reports = 0;
  for (const m of source) {
    count++;
    bytes += m.raw.length;
    if (m.kind === 'report') reports++;
    const name = `${Math.floor(m.date.getTime() / 1000)}.M${String(count).padStart(6, '0')}P1.bench,S=${m.raw.length}`;
    fs.writeFileSync(path.join(dir, 'new', name), m.raw);
  }
  return { dir, count, bytes, reports };
}

/** One report carrying one big file (a scanned PDF of `bytes`): for the peak memory figure. */
export function bigAttachmentMail(bytes: number): Buffer {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(bytes - 9)]);
  return message(
    { from: 'Pokja Pemilihan 9 <pokja9.dpupr@batangkab.go.id>', subject: 'Dokumen penawaran tidak dapat diunggah', date: new Date(Date.UTC(2026, 10, 2, 2, 0, 0)), messageId: '<big.1@batangkab.go.id>' },
    'Selamat siang.\n\nDokumen penawaran berikut tidak dapat diunggah ke SPSE, muncul notifikasi "maaf operasi yang anda lakukan salah".\n\nNama Pokja Pemilihan: Pokja Pemilihan 9\nKode Tender: 10034567000\n\nTerima kasih.',
    [{ filename: 'dokumen-penawaran.pdf', contentType: 'application/pdf', content: pdf }],
  );
}

/** One report carrying `n` small screenshots (a committee attaching every page of a form). */
export function manyAttachmentsMail(n: number): Buffer {
  const rnd = new Random(300);
  const shots = Array.from({ length: n }, (_, i) => ({ filename: `halaman-${i + 1}.png`, contentType: 'image/png', content: screenshot(rnd, 25_000 + (i % 10) * 1000) }));
  return message(
    { from: 'Pokja Pemilihan 8 <pokja8.dinkes@batangkab.go.id>', subject: 'Tangkapan layar seluruh halaman', date: new Date(Date.UTC(2026, 10, 2, 2, 0, 0)), messageId: '<many.1@batangkab.go.id>' },
    'Selamat siang.\n\nTerlampir tangkapan layar setiap halaman yang error.\n\nNama Pokja Pemilihan: Pokja Pemilihan 8\nKode Tender: 10034567001\n\nTerima kasih.',
    shots,
  );
}
