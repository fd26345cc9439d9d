// OCR of one screenshot (issue 13): generated SPSE screenshots (ocr-screens/, every variant),
// each read in the product's reader process (src/ocr/apart-child.ts), timed from outside. The
// memory is the child's own peak plus tesseract's: tesseract runs as a grandchild, whose peak no
// parent's figure includes, so the bench points the engine at a wrapper that runs it under
// /usr/bin/time and adds the two.
import fs from 'node:fs';
import path from 'node:path';
import { chromiumMissing, generateScreens } from './ocr-screens';
import { ocrChoice } from '../ocr/settings';
import type { ApartJob } from '../ocr/apart';
import type { OcrSettings, ScreenshotOcr } from '../ocr/types';
import { HAVE_TIME, median, runNode } from './measure';
import { below, type Row } from './table';
import { workspace } from './workspace';

/** Not the accuracy suite's seed nor the tuning set's: the bench reads screens neither was tuned on. */
const SEED = 4242;
const READ = path.join(__dirname, '..', 'ocr', 'apart-child.js');

interface Answer {
  ocr: ScreenshotOcr;
  maxRssKb: number;
}

const TIME_FIGURE = 'OCR of one screenshot, in a child process: s (median / max)';
const RSS_FIGURE = 'OCR of one screenshot: peak RSS, node + tesseract (max)';

function skipped(why: string): Row[] {
  return [
    { figure: TIME_FIGURE, goal: below(3, ' s'), value: null, measured: '', skipped: why },
    { figure: RSS_FIGURE, goal: below(200, ' MB'), value: null, measured: '', skipped: why },
  ];
}

/** A tesseract that records its own peak RSS (kB, one line per run) in `rssFile`. */
function timedTesseract(dir: string, command: string, rssFile: string): string {
  const wrapper = path.join(dir, 'tesseract-timed');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec /usr/bin/time -a -f %M -o '${rssFile}' '${command}' "$@"\n`, { mode: 0o755 });
  return wrapper;
}

export async function ocrFigure(count: number, tmp: string): Promise<{ rows: Row[]; notes: string[] }> {
  // The bundled config's 'auto' (the other figures' workspaces turn reading off).
  const ws = workspace(path.join(tmp, 'ocr'), (doc) => {
    doc.ocr = { ...doc.ocr, enabled: 'auto' };
  });
  const choice = ocrChoice(ws.config);
  const why = chromiumMissing() ?? choice.off ?? (HAVE_TIME ? null : "/usr/bin/time is missing, so tesseract's memory cannot be measured");
  if (why !== null || choice.settings === null) return { rows: skipped(why ?? 'OCR is off'), notes: [] };
  const shots = path.join(ws.dir, 'shots');
  const manifest = await generateScreens(shots, { count, seed: SEED });
  const rssFile = path.join(ws.dir, 'tesseract-rss');
  const workDir = path.join(ws.dir, 'work');
  fs.mkdirSync(workDir);
  const settings: OcrSettings = { ...choice.settings, command: timedTesseract(ws.dir, choice.settings.command, rssFile), workDir };
  const wall: number[] = [];
  const engine: number[] = [];
  const rss: { node: number; tesseract: number }[] = [];
  let exact = 0;
  let unreadable = 0;
  for (const shot of manifest) {
    fs.rmSync(rssFile, { force: true });
    const job: ApartJob = { file: path.join(shots, shot.file), contentType: shot.contentType, settings, deadline: Date.now() + settings.budgetMs };
    const run = runNode([READ, JSON.stringify(job)]);
    const answer = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as Answer;
    const r = { ...answer.ocr, errorCode: answer.ocr.status === 'read' ? answer.ocr.errorCode : null, maxRssKb: answer.maxRssKb };
    const passes = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, 'utf8').split('\n').filter((l) => /^\d+$/.test(l)).map(Number) : [];
    wall.push(run.ms);
    engine.push(r.ms);
    // The passes run one after another: the highest of them is tesseract's share of the peak.
    rss.push({ node: r.maxRssKb / 1024, tesseract: Math.max(0, ...passes) / 1024 });
    if (r.status !== 'read') unreadable++;
    if (shot.code !== null && r.errorCode === shot.code) exact++;
  }
  const worst = rss.reduce((a, b) => (b.node + b.tesseract > a.node + a.tesseract ? b : a));
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const maxWall = Math.max(...wall);
  return {
    rows: [
      {
        figure: TIME_FIGURE,
        goal: below(3, ' s'),
        value: maxWall / 1000,
        measured: `${s(median(wall))} / ${s(maxWall)} s over ${manifest.length} (engine alone ${s(median(engine))} / ${s(Math.max(...engine))} s)`,
      },
      {
        figure: RSS_FIGURE,
        goal: below(200, ' MB'),
        value: worst.node + worst.tesseract,
        measured: `${(worst.node + worst.tesseract).toFixed(0)} MB (${worst.node.toFixed(0)} + ${worst.tesseract.toFixed(0)}); median ${median(rss.map((r) => r.node + r.tesseract)).toFixed(0)} MB`,
      },
    ],
    notes: [
      `OCR: ${manifest.length} generated screenshots (seed ${SEED}, all variants), ${manifest.filter((m) => m.code !== null).length} with a code, ${exact} of them read exactly; ${unreadable} unreadable; the time is the child's wall time, node start-up included`,
    ],
  };
}
