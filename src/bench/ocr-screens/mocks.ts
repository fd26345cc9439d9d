// The SPSE 4.x screens a committee photographs or captures, as HTML for Chromium to render: a
// browser window (tabs, toolbar, address bar, sometimes bookmarks and the Windows taskbar) around
// an SPSE page (the LPSE's header, the menu, a breadcrumb, Bootstrap 3 panels and tables). The
// element marked id="target" is what a cropped variant keeps in view: the Kode Error when the
// screen shows one, else the headline or the notification.
import type { Random } from '../screenshot';

export type ScreenKind =
  /** SPSE's error page: "Maaf, terjadi error pada aplikasi SPSE", Kode Error, the exception. */
  | 'error_page'
  /** The notification "maaf operasi yang anda lakukan salah…" with its details opened (SOP step 1b). */
  | 'notification_open'
  /** The same notification, details not opened: no code, no exception. */
  | 'notification_closed'
  /** "Terjadi Kesalahan" without any code. */
  | 'error_no_code'
  | 'not_found'
  | 'forbidden'
  /** An ordinary SPSE page full of other numbers (Kode Tender, dates, HPS). */
  | 'tender_page';

export interface Lpse {
  name: string;
  /** The path segment on spse.inaproc.id, e.g. "batangkab". */
  slug: string;
  /** The LPSE's own host, e.g. "lpse.batangkab.go.id". */
  host: string;
}

export interface ScreenSpec {
  kind: ScreenKind;
  code: string | null;
  lpse: Lpse;
  url: string;
  dark: boolean;
  browser: 'chrome' | 'firefox';
  /** The Windows taskbar at the bottom (a full-screen capture) or not (a window capture). */
  taskbar: boolean;
  bookmarks: boolean;
  font: string;
  fontPx: number;
  /** How the code is set: bold text or Bootstrap's <code>. */
  codeStyle: 'strong' | 'code';
  /** The exception: first line, then the stack frames. */
  exception: readonly string[];
  tender: Tender;
  user: string;
  /** 403/404 as nginx's bare page rather than SPSE's own. */
  bare: boolean;
  /** The browser's page zoom: users zoom out to see SPSE's wide tables, or in on a small laptop. */
  zoom: number;
}

export interface Tender {
  code: string;
  name: string;
  satker: string;
  hps: string;
  pagu: string;
  rup: string;
  created: string;
  stage: string;
}

export const LPSES: readonly Lpse[] = [
  { name: 'LPSE Kabupaten Batang', slug: 'batangkab', host: 'lpse.batangkab.go.id' },
  { name: 'LPSE Kabupaten Pekalongan', slug: 'pekalongankab', host: 'lpse.pekalongankab.go.id' },
  { name: 'LPSE Kota Semarang', slug: 'semarangkota', host: 'lpse.semarangkota.go.id' },
  { name: 'LPSE Provinsi Jawa Tengah', slug: 'jatengprov', host: 'lpse.jatengprov.go.id' },
  { name: 'LPSE Kabupaten Kendal', slug: 'kendalkab', host: 'lpse.kendalkab.go.id' },
];

