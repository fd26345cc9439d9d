/**
 * `lpse-helpdesk parse FILE.eml [--json]`: reads one message file and prints its reading,
 * with no database and no network. Exit codes: 0 read, 3 unreadable or not a message (one line
 * on the error writer saying why). The CLI wires this in; writers are passed in so tests need
 * no process.
 */
import { readFile } from 'node:fs/promises';
import { forTerminal, jsonForTerminal } from './control-characters';
import { readMessage, toContract, UnparseableMessage, type ReadOptions, type Reading } from './reading';
import { ReadingOverBudget, type MessageReader } from './reading-budget';

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

/** Runs `parse`; returns the exit code. */
export async function runParse(
  file: string,
  opts: ParseCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : oneLine(String(e));
    err(`parse: cannot read ${file}: ${why}`);
    return EXIT_UNPARSEABLE;
  }
  let reading: Reading;
  try {
    reading = await (opts.reader ?? readMessage)(raw, { tagPrefix: opts.tagPrefix, ownAddresses: opts.ownAddresses });
  } catch (e) {
    if (e instanceof ReadingOverBudget) {
      err(`parse: ${file}: ${e.reason}`);
      return EXIT_UNPARSEABLE;
    }
    if (!(e instanceof UnparseableMessage)) throw e;
    err(`parse: ${file} is not a readable message: ${oneLine(e.reason)}`);
    return EXIT_UNPARSEABLE;
  }
  // A mail's text can carry terminal escape sequences: the summary drops them, the JSON escapes them.
  out(opts.json ? jsonForTerminal(toContract(reading)) : forTerminal(summary(file, reading)));
  return EXIT_OK;
}
