// Writes a set of generated SPSE screenshots and its manifest.json: for the OCR accuracy suite,
// which runs it in a process of its own, and for tuning the OCR by hand.
// Usage: node dist/bench/ocr-screens/generate.js <dir> [--count=60] [--seed=1]
import { generateScreens } from './index';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (dir === undefined) throw new Error('usage: generate.js <dir> [--count=60] [--seed=1]');
  const flag = (name: string) => {
    const a = args.find((x) => x.startsWith(`--${name}=`));
    return a === undefined ? undefined : Number(a.slice(name.length + 3));
  };
  const manifest = await generateScreens(dir, { count: flag('count'), seed: flag('seed') });
  console.log(`${manifest.length} screenshots in ${dir}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
