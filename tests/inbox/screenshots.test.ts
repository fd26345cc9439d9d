/**
 * What counts as the SOP's screenshot (step 1b): an image the committee attached or pasted, a
 * screen inside a Word document or a PDF, a HEIC photo from an iPhone; not a signature's logo,
 * banner or social-media icon.
 */
import { describeAttachments } from '../../src/inbox/attachments';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { screenshotsInside, screenshotsInsideFile } from '../../src/inbox/document-images';
import { imageSize } from '../../src/inbox/image-size';
import { toContract } from '../../src/inbox/contract';
import { readMessage } from '../../src/inbox/reading';
import { docx, gif, heic, jpeg, pdf, png, zip } from './files';
import { COMMITTEE } from './mail';

const OPTS = { tagPrefix: 'LPSE' };
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface Part {
  type: string;
  name: string;
  content: Buffer;
  cid?: string;
}

/** A committee's mail: HTML (and a plain alternative) with inline parts by Content-ID, then attachments. */
function report(html: string, inline: Part[], attached: Part[] = []): Buffer {
  const b64 = (c: Buffer) => c.toString('base64').replace(/.{76}/g, '$&\r\n');
  const part = (p: Part, disposition: string) =>
    [`Content-Type: ${p.type}; name="${p.name}"`, `Content-Disposition: ${disposition}; filename="${p.name}"`, ...(p.cid ? [`Content-ID: <${p.cid}>`] : []), 'Content-Transfer-Encoding: base64', '', b64(p.content)].join('\r\n');
  const text = html.replace(/<[^>]*>/g, ' ');
  const related = [
    '--rel',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--alt--',
    ...inline.flatMap((p) => ['--rel', part(p, 'inline')]),
    '--rel--',
  ].join('\r\n');
  const body = ['--mix', 'Content-Type: multipart/related; boundary="rel"', '', related, ...attached.flatMap((p) => ['--mix', part(p, 'attachment')]), '--mix--', ''].join('\r\n');
  const head = Object.entries({ ...COMMITTEE, Subject: 'Gagal upload dokumen pemilihan', 'MIME-Version': '1.0', 'Content-Type': 'multipart/mixed; boundary="mix"' })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${body}`, 'utf8');
}

const SIGNATURE = 'Salam,<br>Rina Oktaviani<br>Pokja Pemilihan 5 Dinas Kesehatan';

describe('image sizes from headers', () => {
  test.each([
    ['PNG', png(1366, 768), { width: 1366, height: 768 }],
    ['JPEG after an EXIF segment', jpeg(1920, 1080), { width: 1920, height: 1080 }],
    ['GIF', gif(120, 40), { width: 120, height: 40 }],
  ])('%s', (_name, file, want) => {
    expect(imageSize(file)).toEqual(want);
  });

  test('a cut or foreign header has no size', () => {
    expect(imageSize(png(800, 600).subarray(0, 20))).toBeNull();
    expect(imageSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBeNull();
    expect(imageSize(heic())).toBeNull();
    expect(imageSize(Buffer.from('not an image'))).toBeNull();
  });
});

describe('screenshots inside documents', () => {
  test.each([
    ['a Word file with a pasted screen', docx({ 'image1.png': png(1366, 768) }), DOCX, 1],
    ['a Word file with two screens (PNG and JPEG)', docx({ 'image1.png': png(1280, 720), 'image2.jpeg': jpeg(1024, 640) }), DOCX, 2],
    ['a Word letter with only its letterhead logo', docx({ 'image1.png': png(220, 110) }), DOCX, 0],
    ['a Word file with no pictures', docx({}), DOCX, 0],
    ['a printed screen (PDF)', pdf([{ width: 1366, height: 768 }]), 'application/pdf', 1],
    ['a PDF letter with its letterhead logo only', pdf([{ width: 150, height: 150 }]), 'application/pdf', 0],
    ['a PDF of text', pdf([]), 'application/pdf', 0],
    ['a plain zip is not a document', zip({ 'word/media/image1.png': png(1366, 768) }), 'application/zip', 0],
  ])('%s', (_name, file, type, want) => {
    expect(screenshotsInside(file, type)).toBe(want);
  });

  test('a damaged or hostile archive costs little and counts pictures of unknown size', () => {
    const bomb = docx({ 'image1.png': Buffer.concat([png(1366, 768).subarray(0, 8), Buffer.alloc(64 * 1024 * 1024)]) });
    const started = Date.now();
    expect(screenshotsInside(bomb, DOCX)).toBe(1);
    expect(screenshotsInside(bomb.subarray(0, bomb.length - 30), DOCX)).toBe(0);
    expect(screenshotsInside(Buffer.alloc(0), DOCX)).toBe(0);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('the reading', () => {
  test('an Outlook signature logo shown inline at logo size is not the screenshot', async () => {
    const html = `<p>Mohon bantuan, dokumen pemilihan gagal diupload.</p><p>${SIGNATURE}</p><p><img width="180" height="60" src="cid:image001.png@01DD5E44.8A2F4C10"></p>`;
    const r = await readMessage(report(html, [{ type: 'image/png', name: 'image001.png', content: png(360, 120), cid: 'image001.png@01DD5E44.8A2F4C10' }]), OPTS);
    expect(r.attachments.map((a) => [a.screenshot, a.decoration])).toEqual([[false, 'small']]);
    expect(r.missing).toContain('screenshot');
  });

  test('a banner in the signature block is not the screenshot, however wide', async () => {
    const html = `<div>Upload dokumen gagal terus.</div><div class="gmail_signature"><div>${SIGNATURE}</div><img src="cid:ii_banner" width="600" height="120"></div>`;
    const r = await readMessage(report(html, [{ type: 'image/png', name: 'banner-hut-batang.png', content: png(1200, 240), cid: 'ii_banner' }]), OPTS);
    expect(r.attachments[0]?.screenshot).toBe(false);
    expect(r.missing).toContain('screenshot');
  });

  test.each([
    ['a cropped error dialog pasted above the text', `<div><img src="cid:ii_dlg" width="280" height="120"></div><div>Muncul pesan ini saat simpan jadwal.</div><div>${SIGNATURE}</div>`],
    ['a small dialog between two sentences (Outlook)', `<p class="MsoNormal">Error seperti ini:</p><p><img width="260" height="110" src="cid:ii_dlg"></p><p class="MsoNormal">Mohon dibantu.</p><p>${SIGNATURE}</p>`],
  ])('%s counts as the screenshot: small in the body is not a logo', async (_kind, html) => {
    const r = await readMessage(report(html, [{ type: 'image/png', name: 'image.png', content: png(280, 120), cid: 'ii_dlg' }]), OPTS);
    expect(r.attachments.map((a) => [a.screenshot, a.decoration])).toEqual([[true, null]]);
    expect(r.missing).not.toContain('screenshot');
  });

  test('an icon-sized picture in the body (a tracking pixel, a social icon) is still no screenshot', async () => {
    const html = `<div>Upload gagal.</div><img src="cid:px" width="1" height="1"><div>${SIGNATURE}</div>`;
    const r = await readMessage(report(html, [{ type: 'image/png', name: 'image.png', content: png(1, 1), cid: 'px' }]), OPTS);
    expect(r.attachments.map((a) => [a.screenshot, a.decoration])).toEqual([[false, 'small']]);
  });

  test('social-media icons attached by name are not the screenshot; the real one is', async () => {
    const html = `<div>Berikut tangkapan layarnya:</div><div><img src="cid:ii_shot" width="683"></div><div>${SIGNATURE}</div>`;
    const r = await readMessage(
      report(html, [{ type: 'image/png', name: 'image.png', content: png(1366, 768), cid: 'ii_shot' }], [
        { type: 'image/png', name: 'facebook.png', content: png(32, 32) },
        { type: 'image/png', name: 'icon_instagram.png', content: png(32, 32) },
      ]),
      OPTS,
    );
    expect(r.attachments.map((a) => [a.filename, a.screenshot, a.decoration])).toEqual([
      ['image.png', true, null],
      ['facebook.png', false, 'name'],
      ['icon_instagram.png', false, 'name'],
    ]);
    expect(r.missing).not.toContain('screenshot');
  });

  test('a small crop the committee attached is still their screenshot', async () => {
    const r = await readMessage(report('<p>Muncul notifikasi error.</p>', [], [{ type: 'image/png', name: 'notif-error.png', content: png(280, 90) }]), OPTS);
    expect(r.attachments[0]?.screenshot).toBe(true);
  });

  test('a Word document with a pasted screen is the screenshot, and the reading says where', async () => {
    const file = docx({ 'image1.png': png(1366, 768) });
    const r = await readMessage(report('<p>Screenshot terlampir dalam file Word.</p>', [], [{ type: DOCX, name: 'laporan error.docx', content: file }]), OPTS);
    expect(r.attachments.map((a) => [a.filename, a.contentType, a.screenshot, a.screenshotsInside])).toEqual([['laporan error.docx', DOCX, true, 1]]);
    expect(r.missing).not.toContain('screenshot');
    // The contract keeps its keys: where the screenshot is stays in the Reading.
    expect(Object.keys(toContract(r).attachments[0] ?? {})).toEqual(['filename', 'contentType', 'size', 'sha256', 'screenshot']);
  });

  test('a PDF with a printed screen is the screenshot; a PDF letter is not', async () => {
    const r = await readMessage(
      report('<p>Terlampir.</p>', [], [
        { type: 'application/pdf', name: 'surat permohonan.pdf', content: pdf([{ width: 140, height: 140 }]) },
        { type: 'application/pdf', name: 'screenshot spse.pdf', content: pdf([{ width: 1654, height: 2339 }]) },
      ]),
      OPTS,
    );
    expect(r.attachments.map((a) => [a.filename, a.screenshot, a.screenshotsInside])).toEqual([
      ['surat permohonan.pdf', false, 0],
      ['screenshot spse.pdf', true, 1],
    ]);
  });

  test('a HEIC photo from an iPhone is an image and counts', async () => {
    const r = await readMessage(report('<p>Foto layar terlampir.</p>', [], [{ type: 'image/heic', name: 'IMG_4821.HEIC', content: heic() }]), OPTS);
    expect(r.attachments.map((a) => [a.contentType, a.screenshot])).toEqual([['image/heic', true]]);
    expect(r.missing).not.toContain('screenshot');
  });
});

test('hostile HTML (endless image tags, unclosed tags, signature blocks) and a PDF of a million image objects stay fast', async () => {
  const part = { filename: 'image.png', contentType: 'image/png', disposition: 'inline', contentId: '<x>', related: true, content: png(1366, 768) };
  const started = Date.now();
  for (const html of ['<img '.repeat(500_000), `<img src="cid:x" ${'a'.repeat(2_000_000)}`, '<div class="'.repeat(200_000), '<b><img src="cid:x">'.repeat(200_000)]) {
    expect((await describeAttachments([part], html))[0]?.screenshot).toBe(true);
  }
  expect(screenshotsInside(Buffer.from('/Subtype /Image /Width 1366 /Height 768 '.repeat(500_000)), 'application/pdf')).toBe(1000);
  expect(Date.now() - started).toBeLessThan(1500);
});

describe('a document in a file (a part too large for memory)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'document-images-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: Buffer): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  test('a PDF read a chunk at a time counts each image once, also one whose dictionary spans two chunks', () => {
    const screen = '<< /Type /XObject /Subtype /Image /Width 1366 /Height 768 >>';
    const logo = '<< /Type /XObject /Subtype /Image /Width 120 /Height 40 >>';
    // Scanned pages between the image objects push them across the 1 MB chunk borders.
    const filler = (n: number) => Buffer.alloc(n, 'x');
    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), filler(1024 * 1024 - 40), Buffer.from(screen), filler(700_000), Buffer.from(logo), filler(1024 * 1024), Buffer.from(screen)]);
    expect(screenshotsInside(content, 'application/pdf')).toBe(2);
    expect(screenshotsInsideFile(write('scan.pdf', content), 'application/pdf')).toBe(2);
  });

  test('an Office file is read by its directory, as in memory', () => {
    const file = docx({ 'image1.png': png(1366, 768), 'image2.png': png(90, 30) });
    expect(screenshotsInsideFile(write('laporan.docx', file), DOCX)).toBe(screenshotsInside(file, DOCX));
    expect(screenshotsInsideFile(write('cut.docx', file.subarray(0, file.length - 30)), DOCX)).toBe(0);
    expect(screenshotsInsideFile(write('notes.txt', file), 'text/plain')).toBe(0);
  });
});
