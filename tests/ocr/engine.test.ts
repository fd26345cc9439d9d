import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { ocrAvailability, readScreenshot } from '../../src/ocr';
import type { OcrSettings } from '../../src/ocr';

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-engine-'));
const settings: OcrSettings = { command: 'tesseract', languages: 'ind+eng', budgetMs: 20000, memoryMB: 512, maxPixels: 40_000_000, workDir };

/** The engine's tests need Debian's tesseract-ocr; without it they are skipped, unless LPSE_REQUIRE_OCR=1. */
function describeWithOcr(name: string, body: () => void): void {
  const available = ocrAvailability(settings);
  if (available.on || process.env.LPSE_REQUIRE_OCR === '1') {
    describe(name, () => {
      it('has the engine', () => expect(available).toEqual({ on: true }));
      body();
    });
    return;
  }
  console.warn(`OCR tests skipped: ${available.why}`);
  describe.skip(name, body);
}

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A screen of text lines, as the browser shows it (Liberation Sans, 15 px, on white). */
async function screen(linesOfText: readonly string[], format: 'png' | 'jpeg' = 'png', firstColour = '#333'): Promise<Buffer> {
  const text = linesOfText.map((l, i) => `<text x="24" y="${48 + i * 30}" font-family="Liberation Sans" font-size="15" fill="${i === 0 ? firstColour : '#333'}">${escape(l)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${80 + linesOfText.length * 30}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  const image = sharp(Buffer.from(svg));
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}

/**
 * A phone's photo of that screen on a monitor: the page lit unevenly (bright at one corner, dim at
 * the other), a little turned, blurred, with the sensor's grain, as JPEG.
 */
async function photoOf(page: Buffer): Promise<Buffer> {
  const meta = await sharp(page).metadata();
  const w = Math.round((meta.width ?? 900) * 1.5);
  const h = Math.round((meta.height ?? 400) * 1.5);
  const light = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><radialGradient id="l" cx="0.2" cy="0.1" r="1.1"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#8a8a8a"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#l)"/></svg>`;
  const lit = await sharp(page)
    .resize({ width: w, height: h, fit: 'fill' })
    .composite([{ input: await sharp(Buffer.from(light)).png().toBuffer(), blend: 'multiply' }])
    .rotate(1.2, { background: '#3b352f' })
    .blur(1.1)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { data, info } = lit;
  for (let i = 0; i < data.length; i += info.channels) {
    const grain = (((i / info.channels) * 2654435761) % 19) - 9;
    for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, (data[i + c] ?? 0) + grain));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 82 }).toBuffer();
}

