/** A report staff took by phone, typed under #kasus-baru / #laporan-telepon. */
import { readMessage } from '../../src/inbox/reading';
import { mail } from './mail';

const OPTS = { tagPrefix: 'LPSE', ownAddresses: ['helpdesk@lpse.batangkab.go.id'] };
const STAFF = { From: 'Rina Wulandari <rina@lpse.batangkab.go.id>', To: 'helpdesk@lpse.batangkab.go.id', 'Message-ID': '<tel@lpse.batangkab.go.id>', Subject: 'Laporan telepon Pokja 3' };
const read = async (body: string, headers: Record<string, string> = {}) => readMessage(mail({ ...STAFF, ...headers }, body), OPTS);

test('Indonesian data lines under #laporan-telepon', async () => {
  const r = await read(
    [
      '#laporan-telepon',
      'Email: Pokja3@BatangKab.go.id',
      'Nama pelapor: Budi Santoso',
      'Nama Pokja: Pokja Pemilihan 3',
      'User ID: pokja3btg',
      'Kode Tender: 10034567000',
      'Nama Paket: Rehabilitasi Jalan Desa Sidomulyo',
      'No. HP: 0812-2745-9910',
      '',
      'Pak Budi menelepon pukul 09.10: saat upload dokumen penawaran muncul notifikasi error',
      '"Maaf, operasi yang Anda lakukan salah", sudah dicoba di Chrome dan Firefox.',
      '',
      'Salam,',
      'Rina',
    ].join('\n'),
  );
  expect(r.commands.map((c) => c.name)).toEqual(['new_case']);
  expect(r.phoneReport).toEqual({
    reporter: 'pokja3@batangkab.go.id',
    reporterName: 'Budi Santoso',
    fields: { committeeName: 'Pokja Pemilihan 3', userId: 'pokja3btg', tenderCode: '10034567000', tenderName: 'Rehabilitasi Jalan Desa Sidomulyo', phone: '+6281227459910', errorCode: null },
    missing: ['screenshot'],
    symptoms: ['error_notification', 'upload_failed'],
    description:
      'Pak Budi menelepon pukul 09.10: saat upload dokumen penawaran muncul notifikasi error\n"Maaf, operasi yang Anda lakukan salah", sudah dicoba di Chrome dan Firefox.',
  });
});

test.each([
  ['Surel:', 'Surel: pokja3@batangkab.go.id'],
  ['E-mail pelapor:', 'E-mail pelapor : pokja3@batangkab.go.id'],
  ['Email pelapor:', '- Email pelapor: <pokja3@batangkab.go.id>'],
  ['Alamat surel:', 'Alamat surel = pokja3@batangkab.go.id'],
  ['an address on the command line', ''],
])('the committee address from %s', async (_how, line) => {
  const command = line === '' ? '#kasus-baru pokja3@batangkab.go.id' : '#kasus-baru';
  const r = await read(`${command}\n${line}\nUser ID: pokja3btg\nTidak bisa login sejak pagi.`);
  expect(r.phoneReport?.reporter).toBe('pokja3@batangkab.go.id');
  expect(r.phoneReport?.description).toBe('Tidak bisa login sejak pagi.');
});

test('without a labelled address, the first address that is not the sender\'s or ours', async () => {
  const r = await read('#kasus-baru\nDari Pokja 5 (cc rina@lpse.batangkab.go.id, helpdesk@lpse.batangkab.go.id), kontak pokja5@batangkab.go.id.\nKode Tender: 10034590000');
  expect(r.phoneReport?.reporter).toBe('pokja5@batangkab.go.id');
  expect(r.phoneReport?.fields.tenderCode).toBe('10034590000');
});

