// Builds real .eml files for scenario tests and runs them through the offline pipeline
// (the code behind `lpse-helpdesk process`), with a fresh database and outbox per scenario.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer';
import { DEFAULT_CONFIG_PATH, loadConfig, type Config } from '../../src/config/load';
import { Helpdesk } from '../../src/helpdesk/helpdesk';
import { processFiles } from '../../src/helpdesk/offline';
import { calendarFromConfig, sopFromConfig } from '../../src/helpdesk/wiring';
import { openStore, type Store } from '../../src/store/db';
import { events, outbox } from '../../src/store/schema';
import { loadCase } from '../../src/store/case-store';
import { fromFilesDir, messageOf, type MessageParts } from '../../src/outbox/message';
import type { OcrSettings } from '../../src/ocr/types';

/** A 1x1 PNG: a real image, so it counts as a screenshot. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export interface MailSpec {
  from: string;
  to?: string;
  cc?: string;
  subject: string;
  text: string;
  /** Local time in WIB, e.g. '2026-11-26 08:15'. */
  at: string;
  messageId: string;
  inReplyTo?: string;
  headers?: Record<string, string>;
  screenshot?: boolean;
  /** An HTML alternative beside the text. */
  html?: string;
  /** Attachments beside (or instead of) the screenshot. */
  files?: { filename: string; content: Buffer; contentType: string }[];
}

export class Scenario {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-scenario-'));
  readonly config: Config;
  readonly store: Store;
  /** Every raw message built so far, in order. */
  readonly inputs: Buffer[] = [];
  /** How screenshots are read (src/ocr); null: not read, as with ocr.enabled off. */
  ocr: OcrSettings | null = null;
  private n = 0;

  constructor(edit: (cfg: Config) => Config = (c) => c) {
    const base = loadConfig(DEFAULT_CONFIG_PATH);
    this.config = edit({
      ...base,
      // Scenarios run in late 2026: 2027 has a calendar as far as the coverage check goes (New Year's
      // Day is a national holiday every year), so that only tests about a missing year see its notice.
      holidays: [...base.holidays, '2027-01-01'],
      // Scenarios speak as staff without Authentication-Results unless they set trustedAuthservId.
      security: { trustedAuthservId: null, authResultsHeaders: 1, trustFromHeader: true },
      paths: {
        database: path.join(this.dir, 'db.sqlite'),
        files: path.join(this.dir, 'files'),
        archive: path.join(this.dir, 'archive'),
        outbox: path.join(this.dir, 'outbox'),
      },
    });
    this.store = openStore(this.config.paths.database);
  }

  async eml(spec: MailSpec): Promise<string> {
    const composer = new MailComposer({
      from: spec.from,
      to: spec.to ?? 'helpdesk@lpse.test',
      cc: spec.cc,
      subject: spec.subject,
      text: spec.text,
      html: spec.html,
      messageId: spec.messageId,
      inReplyTo: spec.inReplyTo,
      references: spec.inReplyTo,
      date: new Date(`${spec.at.replace(' ', 'T')}:00+07:00`),
      headers: spec.headers,
      attachments: [...(spec.screenshot ? [{ filename: 'error.png', content: PNG, contentType: 'image/png' }] : []), ...(spec.files ?? [])],
    });
    const raw = await new Promise<Buffer>((res, rej) => composer.compile().build((e, m) => (e ? rej(e) : res(m))));
    this.inputs.push(raw);
    const file = path.join(this.dir, 'in', `${String(++this.n).padStart(3, '0')}.eml`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, raw);
    return file;
  }

  /** Writes the mail and processes it, as `process --clock message` would. */
  async send(spec: MailSpec) {
    const file = await this.eml(spec);
    return this.process(file);
  }

  async process(file: string) {
    const run = await processFiles([file], { config: this.config, store: this.store, clock: 'message', ocr: this.ocr });
    await this.build();
    const only = run.receipts[0];
    if (!only) throw new Error('no receipt');
    return only.receipt;
  }

  caseOf(ref: string) {
    const c = loadCase(this.store.db, { ref });
    if (!c) throw new Error(`no case ${ref}`);
    return c.case;
  }

  /** Each row's message as the outbox sends it, by row id (rows never change their parts). */
  private readonly built = new Map<number, string>();

  /**
   * Builds the message of every row not built yet (src/outbox/message.ts); `process` does it
   * after each message, a test that queues mail otherwise calls it before reading `raw`.
   */
  async build(): Promise<void> {
    for (const row of this.store.db.select().from(outbox).orderBy(outbox.id).all()) {
      if (!this.built.has(row.id)) this.built.set(row.id, await this.mailOf(row));
    }
  }

  /** A row's message as the outbox sends it. */
  async mailOf(row: MessageParts): Promise<string> {
    return (await messageOf(row, fromFilesDir(this.config.paths.files, this.config.mailbox.name)).buffer()).toString('utf8');
  }

  /** Outgoing mail rows, oldest first; `raw` is the message as sent (reading it before `build` throws). */
  outbox() {
    return this.store.db
      .select()
      .from(outbox)
      .orderBy(outbox.id)
      .all()
      .map((row) => {
        const built = this.built;
        return Object.defineProperty({ ...row, raw: '' }, 'raw', {
          enumerable: true,
          get(): string {
            const raw = built.get(row.id);
            if (raw === undefined) throw new Error(`outbox row ${row.id} (${row.kind}) is not built yet: await s.build()`);
            return raw;
          },
        });
      });
  }

  /** The .eml files the file transport wrote (drafts in drafts/). */
  outboxFiles(): string[] {
    const root = this.config.paths.outbox;
    if (!fs.existsSync(root)) return [];
    return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.eml')).sort();
  }

  eventTypes(ref: string): string[] {
    const id = loadCase(this.store.db, { ref });
    return this.store.db.select().from(events).where(eq(events.caseId, id?.id ?? -1)).all().map((e) => e.type);
  }

  private readonly connections: Store[] = [];

  /** A helpdesk as a freshly started daemon has it: its own connection to the database file. */
  restart(config: Config = this.config, ocr: OcrSettings | null = null): Helpdesk {
    const store = openStore(config.paths.database);
    this.connections.push(store);
    return new Helpdesk({ config, store, sop: sopFromConfig(config), calendar: calendarFromConfig(config), now: () => new Date(), ocr });
  }

  close(): void {
    for (const st of this.connections.splice(0)) st.close();
    this.store.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export const REPORT = [
  'Selamat pagi Bapak/Ibu Helpdesk LPSE,',
  '',
  'Saat membuat jadwal evaluasi muncul notifikasi "maaf operasi yang anda lakukan salah".',
  '',
  'Nama Pokja Pemilihan: Pokja Pemilihan 3',
  'User ID: pokja3btg',
  'Kode Tender: 10034567000',
  'Nama Paket: Rehabilitasi Jalan Warungasem',
  'No. HP: 0812-2745-9910',
  '',
  'Terima kasih.',
].join('\n');
