// The README's first command: `lpse-helpdesk demo` replays the bundled helpdesk day through the
// built CLI, and the other commands explore the result.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { simpleParser } from 'mailparser';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
let cwd: string;
let demo: ReturnType<typeof spawnSync>;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'lpse-demo-'));
  demo = spawnSync(process.execPath, [CLI, 'demo'], { cwd, encoding: 'utf8' });
});
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

describe('lpse-helpdesk demo', () => {
  it('runs from a built, executable CLI (what `npx lpse-helpdesk` starts)', () => {
    expect(() => fs.accessSync(CLI, fs.constants.X_OK)).not.toThrow();
  });

  it('processes the helpdesk day and prints the cases with their clocks', () => {
    expect(demo.status).toBe(0);
    const out = String(demo.stdout);
    expect(out).toContain('Processed 17 messages');
    expect(out).toMatch(/ignored\s+2026-0001\s+03-0803-balasan-otomatis-pokja3\.eml \(auto_reply\)/);
    expect(out).toMatch(/2026-0002\s+in_progress .* step 2 \(lpse\) due 2026-11-26 09:01 BREACHED/);
  });

  it('leaves each case where the day ended, with LKPP\'s ticket and the whole escalation path', () => {
    const cases = JSON.parse(cli('--config', 'var/demo/config.yaml', 'cases', '--json')) as { ref: string; state: string; clocks: { step: string }[]; missing: string[] }[];
    expect(Object.fromEntries(cases.map((c) => [c.ref, c.state]))).toEqual({
      '2026-0001': 'solved',
      '2026-0002': 'in_progress',
      '2026-0003': 'lkpp_solved',
      '2026-0004': 'in_progress',
    });
    expect(Object.keys(cases[0]!).sort()).toEqual(['assignee', 'clocks', 'fields', 'missing', 'ref', 'reporter', 'state', 'step'].sort());
    const escalated = JSON.parse(cli('--config', 'var/demo/config.yaml', 'case', '2026-0003', '--json'));
    expect(escalated.lkppTicket).toBe('LKPP-2026-11873');
    expect(escalated.clocks.map((k: { step: string }) => k.step)).toEqual(['1a', '2', '4', '5', '6', '7', '8', '9', '10', '11']);
    expect(escalated.timeline.length).toBeGreaterThan(10);
    expect(escalated.messages.filter((m: { direction: string }) => m.direction === 'out').length).toBeGreaterThan(5);
  });

  it('writes every outgoing mail as .eml, reporter mail in polite Indonesian, and never a password', async () => {
    const dir = path.join(cwd, 'var', 'demo', 'outbox');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(15);
    expect(fs.readdirSync(path.join(dir, 'drafts'))).toEqual([expect.stringMatching(/-escalation\.eml$/)]);
    for (const f of files) {
      const raw = fs.readFileSync(path.join(dir, f));
      const m = await simpleParser(raw);
      expect(m.subject).toMatch(/\[LPSE#2026-000\d\]/);
      expect(m.messageId).toMatch(/@lpse\.test>$/);
      expect(m.headers.get('auto-submitted')).toMatch(/^auto-(replied|generated)$/);
      const toStaff = (m.to && !Array.isArray(m.to) ? m.to.value : []).every((a) => /^staff\d@lpse\.test$/.test(a.address ?? ''));
      if (!toStaff && !/to_lkpp/.test(f)) {
        expect(m.text).toMatch(/^Yth\. Bapak\/Ibu/);
        expect(m.text).toContain('Hormat kami');
      }
      expect(raw.toString()).not.toMatch(/password root\s*[:=]\s*[^_\s(]/i);
    }
  });
});
