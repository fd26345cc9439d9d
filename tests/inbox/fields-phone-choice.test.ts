/**
 * Which phone: SOP step 1b asks for the committee's own contact. The member's mobile written in
 * the text is that contact; the office's number in a sign-off, a disclaimer or labelled as the
 * office's is read only when nothing else is given.
 */
import { extractFields } from '../../src/inbox/fields';
import { splitFresh } from '../../src/inbox/fresh-text';
import { normalizeText } from '../../src/inbox/text';
import { readMessage } from '../../src/inbox/reading';
import { mail } from './mail';

const read = (body: string) => extractFields(splitFresh(normalizeText(body), { forward: false }).lines).phone;

test.each<[string, string]>([
  [
    'Mohon bantuan, hubungi saya di 0813-2500-7788.\n\nHormat kami,\n\nRina Marlina\nPokja Pemilihan 22\nJl. Veteran No. 1 Batang\nTelp. (0285) 391234 | Fax. (0285) 391235',
    '+6281325007788',
  ],
  ['Bisa telepon atau WA ke 0857-4100-2233.\n\nSalam,\nAhmad Fauzi\nTelp: (0285) 4493000', '+6285741002233'],
  ['Kontak saya 0812 4400 5566\n\nTerima kasih\nUKPBJ Setda Kabupaten Batang\nTelp: (0285) 391240', '+6281244005566'],
  [
    'Mohon dihubungi di 0821 7700 5566.\n\nPERHATIAN: Email ini beserta lampirannya bersifat rahasia. Informasi layanan Telp: (0285) 4493000.',
    '+6282177005566',
  ],
  [
    'Untuk konfirmasi: 0857-2900-1166\n\nDISCLAIMER: This e-mail is confidential. Call center Telp: (021) 29912450.',
    '+6285729001166',
  ],
  ['Telp kantor: (0285) 391240, HP saya 0812 4400 5566', '+6281244005566'],
  ['Telp. Kantor: (0285) 391240\nNo. HP: 0812-4400-5566', '+6281244005566'],
  ['Best regards,\nBudi\nOffice: (0285) 391240\nMobile: 0812 4400 5566', '+6281244005566'],
  ['Thanks,\n\nSiti\nPokja 7\nTel/Fax: 0285-391234\nHP 0856-4000-1234', '+6285640001234'],
  ['Telp. Kantor: (0285) 391234\n\nHormat saya,\nBudi\nHP 0812-3300-4411', '+6281233004411'],
  ['Mohon bantuan.\n\nSalam,\nBudi Santoso\nTelp. (0285) 391234\nHP. 0812-3300-4411', '+6281233004411'],
  ['Kendala upload.\n-- \nPokja Pemilihan 3\nTelp kantor: (0285) 391234\nWA: 0812 3300 4411', '+6281233004411'],
])('the mobile, not the office, in %j', (body, want) => {
  expect(read(body)).toBe(want);
});

test.each<[string, string]>([
  ['Mohon bantuannya.\n\nHormat kami,\nPokja Pemilihan 3\nTelp. (0285) 391234', '+62285391234'],
  ['Berikut datanya.\nTelp kantor: (0285) 391240', '+62285391240'],
  ['Ada error.\n\nPERHATIAN: Email ini bersifat rahasia. Telp: (0285) 4493000', '+622854493000'],
])('the office number when it is the only one: %j', (body, want) => {
  expect(read(body)).toBe(want);
});

test('a greeting at the top is not a sign-off', () => {
  expect(read('Salam,\n\nTelp: (0285) 391234\nhubungi juga 0813-1111-2222')).toBe('+62285391234');
});

test('data after "Terima kasih" keep their order', () => {
  expect(read('Terima kasih.\n\nNo. HP: 0812-2745-9910\n\nSalam,\nTelp. (0285) 391234')).toBe('+6281227459910');
});

test.each([
  ['No. HP: 0285-391234 (kantor), HP saya 0813 2566 0417', '+6281325660417'],
  ['Telepon: 0285 391234 (kantor) atau 0813-2566-0417', '+6281325660417'],
  ['No. HP/WA: 0813 2566 0417, kantor 0285 391234', '+6281325660417'],
])('one labelled value with the office number and the member\'s own: the member\'s (%s)', async (line, phone) => {
  const r = await readMessage(mail({ From: 'Pokja 4 <pokja4@gmail.com>', To: 'helpdesk@lpse.batangkab.go.id', 'Message-ID': '<p4@gmail.com>', Subject: 'Error upload' }, `Upload gagal terus.\n\n${line}\n`), { tagPrefix: 'LPSE' });
  expect(r.fields.phone).toBe(phone);
});
