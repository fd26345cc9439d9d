/** Tag commands: vocabulary and aliases, fresh lines only, multi-line #balas, #minta-data items. */
import { commandName, parseRequestedItems, readCommands, suggestCommand } from '../../src/inbox/commands';
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

describe('issue 10 vocabulary: help, status, attach, new case', () => {
  test.each<[string, CommandName]>([
    ['bantuan', 'help'],
    ['help', 'help'],
    ['status', 'status'],
    ['kasus', 'attach'],
    ['case', 'attach'],
    ['kasus-baru', 'new_case'],
    ['laporan-telepon', 'new_case'],
    ['Laporan_Telepon', 'new_case'],
    ['new-case', 'new_case'],
    ['phone-report', 'new_case'],
  ])('#%s is %s', (word, name) => {
    expect(commandName(word)).toBe(name);
  });

  test('#kasus REF attaches; #kasus-baru opens a case; the reference may run into the word', () => {
    expect(read('#kasus 2026-0042\n').commands).toEqual([{ name: 'attach', args: '2026-0042' }]);
    expect(read('#case: 2026-0042').commands).toEqual([{ name: 'attach', args: '2026-0042' }]);
    expect(read('#kasus-2026-0042 surat edaran ini').commands).toEqual([{ name: 'attach', args: '2026-0042 surat edaran ini' }]);
    expect(read('#kasus-baru\nEmail: pokja3@batangkab.go.id').commands).toEqual([{ name: 'new_case', args: '' }]);
    expect(read('#laporan-telepon Pokja 3 menelepon pukul 09.10').commands).toEqual([{ name: 'new_case', args: 'Pokja 3 menelepon pukul 09.10' }]);
  });
});

describe('bulleted command lines (Gmail and Outlook lists) are commands', () => {
  test.each([
    ['- #catatan sudah ditelepon', { name: 'note', args: 'sudah ditelepon' }],
    ['* #balas Silakan coba lagi.', { name: 'reply', args: 'Silakan coba lagi.' }],
    ['• #selesai', { name: 'resolve', args: '' }],
    ['1. #tutup', { name: 'close', args: '' }],
    ['1) #balas Baik, kami cek.', { name: 'reply', args: 'Baik, kami cek.' }],
    ['  – #prioritas tinggi', { name: 'priority', args: 'tinggi' }],
    ['·#bantuan', { name: 'help', args: '' }],
  ])('%j', (line, command) => {
    expect(read(line).commands).toEqual([command]);
  });

  test('a bulleted list of commands, one per line', () => {
    expect(read('- #prioritas tinggi\n- #tugaskan Rina\n- #catatan ditelepon jam 9').commands.map((c) => c.name)).toEqual(['priority', 'assign', 'note']);
  });

  test('"> " is quoting, not a bullet', () => {
    const r = read('Sudah.\n\n> #tutup\n');
    expect(r.commands).toEqual([]);
    expect(r.quotedCommands).toEqual(['close']);
  });
});

describe('a known command word mid-line is reported as misplaced', () => {
  test.each<[string, CommandName[]]>([
    ['tolong #selesai ya', ['resolve']],
    ['Mohon dicek lalu #tutup kasusnya', ['close']],
    ['Sudah saya telepon (#ditelepon)', ['called']],
    ['- sudah beres, #selesai', ['resolve']],
    ['#prioritas tinggi #tugaskan Rina', ['assign']],
    ['Pak, bisa #balas ke pokja? lalu #eskalasi', ['reply', 'escalate']],
  ])('%j', (body, names) => {
    expect(read(body).misplacedCommands).toEqual(names);
  });

  test.each([
    ['words inside links', 'Lihat https://lpse.batangkab.go.id/eproc4/#selesai dan www.contoh.test/x#balas'],
    ['ordinary hashtags of a committee', 'Semangat #PengadaanBersih #LPSEBatang #SPSE4 #selesaikan'],
    ['quoted lines', 'Baik.\n\nPada Sen, 30 Nov 2026 08.00 Helpdesk <helpdesk@lpse.batangkab.go.id> menulis:\n> mohon #selesai kan\n'],
    ['forwarded lines', 'Mohon dibantu.\n\n---------- Forwarded message ---------\nFrom: Pokja 3 <pokja3@batangkab.go.id>\nDate: Mon, 30 Nov 2026 at 08:00\nSubject: x\n\nkami sudah #selesai upload\n'],
    ['a word also given as a command', '#selesai\nsudah #selesai ya'],
    ['a word glued to text', 'nomor#selesai dan abc#tutup'],
  ])('not for %s', (_what, body) => {
    expect(read(body).misplacedCommands).toEqual([]);
  });

  test('a text-carrying command\'s paragraph is read for misplaced words too', () => {
    expect(read('#catatan sudah ditelepon\nnanti saya #tutup sore').misplacedCommands).toEqual(['close']);
  });
});

describe('suggestCommand: "did you mean"', () => {
  test.each([
    ['selsai', 'selesai'],
    ['#selsai', 'selesai'],
    ['selesia', 'selesai'],
    ['Slesai', 'selesai'],
    ['tutp', 'tutup'],
    ['balass', 'balas'],
    ['minta-dat', 'minta-data'],
    ['mintadta', 'minta-data'],
    ['eskalsi', 'eskalasi'],
    ['catatn', 'catatan'],
    ['tugasakn', 'tugaskan'],
    ['bantuna', 'bantuan'],
    ['kasus-bru', 'kasus-baru'],
    ['laporan-telpon', 'laporan-telepon'],
    ['ditelpon', 'ditelepon'],
    ['resolvd', 'resolved'],
    ['stauts', 'status'],
    ['lkpp-selsai', 'lkpp-selesai'],
    // A verb with its suffix: the stem is the command.
    ['selesaikan', 'selesai'],
    ['#Eskalasikan', 'eskalasi'],
    ['tutuplah', 'tutup'],
    ['balaslah', 'balas'],
  ])('%s -> %s', (typed, word) => {
    expect(suggestCommand(typed)).toBe(word);
  });

  test.each(['foo', 'SPSE', 'pengadaanbersih', 'x', '', 'a'.repeat(200), 'tutp-kasus-lama'])('nothing near %j', (typed) => {
    expect(suggestCommand(typed)).toBeNull();
  });

  test('equally near words of two commands are no answer; of one command, its Indonesian word', () => {
    // "clse" is one edit from "close" and from "case" (#kasus).
    expect(suggestCommand('clse')).toBeNull();
    // "relpy" is a swap away from "reply" only.
    expect(suggestCommand('relpy')).toBe('reply');
    // "priorita" is one edit from "prioritas" and from "priority": the Indonesian word.
    expect(suggestCommand('priorita')).toBe('prioritas');
    expect(suggestCommand('prioritys')).toBe('prioritas');
    // "nots" is one edit from "note" alone.
    expect(suggestCommand('nots')).toBe('note');
  });
});
