/**
 * Characters from mail that must not reach a mail we write or a terminal: C0 and C1 controls
 * (a display name encoded as `=?UTF-8?B?...?=` can carry CR LF, ESC and the 8-bit CSI), and the
 * bidi and zero-width controls that make text read other than it is ("bukti\u202Egnp.exe" shows as
 * "buktiexe.png"). Every pattern here is a single character class or a sequence of classes over
 * disjoint characters, so each runs in linear time.
 *
 * Public surface:
 *   oneLine(s)           a display name, subject or field value: escape sequences go whole,
 *                        controls and line breaks become spaces, bidi and zero-width controls
 *                        go, whitespace collapsed, trimmed
 *   withoutControls(s)   multi-line text: escape sequences go whole, LF and TAB kept, CR LF made
 *                        LF, other controls and bidi controls dropped
 *   forTerminal(s)       text for the CLI: as withoutControls
 *   jsonForTerminal(v)   JSON.stringify(v, null, 2) with C1, U+2028/2029 and bidi controls escaped
 *                        as \uXXXX (JSON.stringify escapes only C0): same value, inert bytes
 */

/* eslint-disable no-control-regex -- control characters are what these patterns are for */
// Bidi embeddings, overrides, isolates and marks, the Arabic letter mark, zero-width characters
// and the BOM.
const BIDI_AND_INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// C0 without TAB and LF, DEL and C1.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ALL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// ECMA-48: CSI (ESC [ or the 8-bit CSI, parameter bytes, intermediate bytes, one final byte), OSC
// and the other string commands (ESC ] P X ^ _ or their 8-bit forms, up to BEL or ST), and any
// other two-byte escape. An unterminated string command ends with its line, so it cannot swallow
// the rest of the text.
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
const STRING_COMMAND = /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?/g;
const OTHER_ESCAPE = /\u001b[ -~]?/g;
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Escape sequences removed whole: "Budi\u001b[2J Santoso" is "Budi Santoso", not "Budi[2J Santoso". */
function withoutEscapes(s: string): string {
  return s.replace(STRING_COMMAND, '').replace(CSI, '').replace(OTHER_ESCAPE, '');
}

export function oneLine(s: string): string {
  return withoutEscapes(s).replace(BIDI_AND_INVISIBLE, '').replace(ALL_CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

export function withoutControls(s: string): string {
  return withoutEscapes(s).replace(/\r\n?/g, '\n').replace(/[\u2028\u2029]/g, '\n').replace(BIDI_AND_INVISIBLE, '').replace(CONTROLS, '');
}

/** Text for the CLI; the same as withoutControls, named for where it goes. */
export function forTerminal(s: string): string {
  return withoutControls(s);
}

/** JSON with every control, C1, line-separator and bidi character escaped; `indent` 0 for one line. */
export function jsonForTerminal(value: unknown, indent = 2): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(JSON_UNSAFE, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
