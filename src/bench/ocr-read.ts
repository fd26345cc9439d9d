// One screenshot read in a process of its own, as the bench's OCR figure measures it and the
// accuracy suite reads its screens: prints the whole reading, its errorCode (null unless read)
// and this process's own peak RSS (tesseract, its child, is measured by the bench's wrapper
// around the program, since a parent's peak does not include its children's).
// Usage: node dist/bench/ocr-read.js <file> <content type> <OcrSettings as JSON>
import { readScreenshot, type OcrSettings } from '../ocr';

async function main(): Promise<void> {
  const [file, contentType, settings] = process.argv.slice(2);
  if (file === undefined || contentType === undefined || settings === undefined) throw new Error('usage: ocr-read.js <file> <content type> <settings JSON>');
  const read = await readScreenshot(file, contentType, JSON.parse(settings) as OcrSettings);
  const errorCode = read.status === 'read' ? read.errorCode : null;
  console.log(JSON.stringify({ ...read, errorCode, maxRssKb: process.resourceUsage().maxRSS }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
