// The passwords, read only from the environment. Apart from the loader, so that the daemon, whose
// config is served from the cache (checked-cache.ts), does not load yaml and zod for them.
import { ConfigError } from './config-error';

export type SecretName = 'LPSE_IMAP_PASSWORD' | 'LPSE_SMTP_PASSWORD';

/** Every named password, or one ConfigError naming each one missing (the operator sets them all at once). */
export function requireSecrets<N extends SecretName>(env: NodeJS.ProcessEnv, names: readonly N[]): Record<N, string> {
  const missing = names.filter((n) => env[n] === undefined || env[n] === '');
  if (missing.length > 0) throw new ConfigError(missing.map((n) => `env.${n}: required, the password is read only from the environment`));
  return Object.fromEntries(names.map((n) => [n, env[n] as string])) as Record<N, string>;
}
