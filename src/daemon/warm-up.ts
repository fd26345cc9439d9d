// Warms the helpdesk before the first real message: the first `receive` of a process loads the
// MIME parser and compiles the templates (about 0.4 s here), which the first committee to write
// after a restart would otherwise wait for. A synthetic report goes through a throwaway helpdesk
// on an in-memory database and a temporary files folder; nothing is sent, nothing is kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/load';
import { Helpdesk } from '../helpdesk/helpdesk';
import { calendarFromConfig, sopFromConfig } from '../helpdesk/wiring';
import { openStore } from '../store/db';

export async function warmUp(cfg: Config): Promise<number> {
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-warm-up-'));
  const store = openStore(':memory:');
  try {
    const config: Config = { ...cfg, paths: { ...cfg.paths, files: dir, archive: dir, outbox: dir } };
    const helpdesk = new Helpdesk({ config, store, sop: sopFromConfig(cfg), calendar: calendarFromConfig(cfg), now: () => new Date() });
    const raw = [
      'From: Warm Up <warm-up@example.invalid>',
      `To: ${cfg.mailbox.address}`,
      'Subject: Error jadwal evaluasi',
      `Message-ID: <warm-up.${Date.now()}@example.invalid>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Nama Pokja Pemilihan: Pokja Pemilihan 1',
      'Kode Tender: 10000000000',
      '',
    ].join('\r\n');
    await helpdesk.receive(Buffer.from(raw));
    return Math.round(performance.now() - started);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
