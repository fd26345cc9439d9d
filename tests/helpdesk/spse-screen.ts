// SPSE screens as a browser shows them, drawn as SVG and rendered to PNG (sharp): the address
// bar, the LPSE's header, then the given lines. For tests of the screenshots' reading.
import sharp from 'sharp';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** An SPSE screen as a browser shows it: the LPSE's header bar, then these lines. */
export async function screen(lines: readonly { text: string; size?: number; colour?: string }[]): Promise<Buffer> {
  const w = 1280;
  const h = 140 + lines.length * 32;
  const body = lines.map((l, i) => `<text x="40" y="${110 + i * 32}" font-family="Liberation Sans, DejaVu Sans" font-size="${l.size ?? 15}" fill="${l.colour ?? '#333333'}">${esc(l.text)}</text>`).join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#ffffff"/>` +
    `<rect width="${w}" height="30" fill="#e5e7eb"/><text x="16" y="20" font-family="Liberation Sans" font-size="13" fill="#111111">https://spse.inaproc.id/batangkab/lelang/10034567000/jadwal</text>` +
    `<rect y="30" width="${w}" height="40" fill="#b30000"/><text x="20" y="56" font-family="Liberation Sans" font-size="17" fill="#ffffff">LPSE Kabupaten Batang</text>${body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export const ERROR_PAGE = [
  { text: 'Maaf, terjadi error pada aplikasi SPSE', size: 22, colour: '#a94442' },
  { text: 'Silakan hubungi Helpdesk LPSE dengan menyertakan Kode Error berikut.' },
  { text: 'Kode Error: 3a8c1f0b2' },
  { text: 'java.lang.NullPointerException: Cannot invoke "models.Paket.getId()" because "paket" is null' },
];
/** An error page whose code is one a blur makes hard to settle (6/b, 5/S, l/1). */
export const BLURRED_CODE_PAGE = [
  { text: 'Maaf, terjadi error pada aplikasi SPSE', size: 22, colour: '#a94442' },
  { text: 'Silakan hubungi Helpdesk LPSE dengan menyertakan Kode Error berikut.' },
  { text: 'Kode Error: 6yb15lm6v' },
  { text: 'java.lang.NullPointerException: Cannot invoke "models.Paket.getId()" because "paket" is null' },
];
export const CLOSED_NOTIFICATION = [{ text: ':: maaf operasi yang anda lakukan salah. Silakan ulangi kembali.', colour: '#a94442' }, { text: 'Beranda > Paket > Jadwal Tender' }];

