// Offline message sources: `.eml` files, folders of them, and Maildirs (new/ and cur/), in the
// order they arrived (file name order: Maildir names begin with the delivery time).
import fs from 'node:fs';
import path from 'node:path';

export function messageFiles(inputs: readonly string[]): string[] {
  return inputs.flatMap((input) => {
    const stat = fs.statSync(input);
    if (!stat.isDirectory()) return [input];
    const maildir = ['cur', 'new'].filter((d) => fs.existsSync(path.join(input, d)));
    const dirs = maildir.length ? maildir.map((d) => path.join(input, d)) : [input];
    return dirs
      .flatMap((dir) =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isFile() && (maildir.length > 0 ? !e.name.startsWith('.') : e.name.endsWith('.eml')))
          .map((e) => path.join(dir, e.name)),
      )
      // By code unit: the names are ASCII, and localeCompare would start ICU's collator (3 MB) for them.
      .sort((a, b) => {
        const [x, y] = [path.basename(a), path.basename(b)];
        return x < y ? -1 : x > y ? 1 : 0;
      });
  });
}
