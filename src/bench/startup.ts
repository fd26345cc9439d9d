// CLI start-up: `--version` against a bare `node -e 0`, each a child, interleaved, median of 11.
import { interleaved, median, runCli, runNode } from './measure';
import { CLI } from './paths';
import { below, type Row } from './table';

export function startupFigure(): Row {
  const runs = interleaved(11, { bare: () => runNode(['-e', '0']), cli: () => runCli(CLI, ['--version']) });
  const bare = median(runs.bare.map((r) => r.ms));
  const cli = median(runs.cli.map((r) => r.ms));
  const over = (cli - bare) / 1000;
  return {
    figure: 'CLI start-up: --version over bare node -e 0 (median of 11)',
    goal: below(0.25, ' s'),
    value: over,
    measured: `${over.toFixed(3)} s (${cli.toFixed(0)} vs ${bare.toFixed(0)} ms; ${Math.max(...runs.cli.map((r) => r.rssMb)).toFixed(0)} vs ${Math.max(...runs.bare.map((r) => r.rssMb)).toFixed(0)} MB)`,
  };
}