test.each([
  ['Pelapor: Pokja Pemilihan 3', 'Pokja Pemilihan 3'],
  ['Nama: Siti Aminah, S.T.', 'Siti Aminah'],
  ['Nama: Budi Santoso (Ketua Pokja 3)', 'Budi Santoso'],
  ['Nama: tidak bisa upload dokumen', null],
  ['Nama: 0812-2745-9910', null],
])('the reporter\'s name from %j', async (line, name) => {
  const r = await read(`#laporan-telepon\nEmail: pokja3@batangkab.go.id\n${line}`);
  expect(r.phoneReport?.reporterName).toBe(name);
});

test('English words, a bulleted command and a missing data set', async () => {
  const r = await read('- #phone-report\nE-mail: pokja7@batangkab.go.id\nThe committee cannot upload the tender documents, the page keeps loading.');
  expect(r.phoneReport).toMatchObject({
    reporter: 'pokja7@batangkab.go.id',
    reporterName: null,
    missing: ['committeeName', 'userId', 'tenderCode', 'tenderName', 'phone', 'screenshot'],
    symptoms: ['endless_loading', 'upload_failed'],
    description: 'The committee cannot upload the tender documents, the page keeps loading.',
  });
});

test('only the lines after the command, up to the next command, are the report; a password is masked', async () => {
  const r = await read('Rekan-rekan, saya buka kasus dari telepon tadi.\n\n#kasus-baru\nEmail: pokja3@batangkab.go.id\nUser ID: pokja3btg password: Btg#2026x\nMuncul error saat login.\n#prioritas tinggi\nKode Tender: 10034567000');
  expect(r.phoneReport?.fields.tenderCode).toBeNull();
  expect(r.phoneReport?.description).toBe('Muncul error saat login.');
  expect(JSON.stringify(r.phoneReport)).not.toContain('Btg#2026x');
});

test('a staff screenshot attached to the mail counts', async () => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
  const body = `--b\r\nContent-Type: text/plain\r\n\r\n#kasus-baru\r\nEmail: pokja3@batangkab.go.id\r\n--b\r\nContent-Type: image/png; name="wa.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${png.toString('base64')}\r\n--b--\r\n`;
  const r = await read(body, { 'Content-Type': 'multipart/mixed; boundary="b"' });
  expect(r.phoneReport?.missing).not.toContain('screenshot');
});

test('no new-case command, no phone report; a quoted or forwarded one does not count', async () => {
  expect((await read('#catatan Email: pokja3@batangkab.go.id')).phoneReport).toBeNull();
  expect((await read('Baik.\n\nPada Sen, 30 Nov 2026 08.00 Rina <rina@lpse.batangkab.go.id> menulis:\n> #kasus-baru\n> Email: pokja3@batangkab.go.id')).phoneReport).toBeNull();
});

test.each([
  ['Nama: Pokja Pemilihan 2', 'Pokja Pemilihan 2'],
  ['Pelapor: Pokmil Dinas PUPR', 'Pokmil Dinas PUPR'],
  ['Nama: ULP Setda', 'ULP Setda'],
])('a name line that names the committee fills the committee name too (%s)', async (line, committee) => {
  const r = await read(['#laporan-telepon', 'Email: pokja2@batangkab.go.id', line, 'Kode Tender: 10034567000', '', 'Upload gagal.'].join('\n'));
  expect(r.phoneReport?.fields.committeeName).toBe(committee);
  expect(r.phoneReport?.missing).not.toContain('committeeName');
});

test("a person's name is only the reporter's name", async () => {
  const r = await read(['#laporan-telepon', 'Email: pokja2@batangkab.go.id', 'Nama: Budi Santoso', '', 'Upload gagal.'].join('\n'));
  expect(r.phoneReport).toMatchObject({ reporterName: 'Budi Santoso', fields: { committeeName: null } });
});

test("an address inside the description is somebody else's: it never becomes the reporter", async () => {
  const r = await read(['#laporan-telepon', 'Nama Pokja Pemilihan: Pokja Pemilihan 4', 'Kode Tender: 10034567000', '', 'Pelapor sudah mengadu ke pengaduan@lkpp.go.id tetapi belum ada jawaban.'].join('\n'));
  expect(r.phoneReport?.reporter).toBeNull();
});
