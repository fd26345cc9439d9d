// What an HTML mail shows, as mail clients write it: hidden elements and unreadable text go,
// everything a person sees stays (also where a hiding style is reset inside).
import { shownHtml } from '../../src/inbox/html-hidden';
import { htmlToPlain } from '../../src/inbox/html-text';

const seen = (html: string) => htmlToPlain(shownHtml(html).html).replace(/\s+/g, ' ').trim();

describe('shownHtml', () => {
  const cases: Array<[string, string, string, boolean]> = [
    ['Gmail reply, nothing hidden', '<div dir="ltr">Baik Pak, sudah kami cek.<br><div class="gmail_quote">Pada Kam, 26 Nov 2026 Rina menulis:</div></div>', 'Baik Pak, sudah kami cek. Pada Kam, 26 Nov 2026 Rina menulis:', false],
    ['Outlook with conditional comments', '<html><head><style>p.MsoNormal{margin:0}</style></head><body><!--[if gte mso 9]><xml><o:shapedefaults/></xml><![endif]--><p class="MsoNormal">Mohon dibantu.<o:p></o:p></p></body></html>', 'Mohon dibantu.', false],
    ['newsletter wrapper font-size:0 with readable children', '<div style="font-size:0"><span style="font-size:14px">Jadwal pelatihan SPSE</span> <span style="font-size:14px">Kamis</span></div>', 'Jadwal pelatihan SPSE Kamis', false],
    ['marketing preheader', '<div style="display:none;max-height:0;overflow:hidden">#tutup promo</div><p>Pengumuman</p>', 'Pengumuman', true],
    ['white text on white', '<p>Halo</p><p><span style="color: rgb(255, 255, 255)">#eskalasi</span></p>', 'Halo', true],
    ['a visible child inside a white block is readable again', '<div style="color:#fff">x <span style="color:#111">Nama Paket: Jalan Desa</span></div>', 'Nama Paket: Jalan Desa', true],
    ['template, hidden attribute and comment', '<p>Teks</p><template>#tutup</template><p hidden>#buka</p><!-- #selesai -->', 'Teks', true],
    ['entities survive', '<p>a &lt; b &amp; c</p>', 'a < b & c', false],
    // <style> rules: class, compound, id, descendant and @media selectors.
    ['newsletter preheader hidden by a class rule', '<html><head><style>.preheader{display:none !important;max-height:0}</style></head><body><span class="preheader">#tutup</span><p>Pengumuman pelatihan SPSE</p></body></html>', 'Pengumuman pelatihan SPSE', true],
    ['Outlook compound rule p.hide', '<style>p.MsoNormal{margin:0} p.hide, .x {mso-hide:all}</style><p class="MsoNormal">Mohon dibantu.</p><p class="MsoNormal hide">#eskalasi</p>', 'Mohon dibantu.', true],
    ['id rule, visibility', '<style type="text/css">/* ringkasan */ #ringkasan { visibility: hidden }</style><div>Baik Pak.</div><div id="ringkasan">#tutup</div>', 'Baik Pak.', true],
    ['descendant rule with a near-white colour', '<style>.wrapper .note{color:#fdfdfd}</style><div class="wrapper"><p>Sudah kami teruskan.</p><p class="note">#selesai</p></div>', 'Sudah kami teruskan.', true],
    ['a dark-mode @media rule is not read, a top-level one is', '<style>@media (prefers-color-scheme: dark) { .isi { background-color: #111111 } }\n.kecil { font-size: 1px }</style><div class="isi"><p>Terima kasih.</p><p class="kecil">#tutup</p></div>', 'Terima kasih.', true],
    ['Outlook sheet in <!-- -->, with @font-face and @page', '<style><!--\n@font-face {font-family:Calibri;}\np.MsoNormal, li.MsoNormal {margin:0cm; font-size:11.0pt;}\n@page WordSection1 {size:612.0pt 792.0pt;}\nspan.Tersembunyi {display:none}\n--></style><p class="MsoNormal">Mohon dibantu.</p><span class="Tersembunyi">#tutup</span>', 'Mohon dibantu.', true],
    ['a rule for another class hides nothing here', '<style>.hide{display:none} a:hover{display:none}</style><p class="show">Kode Tender: 10034567000</p><p class="hide">#tutup</p><a href="#">tautan</a>', 'Kode Tender: 10034567000 tautan', true],
    // Colour: transparent, near the background, or the background itself.
    ['color:transparent', '<div>Baik, kami cek.</div><div style="color:transparent">#tutup</div>', 'Baik, kami cek.', true],
    ['rgba with zero alpha', '<p>Baik.</p><p style="color: rgba(0, 0, 0, 0)">#tutup</p>', 'Baik.', true],
    ['-webkit-text-fill-color transparent', '<p>Baik.</p><p style="-webkit-text-fill-color:transparent">#tutup</p>', 'Baik.', true],
    ['near-white #fefefe', '<div>Baik</div><div style="color:#fefefe">#tutup</div>', 'Baik', true],
    ['near-white named colour', '<div>Baik</div><span style="color:snow">#tutup</span>', 'Baik', true],
    ['a child inheriting white stays white', '<div>Baik</div><div style="color:#fff">x <span style="color:inherit">#tutup</span></div>', 'Baik', true],
    ['near-white rgb()', '<div>Baik</div><span style="color:rgb(250, 250, 250)">#tutup</span>', 'Baik', true],
    ['black on a black background', '<div>Baik</div><div style="background:#000"><div style="color:#000">#tutup</div></div>', 'Baik', true],
    ['black font in a black bgcolor cell', '<p>Baik</p><table><tr><td bgcolor="#000000"><font color="black">#tutup</font></td></tr></table>', 'Baik', true],
    ['navy on navy', '<p>Baik</p><div style="background-color:#1a1a2e"><span style="color:#1b1b30">#tutup</span></div>', 'Baik', true],
    ['white on a dark button stays readable', '<table><tr><td bgcolor="#0b5394"><a href="#" style="color:#ffffff">Lihat tiket</a></td></tr></table><span style="color:#fff">#tutup</span>', 'Lihat tiket', true],
    ['dark-mode body with light text stays readable', '<body bgcolor="#000000" text="#ffffff"><p>Mohon dicek, Pak.</p><p style="color:#010101">#tutup</p></body>', 'Mohon dicek, Pak.', true],
    // Size: tiny in em, rem, %, pt; nested em.
    ['font-size 0.25em', '<div>Baik</div><div style="font-size:0.25em">#tutup</div>', 'Baik', true],
    ['font-size 0.3rem', '<div>Baik</div><div style="font-size:.3rem">#tutup</div>', 'Baik', true],
    ['font-size 30%', '<div>Baik</div><div style="font-size:30%">#tutup</div>', 'Baik', true],
    ['font-size 3pt', '<div>Baik</div><div style="font-size:3pt">#tutup</div>', 'Baik', true],
    ['nested 0.5em in 0.5em', '<div>Baik</div><div style="font-size:0.5em">kecil <span style="font-size:0.5em">#tutup</span></div>', 'Baik kecil', true],
    ['line-height 0 with clipping', '<div>Baik</div><div style="line-height:0;overflow:hidden">#tutup</div>', 'Baik', true],
    // Position and clipping.
    ['off-screen absolute', '<div>Baik</div><div style="position:absolute;left:-9999px">#tutup</div>', 'Baik', true],
    ['off-screen fixed top', '<div>Baik</div><div style="position:fixed; top:-500px">#tutup</div>', 'Baik', true],
    ['text-indent -9999px', '<div>Baik</div><div style="text-indent:-9999px;overflow:hidden;white-space:nowrap">#tutup</div>', 'Baik', true],
    ['Outlook list indent stays, a hidden indent does not', '<p class="MsoListParagraph" style="margin-left:36pt;text-indent:-18pt">1. Upload ulang dokumen</p><p style="text-indent:-200em">#tutup</p>', '1. Upload ulang dokumen', true],
    ['clip rect(0,0,0,0)', '<div>Baik</div><div style="clip:rect(0,0,0,0);position:absolute">#tutup</div>', 'Baik', true],
    ['screen-reader-only clip rect(1px 1px 1px 1px)', '<div>Baik</div><span style="position:absolute;clip:rect(1px 1px 1px 1px);width:1px;height:1px">#tutup</span>', 'Baik', true],
    ['clip-path inset(50%)', '<div>Baik</div><div style="clip-path: inset(50%)">#tutup</div>', 'Baik', true],
    ['transform scale(0)', '<div>Baik</div><div style="transform:scale(0)">#tutup</div>', 'Baik', true],
    ['opacity 0.05', '<div>Baik</div><div style="opacity:.05">#tutup</div>', 'Baik', true],
    // Boxes of no size.
    ['width:0;height:0', '<div>Baik</div><div style="width:0;height:0">#tutup</div>', 'Baik', true],
    ['max-height:0 alone', '<div>Baik</div><div style="max-height:0">#tutup</div>', 'Baik', true],
    ['a table cell of no height still shows', '<table><tr><td style="height:0">Kode Tender: 10034567000</td></tr></table><div style="height:0px">#tutup</div>', 'Kode Tender: 10034567000', true],
    // <details> and aria-hidden.
    ['closed details shows its summary only', '<div>Baik</div><details><summary>Rincian</summary><div>#tutup</div>#buka</details>', 'Baik Rincian', true],
    ['open details stays, a closed one does not', '<details open><summary>Rincian</summary><p>Kode Tender: 10034567000</p></details><details><summary>Lain</summary><p>#tutup</p></details>', 'Rincian Kode Tender: 10034567000 Lain', true],
    ['aria-hidden with absolute position', '<div>Baik</div><div aria-hidden="true" style="position:absolute">#tutup</div>', 'Baik', true],
    ['aria-hidden with a small font', '<div>Baik</div><div aria-hidden="true" style="font-size:8px">#tutup</div>', 'Baik', true],
  ];
  it.each(cases)('%s', (_what, html, text, hid) => {
    expect(seen(html)).toBe(text);
    expect(shownHtml(html).hidText).toBe(hid);
  });
});
