/**
 * Tag commands: the `#word` lines staff and LKPP write to drive a case (design.md, "Who may do
 * what"). A command counts only at the start of a fresh line (after a list bullet at most), one
 * per line; the same word in quoted text is reported separately so the workflow can refuse it, an
 * unknown `#word` is reported (with `suggestCommand` for "did you mean"), and a known word written
 * mid-line is reported as misplaced, so the sender gets a clear answer instead of silence.
 * Authorisation is not decided here.
 */
import type { TextLine } from './fresh-text';
import { MISSING_ORDER, type Command, type CommandName, type MissingItem } from './types';
import { matchesIn } from './matches';

/**
 * Every command word as staff write it, Indonesian first for each name: a typo is answered
 * with the Indonesian word when both languages are equally near.
 */
const WORDS: ReadonlyArray<[word: string, name: CommandName]> = [
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
  ['bantuan', 'help'],
  ['help', 'help'],
  ['status', 'status'],
  ['kasus', 'attach'],
  ['case', 'attach'],
  ['kasus-baru', 'new_case'],
  ['laporan-telepon', 'new_case'],
  ['new-case', 'new_case'],
  ['phone-report', 'new_case'],
];

/** A word as compared: case, `-` and `_` do not matter (`Minta_Data` is `minta-data`). */
const folded = (word: string): string => word.toLowerCase().replace(/[-_]/g, '');

const VOCABULARY: ReadonlyMap<string, CommandName> = new Map(WORDS.map(([word, name]) => [folded(word), name]));

// A bullet before the command is a list the mail client made (`- `, `* `, `• `, `1. `, `1) `);
// `>` is quoting and never a bullet. One optional bullet, then blanks: no two runs share characters.
const BULLET = String.raw`(?:(?:[-*+•·◦▪►➢–—]|\d{1,2}[.)])[ \t]*)?`;
const COMMAND_LINE = new RegExp(String.raw`^[ \t]*${BULLET}#([\p{L}][\p{L}\p{N}_-]*)(.*)$`, 'u');
// In quoted text only a bare `#word` line reads as someone's command: a bulleted one there is a
// quoted command list (our own help, quoted back), not a command anyone gave.
const QUOTED_COMMAND_LINE = /^[ \t]*#([\p{L}][\p{L}\p{N}_-]*)/u;
// `#kasus-2026-0042`: the word runs into the case reference it attaches to.
const ATTACH_WITH_REF = /^(kasus|case)[-_](\d{4}-\d{1,8})$/i;

/** The canonical name of a written command word (`Minta-Data`, `minta_data`), or null. */
export function commandName(word: string): CommandName | null {
  return VOCABULARY.get(folded(word)) ?? null;
}

function argsOf(rest: string): string {
  return rest.replace(/^\s*[:,.-]?\s*/, '').trim();
}

export interface CommandReading {
  commands: Command[];
  unknownCommands: string[];
  quotedCommands: CommandName[];
  /** Known command words written mid-line in the sender's own text, canonical names: never obeyed, always answered. */
  misplacedCommands: CommandName[];
}

/**
 * Commands whose text is passed on (to the reporter, to LKPP, to staff or into the case log):
 * people write it as a paragraph, so it runs from the rest of the line over every following
 * fresh line up to the next command line.
 */
const CARRIES_TEXT: ReadonlySet<CommandName> = new Set<CommandName>(['reply', 'resolve', 'note', 'lkpp_request', 'data_sent', 'lkpp_resolved']);

