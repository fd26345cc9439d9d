// The key of our Message-IDs (outbox/compose.ts messageIdFor): from LPSE_MESSAGE_ID_SECRET
// when the operator sets one, otherwise generated once and kept in the database, so that ids
// stay the same across restarts and retries while nobody outside can compute them.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from './db';
import { settings } from './schema';

const KEY = 'message_id_secret';
const cache = new WeakMap<Db, Buffer>();

export function messageIdSecret(db: Db, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env['LPSE_MESSAGE_ID_SECRET'];
  if (fromEnv !== undefined && fromEnv !== '') return Buffer.from(fromEnv, 'utf8');
  const known = cache.get(db);
  if (known) return known;
  // Insert-if-absent, then read: two processes on one database agree on the first one written.
  db.insert(settings).values({ key: KEY, value: randomBytes(32).toString('hex') }).onConflictDoNothing().run();
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY)).get();
  if (!row) throw new Error('the Message-ID secret could not be stored');
  const secret = Buffer.from(row.value, 'hex');
  cache.set(db, secret);
  return secret;
}
