/**
 * The HTML part says more than the plain part: some clients send a one-line plain alternative
 * ("terlampir") and the whole report in the HTML. Both alternatives are read; what either says
 * is taken, the plain part's value where both give one, the subject's only where neither does.
 */
import { readMessage } from '../../src/inbox/reading';
import type { Fields } from '../../src/inbox/types';

const REPLY = {
  From: 'Pokja Pemilihan 3 <pokja3@batangkab.go.id>',
  To: 'helpdesk@lpse.batangkab.go.id',
  'Message-ID': '<alt@batangkab.go.id>',
  'In-Reply-To': '<case-2026-0042.r1@lpse.batangkab.go.id>',
  Subject: 'Re: [LPSE#2026-0042] Permintaan kelengkapan data laporan error SPSE',
};

function alternative(plain: string, html: string, headers: Record<string, string> = REPLY): Buffer {
  const head = Object.entries({ 'MIME-Version': '1.0', ...headers, 'Content-Type': 'multipart/alternative; boundary="b1"' }).map(([k, v]) => `${k}: ${v}`);
  const part = (type: string, body: string) => ['--b1', `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: 8bit', '', body];
  return Buffer.from([...head, '', ...part('text/plain', plain), ...part('text/html', html), '--b1--', ''].join('\r\n'), 'utf8');
}

const fieldsOf = async (raw: Buffer): Promise<Fields> => (await readMessage(raw, { tagPrefix: 'LPSE' })).fields;

const FULL: Fields = {
  committeeName: 'Pokja Pemilihan 3',
  userId: 'pokja3btg',
  tenderCode: '10034567000',
  tenderName: 'Rehabilitasi Jalan Ruas Kalisalak',
  phone: '+6281227459910',
  errorCode: null,
};

test.each<[string, string, string]>([
  [
    'Gmail: bold labels in divs',
    'terlampir',
    '<div dir="ltr"><div><b>Nama Pokja</b>: Pokja Pemilihan 3</div><div><b>User ID</b>: pokja3btg</div><div><b>Kode Tender</b>: 10034567000</div><div><b>Nama Paket</b>: Rehabilitasi Jalan Ruas Kalisalak</div><div><b>No. HP</b>: 0812-2745-9910</div></div>',
  ],
  [
    'Outlook: MsoNormal paragraphs',
    'Data sesuai permintaan.',
    '<html><body><p class="MsoNormal"><b>Nama Pokja Pemilihan</b>: Pokja Pemilihan 3<o:p></o:p></p><p class="MsoNormal"><b>User ID SPSE</b>: pokja3btg<o:p></o:p></p><p class="MsoNormal"><b>Kode Tender</b>: 10034567000<o:p></o:p></p><p class="MsoNormal"><b>Nama Paket/Tender</b>: Rehabilitasi Jalan Ruas Kalisalak<o:p></o:p></p><p class="MsoNormal"><b>No. HP/WA</b>: 0812 2745 9910<o:p></o:p></p></body></html>',
  ],
  [
    'Yahoo: spans with &nbsp; before the colon',
    'Mohon dicek.\n\nTerima kasih',
    '<div class="yahoo-style-wrap"><div><span><b>Nama Pokja</b>&nbsp;: Pokja Pemilihan 3</span></div><div><span><b>User ID</b>&nbsp;: pokja3btg</span></div><div><span><b>Kode Tender</b>&nbsp;: 10034567000</span></div><div><span><b>Nama Paket</b>&nbsp;: Rehabilitasi Jalan Ruas Kalisalak</span></div><div><span><b>HP/WA</b>&nbsp;: +62 812 2745 9910</span></div></div>',
  ],
  [
    'iPhone: lines broken with <br>',
    'terlampir\n\nDikirim dari iPhone saya',
    '<html><body dir="auto"><div dir="ltr">Nama Pokja: Pokja Pemilihan 3<br>User ID: pokja3btg<br>Kode Tender: 10034567000<br>Nama Paket: Rehabilitasi Jalan Ruas Kalisalak<br>WA: 081227459910<br><br>Dikirim dari iPhone saya</div></body></html>',
  ],
  [
    'a label/value table',
    'Terlampir datanya',
    '<table><tr><td>Nama Pokja</td><td>Pokja Pemilihan 3</td></tr><tr><td>User ID</td><td>pokja3btg</td></tr><tr><td>Kode Tender</td><td>10034567000</td></tr><tr><td>Nama Paket</td><td>Rehabilitasi Jalan Ruas Kalisalak</td></tr><tr><td>No. HP</td><td>0812-2745-9910</td></tr></table>',
  ],
])('%s: the HTML part gives every field the plain part lacks', async (_client, plain, html) => {
  expect(await fieldsOf(alternative(plain, html))).toEqual(FULL);
});

test('where both parts give a value, the plain part wins', async () => {
  const fields = await fieldsOf(
    alternative('User ID: pokja3btg\nHP: 0812-2745-9910', '<div>User ID: pokja03btg</div><div>HP: 0813-1111-2222</div><div>Kode Tender: 10034567000</div>'),
  );
  expect(fields).toMatchObject({ userId: 'pokja3btg', phone: '+6281227459910', tenderCode: '10034567000' });
});

test('the HTML part quoting our template gives nothing from the quote', async () => {
  const html = '<div>terlampir</div><div class="gmail_quote">Pada Sen, 5 Jan 2026 pukul 09.58 Helpdesk LPSE &lt;helpdesk@lpse.batangkab.go.id&gt; menulis:<blockquote>Kode Tender: 10099999000<br>No. HP/WA: 0812-0000-0000</blockquote></div>';
  expect(await fieldsOf(alternative('terlampir', html))).toMatchObject({ tenderCode: null, phone: null });
});

test("a new report's subject is read after both parts", async () => {
  const headers = { From: REPLY.From, To: REPLY.To, 'Message-ID': '<new@batangkab.go.id>', Subject: 'Error tender 10099999000' };
  expect((await fieldsOf(alternative('terlampir', '<div>Kode Tender: 10034567000</div>', headers))).tenderCode).toBe('10034567000');
  expect((await fieldsOf(alternative('terlampir', '<div>Mohon bantuan</div>', headers))).tenderCode).toBe('10099999000');
});

test('text the HTML hides is never read, from either part', async () => {
  const html = '<div style="display:none">User ID: pokja99btg</div><div>Kode Tender: 10034567000</div>';
  expect(await fieldsOf(alternative('User ID: pokja99btg', html))).toMatchObject({ userId: null, tenderCode: '10034567000' });
});

test.each<[string, string, string[]]>([
  ['loading that never ends', '<div>Saat membuka jadwal, proses loading tidak berakhir.</div>', ['endless_loading']],
  ['an upload that fails', '<p class="MsoNormal">Dokumen penawaran tidak mau terunggah sejak pagi.</p>', ['upload_failed']],
  ['the SPSE notice', '<div>Muncul tulisan <b>maaf operasi yang anda lakukan salah</b> saat simpan.</div>', ['error_notification']],
])('a stub plain part: the HTML part gives the symptom too (%s)', async (_kind, html, symptoms) => {
  const r = await readMessage(alternative('terlampir', html, { ...REPLY, Subject: 'Laporan error SPSE', 'In-Reply-To': '' }), { tagPrefix: 'LPSE' });
  expect(r.symptoms).toEqual(symptoms);
});
