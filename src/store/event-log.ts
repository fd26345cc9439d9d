// Appends to the case log (the events table) with one statement prepared per connection.
import type { Db } from './db';
import { events } from './schema';
import { encoded, prepared, slots } from './statements';

export interface LoggedEvent {
  caseId: number | null;
  at: Date;
  type: string;
  actor?: string | null;
  messageId?: string | null;
  detail: Record<string, unknown>;
}

const COLUMNS = ['caseId', 'at', 'type', 'actor', 'messageId', 'detail'] as const;

export function logEvent(db: Db, e: LoggedEvent): void {
  const insert = prepared(db, 'events.insert', () => db.insert(events).values(slots(COLUMNS)).prepare());
  insert.run(encoded(events, { actor: null, messageId: null, ...e }));
}
