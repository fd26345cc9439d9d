// Which config file a run reads. Apart from the loader, so that a run served from the checked
// config's cache (checked-cache.ts) finds its file without loading yaml and zod.
import path from 'node:path';

export const DEFAULT_CONFIG_PATH = path.resolve(__dirname, '..', '..', 'config', 'default.yaml');

/** Picks the file: `--config PATH`, else `LPSE_CONFIG`, else the bundled default. */
export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(flag ?? env.LPSE_CONFIG ?? DEFAULT_CONFIG_PATH);
}