const WORKS = [
  'Pembangunan Jalan Lingkar Utara Segmen 2',
  'Rehabilitasi Gedung SD Negeri 3 Kandeman',
  'Pengadaan Alat Kesehatan RSUD Kalisari',
  'Peningkatan Jalan Wonotunggal - Bandar',
  'Belanja Modal Pengadaan Komputer Dinas Pendidikan',
  'Jasa Konsultansi Pengawasan Pembangunan Pasar Batang',
  'Normalisasi Saluran Irigasi Daerah Irigasi Sambong',
];
const SATKER = [
  'DINAS PEKERJAAN UMUM DAN PENATAAN RUANG',
  'DINAS KESEHATAN',
  'DINAS PENDIDIKAN DAN KEBUDAYAAN',
  'RUMAH SAKIT UMUM DAERAH',
  'DINAS PERUMAHAN DAN KAWASAN PERMUKIMAN',
];
const STAGES = ['Pengumuman Pascakualifikasi', 'Download Dokumen Pemilihan', 'Pemberian Penjelasan', 'Upload Dokumen Penawaran', 'Evaluasi Administrasi, Kualifikasi, Teknis, dan Harga'];
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const PAGES = ['pengumumanlelang', 'jadwal', 'dokumen', 'peserta', 'evaluasi'];
/** Play 1.x (SPSE's framework) exceptions as SPSE shows them: the first line, then frames. */
const EXCEPTIONS: readonly (readonly string[])[] = [
  ['java.lang.NullPointerException', 'at models.lelang.Dok_lelang.simpanDokumen(Dok_lelang.java:187)', 'at controllers.lelang.DokumenCtr.submit(DokumenCtr.java:96)'],
  ['java.lang.NullPointerException', 'at models.lelang.Lelang_seleksi.getNamaPaket(Lelang_seleksi.java:233)', 'at controllers.lelang.LelangCtr.view(LelangCtr.java:412)'],
  ['play.exceptions.JavaExecutionException: Index: 0, Size: 0', 'at models.jadwal.Jadwal.findByLelang(Jadwal.java:154)', 'at controllers.lelang.JadwalCtr.edit(JadwalCtr.java:78)'],
  ['java.lang.IllegalStateException: Dokumen pemilihan belum dibuat', 'at models.lelang.Checklist.cekDokumen(Checklist.java:65)', 'at controllers.lelang.PengumumanCtr.umumkan(PengumumanCtr.java:201)'],
  ['org.hibernate.exception.JDBCConnectionException: Cannot open connection', 'at models.common.Active_user.findByUserid(Active_user.java:48)', 'at controllers.BasicCtr.checkAccess(BasicCtr.java:120)'],
  ['java.sql.SQLException: ERROR: duplicate key value violates unique constraint "peserta_pkey"', 'at models.lelang.Peserta.simpan(Peserta.java:301)', 'at controllers.rekanan.PesertaCtr.daftar(PesertaCtr.java:88)'],
];
const USERS = ['Pokja Pemilihan 2', 'Pokja Pemilihan 5', 'PPK Dinas PUPR', 'Pejabat Pengadaan DINKES', 'Admin Agency'];
const FONTS = ['"Liberation Sans", Arial, Helvetica, sans-serif', '"DejaVu Sans", Verdana, sans-serif', '"Helvetica Neue", Helvetica, Arial, sans-serif'];

function rupiah(rnd: Random): string {
  const n = rnd.int(150, 9800) * 1_000_000 + rnd.int(0, 999) * 1000;
  return `Rp ${n.toLocaleString('id-ID')},00`;
}

