// What every part of the helpdesk pipeline works with: the config, the store inside the
// caller's transaction, the SOP's standards and the business calendar.
import type { Config } from '../config/load';
import type { Db, Store } from '../store/db';
import type { Calendar, Sop } from '../workflow';

export interface Desk {
  readonly cfg: Config;
  readonly store: Store;
  readonly db: Db;
  readonly sop: Sop;
  readonly calendar: Calendar;
}

export function staffAddresses(cfg: Config): string[] {
  return cfg.staff.map((s) => s.email);
}

/** `[LPSE#2026-0042]`, or the bare `[LPSE]` for mail about no case. */
export function tagOf(cfg: Config, ref: string | null): string {
  return ref === null ? `[${cfg.cases.tagPrefix}]` : `[${cfg.cases.tagPrefix}#${ref}]`;
}