// A `#word` after a blank or an opening bracket or quote: one inside a link (`https://x/#selesai`,
// `page#balas`) follows a letter, digit or `/` and is the link's, not a command.
const HASH_WORD = /(?<![^\s(["'“‘])#([\p{L}][\p{L}\p{N}_-]*)/gu;

/** The command a line opens with: its word's name (`#kasus-2026-0042` is `#kasus 2026-0042`) and the rest. */
function lineCommand(word: string, rest: string): { name: CommandName; rest: string } | null {
  const name = commandName(word);
  if (name) return { name, rest };
  const ref = ATTACH_WITH_REF.exec(word);
  return ref && ref[2] !== undefined ? { name: 'attach', rest: `${ref[2]}${rest}` } : null;
}

/** Whether a line is a command line, known or not (`#word` at its start, after a bullet at most). */
export function isCommandLine(text: string): boolean {
  return COMMAND_LINE.test(text);
}

/** The known command a line opens with, or null. */
export function commandOfLine(text: string): CommandName | null {
  const m = COMMAND_LINE.exec(text);
  return m && m[1] !== undefined ? (lineCommand(m[1], '')?.name ?? null) : null;
}

/** The lines that are no command's: without command lines and the paragraphs text-carrying commands take. */
export function withoutCommands(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const name = commandOfLine(lines[i] ?? '');
    if (name === null && !isCommandLine(lines[i] ?? '')) {
      out.push(lines[i] ?? '');
      continue;
    }
    if (name !== null && CARRIES_TEXT.has(name)) while (i + 1 < lines.length && !isCommandLine(lines[i + 1] ?? '')) i++;
  }
  return out;
}

/** Reads commands from split lines; text-carrying ones (CARRIES_TEXT) take their paragraph. */
export function readCommands(lines: readonly TextLine[]): CommandReading {
  const commands: Command[] = [];
  const unknownCommands: string[] = [];
  const quoted = new Set<CommandName>();
  const misplaced = new Set<CommandName>();
  // A forwarded mail's `#tutup` is its writer's, not the forwarder's: refused like a quoted one.
  const fresh = lines.filter((l) => l.zone === 'fresh' && !l.forwarded).map((l) => l.text);

  for (let i = 0; i < fresh.length; i++) {
    const line = fresh[i] ?? '';
    const m = COMMAND_LINE.exec(line);
    // The line's own command word is its command; any other known word on it is misplaced.
    const opening = m ? line.length - (m[2] ?? '').length - (m[1] ?? '').length - 1 : -1;
    for (const h of matchesIn(HASH_WORD, line)) {
      const name = h.index !== opening && h[1] !== undefined ? commandName(h[1]) : null;
      if (name) misplaced.add(name);
    }
    if (!m || m[1] === undefined) continue;
    const found = lineCommand(m[1], m[2] ?? '');
    if (!found) {
      unknownCommands.push(`#${m[1]}`);
      continue;
    }
    const { name } = found;
    let args = argsOf(found.rest);
    if (CARRIES_TEXT.has(name)) {
      const paragraph: string[] = [args];
      while (i + 1 < fresh.length && !COMMAND_LINE.test(fresh[i + 1] ?? '')) {
        const next = fresh[++i] ?? '';
        for (const h of matchesIn(HASH_WORD, next)) {
          const mid = h[1] !== undefined ? commandName(h[1]) : null;
          if (mid) misplaced.add(mid);
        }
        paragraph.push(next);
      }
      args = paragraph.join('\n').trim();
    }
    commands.push({ name, args });
  }

  for (const l of lines) {
    if (l.zone !== 'quoted' && !l.forwarded) continue;
    const m = QUOTED_COMMAND_LINE.exec(l.text.replace(/^\s*(?:>\s*)+/, ''));
    const name = m && m[1] !== undefined ? commandName(m[1]) : null;
    if (name && !commands.some((c) => c.name === name)) quoted.add(name);
  }
  // A word also given as a command on its own line was obeyed there: nothing to answer.
  const misplacedCommands = [...misplaced].filter((n) => !commands.some((c) => c.name === n));
  return { commands, unknownCommands, quotedCommands: [...quoted], misplacedCommands };
}

const INDONESIAN_SUFFIX = /^(.{4,}?)(?:kan|lah|nya|kanlah)$/;
// Longer than any command word: not a typo of one, and the distance table stays small.
const MAX_TYPO_CHARS = 24;

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Array<number>((a.length + 1) * width).fill(0);
  const at = (i: number, j: number): number => d[i * width + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i * width + j] = v;
    }
  }
  return at(a.length, b.length);
}

/**
 * The vocabulary word nearest to a mistyped `#word` (`selsai` -> `selesai`), for "did you mean":
 * at most two edits away (one for words of four letters or fewer, where two edits reach too many
 * words). Words of one command at the same distance give that command's Indonesian word; words
 * of different commands at the same distance are no answer (null), nor is nothing near.
 */
export function suggestCommand(word: string): string | null {
  const written = folded(word.replace(/^#/, ''));
  if (written === '' || written.length > MAX_TYPO_CHARS) return null;
  // Indonesian writes a verb with its suffix ("#selesaikan", "#tutuplah"): the command is the stem.
  const stem = INDONESIAN_SUFFIX.exec(written)?.[1];
  const typed = stem !== undefined && WORDS.some(([w]) => folded(w) === stem) ? stem : written;
  const limit = typed.length <= 4 ? 1 : 2;
  let best = limit + 1;
  let nearest: Array<[string, CommandName]> = [];
  for (const entry of WORDS) {
    const d = editDistance(typed, folded(entry[0]));
    if (d > limit) continue;
    if (d < best) {
      best = d;
      nearest = [entry];
    } else if (d === best) {
      nearest.push(entry);
    }
  }
  const names = new Set(nearest.map(([, name]) => name));
  // WORDS lists each command's Indonesian word first.
  return names.size === 1 ? (nearest[0]?.[0] ?? null) : null;
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
    for (const m of matchesIn(re, args)) {
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
