// A fresh place for one run of the product: a folder with its own config (the bundled config
// with every path inside the folder), so that each child process starts from an empty store.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../config/load';
import { AUTHSERV } from './mail-generator';

export interface Workspace {
  dir: string;
  configFile: string;
  config: Config;
  database: string;
  files: string;
}

export type ConfigDoc = Record<string, Record<string, unknown>>;

/** `edit` changes the config document further before it is written (the live figure's servers). */
export function workspace(dir: string, edit: (doc: ConfigDoc) => void = () => undefined): Workspace {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const doc = YAML.parse(fs.readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as ConfigDoc;
  doc.paths = { database: path.join(dir, 'helpdesk.sqlite'), files: path.join(dir, 'files'), archive: path.join(dir, 'archive'), outbox: path.join(dir, 'outbox') };
  doc.calendar = { ...doc.calendar, holidaysDir: path.resolve(path.dirname(DEFAULT_CONFIG_PATH), String(doc.calendar?.holidaysDir ?? 'holidays')) };
  // The generated mail was received by mx.lpse.test: its Authentication-Results prove the staff.
  doc.security = { ...doc.security, trustedAuthservId: AUTHSERV, authResultsHeaders: 1, trustFromHeader: false };
  // A report every 30 seconds is a busy mailbox, not a flood: every report is answered in full.
  doc.autoReply = { ...doc.autoReply, maxNewCaseAcksPerHour: 100_000, staffNewCaseNoticesPerInterval: 100_000 };
  // Intake, memory and scale are measured without the screenshots' reading, which has its own
  // figure (src/bench/ocr.ts): offline, `process` reads each screenshot before the next mail
  // (the daemon reads them beside intake), and the bench's screenshots are noise, not screens.
  doc.ocr = { ...doc.ocr, enabled: 'off' };
  edit(doc);
  const configFile = path.join(dir, 'config.yaml');
  fs.writeFileSync(configFile, YAML.stringify(doc));
  const config = loadConfig(configFile);
  return { dir, configFile, config, database: config.paths.database, files: config.paths.files };
}
