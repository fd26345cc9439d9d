// A stand-in for tesseract that does to the reader process (src/ocr/apart-child.ts) what a hostile
// picture could: it finds the reader among its ancestors (prlimit and timeout run between them),
// runs `act` with the reader's pid as $reader, then waits as an engine busy reading.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function standInEngine(dir: string, name: string, act: string): string {
  const file = path.join(dir, name);
  const script = `#!/bin/sh
p=$PPID
while [ "$p" -gt 1 ]; do
  if tr '\\000' ' ' < /proc/$p/cmdline | grep -q apart-child; then reader=$p; break; fi
  p=$(awk '{print $4}' /proc/$p/stat)
done
${act}
sleep 30
`;
  fs.writeFileSync(file, script, { mode: 0o755 });
  return file;
}

/** The crash of a decoder: the reader ends on SIGSEGV. */
export const CRASH = 'kill -SEGV "$reader"; exit 0';
