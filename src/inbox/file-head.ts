// The first bytes of a file, read by position: a sniff, a header, a Date line, without reading the file whole.
import fs from 'node:fs';

/** Up to `bytes` bytes from the start of `file` (fewer when it is shorter). */
export function fileHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, fs.readSync(fd, buf, 0, bytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}
