// The error of a config an operator must fix (exit 2). Apart from the loader, so that the checks
// a command runs on a config served from the cache (checked-cache.ts) do not load yaml and zod:
// once loaded they stay in memory for the whole run.
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}
