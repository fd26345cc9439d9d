/**
 * `lpse-helpdesk parse FILE.eml [--json]`: reads one message file and prints its reading,
 * with no database and no network. Exit codes: 0 read, 3 unreadable or not a message (one line
 * on the error writer saying why). The CLI wires this in; writers are passed in so tests need
 * no process.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { forTerminal, jsonForTerminal } from './control-characters';
import { toContract } from './contract';
import type { ReadOptions, Reading } from './reading';
import { readInThisThread, ReadingOverBudget, type MessageReader } from './reading-budget';
import { UnparseableMessage } from './unparseable';

export const EXIT_OK = 0;
export const EXIT_UNPARSEABLE = 3;

export interface ParseCommandOptions extends ReadOptions {
  json: boolean;
  /** The CLI reads in the budgeted worker, as the daemon does; `readMessage` in this thread by default. */
  reader?: MessageReader;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function summary(file: string, r: Reading): string {
  const c = toContract(r);
  const fields = Object.entries(c.fields)
    .map(([k, v]) => `  ${k}: ${v ?? '-'}`)
    .join('\n');
  const attachments = c.attachments.map((a) => `  ${a.filename} (${a.contentType}, ${a.size} bytes${a.screenshot ? ', screenshot' : ''})`);
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
  } finally {
    await rm(spillDir, { recursive: true, force: true });
  }
  // A mail's text can carry terminal escape sequences: the summary drops them, the JSON escapes them.
  out(opts.json ? jsonForTerminal(toContract(reading)) : forTerminal(summary(file, reading)));
  return EXIT_OK;
}
