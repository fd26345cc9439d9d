// Where the bench finds the product and keeps what it generates.
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The built CLI: every figure drives the product through it where a command exists. */
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FLOOR = path.join(__dirname, 'floor.js');
/** Generated mail and stores, reused across runs (git-ignored). */
export const CACHE = path.join(ROOT, '.bench-cache');
