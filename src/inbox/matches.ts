/**
 * The matches of a global pattern in `text`, one after another, found with the pattern itself.
 * `matchAll` copies its pattern on every call, and a copy may start again in V8's regexp
 * interpreter: several times slower than compiled code, and the labels' pattern is large.
 * Each step sets the pattern's `lastIndex` from its own position and puts it back to 0, so a loop
 * may run over the same pattern inside, or stop early, and leave nothing behind.
 */
export function* matchesIn(pattern: RegExp, text: string): Generator<RegExpExecArray, void, undefined> {
  if (!pattern.global) throw new Error(`matchesIn needs a global pattern: /${pattern.source}/${pattern.flags}`);
  let at = 0;
  while (at <= text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    at = pattern.lastIndex;
    pattern.lastIndex = 0;
    if (m === null) return;
    // An empty match would be found again at the same place: step past it, by code point when the pattern reads them.
    if (m[0] === '') at = nextIndex(text, at, pattern.unicode);
    yield m;
  }
}

function nextIndex(text: string, at: number, byCodePoint: boolean): number {
  const c = text.charCodeAt(at);
  return byCodePoint && c >= 0xd800 && c <= 0xdbff && at + 1 < text.length ? at + 2 : at + 1;
}
