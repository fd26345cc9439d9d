/** Tag commands: vocabulary and aliases, fresh lines only, multi-line #balas, #minta-data items. */
import { commandName, parseRequestedItems, readCommands } from '../../src/inbox/commands';
import { splitFresh } from '../../src/inbox/fresh-text';
import type { CommandName } from '../../src/inbox/types';

const read = (body: string) => readCommands(splitFresh(body, { forward: false }).lines);

test.each<[string, CommandName]>([
  ['selesai', 'resolve'],
  ['resolved', 'resolve'],
  ['eskalasi', 'escalate'],
  ['escalate', 'escalate'],
  ['minta-data', 'request_data'],
  ['request-data', 'request_data'],
  ['balas', 'reply'],
  ['reply', 'reply'],
  ['catatan', 'note'],
  ['note', 'note'],
  ['prioritas', 'priority'],
  ['priority', 'priority'],
  ['tugaskan', 'assign'],
  ['assign', 'assign'],
  ['tutup', 'close'],
  ['close', 'close'],
  ['buka', 'reopen'],
  ['reopen', 'reopen'],
  ['lkpp-minta-data', 'lkpp_request'],
  ['lkpp-request', 'lkpp_request'],
  ['data-dikirim', 'data_sent'],
  ['data-sent', 'data_sent'],
  ['lkpp-selesai', 'lkpp_resolved'],
  ['lkpp-resolved', 'lkpp_resolved'],
  ['ditelepon', 'called'],
  ['called', 'called'],
  ['SELESAI', 'resolve'],
  ['Minta_Data', 'request_data'],
])('#%s is %s', (word, name) => {
  expect(commandName(word)).toBe(name);
  expect(read(`#${word} x`).commands).toEqual([{ name, args: 'x' }]);
});

test('one command per line, at line start, with the rest of the line as args', () => {
  expect(read('#selesai: sudah diperbaiki\n  #prioritas tinggi\nteks biasa #tutup\n').commands).toEqual([
    { name: 'resolve', args: 'sudah diperbaiki' },
    { name: 'priority', args: 'tinggi' },
  ]);
});

test('#balas carries the following lines up to the next command', () => {
  expect(read('#balas Yth. Bapak/Ibu,\n\nsilakan coba lagi.\n\nSalam\n#tutup\n').commands).toEqual([
    { name: 'reply', args: 'Yth. Bapak/Ibu,\n\nsilakan coba lagi.\n\nSalam' },
    { name: 'close', args: '' },
  ]);
});

test('LKPP\'s and staff\'s text-carrying commands take the paragraph below them; others only their line', () => {
  const body = '#lkpp-minta-data\nMohon dibukakan akses VPN\nke server SPSE.\n#prioritas tinggi\nteks lain\n#data-dikirim Akses sudah\ndibuka.';
  expect(read(body).commands).toEqual([
    { name: 'lkpp_request', args: 'Mohon dibukakan akses VPN\nke server SPSE.' },
    { name: 'priority', args: 'tinggi' },
    { name: 'data_sent', args: 'Akses sudah\ndibuka.' },
  ]);
});

test('unknown #words are reported as written; a quoted command is reported, not obeyed', () => {
  const r = read('#foo bar\n#selesai\n\nOn Mon, 5 Jan 2026 at 10:00, Bot <b@lpse.go.id> wrote:\n> #tutup\n> #selesai\n');
  expect(r.commands).toEqual([{ name: 'resolve', args: '' }]);
  expect(r.unknownCommands).toEqual(['#foo']);
  expect(r.quotedCommands).toEqual(['close']);
});

test('hashtags that are not at line start, numbers and headings are not commands', () => {
  const r = read('Lihat #selesai di atas\n#1 prioritas\n# Judul\n');
  expect(r.commands).toEqual([]);
  expect(r.unknownCommands).toEqual([]);
});

test.each([
  ['userId, phone', ['userId', 'phone']],
  ['user id, telepon, screenshot', ['userId', 'phone', 'screenshot']],
  ['nama pokja dan kode tender', ['committeeName', 'tenderCode']],
  ['nama paket, no. hp/wa', ['tenderName', 'phone']],
  ['kode/nama paket', ['tenderCode', 'tenderName']],
  ['tangkapan layar', ['screenshot']],
  ['committeeName tenderName', ['committeeName', 'tenderName']],
  ['semua', ['committeeName', 'userId', 'tenderCode', 'tenderName', 'phone', 'screenshot']],
  ['', []],
])('#minta-data %j asks for %j', (args, items) => {
  expect(parseRequestedItems(args)).toEqual(items);
});
