/**
 * A screenshot read in a node process of its own (apart-child.ts), so that what reading does to
 * a process stays out of the helpdesk's: decoding and evening a photo's pixels hold a thread for
 * up to a fifth of a second (intake would wait), a decoder's crash on a hostile picture would end
 * the daemon, and the pictures' buffers would stay in its memory. The reader has the budget,
 * counted from this call, and the memory cap of the settings (its resident memory, watched from
 * here, as tesseract's is capped by prlimit); over either it is ended, and the picture is recorded
 * as not read. Tesseract, a process group of its own, ends by its own deadline (engine.ts).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OcrSettings, ScreenshotOcr } from './types';

export interface ApartJob {
  file: string;
  contentType: string;
  settings: OcrSettings;
  /** Epoch ms by which the reading ends: the budget counts from the caller's start, not the reader's. */
  deadline: number;
}

/** The reader's exit status for a fault of the machine (the work folder, the disk): no verdict on the picture. */
export const MACHINE_FAULT_STATUS = 2;

/** Why this side ended the reader. */
interface Ended {
  why: 'timeout' | 'memory' | 'output';
  detail: string;
}

/** After its deadline, the reader has this long to print what it read and end (it keeps a margin of its own). */
const END_GRACE_MS = 1000;
const WATCH_MS = 100;
const STDOUT_CAP = 1024 * 1024;
const STDERR_CAP = 16 * 1024;

/** The compiled reader: beside this file in dist/, or under dist/ when this file is the TypeScript source. */
function readerScript(): string {
  const candidates = [path.join(__dirname, 'apart-child.js'), path.resolve(__dirname, '..', '..', 'dist', 'ocr', 'apart-child.js')];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`the screenshot reader is not built (looked for ${candidates.join(', ')}): run npm run build`);
  return found;
}

/** Resident memory of a process in MB, from /proc; null where there is no /proc or the process is gone. */
function residentMb(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

function isReading(v: unknown): v is ScreenshotOcr {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (r.status === 'read' || r.status === 'unreadable') && typeof r.ms === 'number';
}

/**
 * Reads a screenshot in a reader process; never throws for a bad picture (nor for a reader that
 * crashed on it), only for a fault of the machine, as readScreenshot.
 */
export function readScreenshotApart(file: string, contentType: string, settings: OcrSettings): Promise<ScreenshotOcr> {
  const started = Date.now();
  const job: ApartJob = { file, contentType, settings, deadline: started + settings.budgetMs };
  const unreadable = (reason: 'timeout' | 'memory' | 'engine_failed', detail: string): ScreenshotOcr => ({ status: 'unreadable', reason, detail, ms: Date.now() - started });
  return new Promise((resolve, reject) => {
    // V8's own heap stays within the cap too: past it the reader ends rather than grows.
    const child = spawn(process.execPath, [`--max-old-space-size=${settings.memoryMB}`, readerScript(), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let endedFor: Ended | null = null;
    const end = (why: Ended['why'], detail: string) => {
      endedFor ??= { why, detail };
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already
      }
    };
    const timer = setTimeout(() => end('timeout', `over the budget of ${settings.budgetMs} ms`), settings.budgetMs + END_GRACE_MS);
    const watch = setInterval(() => {
      const mb = child.pid === undefined ? null : residentMb(child.pid);
      if (mb !== null && mb > settings.memoryMB) end('memory', `the reader went over the memory cap of ${settings.memoryMB} MB (${Math.round(mb)} MB)`);
    }, WATCH_MS);
    const stop = () => {
      clearTimeout(timer);
      clearInterval(watch);
    };
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > STDOUT_CAP) end('output', `more than ${STDOUT_CAP} bytes of output`);
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < STDERR_CAP) err += b.toString('utf8');
    });
    child.on('error', (e) => {
      stop();
      reject(new Error(`the screenshot reader did not start: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      stop();
      const ended = endedFor as Ended | null; // set by the callbacks above, which TypeScript's narrowing does not see
      if (ended !== null) return resolve(unreadable(ended.why === 'output' ? 'engine_failed' : ended.why, ended.detail));
      const said = err.trim().split(/\r?\n/).slice(-3).join(' ').slice(0, 300);
      if (code === MACHINE_FAULT_STATUS) return reject(new Error(`reading the screenshot failed: ${said}`));
      if (code === 0) {
        let answer: unknown;
        try {
          answer = (JSON.parse(Buffer.concat(out).toString('utf8').trim().split('\n').pop() ?? '') as { ocr?: unknown }).ocr;
        } catch {
          answer = undefined;
        }
        if (isReading(answer)) return resolve({ ...answer, ms: Date.now() - started });
        return resolve(unreadable('engine_failed', 'the reader ended without a reading'));
      }
      // V8 past its heap cap aborts; anything else that ends the reader (a decoder's crash) is the picture's verdict.
      if (/heap out of memory|allocation failed/i.test(said)) return resolve(unreadable('memory', `the reader went over the memory cap of ${settings.memoryMB} MB`));
      resolve(unreadable('engine_failed', `the reader ended with ${signal ?? `status ${code}`}${said ? `: ${said}` : ''}`));
    });
  });
}
