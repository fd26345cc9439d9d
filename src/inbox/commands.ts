/**
 * Tag commands: the `#word` lines staff and LKPP write to drive a case (design.md, "Who may do
 * what"). A command counts only at the start of a fresh line, one per line; the same word in
 * quoted text is reported separately so the workflow can refuse it, and an unknown `#word` is
 * reported so the sender gets a clear refusal instead of silence. Authorisation is not decided here.
 */
import type { TextLine } from './fresh-text';
import { MISSING_ORDER, type Command, type CommandName, type MissingItem } from './types';

const VOCABULARY: Readonly<Record<string, CommandName>> = {
  selesai: 'resolve',
  resolved: 'resolve',
  eskalasi: 'escalate',
  escalate: 'escalate',
  mintadata: 'request_data',
  requestdata: 'request_data',
  balas: 'reply',
  reply: 'reply',
  catatan: 'note',
  note: 'note',
  prioritas: 'priority',
  priority: 'priority',
  tugaskan: 'assign',
  assign: 'assign',
  tutup: 'close',
  close: 'close',
  buka: 'reopen',
  reopen: 'reopen',
  lkppmintadata: 'lkpp_request',
  lkpprequest: 'lkpp_request',
  datadikirim: 'data_sent',
  datasent: 'data_sent',
  lkppselesai: 'lkpp_resolved',
  lkppresolved: 'lkpp_resolved',
  ditelepon: 'called',
  called: 'called',
};

const COMMAND_LINE = /^\s*#([\p{L}][\p{L}\p{N}_-]*)(.*)$/u;

/** The canonical name of a written command word (`Minta-Data`, `minta_data`), or null. */
export function commandName(word: string): CommandName | null {
  return VOCABULARY[word.toLowerCase().replace(/[-_]/g, '')] ?? null;
}

function argsOf(rest: string): string {
  return rest.replace(/^\s*[:,.-]?\s*/, '').trim();
}

export interface CommandReading {
  commands: Command[];
  unknownCommands: string[];
  quotedCommands: CommandName[];
}

/**
 * Commands whose text is passed on (to the reporter, to LKPP, to staff or into the case log):
 * people write it as a paragraph, so it runs from the rest of the line over every following
 * fresh line up to the next command line.
 */
const CARRIES_TEXT: ReadonlySet<CommandName> = new Set<CommandName>(['reply', 'resolve', 'note', 'lkpp_request', 'data_sent', 'lkpp_resolved']);

/** Reads commands from split lines; text-carrying ones (CARRIES_TEXT) take their paragraph. */
export function readCommands(lines: readonly TextLine[]): CommandReading {
  const commands: Command[] = [];
  const unknownCommands: string[] = [];
  const quoted = new Set<CommandName>();
  // A forwarded mail's `#tutup` is its writer's, not the forwarder's: refused like a quoted one.
  const fresh = lines.filter((l) => l.zone === 'fresh' && !l.forwarded).map((l) => l.text);

  for (let i = 0; i < fresh.length; i++) {
    const m = COMMAND_LINE.exec(fresh[i] ?? '');
    if (!m || m[1] === undefined) continue;
    const name = commandName(m[1]);
    if (!name) {
      unknownCommands.push(`#${m[1]}`);
      continue;
    }
    let args = argsOf(m[2] ?? '');
    if (CARRIES_TEXT.has(name)) {
      const paragraph: string[] = [args];
      while (i + 1 < fresh.length && !COMMAND_LINE.test(fresh[i + 1] ?? '')) paragraph.push(fresh[++i] ?? '');
      args = paragraph.join('\n').trim();
    }
    commands.push({ name, args });
  }

  for (const l of lines) {
    if (l.zone !== 'quoted' && !l.forwarded) continue;
    const m = COMMAND_LINE.exec(l.text.replace(/^\s*(?:>\s*)+/, ''));
    const name = m && m[1] !== undefined ? commandName(m[1]) : null;
    if (name && !commands.some((c) => c.name === name)) quoted.add(name);
  }
  return { commands, unknownCommands, quotedCommands: [...quoted] };
}

const ITEM_WORDS: ReadonlyArray<[MissingItem, RegExp]> = [
  ['committeeName', /committee\s*name|nama\s*(?:panitia|pokja(?:\s*pemilihan)?|pokmil|kelompok\s*kerja)|pokja|panitia|pokmil|committee/giu],
  ['userId', /user\s*(?:-\s*)?id(?:\s*spse)?|userid|username|user\s*name|id\s*pengguna|akun(?:\s*spse)?|user/giu],
  ['tenderCode', /tender\s*code|kode\s*(?:tender|lelang|paket)|kode/giu],
  ['tenderName', /tender\s*name|nama\s*(?:tender|lelang|paket|pekerjaan)|paket|pekerjaan/giu],
  ['phone', /phone|telepon|telpon|telp|tlp|no\.?\s*hp|nomor\s*(?:hp|telepon|telp|wa)|handphone|hp|wa|whatsapp|kontak/giu],
  ['screenshot', /screenshot|screen\s*shot|tangkapan\s*layar|capture|gambar|foto|ss/giu],
];
const ALL_ITEMS = /(?<![\p{L}])(?:semua|semuanya|all|lengkap)(?![\p{L}])/iu;

/**
 * The design's item names for the words staff write after `#minta-data`, such as
 * "userId, phone" or "user id, telepon, screenshot". Longer phrases win ("nama paket" is the
 * tender name, "kode" alone the tender code); the result follows the design's order.
 */
export function parseRequestedItems(args: string): MissingItem[] {
  if (ALL_ITEMS.test(args)) return [...MISSING_ORDER];
  const found = new Set<MissingItem>();
  // Each phrase is consumed once by the first (longest, most specific) reading that claims it.
  type Hit = { item: MissingItem; start: number; end: number };
  const hits: Hit[] = [];
  for (const [item, re] of ITEM_WORDS) {
    for (const m of args.matchAll(re)) {
      const start = m.index ?? 0;
      const before = args[start - 1];
      const after = args[start + m[0].length];
      if ((before && /[\p{L}\p{N}]/u.test(before)) || (after && /[\p{L}\p{N}]/u.test(after))) continue;
      hits.push({ item, start, end: start + m[0].length });
    }
  }
  hits.sort((a, b) => b.end - b.start - (a.end - a.start));
  const taken: Array<[number, number]> = [];
  for (const h of hits) {
    if (taken.some(([s, e]) => h.start < e && s < h.end)) continue;
    taken.push([h.start, h.end]);
    found.add(h.item);
  }
  return MISSING_ORDER.filter((i) => found.has(i));
}
