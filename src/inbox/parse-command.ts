/**
 * `lpse-helpdesk parse FILE.eml [--json]`: reads one message file and prints its reading,
 * with no database and no network. Exit codes: 0 read, 3 unreadable or not a message (one line
 * on the error writer saying why). The CLI wires this in; writers are passed in so tests need
 * no process.
 * Each screenshot is read too (src/ocr) when reading is on: design.md's contract gains an `ocr`
 * object per attachment (null for one that is not a screenshot), and `fields.errorCode` takes the
 * code read when the text gave none.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { maskScreenSecrets } from '../ocr/secret-lines';
import type { OcrChoice } from '../ocr/settings';
import type { ScreenshotOcr } from '../ocr/types';
import { forTerminal, jsonForTerminal } from './control-characters';
import { toContract } from './contract';
import type { AttachmentReading, Contract, ContractAttachment } from './types';
import type { ReadOptions, Reading } from './reading';
import { readInThisThread, ReadingOverBudget, type MessageReader } from './reading-budget';
import { UnparseableMessage } from './unparseable';

export const EXIT_OK = 0;
export const EXIT_UNPARSEABLE = 3;

export interface ParseCommandOptions extends ReadOptions {
  json: boolean;
  /** The CLI reads in the budgeted worker, as the daemon does; `readMessage` in this thread by default. */
  reader?: MessageReader;
  /** Whether and how screenshots are read; absent: not read (`ocr` is then null for every attachment). */
  ocr?: OcrChoice;
}

/** What reading one screenshot gave, as `parse --json` prints it: one shape for every status. */
export interface ContractOcr {
  status: 'read' | 'unreadable' | 'off';
  text: string;
  errorCode: string | null;
  detailsHidden: boolean;
  confidence: number;
  ms: number;
  headline: string | null;
  exception: string | null;
  page: string | null;
  notification: boolean;
  /** A Kode Error is shown but was not read with certainty (a photo of the monitor, glyphs too small). */
  codeUnclear: boolean;
  /** Why it was not read (unreadable: src/ocr/types.ts Unreadable; off: why reading is off); null when read. */
  reason: string | null;
}

export type ParsedContract = Omit<Contract, 'attachments'> & { attachments: (ContractAttachment & { ocr: ContractOcr | null })[] };

function contractOcr(o: ScreenshotOcr): ContractOcr {
  if (o.status === 'unreadable') return { status: 'unreadable', text: '', errorCode: null, detailsHidden: false, confidence: 0, ms: Math.round(o.ms), headline: null, exception: null, page: null, notification: false, codeUnclear: false, reason: o.reason };
  const { errorCode, detailsHidden, confidence, ms, notification, codeUnclear } = o;
  // A screen can show a password: the printed reading masks it, as the stored one does.
  const mask = (t: string | null) => (t === null ? null : maskScreenSecrets(t));
  return { status: 'read', text: maskScreenSecrets(o.text), errorCode, detailsHidden, confidence: Math.round(confidence), ms: Math.round(ms), headline: mask(o.headline), exception: mask(o.exception), page: mask(o.page), notification, codeUnclear, reason: null };
}

const OFF = (reason: string): ContractOcr => ({ status: 'off', text: '', errorCode: null, detailsHidden: false, confidence: 0, ms: 0, headline: null, exception: null, page: null, notification: false, codeUnclear: false, reason });

/** Reads each screenshot from its bytes (written to `dir`) or its spilled file. */
async function readScreenshots(attachments: readonly AttachmentReading[], choice: OcrChoice | undefined, dir: string): Promise<(ContractOcr | null)[]> {
  const out: (ContractOcr | null)[] = [];
  for (const [i, a] of attachments.entries()) {
    if (!a.screenshot || choice === undefined) out.push(null);
    else if (choice.settings === null) out.push(OFF(choice.off));
    else {
      const file = a.file ?? path.join(dir, `screenshot-${i}`);
      if (a.file === null) await writeFile(file, a.content);
      // As the helpdesk reads it: in a reader process, whose crash on a hostile picture is the picture's verdict.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only where a screenshot is read
      const { readScreenshotApart } = require('../ocr/apart') as typeof import('../ocr/apart');
      out.push(contractOcr(await readScreenshotApart(file, a.contentType, { ...choice.settings, workDir: dir })));
    }
  }
  return out;
}

