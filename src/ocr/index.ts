/** Reading SPSE screenshots: the engine, and what the read text shows. */
export { ocrAvailability, readScreenshot } from './engine';
export { readScreenText } from './screen-text';
export type { OcrLine, OcrSettings, OcrWord, ScreenReading, ScreenshotOcr, Unreadable } from './types';
