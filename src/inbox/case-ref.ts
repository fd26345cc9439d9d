/**
 * Case references: the `[LPSE#2026-0042]` tag our outgoing subjects carry (design.md, "Case
 * threading", step 2), read back from a subject whatever the mail client did to it.
 */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// One pattern per prefix (a process has one), made once: a pattern made per call is compiled again.
const tagPatterns = new Map<string, RegExp>();

function tagPattern(tagPrefix: string): RegExp {
  let re = tagPatterns.get(tagPrefix);
  if (!re) {
    re = new RegExp(String.raw`\[\s*${escapeRegExp(tagPrefix)}\s*#\s*(\d{4})\s*[-/]\s*(\d{1,8})\s*\]`, 'i');
    tagPatterns.set(tagPrefix, re);
  }
  return re;
}

/**
 * The case reference ("2026-0042") in a text carrying the tag with the configured prefix, or
 * null. Clients and people add spaces ("[LPSE #2026-42]") or change case; the sequence is
 * zero-padded to four digits as we write it.
 */
export function caseRefIn(text: string, tagPrefix: string): string | null {
  const m = tagPattern(tagPrefix).exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return `${m[1]}-${m[2].padStart(4, '0')}`;
}
