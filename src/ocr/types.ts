/**
 * What reading a screenshot gives: the SPSE screen's text and what it shows. SOP step 1b asks for
 * the screenshot with the error's details opened (double-click on the four dots left of "maaf"):
 * the Kode Error and the exception text are what LKPP needs.
 */

/** One line of text as the engine read it, top to bottom. `confidence` 0–100; box in the image's pixels. */
export interface OcrLine {
  text: string;
  confidence: number;
  box: { x: number; y: number; w: number; h: number };
  words: readonly OcrWord[];
}

export interface OcrWord {
  text: string;
  confidence: number;
  box: { x: number; y: number; w: number; h: number };
}

/** What the read text shows (screen-text.ts). Every field is null when the screen does not show it. */
export interface ScreenReading {
  /** The read text, lines joined by newlines (capped). */
  text: string;
  /** SPSE's Kode Error, when a label names it and the code reads cleanly; never guessed. */
  errorCode: string | null;
  /** The error's headline: "Maaf, terjadi error pada aplikasi SPSE", "Terjadi Kesalahan", a 404 or 403 page. */
  headline: string | null;
  /** The exception line, when the details are open (e.g. "java.lang.NullPointerException: …"). */
  exception: string | null;
  /** The page: the address in the browser bar, else the menu path shown. */
  page: string | null;
  /** The notification "maaf operasi yang anda lakukan salah…" is on the screen. */
  notification: boolean;
  /** The notification is shown but its details are not (no code, no exception): SOP step 1b's double-click was not done. */
  detailsHidden: boolean;
  /**
   * A Kode Error is shown (its label and a token like a code after it) but was not read with
   * certainty: a phone photo of the monitor, glyphs too small or blurred. Never with `errorCode`.
   */
  codeUnclear: boolean;
  /** Mean word confidence of the text read, 0–100. */
  confidence: number;
}

/**
 * Why a screenshot could not be read: too many pixels to decode safely, bytes that do not
 * decode, a format the engine cannot decode (HEIC), no picture inside a document, no text in the
 * picture (a blank image, a photo of something else), over the time budget, over the memory cap,
 * or the engine failed.
 */
export type Unreadable = 'too_large' | 'corrupt' | 'format' | 'no_picture' | 'no_text' | 'timeout' | 'memory' | 'engine_failed';

export type ScreenshotOcr =
  | ({ status: 'read'; ms: number } & ScreenReading)
  | { status: 'unreadable'; reason: Unreadable; detail: string; ms: number };

/** How the engine runs (config `ocr`, resolved). */
export interface OcrSettings {
  /** The tesseract program. */
  command: string;
  /** Tesseract's language list, e.g. "ind+eng". */
  languages: string;
  /** Wall-clock budget for one screenshot, every pass included. */
  budgetMs: number;
  /** Memory cap of the reader's process (resident memory, src/ocr/apart.ts) and of tesseract's (address space). */
  memoryMB: number;
  /** Pictures with more pixels than this are not decoded (a PNG can claim 50,000 × 50,000). */
  maxPixels: number;
  /** Where intermediate images go (removed after each reading). */
  workDir: string;
}
