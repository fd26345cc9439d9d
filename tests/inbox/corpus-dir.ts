/**
 * Where the shared third-party corpus lives: `LPSE_CORPUS_DIR`, else `shared/corpus` beside the
 * repository, and its manifest rows. A clone on its own has no corpus: the suites that read it
 * are skipped, saying so in one line; `.ci/run` sets `LPSE_CORPUS_DIR`, and a corpus named that
 * way must exist, so CI can never skip it.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const NAMED = process.env['LPSE_CORPUS_DIR'];
export const CORPUS_DIR = NAMED ?? path.resolve(__dirname, '../../../shared/corpus');

/** False only when no corpus was named and none lies beside the repository. */
export const CORPUS_PRESENT = NAMED !== undefined || existsSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'));

/** `describe` for suites that read the corpus; without one, a single skipped test and one line saying why. */
export function describeWithCorpus(name: string, body: () => void): void {
  if (CORPUS_PRESENT) {
    describe(name, body);
    return;
  }
  process.stdout.write(`skipped "${name}": no corpus at ${CORPUS_DIR} (set LPSE_CORPUS_DIR to run it)\n`);
  test.skip(`${name} (no corpus)`, () => undefined);
}

export interface ManifestRow {
  file: string;
  category: string;
  expectedFreshText: string;
  tags: string[];
  notes: string;
}

export function manifest(): ManifestRow[] {
  const file = path.join(CORPUS_DIR, 'MANIFEST.tsv');
  if (!existsSync(file)) throw new Error(`corpus manifest not found at ${file}; set LPSE_CORPUS_DIR`);
  const [header, ...rows] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const cols = (header ?? '').split('\t');
  const at = (name: string): number => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv has no column ${name}`);
    return i;
  };
  const [fileCol, categoryCol, freshCol, tagsCol, notesCol] = ['file', 'category', 'expected_fresh_text', 'tags', 'notes'].map(at);
  return rows.map((line) => {
    const f = line.split('\t');
    const get = (i: number | undefined): string => (i === undefined ? '' : (f[i] ?? ''));
    return {
      file: get(fileCol),
      category: get(categoryCol),
      expectedFreshText: get(freshCol),
      tags: get(tagsCol).split(',').filter((t) => t !== ''),
      notes: get(notesCol),
    };
  });
}
