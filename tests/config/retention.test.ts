// retention.filesAfterDays: how long a closed case's raw mail and attachments stay in
// paths.files. It must outlast cases.reopenWithinDays, since a case that can still reopen is
// worked from its files, and the error names the key to fix.
import fs from 'node:fs';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../src/config/load';
import { configDir, problemsOf, writeConfig } from './config-kit';

let dir: string;

beforeEach(() => {
  dir = configDir('lpse-retention-config-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function configWith(cases: { reopenWithinDays: number }, retention: Record<string, unknown>): string {
  return writeConfig(dir, (doc: { cases: Record<string, unknown>; retention: unknown }) => {
    doc.cases = { ...doc.cases, ...cases };
    doc.retention = retention;
  });
}

describe('retention.filesAfterDays', () => {
  it('is 90 days by default, three times the 30 days within which a closed case reopens', () => {
    const cfg = loadConfig(DEFAULT_CONFIG_PATH);
    expect(cfg.retention.filesAfterDays).toBe(90);
    expect(cfg.cases.reopenWithinDays).toBe(30);
  });

  it('may be null: every file is kept', () => {
    expect(loadConfig(configWith({ reopenWithinDays: 30 }, { filesAfterDays: null })).retention.filesAfterDays).toBeNull();
  });

  it('must be more days than cases.reopenWithinDays, and says so at its key', () => {
    expect(problemsOf(configWith({ reopenWithinDays: 30 }, { filesAfterDays: 30 }))).toEqual([
      'retention.filesAfterDays: expected more days than cases.reopenWithinDays (30), or null to keep every file, got 30',
    ]);
    expect(problemsOf(configWith({ reopenWithinDays: 60 }, { filesAfterDays: 45 }))).toEqual([
      'retention.filesAfterDays: expected more days than cases.reopenWithinDays (60), or null to keep every file, got 45',
    ]);
    expect(problemsOf(configWith({ reopenWithinDays: 60 }, { filesAfterDays: 61 }))).toEqual([]);
  });

  it('is a whole number of days, at least 1, and the section takes no other key', () => {
    expect(problemsOf(configWith({ reopenWithinDays: 30 }, { filesAfterDays: 0 }))).toEqual(['retention.filesAfterDays: expected at least 1, got 0']);
    expect(problemsOf(configWith({ reopenWithinDays: 30 }, { filesAfterDays: '90d' }))).toEqual([
      'retention.filesAfterDays: expected a number, got "90d"',
    ]);
    expect(problemsOf(configWith({ reopenWithinDays: 30 }, { filesAfterDays: 90, attachmentsAfterDays: 30 }))).toEqual([
      'retention.attachmentsAfterDays: unknown key',
    ]);
  });
});
