// The table `npm run bench` prints: one row per figure, its goal, what was measured and whether
// the goal is met. A goal is a comparison against a fixed number; the verdict is computed from
// the measured value here, never written by hand.

export interface Goal {
  /** How the goal reads in the table, e.g. "< 200 ms". */
  text: string;
  met: (measured: number) => boolean;
}

export interface Row {
  figure: string;
  goal: Goal | null;
  /** The value the goal is checked against, in the unit of the goal. */
  value: number | null;
  /** What was measured, as printed (with its parts, e.g. "13 vs 80 msg/s"). */
  measured: string;
  /** Why the figure could not be measured on this machine (e.g. a program is not installed). */
  skipped?: string;
}

export const atLeast = (n: number, unit = ''): Goal => ({ text: `≥ ${n}${unit}`, met: (v) => v >= n });
export const below = (n: number, unit = ''): Goal => ({ text: `< ${n}${unit}`, met: (v) => v < n });
export const atMost = (n: number, unit = ''): Goal => ({ text: `≤ ${n}${unit}`, met: (v) => v <= n });
/** "About n": within a quarter either side. */
export const about = (n: number, unit = ''): Goal => ({ text: `≈ ${n}${unit}`, met: (v) => v >= n * 0.75 && v <= n * 1.25 });

export function verdict(row: Row): string {
  if (row.skipped !== undefined) return 'skipped';
  if (row.goal === null) return 'info';
  if (row.value === null || Number.isNaN(row.value)) return 'not measured';
  return row.goal.met(row.value) ? 'met' : 'NOT MET';
}

/** A Markdown table, so that the README can quote the output as it is. */
export function tableLines(rows: readonly Row[]): string[] {
  const cells = rows.map((r) => [r.figure, r.goal?.text ?? '—', r.skipped === undefined ? r.measured : `skipped: ${r.skipped}`, verdict(r)]);
  const head = ['figure', 'goal', 'measured', 'verdict'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((s, i) => s.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)];
}
