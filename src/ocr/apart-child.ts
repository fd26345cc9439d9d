// One screenshot read in a process of its own (apart.ts starts it; the bench and the accuracy
// suite run it too). Its one argument is the job as JSON; its last stdout line the reading and
// this process's peak RSS. A fault of the machine (readScreenshot throws) ends it with status 2
// and the message on stderr. It ends when the process that started it is gone.
import { MACHINE_FAULT_STATUS, type ApartJob } from './apart';
import { readScreenshot } from './engine';

const ORPHAN_CHECK_MS = 500;

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as ApartJob;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(1);
  }, ORPHAN_CHECK_MS).unref();
  const budgetMs = Math.max(0, job.deadline - Date.now());
  const read = await readScreenshot(job.file, job.contentType, { ...job.settings, budgetMs });
  process.stdout.write(`${JSON.stringify({ ocr: read, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = MACHINE_FAULT_STATUS;
});
