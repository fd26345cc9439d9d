/**
 * The sender is the address the mail servers read from From (the one DMARC judged), not an
 * address-looking text in the display name: mailparser decodes encoded-words before it reads
 * the address, so a name carrying "<someone@else>" would otherwise become the sender.
 */
import { readMessage } from '../../src/inbox/reading';
import { mail } from './mail';

const OPTS = { tagPrefix: 'LPSE' };
const read = (from: string) =>
  readMessage(mail({ From: from, To: 'helpdesk@lpse.test', Subject: 'Re: [LPSE#2026-0001] Laporan', 'Message-ID': '<x@evil-mail.example>' }, 'Mohon ditindaklanjuti.\n'), OPTS);

describe('the sender address', () => {
  it.each([
    ['Q-encoded name holding a committee address', '=?UTF-8?Q?Pokja_3_<pokja3.batang@gmail.com>?= <evil@evil-mail.example>'],
    ['B-encoded name holding a staff address', `=?UTF-8?B?${Buffer.from('Rina <staff1@lpse.test>').toString('base64')}?= <evil@evil-mail.example>`],
    ['lower-case q, two encoded-words', '=?utf-8?q?Rina_Wulandari?= =?utf-8?q?_<staff1@lpse.test>?= <evil@evil-mail.example>'],
    ['address in a comment', '(staff1@lpse.test <staff1@lpse.test>) Rina <evil@evil-mail.example>'],
  ])('%s: the real address', async (_what, from) => {
    expect((await read(from)).from).toBe('evil@evil-mail.example');
  });

  it.each([
    ['plain name', 'Pokja Pemilihan 3 <pokja3@batangkab.go.id>', 'pokja3@batangkab.go.id'],
    ['encoded name', `=?UTF-8?B?${Buffer.from('Pokja Pemilihan 3 Dinas Pekerjaan Umum').toString('base64')}?= <pokja3@batangkab.go.id>`, 'pokja3@batangkab.go.id'],
    ['quoted name with a comma', '"Wulandari, Rina" <Staff1@LPSE.test>', 'staff1@lpse.test'],
    ['bare address', 'pokja3@batangkab.go.id', 'pokja3@batangkab.go.id'],
  ])('%s: read as before', async (_what, from, address) => {
    expect((await read(from)).from).toBe(address);
  });
});