/** Everything random about one screen, drawn from `rnd` in a fixed order (same seed, same screen). */
export function screenSpec(rnd: Random, kind: ScreenKind, code: string | null, dark: boolean): ScreenSpec {
  const lpse = rnd.pick(LPSES);
  const tenderCode = `${rnd.int(100, 999)}${rnd.int(10000, 99999)}${rnd.pick(['000', '000', '335', '167'])}`;
  const page = rnd.pick(PAGES);
  const inaproc = rnd.next() < 0.6;
  const url =
    kind === 'not_found'
      ? `https://${inaproc ? `spse.inaproc.id/${lpse.slug}` : `${lpse.host}/eproc4`}/lelang/${tenderCode}/${page}x`
      : inaproc
        ? `https://spse.inaproc.id/${lpse.slug}/lelang/${tenderCode}/${page}`
        : `https://${lpse.host}/eproc4/lelang/${tenderCode}/${page}`;
  const pagu = rupiah(rnd);
  return {
    kind,
    code,
    lpse,
    url,
    dark,
    browser: rnd.next() < 0.75 ? 'chrome' : 'firefox',
    taskbar: rnd.next() < 0.6,
    bookmarks: rnd.next() < 0.5,
    font: rnd.pick(FONTS),
    fontPx: rnd.pick([13, 14, 14, 15]),
    codeStyle: rnd.next() < 0.5 ? 'strong' : 'code',
    exception: rnd.pick(EXCEPTIONS),
    tender: {
      code: tenderCode,
      name: rnd.pick(WORKS),
      satker: rnd.pick(SATKER),
      hps: rupiah(rnd),
      pagu,
      rup: String(rnd.int(30_000_000, 49_999_999)),
      created: `${rnd.int(1, 28)} ${rnd.pick(MONTHS)} 2026`,
      stage: rnd.pick(STAGES),
    },
    user: rnd.pick(USERS),
    bare: rnd.next() < 0.35,
    zoom: rnd.pick([0.9, 1, 1, 1, 1.1]),
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function css(s: ScreenSpec): string {
  const chrome = s.dark
    ? { strip: '#202124', tab: '#35363a', tabText: '#e8eaed', idle: '#9aa0a6', bar: '#35363a', box: '#202124', url: '#e8eaed', path: '#9aa0a6', icon: '#c4c7c5', book: '#35363a' }
    : { strip: '#dee1e6', tab: '#ffffff', tabText: '#202124', idle: '#5f6368', bar: '#ffffff', box: '#f1f3f4', url: '#202124', path: '#5f6368', icon: '#5f6368', book: '#ffffff' };
  return `
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; overflow: hidden; }
  body { display: flex; flex-direction: column; font-family: ${s.font}; font-size: ${s.fontPx}px; color: #333; background: #fff; }
  .strip { height: 36px; background: ${chrome.strip}; display: flex; align-items: flex-end; padding: 0 8px; gap: 2px; font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 12px; }
  .tab { height: 30px; width: 230px; border-radius: 8px 8px 0 0; display: flex; align-items: center; gap: 8px; padding: 0 10px; color: ${chrome.idle}; white-space: nowrap; overflow: hidden; }
  .tab.on { background: ${chrome.tab}; color: ${chrome.tabText}; }
  .tab i { flex: none; width: 14px; height: 14px; border-radius: 3px; background: #a91d22; }
  .tab.mail i { background: #ea4335; } .tab.wa i { background: #25d366; border-radius: 50%; }
  .tab b { font-weight: normal; overflow: hidden; text-overflow: ellipsis; flex: 1; }
  .plus { color: ${chrome.idle}; font-size: 18px; padding: 0 10px 6px; }
  .bar { height: 40px; background: ${chrome.bar}; display: flex; align-items: center; gap: 14px; padding: 0 12px; color: ${chrome.icon}; font-family: "DejaVu Sans", sans-serif; font-size: 16px; }
  .omni { flex: 1; height: 30px; border-radius: 15px; background: ${chrome.box}; display: flex; align-items: center; padding: 0 14px; gap: 10px; font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 14px; color: ${chrome.url}; white-space: nowrap; overflow: hidden; }
  .omni.ff { border-radius: 4px; }
  .omni .p { color: ${chrome.path}; }
  .lock { width: 10px; height: 8px; border: 2px solid ${chrome.icon}; border-radius: 2px; position: relative; top: 2px; }
  .lock:before { content: ""; position: absolute; left: 0; top: -8px; width: 6px; height: 6px; border: 2px solid ${chrome.icon}; border-bottom: none; border-radius: 4px 4px 0 0; }
  .books { height: 28px; background: ${chrome.book}; display: flex; align-items: center; gap: 18px; padding: 0 14px; font-family: "Liberation Sans", sans-serif; font-size: 12px; color: ${chrome.tabText}; border-bottom: 1px solid ${s.dark ? '#4a4c50' : '#dadce0'}; }
  .view { flex: 1; overflow: hidden; background: #f5f5f5; zoom: ${s.zoom}; }
  .hdr { background: #fff; display: flex; align-items: center; gap: 14px; padding: 10px 30px; border-bottom: 3px solid #a91d22; }
  .logo { width: 54px; height: 54px; border-radius: 50%; background: radial-gradient(circle at 35% 35%, #f6c243, #c8901a 60%, #7b4f06); border: 3px solid #1d4e89; }
  .lpse { font-size: 1.55em; font-weight: bold; color: #1d4e89; }
  .tag { font-size: 0.9em; color: #777; }
  .ver { margin-left: auto; text-align: right; font-size: 0.85em; color: #777; }
  .nav { background: #1d4e89; display: flex; padding: 0 30px; }
  .nav a { color: #fff; padding: 11px 15px; text-decoration: none; }
  .nav a.on { background: #163c69; }
  .nav .badge { background: #d9534f; border-radius: 9px; padding: 1px 6px; font-size: 0.8em; }
  .nav .usr { margin-left: auto; color: #dce6f2; padding: 11px 0; }
  .crumb { margin: 14px 30px 0; padding: 8px 15px; background: #ececec; border-radius: 4px; color: #777; }
  .crumb a { color: #1d4e89; text-decoration: none; }
  .wrap { margin: 14px 30px; }
  .panel { background: #fff; border: 1px solid #ddd; border-radius: 4px; margin-bottom: 16px; }
  .panel-h { padding: 10px 15px; background: #f5f5f5; border-bottom: 1px solid #ddd; font-weight: bold; color: #333; }
  .panel-b { padding: 15px; line-height: 1.45; }
  table.t { width: 100%; border-collapse: collapse; }
  table.t td, table.t th { border: 1px solid #ddd; padding: 7px 10px; text-align: left; vertical-align: top; }
  table.t th { width: 24%; background: #f9f9f9; }
  .alert { padding: 12px 15px; border-radius: 4px; margin-bottom: 16px; border: 1px solid #ebccd1; background: #f2dede; color: #a94442; line-height: 1.5; }
  .dots { display: inline-grid; grid-template-columns: 4px 4px; gap: 3px; vertical-align: middle; margin-right: 8px; cursor: pointer; }
  .dots i { width: 4px; height: 4px; border-radius: 50%; background: #a94442; }
  .det { margin-top: 8px; padding-top: 8px; border-top: 1px dashed #d9a7a7; }
  .det .fr { padding-left: 24px; }
  code { font-family: "Liberation Mono", "DejaVu Sans Mono", Consolas, monospace; color: #c7254e; background: #f9f2f4; padding: 2px 4px; border-radius: 4px; font-size: 1em; }
  pre { font-family: "Liberation Mono", "DejaVu Sans Mono", Consolas, monospace; font-size: 0.9em; background: #f5f5f5; border: 1px solid #ccc; border-radius: 4px; padding: 9px; white-space: pre-wrap; color: #333; }
  h3.err { color: #a94442; margin: 0 0 12px; font-size: 1.6em; }
  .big { font-size: 5em; font-weight: bold; color: #bbb; margin: 10px 0 0; }
  .btn { display: inline-block; padding: 6px 12px; border-radius: 4px; background: #1d4e89; color: #fff; }
  .foot { margin: 10px 30px; padding: 10px 0; border-top: 1px solid #ddd; color: #888; font-size: 0.85em; }
  .bare { background: #fff; height: 100%; padding-top: 8px; font-family: "DejaVu Serif", "Liberation Serif", serif; color: #000; text-align: center; }
  .bare h1 { font-size: 2em; margin: 20px 0; } .bare hr { margin: 0 8px; }
  .task { height: 40px; background: ${s.dark ? '#1c1c1c' : '#dfe6ee'}; display: flex; align-items: center; gap: 16px; padding: 0 12px; font-family: "Liberation Sans", sans-serif; font-size: 12px; color: ${s.dark ? '#fff' : '#111'}; }
  .task i { width: 24px; height: 24px; border-radius: 4px; background: #3b78d8; }
  .task i.w { background: #1da1f2; } .task i.c { background: conic-gradient(#db4437 0 33%, #f4b400 0 66%, #0f9d58 0); border-radius: 50%; }
  .task .clock { margin-left: auto; text-align: right; line-height: 1.3; }
  `;
}

/** The page's title: the browser tab and the taskbar show it. */
function title(s: ScreenSpec): string {
  if (s.kind === 'not_found') return s.bare ? '404 Not Found' : `Halaman tidak ditemukan: ${s.lpse.name}`;
  if (s.kind === 'forbidden') return s.bare ? '403 Forbidden' : `Akses ditolak: ${s.lpse.name}`;
  return `${s.lpse.name}: SPSE 4`;
}

function browserChrome(s: ScreenSpec): string {
  const shown = s.browser === 'chrome' ? s.url.replace(/^https:\/\//, '') : s.url;
  const slash = shown.indexOf('/', s.browser === 'chrome' ? 0 : 'https://'.length);
  const host = slash < 0 ? shown : shown.slice(0, slash);
  const rest = slash < 0 ? '' : shown.slice(slash);
  const books = s.bookmarks
    ? `<div class="books"><span>${esc(s.lpse.name)}</span><span>SiRUP</span><span>e-Katalog</span><span>Gmail</span><span>Portal Pengadaan Nasional</span></div>`
    : '';
  return `<div class="strip">
    <div class="tab mail"><i></i><b>Kotak Masuk (12) - pokja.${esc(s.lpse.slug)}@gmail.com</b></div>
    <div class="tab on"><i></i><b>${esc(title(s))}</b>×</div>
    <div class="tab wa"><i></i><b>WhatsApp</b></div><span class="plus">+</span></div>
  <div class="bar"><span>←</span><span>→</span><span>⟳</span>
    <div class="omni${s.browser === 'firefox' ? ' ff' : ''}"><span class="lock"></span><span>${esc(host)}<span class="p">${esc(rest)}</span></span></div>
    <span>☆</span><span>⋮</span></div>${books}`;
}

function page(s: ScreenSpec, body: string, menu = true): string {
  const nav = menu
    ? `<div class="nav"><a>Beranda</a><a class="on">Paket</a><a>Daftar Paket</a><a>Inbox <span class="badge">3</span></a><a>Log Akses</a><a>Ganti Password</a><span class="usr">${esc(s.user)} | Logout</span></div>
       <div class="crumb"><a>Beranda</a> › <a>Daftar Paket</a> › Informasi Tender</div>`
    : '';
  return `<div class="hdr"><div class="logo"></div><div><div class="lpse">${esc(s.lpse.name)}</div><div class="tag">Layanan Pengadaan Secara Elektronik</div></div>
    <div class="ver">Sistem Pengadaan Secara Elektronik<br>SPSE versi 4.5u20230815</div></div>${nav}
    <div class="wrap">${body}</div>
    <div class="foot">© 2026 LKPP – Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah. Mendukung Mozilla Firefox dan Google Chrome versi terbaru.</div>`;
}

function codeHtml(s: ScreenSpec): string {
  const code = esc(s.code ?? '');
  return s.codeStyle === 'code' ? `<code>${code}</code>` : `<strong>${code}</strong>`;
}

function tenderTable(s: ScreenSpec): string {
  const t = s.tender;
  const rows: [string, string][] = [
    ['Kode Tender', t.code],
    ['Nama Tender', t.name],
    ['Kode RUP', t.rup],
    ['Tanggal Pembuatan', t.created],
    ['Satuan Kerja', t.satker],
    ['Jenis Pengadaan', 'Pekerjaan Konstruksi'],
    ['Metode Pengadaan', 'Tender - Pascakualifikasi Satu File - Harga Terendah Sistem Gugur'],
    ['Nilai Pagu Paket', t.pagu],
    ['Nilai HPS Paket', t.hps],
    ['Tahap Tender Saat Ini', t.stage],
  ];
  return `<div class="panel"><div class="panel-h">Informasi Tender</div><div class="panel-b"><table class="t" id="table">
    ${rows.map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`).join('')}</table></div></div>`;
}

function notification(s: ScreenSpec, open: boolean): string {
  const [first, ...frames] = s.exception;
  const details = open
    ? `<div class="det"><div id="target">Kode Error: ${codeHtml(s)}</div><div>${esc(first ?? '')}</div>${frames.map((f) => `<div class="fr">${esc(f)}</div>`).join('')}</div>`
    : '';
  return `<div class="alert" ${open ? '' : 'id="target"'}><span class="dots"><i></i><i></i><i></i><i></i></span>maaf operasi yang anda lakukan salah, silakan ulangi kembali atau hubungi admin LPSE${details}</div>`;
}

function content(s: ScreenSpec): string {
  switch (s.kind) {
    case 'error_page': {
      const [first, ...frames] = s.exception;
      return page(
        s,
        `<div class="panel"><div class="panel-b"><h3 class="err" id="headline">Maaf, terjadi error pada aplikasi SPSE</h3>
        <p>Silakan ulangi beberapa saat lagi. Apabila masalah berlanjut, laporkan kepada Helpdesk LPSE dengan menyertakan Kode Error berikut.</p>
        <p id="target">Kode Error: ${codeHtml(s)}</p>
        <pre>${esc(first ?? '')}\n${frames.map((f) => `    ${esc(f)}`).join('\n')}</pre>
        <span class="btn">Kembali ke Beranda</span></div></div>`,
        false,
      );
    }
    case 'notification_open':
      return page(s, notification(s, true) + tenderTable(s));
    case 'notification_closed':
      return page(s, notification(s, false) + tenderTable(s));
    case 'error_no_code':
      return page(
        s,
        `<div class="panel"><div class="panel-b" id="target"><h3 class="err">Terjadi Kesalahan</h3>
        <p>Mohon maaf, permintaan Anda tidak dapat diproses saat ini. Silakan kembali ke halaman Beranda dan ulangi beberapa saat lagi.</p>
        <span class="btn">Kembali ke Beranda</span></div></div>`,
      );
    case 'not_found':
    case 'forbidden': {
      const nf = s.kind === 'not_found';
      if (s.bare) return `<div class="bare" id="target"><h1>${nf ? '404 Not Found' : '403 Forbidden'}</h1><hr><p>nginx</p></div>`;
      return page(
        s,
        `<div class="panel"><div class="panel-b" id="target"><div class="big">${nf ? '404' : '403'}</div>
        <h3 class="err">${nf ? 'Halaman tidak ditemukan' : 'Akses ditolak'}</h3>
        <p>${nf ? 'Not Found: halaman yang Anda cari tidak tersedia atau telah dipindahkan.' : 'Forbidden: Anda tidak memiliki hak akses untuk membuka halaman ini.'}</p>
        <span class="btn">Kembali ke Beranda</span></div></div>`,
        !nf,
      );
    }
    case 'tender_page':
      return page(s, tenderTable(s).replace('id="table"', 'id="target"'));
  }
}

function taskbar(s: ScreenSpec): string {
  if (!s.taskbar) return '';
  return `<div class="task"><i></i><i class="c"></i><i class="w"></i><span>${esc(title(s))} - ${s.browser === 'chrome' ? 'Google Chrome' : 'Mozilla Firefox'}</span>
    <div class="clock">${s.tender.created.startsWith('1') ? '09.41' : '14.07'}<br>${s.tender.created}</div></div>`;
}

export function screenHtml(s: ScreenSpec): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><style>${css(s)}</style></head>
  <body>${browserChrome(s)}<div class="view">${content(s)}</div>${taskbar(s)}</body></html>`;
}

/** The monitor in a phone photo: the captured screen in a bezel, turned in 3D, with moiré and glare over it. */
export function photoHtml(screenPng: Buffer, screenWidth: number, tilt: { x: number; y: number; z: number }, glareAt: number): string {
  return `<!doctype html><html><head><style>
  html, body { margin: 0; height: 100%; overflow: hidden; }
  body { background: linear-gradient(160deg, #6b6256 0%, #3b352f 55%, #24201c 100%); display: flex; align-items: center; justify-content: center; perspective: 1600px; }
  .mon { padding: 16px 16px 30px; background: #141414; border-radius: 10px; box-shadow: 0 30px 60px rgba(0,0,0,.55); transform: rotateX(${tilt.x}deg) rotateY(${tilt.y}deg) rotateZ(${tilt.z}deg); }
  .scr { position: relative; overflow: hidden; }
  .scr img { display: block; width: ${screenWidth}px; }
  .moire { position: absolute; inset: 0; background:
    repeating-linear-gradient(88deg, rgba(0,0,0,.07) 0 1px, transparent 1px 3px),
    repeating-linear-gradient(-1.5deg, rgba(40,0,60,.05) 0 1px, transparent 1px 4px); }
  .glare { position: absolute; inset: 0; background:
    radial-gradient(ellipse at ${glareAt}% 18%, rgba(255,255,255,.28), transparent 55%),
    linear-gradient(to bottom, rgba(0,0,0,0) 40%, rgba(0,0,0,.22)); }
  </style></head><body><div class="mon"><div class="scr"><img src="data:image/png;base64,${screenPng.toString('base64')}"><div class="moire"></div><div class="glare"></div></div></div></body></html>`;
}
