// The intake floor: bare mailparser.simpleParser over every file of a Maildir, one after the
// other, in a process of its own (as `process` runs): the least any reader of these mails costs.
// Usage: node dist/bench/floor.js <maildir>
import fs from 'node:fs';
import { simpleParser } from 'mailparser';
import { messageFiles } from '../inbox/sources';

async function main(): Promise<void> {
  let parsed = 0;
  for (const file of messageFiles(process.argv.slice(2))) {
    await simpleParser(fs.readFileSync(file));
    parsed++;
  }
  console.log(`parsed ${parsed}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