function save(name: string, bytes: Buffer): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** A zip of stored entries (what a .docx is). */
function zip(entries: readonly { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A one-page PDF whose page is a JPEG (what "print to PDF" of a screenshot gives). */
function pdf(jpeg: Buffer, width: number, height: number): Buffer {
  return Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'),
    Buffer.from(`2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /XObject << /Im1 4 0 R >> >> >> endobj\n`),
    Buffer.from(`4 0 obj << /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`),
    jpeg,
    Buffer.from('\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

const ERROR_PAGE = ['Maaf, terjadi error pada aplikasi SPSE', 'Kode Error: 3a8c5f7e2', 'java.lang.NullPointerException: paket belum dipilih'];

function png50k(): Buffer {
  // A valid PNG signature and IHDR claiming 50,000 x 50,000, and nothing after it.
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(50000, 16);
  b.writeUInt32BE(50000, 20);
  b.writeUInt8(8, 24);
  b.writeUInt8(2, 25);
  return b;
}

describeWithOcr('reading a screenshot', () => {
  it('reads the error page: its headline, code and exception', async () => {
    const r = await readScreenshot(save('error.png', await screen(ERROR_PAGE)), 'image/png', settings);
    expect(r).toMatchObject({ status: 'read', headline: 'Maaf, terjadi error pada aplikasi SPSE', errorCode: '3a8c5f7e2', detailsHidden: false });
    expect(r.status === 'read' && r.exception).toMatch(/^java\.lang\.NullPointerException/);
    expect(fs.readdirSync(workDir).filter((f) => f.startsWith('ocr-'))).toEqual([]);
  });

  it('knows the notification with its details closed', async () => {
    const file = save('hidden.jpg', await screen([':: maaf operasi yang anda lakukan salah', 'Beranda > Paket > Daftar Paket'], 'jpeg'));
    expect(await readScreenshot(file, 'image/jpeg', settings)).toMatchObject({ status: 'read', notification: true, detailsHidden: true, errorCode: null });
  });

  it('knows the closed notification in a phone photo of the monitor, its pale text on uneven light', async () => {
    const page = await screen([':: maaf operasi yang anda lakukan salah, silakan ulangi kembali atau hubungi admin LPSE', 'Beranda > Paket > Informasi Tender', 'Kode Tender 19017087000', 'Nama Tender Pembangunan Jalan Lingkar Utara'], 'png', '#c98d8b');
    const r = await readScreenshot(save('foto-layar.jpg', await photoOf(page)), 'image/jpeg', settings);
    expect(r).toMatchObject({ status: 'read', notification: true, detailsHidden: true, errorCode: null });
  });

  it('reads a photo\'s code no further once a reading holds a look-alike: without shapes it could not stand', async () => {
    const page = await screen([':: maaf operasi yang anda lakukan salah, silakan ulangi kembali atau hubungi admin LPSE', 'Kode Error: 3a8c1f0b2', 'java.lang.NullPointerException', 'Beranda > Paket > Informasi Tender']);
    const calls = path.join(workDir, 'calls');
    const counting = save('counting-tesseract', Buffer.from(`#!/bin/sh\necho run >> '${calls}'\nexec tesseract "$@"\n`));
    fs.chmodSync(counting, 0o755);
    const r = await readScreenshot(save('foto-kode.jpg', await photoOf(page)), 'image/jpeg', { ...settings, command: counting });
    expect(r).toMatchObject({ status: 'read', errorCode: null, codeUnclear: true });
    // The whole photo, then at most one look at the code's line, where there were three.
    expect(fs.readFileSync(calls, 'utf8').trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('invents no code on a page with other numbers', async () => {
    const file = save('tender.png', await screen(['Daftar Paket', 'Kode Tender 10034567000', 'HPS Rp 250.000.000']));
    expect(await readScreenshot(file, 'image/png', settings)).toMatchObject({ status: 'read', errorCode: null, detailsHidden: false });
  });

  it('reads the screenshot inside a Word file', async () => {
    const docx = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/media/image1.png', data: await sharp({ create: { width: 40, height: 40, channels: 3, background: '#00f' } }).png().toBuffer() },
      { name: 'word/media/image2.png', data: await screen(ERROR_PAGE) },
    ]);
    const type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(await readScreenshot(save('laporan.docx', docx), type, settings)).toMatchObject({ status: 'read', errorCode: '3a8c5f7e2' });
  });

  it('reads the screenshot inside a PDF', async () => {
    const jpeg = await screen(ERROR_PAGE, 'jpeg');
    const { width, height } = await sharp(jpeg).metadata();
    const file = save('laporan.pdf', pdf(jpeg, width, height));
    expect(await readScreenshot(file, 'application/pdf', settings)).toMatchObject({ status: 'read', errorCode: '3a8c5f7e2' });
  });

  it('finds no picture in a PDF of text only', async () => {
    const file = save('teks.pdf', Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'));
    expect(await readScreenshot(file, 'application/pdf', settings)).toMatchObject({ status: 'unreadable', reason: 'no_picture' });
  });

  it('does not decode a PNG that claims 50,000 x 50,000 pixels', async () => {
    const r = await readScreenshot(save('bomb.png', png50k()), 'image/png', settings);
    expect(r).toMatchObject({ status: 'unreadable', reason: 'too_large' });
    expect(r.ms).toBeLessThan(500);
  });

  it('records a picture with no text in it as not read, not as read with nothing', async () => {
    const blank = await sharp({ create: { width: 1366, height: 768, channels: 3, background: '#f4f4f4' } }).png().toBuffer();
    expect(await readScreenshot(save('kosong.png', blank), 'image/png', settings)).toMatchObject({ status: 'unreadable', reason: 'no_text' });
    // A photo of something that is not a screen: soft shapes and sensor grain, no letters.
    const shapes = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200"><defs><radialGradient id="g"><stop offset="0" stop-color="#c9a27e"/><stop offset="1" stop-color="#4a3b2f"/></radialGradient></defs>
      <rect width="100%" height="100%" fill="url(#g)"/><circle cx="520" cy="610" r="260" fill="#7d8f5a"/><ellipse cx="1130" cy="520" rx="300" ry="170" fill="#2f4e6b"/></svg>`;
    const { data, info } = await sharp(Buffer.from(shapes)).blur(3).raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, (data[i] ?? 0) + ((i * 2654435761) % 23) - 11));
    const photo = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 85 }).toBuffer();
    expect(await readScreenshot(save('foto-meja.jpg', photo), 'image/jpeg', settings)).toMatchObject({ status: 'unreadable', reason: 'no_text' });
  });

  it('still reads a screen with a few words and no SPSE text', async () => {
    const r = await readScreenshot(save('catatan.png', await screen(['Rapat koordinasi pokja pemilihan', 'Jadwal pembukaan penawaran hari Senin'])), 'image/png', settings);
    expect(r).toMatchObject({ status: 'read', errorCode: null, headline: null });
  });

  it('records random bytes as corrupt', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    expect(await readScreenshot(save('acak.png', bytes), 'image/png', settings)).toMatchObject({ status: 'unreadable', reason: 'corrupt' });
  });

  it('records a HEIC photo it cannot decode as a format it does not read', async () => {
    // An ISO-BMFF "ftyp heic" box, as an iPhone writes first, then no decodable image.
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic'), Buffer.alloc(64)]);
    expect(await readScreenshot(save('foto.heic', heic), 'image/heic', settings)).toMatchObject({ status: 'unreadable', reason: 'format' });
  });

  it('ends within a tiny budget', async () => {
    const file = save('budget.png', await screen(ERROR_PAGE));
    const started = Date.now();
    const r = await readScreenshot(file, 'image/png', { ...settings, budgetMs: 200 });
    expect(r).toMatchObject({ status: 'unreadable', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('records a memory cap too small for the engine', async () => {
    const file = save('memory.png', await screen(ERROR_PAGE));
    expect(await readScreenshot(file, 'image/png', { ...settings, memoryMB: 20 })).toMatchObject({ status: 'unreadable', reason: 'memory' });
  });
});

describe('the engine missing', () => {
  it('says why in a sentence', () => {
    expect(ocrAvailability({ ...settings, command: 'tesseract-yang-tidak-ada' })).toEqual({
      on: false,
      why: "tesseract-yang-tidak-ada was not found (install Debian's tesseract-ocr and tesseract-ocr-ind)",
    });
  });

  it('names a language it has no data for', () => {
    const available = ocrAvailability({ ...settings, languages: 'ind+xyz' });
    if (ocrAvailability(settings).on) expect(available).toEqual({ on: false, why: "tesseract has no 'xyz' language data (install tesseract-ocr-xyz)" });
    else expect(available.on).toBe(false);
  });
});