/** The contract with each attachment's reading; the text's Kode Error wins over one read. */
function withReadings(c: Contract, ocr: readonly (ContractOcr | null)[]): ParsedContract {
  const read = ocr.find((o) => o?.errorCode != null)?.errorCode ?? null;
  return { ...c, fields: { ...c.fields, errorCode: c.fields.errorCode ?? read }, attachments: c.attachments.map((a, i) => ({ ...a, ocr: ocr[i] ?? null })) };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function summary(file: string, c: ParsedContract, r: Reading): string {
  const fields = Object.entries(c.fields)
    .map(([k, v]) => `  ${k}: ${v ?? '-'}`)
    .join('\n');
  const attachments = c.attachments.map((a) => `  ${a.filename} (${a.contentType}, ${a.size} bytes${a.screenshot ? ', screenshot' : ''})${a.ocr ? `\n    ${ocrLine(a.ocr)}` : ''}`);
  const commands = c.commands.map((cmd) => `  #${cmd.name}${cmd.args ? ` ${oneLine(cmd.args)}` : ''}`);
  return [
    `${file}`,
    `kind:      ${c.kind}`,
    `from:      ${c.from ?? '-'}`,
    `subject:   ${c.subject || '-'}`,
    `case:      ${c.caseRef ?? '-'}`,
    `in reply:  ${c.inReplyTo ?? '-'}`,
    'fields:',
    fields,
    `missing:   ${c.missing.join(', ') || 'nothing'}`,
    `symptoms:  ${c.symptoms.join(', ') || 'none'}`,
    `attachments: ${c.attachments.length}`,
    ...attachments,
    `commands:  ${c.commands.length}`,
    ...commands,
    ...(r.unknownCommands.length ? [`unknown commands: ${r.unknownCommands.join(', ')}`] : []),
    ...(r.quotedCommands.length ? [`quoted commands (ignored): ${r.quotedCommands.join(', ')}`] : []),
    'fresh text:',
    c.freshText
      .split('\n')
      .map((l) => `  | ${l}`)
      .join('\n'),
  ].join('\n');
}

function ocrLine(o: ContractOcr): string {
  if (o.status !== 'read') return `read: no (${o.status === 'off' ? 'OCR is off' : 'unreadable'}: ${o.reason ?? ''})`;
  const said = [o.errorCode ? `Kode Error ${o.errorCode}` : 'no error code', o.detailsHidden ? 'error details not opened' : null, o.codeUnclear ? 'error code shown, not read with certainty' : null, o.headline, o.exception, o.page].filter((s) => s !== null);
  return `read in ${o.ms} ms: ${said.map(oneLine).join('; ')}`;
}

/** Why `file` cannot be read, or null when it can. */
async function unreadable(file: string): Promise<string | null> {
  try {
    if ((await stat(file)).isDirectory()) return 'is a directory';
    await access(file, constants.R_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : oneLine(String(e));
  }
}

/**
 * Runs `parse`; returns the exit code. The reader is given the file, as the helpdesk gives it its
 * spooled copy: it streams it, and a large part goes to a folder of its own, removed after.
 */
export async function runParse(
  file: string,
  opts: ParseCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const why = await unreadable(file);
  if (why !== null) {
    err(`parse: cannot read ${file}: ${why}`);
    return EXIT_UNPARSEABLE;
  }
  const spillDir = await mkdtemp(path.join(os.tmpdir(), 'lpse-parse-'));
  try {
    let reading: Reading;
    try {
      reading = await (opts.reader ?? readInThisThread)({ path: path.resolve(file), spillDir }, { tagPrefix: opts.tagPrefix, ownAddresses: opts.ownAddresses });
    } catch (e) {
      if (e instanceof ReadingOverBudget) {
        err(`parse: ${file}: ${e.reason}`);
        return EXIT_UNPARSEABLE;
      }
      if (!(e instanceof UnparseableMessage)) throw e;
      err(`parse: ${file} is not a readable message: ${oneLine(e.reason)}`);
      return EXIT_UNPARSEABLE;
    }
    const parsed = withReadings(toContract(reading), await readScreenshots(reading.attachments, opts.ocr, spillDir));
    // A mail's text can carry terminal escape sequences: the summary drops them, the JSON escapes them.
    out(opts.json ? jsonForTerminal(parsed) : forTerminal(summary(file, parsed, reading)));
    return EXIT_OK;
  } finally {
    await rm(spillDir, { recursive: true, force: true });
  }
}
