/**
 * Where the shared third-party corpus lives: `LPSE_CORPUS_DIR`, else `shared/corpus` beside the
 * repository (CI clones the repo with `shared/` next to it), and its manifest rows.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const CORPUS_DIR = process.env['LPSE_CORPUS_DIR'] ?? path.resolve(__dirname, '../../../shared/corpus');

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
