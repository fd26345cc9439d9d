/**
 * A JSON array written as its items come (`cases --all --json` on years of cases), in pieces of
 * many items: the same text as `jsonForTerminal(array)`, without holding the array or its text.
 *
 * Public surface:
 *   jsonArrayPieces(items, perPiece?): Iterable<string>   '[\n  {…},\n  {…}\n]' in pieces, or '[]'
 */
import { jsonForTerminal } from '../inbox/control-characters';

/**
 * Items per piece, one write each: some 40 KB. Pieces of a megabyte are large objects to V8, and
 * with the CLI's small young generation they kept it collecting the whole heap: `cases --all
 * --json` on 100,000 cases took 5.1 s with 500 items a piece, 3.3 s with 20.
 */
const PER_PIECE = 20;

export function* jsonArrayPieces(items: Iterable<unknown>, perPiece = PER_PIECE): Generator<string> {
  let piece: string[] = [];
  let first = true;
  for (const item of items) {
    // An item inside an array is indented one level more; JSON text has no newline of its own
    // inside a string, so every newline is one of the indentation's.
    piece.push(`${first ? '[\n' : ',\n'}  ${jsonForTerminal(item).replace(/\n/g, '\n  ')}`);
    first = false;
    if (piece.length === perPiece) {
      yield piece.join('');
      piece = [];
    }
  }
  piece.push(first ? '[]' : '\n]');
  yield piece.join('');
}
