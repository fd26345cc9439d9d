// Preloaded (`node --require`) into a child when /usr/bin/time is missing: prints the child's
// own peak RSS at exit, for measure.ts to read from its stderr.
import fs from 'node:fs';

process.on('exit', () => {
  fs.writeSync(2, `\nlpse-bench maxRSS ${process.resourceUsage().maxRSS}\n`);
});
