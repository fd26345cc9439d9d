/**
 * Backscatter, measured on the third-party corpus: every bounce, auto-reply, feedback report,
 * mailing-list and no-reply mail in ../shared/corpus goes through the whole helpdesk (the
 * offline pipeline, a fresh database each) and none of them may get any mail back.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readMessage } from '../../src/inbox/reading';
import { CORPUS_DIR, CORPUS_PRESENT, describeWithCorpus, manifest } from '../inbox/corpus-dir';
import { Scenario } from './scenario-kit';

const MACHINE_CATEGORIES = new Set(['bounce-dsn', 'auto-reply']);
const LIST_OR_NOREPLY = /^(?:list-id|list-unsubscribe|list-post|precedence:[ \t]*list|x-amz-sns-)/im;
const NOREPLY_FROM = /^from:[^\n]*\b(?:no-?reply|do-?not-?reply|donotreply|postmaster|mailer-daemon|abuse)@/im;

/** The corpus files that are machine mail or list mail, by the manifest or by their headers. */
function machineMail(): string[] {
  return manifest()
    .filter((row) => {
      if (MACHINE_CATEGORIES.has(row.category)) return true;
      const head = readFileSync(path.join(CORPUS_DIR, row.file), 'latin1').split(/\r?\n\r?\n/)[0] ?? '';
      return LIST_OR_NOREPLY.test(head) || NOREPLY_FROM.test(head);
    })
    .map((row) => row.file);
}

describeWithCorpus('corpus machine and list mail through the helpdesk', () => {
  const files = CORPUS_PRESENT ? machineMail() : [];

  it('finds the corpus machine mail', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it('answers none of it', async () => {
    const answered: string[] = [];
    for (const file of files) {
      const s = new Scenario();
      try {
        const raw = readFileSync(path.join(CORPUS_DIR, file));
        const sender = (await readMessage(raw, { tagPrefix: 'LPSE' })).from;
        await s.process(path.join(CORPUS_DIR, file));
        const staff = new Set(s.config.staff.map((m) => m.email));
        const toOutside = s.outbox().filter((o) => o.toAddrs.some((a) => !staff.has(a)) || (sender !== null && o.toAddrs.includes(sender)));
        if (toOutside.length) answered.push(`${file}: ${toOutside.map((o) => `${o.kind}->${o.toAddrs.join(',')}`).join('; ')}`);
      } finally {
        s.close();
      }
    }
    process.stdout.write(`${answered.length} of ${files.length} corpus machine/list mails answered\n`);
    expect(answered).toEqual([]);
  }, 120_000);
});
