// A screenshot read in a process of its own (src/ocr/apart.ts): what happens to the reader —
// a crash, a hang, memory past its cap, the caller gone — ends in a verdict on the picture or in
// the reader's own end, never in the caller's. The engine here is a stand-in (stand-in-engine.ts);
// the real engine's readings go through this path in tests/helpdesk/screenshot-reading and the
// accuracy suite.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { readScreenshotApart } from '../../src/ocr/apart';
import type { OcrSettings } from '../../src/ocr/types';
import { CRASH, standInEngine } from './stand-in-engine';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-apart-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const engine = (name: string, act: string) => standInEngine(dir, name, act);

const settingsWith = (command: string, more: Partial<OcrSettings> = {}): OcrSettings => {
  const workDir = path.join(dir, 'work');
  fs.mkdirSync(workDir, { recursive: true });
  return { command, languages: 'ind+eng', budgetMs: 20_000, memoryMB: 512, maxPixels: 40_000_000, workDir, ...more };
};

let picture = '';
beforeAll(async () => {
  picture = path.join(dir, 'screen.png');
  await sharp({ create: { width: 400, height: 200, channels: 3, background: '#ffffff' } }).png().toFile(picture);
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (cond()) return true;
  return cond();
}

test('a reader that crashes on a picture: the picture is recorded as not read, the caller goes on', async () => {
  const read = await readScreenshotApart(picture, 'image/png', settingsWith(engine('segfault', CRASH)));
  expect(read).toMatchObject({ status: 'unreadable', reason: 'engine_failed' });
  expect(read.status === 'unreadable' && read.detail).toContain('SIGSEGV');
});

test('a reader that hangs is ended at the budget, and the picture is recorded as over it', async () => {
  const t0 = Date.now();
  const read = await readScreenshotApart(picture, 'image/png', settingsWith(engine('freeze', 'kill -STOP "$reader"'), { budgetMs: 1500 }));
  expect(read).toMatchObject({ status: 'unreadable', reason: 'timeout' });
  // The budget and the reader's grace to end, with room for a slow machine; never the engine's 30 s.
  expect(Date.now() - t0).toBeLessThan(15_000);
});

test('a reader over its memory cap is ended, and the picture is recorded as over it', async () => {
  // Node alone, with sharp loaded, is resident in more than 30 MB.
  const read = await readScreenshotApart(picture, 'image/png', settingsWith(engine('busy', ''), { memoryMB: 30 }));
  expect(read).toMatchObject({ status: 'unreadable', reason: 'memory' });
  expect(read.status === 'unreadable' && read.detail).toMatch(/^the reader went over the memory cap of 30 MB/);
});

test('a fault of the machine (no work folder) is no verdict on the picture: the call fails', async () => {
  await expect(readScreenshotApart(picture, 'image/png', { ...settingsWith(engine('unused', '')), workDir: path.join(dir, 'no', 'such', 'folder') })).rejects.toThrow(/reading the screenshot failed/);
});

test('a bad picture is the reader\'s verdict, as when read in this process', async () => {
  const junk = path.join(dir, 'junk.png');
  fs.writeFileSync(junk, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 7)]));
  expect(await readScreenshotApart(junk, 'image/png', settingsWith(engine('unused2', '')))).toMatchObject({ status: 'unreadable', reason: 'corrupt' });
});

test('a reader whose caller is gone (a killed daemon) ends by itself', async () => {
  const pidFile = path.join(dir, 'reader.pid');
  const command = engine('tell', `echo "$reader" > '${pidFile}'`);
  const apart = path.resolve(__dirname, '../../dist/ocr/apart.js');
  const caller = spawn(process.execPath, ['-e', `require(${JSON.stringify(apart)}).readScreenshotApart(${JSON.stringify(picture)}, 'image/png', ${JSON.stringify(settingsWith(command))})`], { stdio: 'ignore' });
  expect(await until(() => fs.existsSync(pidFile) && /^\d+\s*$/.test(fs.readFileSync(pidFile, 'utf8')), 15_000)).toBe(true);
  const reader = Number(fs.readFileSync(pidFile, 'utf8'));
  expect(alive(reader)).toBe(true);
  caller.kill('SIGKILL');
  // Well before its 20 s budget.
  expect(await until(() => !alive(reader), 5000)).toBe(true);
}, 30_000);
