/**
 * A message that cannot be read is still kept for staff to look at (paths.files), but a root
 * password written in it in plain sight is masked in that copy, as in every other kept mail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Scenario } from './scenario-kit';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

let s: Scenario;
beforeEach(() => {
  s = new Scenario();
});
afterEach(() => s.close());

it.each([
  ['no headers at all', 'Selamat pagi,\nakses server SPSE untuk LKPP:\npassword root: Quar-Marker-01!\nTerima kasih\n', 'Quar-Marker-01!'],
  ['binary where the headers should be', '\u0000\u0001PK\u0003\u0004 kata sandi root adalah Quar-Marker-02#\n', 'Quar-Marker-02#'],
])('an unreadable file (%s) is quarantined and its kept copy has no password', async (_name, content, marker) => {
  const file = path.join(s.dir, 'broken.eml');
  fs.writeFileSync(file, content, 'latin1');
  const receipt = await s.process(file);
  expect(receipt.disposition).toBe('quarantined');
  const kept = filesUnder(s.config.paths.files).map((f) => fs.readFileSync(f, 'latin1'));
  expect(kept).toHaveLength(1);
  expect(kept[0]).toContain('[disembunyikan]');
  expect(kept.join('\n')).not.toContain(marker);
  s.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  expect(fs.readFileSync(s.config.paths.database, 'latin1')).not.toContain(marker);
});

it('an unreadable file with no password is kept byte for byte', async () => {
  const file = path.join(s.dir, 'broken.eml');
  const content = 'Selamat pagi,\nmohon reset password user pokja3btg.\n';
  fs.writeFileSync(file, content, 'latin1');
  expect((await s.process(file)).disposition).toBe('quarantined');
  expect(filesUnder(s.config.paths.files).map((f) => fs.readFileSync(f, 'latin1'))).toEqual([content]);
});
