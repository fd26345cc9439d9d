/**
 * CSS as far as hiding text needs it: the declarations of a `style` attribute, and the rules of a
 * mail's `<style>` blocks for the selectors mail editors write (`tag`, `.class`, `#id` and their
 * compounds such as `p.hide`). Of a descendant or child selector (`.wrap .hide`) only the last part
 * is read: a hiding rule then applies more widely than a browser would, never less. Any other
 * selector (attributes, pseudo-classes, `*`) is ignored. This is no CSS engine, and its work is
 * bounded: so many characters of CSS, so many rules, so many classes per element.
 */
import type { Element } from 'domhandler';

export type Declarations = ReadonlyMap<string, string>;

interface Rule {
  tag: string | null;
  classes: readonly string[];
  id: string | null;
  /** CSS specificity (ids, classes, tag) and source order: the later and more specific wins. */
  rank: number;
  declarations: Declarations;
}

const MAX_CSS_CHARS = 100_000;
const MAX_RULES = 500;
const MAX_CLASSES = 20;
const MAX_CACHED = 5000;
const MAX_KEY_CHARS = 300;
const EMPTY: Declarations = new Map();
// No value that hides text is longer; a longer one is not read (and cannot make a pattern slow).
const MAX_VALUE_CHARS = 200;

/** `css` without its comments; an unterminated comment runs to the end, as in a browser. */
export function withoutComments(css: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = css.indexOf('/*', at);
    if (open < 0) return out + css.slice(at);
    out += css.slice(at, open);
    const close = css.indexOf('*/', open + 2);
    if (close < 0) return out;
    at = close + 2;
  }
}

/**
 * The declarations of a style attribute or rule body: property → value, lowercase, without
 * `!important`, runs of blanks made one space and none around `,`, `(` and `)`: "rgb(255,255,255)".
 */
export function declarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of withoutComments(style).split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const value = decl
      .slice(colon + 1)
      .replace(/!\s*important/gi, '')
      .replace(/\s+/g, ' ')
      .replace(/ ?([,()]) ?/g, '$1')
      .trim()
      .toLowerCase();
    if (value.length <= MAX_VALUE_CHARS) out.set(decl.slice(0, colon).trim().toLowerCase(), value);
  }
  return out;
}

// One compound selector: an optional tag, then classes and ids. Each part opens with `.` or `#`,
// which the name characters never match, so there is one way to read it.
const COMPOUND = /^([a-z][a-z0-9]*)?((?:[.#][a-z0-9_-]+)*)$/;
const COMBINATOR = /[\s>+~]+/;

function ruleFor(selector: string, rank: number, d: Declarations): Rule | null {
  const last = selector.trim().toLowerCase().split(COMBINATOR).pop() ?? '';
  const m = last === '' ? null : COMPOUND.exec(last);
  if (!m) return null;
  const classes: string[] = [];
  let id: string | null = null;
  for (const part of (m[2] ?? '').split(/(?=[.#])/)) {
    if (part.startsWith('.')) classes.push(part.slice(1));
    else if (part.startsWith('#')) id = part.slice(1);
  }
  const tag = m[1] ?? null;
  const specificity = (id === null ? 0 : 100) + classes.length * 10 + (tag === null ? 0 : 1);
  return { tag, classes, id, rank: specificity * MAX_RULES + rank, declarations: d };
}

function keyOf(rule: Rule): string {
  return rule.id !== null ? `#${rule.id}` : rule.classes[0] !== undefined ? `.${rule.classes[0]}` : (rule.tag ?? '');
}

export class StyleSheet {
  private readonly byKey = new Map<string, Rule[]>();
  // Mail repeats the same tag and class on every row and paragraph: each combination is matched once.
  private readonly cache = new Map<string, Declarations>();

  /**
   * The top-level rules of these `<style>` texts, in document order. Rules inside `@media` and
   * other at-rules are not read: they apply to some screens only (dark mode, phones), and a
   * template that hides its desktop copy on phones there would otherwise lose both copies.
   */
  constructor(cssTexts: readonly string[]) {
    // Outlook wraps its sheet in `<!-- -->` for old clients; they are no part of a selector.
    const css = withoutComments(cssTexts.join('\n').slice(0, MAX_CSS_CHARS)).split('<!--').join(' ').split('-->').join(' ');
    let depth = 0;
    let prelude = '';
    let start = 0;
    let count = 0;
    for (let i = 0; i < css.length && count < MAX_RULES; i++) {
      const c = css.charAt(i);
      if (c === ';' && depth === 0) {
        start = i + 1;
      } else if (c === '{') {
        if (depth === 0) prelude = css.slice(start, i).trim();
        depth++;
        start = i + 1;
      } else if (c === '}' && depth > 0) {
        depth--;
        if (depth === 0 && prelude !== '' && !prelude.startsWith('@')) count = this.add(prelude, css.slice(start, i), count);
        start = i + 1;
      }
    }
  }

  private add(selectors: string, body: string, count: number): number {
    const d = declarations(body);
    if (d.size === 0) return count;
    let n = count;
    for (const selector of selectors.split(',')) {
      const rule = ruleFor(selector, n, d);
      if (!rule) continue;
      const key = keyOf(rule);
      const list = this.byKey.get(key);
      if (list) list.push(rule);
      else this.byKey.set(key, [rule]);
      if (++n >= MAX_RULES) break;
    }
    return n;
  }

  /** The declarations the sheet gives `el`, the winning rule's value for each property. */
  declarationsFor(el: Element): Declarations {
    if (this.byKey.size === 0) return EMPTY;
    const cacheKey = `${el.name} ${el.attribs['id'] ?? ''} ${el.attribs['class'] ?? ''}`;
    const known = this.cache.get(cacheKey);
    if (known) return known;
    const out = new Map<string, string>();
    const classes = (el.attribs['class'] ?? '').toLowerCase().split(/\s+/).filter((c) => c !== '').slice(0, MAX_CLASSES);
    const id = el.attribs['id']?.toLowerCase() ?? null;
    const keys = [el.name, ...classes.map((c) => `.${c}`), ...(id === null ? [] : [`#${id}`])];
    const matching = new Set<Rule>();
    for (const key of keys) {
      for (const rule of this.byKey.get(key) ?? []) {
        if ((rule.tag === null || rule.tag === el.name) && (rule.id === null || rule.id === id) && rule.classes.every((c) => classes.includes(c))) matching.add(rule);
      }
    }
    for (const rule of [...matching].sort((a, b) => a.rank - b.rank)) {
      for (const [prop, value] of rule.declarations) out.set(prop, value);
    }
    if (this.cache.size < MAX_CACHED && cacheKey.length <= MAX_KEY_CHARS) this.cache.set(cacheKey, out);
    return out;
  }
}
