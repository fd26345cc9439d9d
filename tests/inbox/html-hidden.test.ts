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
  ];
  it.each(cases)('%s', (_what, html, text, hid) => {
    expect(seen(html)).toBe(text);
    expect(shownHtml(html).hidText).toBe(hid);
  });
});
