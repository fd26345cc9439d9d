/**
 * What an HTML mail shows: the elements a mail client does not display (CSS that hides them,
 * inline or from a `<style>` rule, boxes of no size, text moved off-screen or clipped away,
 * `hidden`, `<template>`, a closed `<details>`, Outlook's `mso-hide:all`) and text too small or
 * too close to its background colour to read are removed, so that text nobody saw is neither a
 * command nor report data. A forwarded or pasted mail can carry `#tutup` in such an element; the
 * staff member forwarding it never saw it.
 */
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import { backgroundColour, contrast, over, parseColour, type Rgba } from './css-colour';
import { declarations, StyleSheet, type Declarations } from './style-sheet';

export interface ShownHtml {
  /** The HTML without its hidden elements, unreadable text and comments. */
  html: string;
  /** Some non-blank text was hidden: a plain alternative generated from this HTML may carry it as if visible. */
  hidText: boolean;
}

// Never displayed; the first four hold no text a sender hid (a page's own code and title).
const NOT_TEXT = new Set(['script', 'style', 'head', 'title']);
const NEVER_SHOWN = new Set([...NOT_TEXT, 'template', 'noscript']);
// A table part grows to hold its content: a zero height on it hides nothing.
const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);
// Deeper than any mail a person wrote: what lies below is dropped (html-to-text stops at the
// same depth), which also keeps the recursion here and in the serializer off the stack limit.
const MAX_DEPTH = 200;
const MAX_STYLE_BLOCKS = 50;
const MAX_VISITED = 200_000;

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };
// Below this a reader sees no text: 6px, about 0.4em of a mail's usual 16px.
const MIN_READABLE_PX = 6;
// Lighter than #e6e6e6 on white (or as close to any background): a reader sees nothing there.
const MIN_CONTRAST = 1.25;
// Moved this far out of its box (left:-9999px, text-indent:-9999px), text lies off-screen;
// Outlook's list indents (-18pt) stay far below it.
const OFF_SCREEN_PX = 100;
const INVISIBLE_ALPHA = 0.1;
// Values that keep the parent's text colour: a white block's `color:inherit` child is as white.
const INHERITED = new Set(['inherit', 'currentcolor', 'unset', 'revert', 'revert-layer']);

const LENGTH = /^(-?(?:\d{1,7}(?:\.\d{1,6})?|\.\d{1,6}))(px|pt|pc|em|rem|ex|ch|%|in|cm|mm)?$/;
const PX_PER: Readonly<Record<string, number>> = { px: 1, pt: 4 / 3, pc: 16, in: 96, cm: 96 / 2.54, mm: 96 / 25.4 };
const FONT_KEYWORD: Readonly<Record<string, number>> = { 'xx-small': 9, 'x-small': 10, small: 13, medium: 16, large: 18, 'x-large': 24, 'xx-large': 32 };
// <font size=1..7>, and 0 which some editors write for a hidden spacer.
const FONT_SIZE_ATTR = [0, 10, 13, 16, 18, 24, 32, 48];

/**
 * A CSS length in px, `em` relative to `fontPx`; a percentage only where `percentOf` says what
 * of (a font size of its parent's; a box's size is unknown here). Null when we cannot read it.
 */
function lengthPx(value: string, fontPx: number, percentOf: number | null = null): number | null {
  const m = LENGTH.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 'px';
  if (unit === 'em' || unit === 'ex' || unit === 'ch') return n * fontPx * (unit === 'em' ? 1 : 0.5);
  if (unit === 'rem') return n * 16;
  if (unit === '%') return percentOf === null ? (n === 0 ? 0 : null) : (n / 100) * percentOf;
  return n * (PX_PER[unit] ?? 1);
}

/** Unreadable text: size, colour and background are inherited, and a child may set them back to readable. */
interface Look {
  fontPx: number;
  /** Null when not known (a `var()`, `inherit`, `currentColor`). */
  colour: Rgba | null;
  /** Null when not known: an image, or something we cannot read. */
  background: Rgba | null;
}

const PAGE: Look = { fontPx: 16, colour: BLACK, background: WHITE };

function fontPxOf(el: Element, d: Declarations, parent: number): number {
  const css = d.get('font-size');
  if (css !== undefined) {
    if (css === 'smaller') return parent / 1.2;
    if (css === 'larger') return parent * 1.2;
    return FONT_KEYWORD[css] ?? lengthPx(css, parent, parent) ?? parent;
  }
  const attr = el.name === 'font' ? el.attribs['size']?.trim() : undefined;
  if (attr === undefined || !/^[+-]?\d$/.test(attr)) return parent;
  const n = attr.startsWith('+') || attr.startsWith('-') ? 3 + Number(attr) : Number(attr);
  return FONT_SIZE_ATTR[Math.max(0, Math.min(7, n))] ?? parent;
}

function backgroundOf(el: Element, d: Declarations, parent: Rgba | null): Rgba | null {
  const shorthand = d.get('background');
  const css = d.get('background-color');
  const colour = css !== undefined ? parseColour(css) : shorthand !== undefined ? backgroundColour(shorthand) : el.attribs['bgcolor'] !== undefined ? parseColour(el.attribs['bgcolor']) : null;
  const image = (shorthand ?? '').includes('url(') || (d.get('background-image') ?? '').includes('url(');
  if (colour === null) return image ? null : parent;
  if (colour.a === 0) return image ? null : parent;
  if (parent === null) return colour.a >= 1 ? colour : null;
  return over(colour, parent);
}

function lookOf(el: Element, d: Declarations, parent: Look): Look {
  const attrColour = el.name === 'font' ? el.attribs['color'] : el.name === 'body' ? el.attribs['text'] : undefined;
  const colourText = d.get('-webkit-text-fill-color') ?? d.get('color') ?? attrColour;
  return {
    fontPx: fontPxOf(el, d, parent.fontPx),
    colour: colourText === undefined || INHERITED.has(colourText) ? parent.colour : colourText === 'initial' ? BLACK : parseColour(colourText),
    background: backgroundOf(el, d, parent.background),
  };
}

function unreadable(look: Look): boolean {
  if (look.fontPx < MIN_READABLE_PX) return true;
  const c = look.colour;
  if (c === null) return false;
  if (c.a < INVISIBLE_ALPHA) return true;
  return look.background !== null && contrast(over(c, look.background), look.background) < MIN_CONTRAST;
}

function opacityOf(v: string): number | null {
  const m = /^(\d{1,3}(?:\.\d{1,6})?|\.\d{1,6})(%?)$/.exec(v);
  return m ? Number(m[1]) / (m[2] === '%' ? 100 : 1) : null;
}

/** `clip: rect(t, r, b, l)` of no area, as in the "screen-reader only" pattern `rect(0 0 0 0)`. */
function clippedAway(v: string, fontPx: number): boolean {
  const m = /^rect\(([^()]{1,80})\)$/.exec(v);
  if (!m) return false;
  const [top, right, bottom, left] = (m[1] ?? '').split(/[\s,]+/).map((p) => (p === 'auto' ? null : lengthPx(p, fontPx)));
  const none = (a: number | null | undefined, b: number | null | undefined) => a != null && b != null && b - a <= 1;
  return none(top, bottom) || none(left, right);
}

/** `clip-path: inset(50%)`, `circle(0)` and the like: nothing of the box is left. */
function clipPathAway(v: string): boolean {
  const m = /^(inset|circle|ellipse)\(([^()]{1,80})\)$/.exec(v);
  if (!m) return false;
  const args = (m[2] ?? '').split(/[\s,]+/);
  if (m[1] !== 'inset') return /^0(?:\.0{1,6})?(?:px|%)?$/.test(args[0] ?? '');
  const pct = args.slice(0, 4).map((a) => (/^\d{1,3}(?:\.\d{1,6})?%$/.test(a) ? Number(a.slice(0, -1)) : 0));
  const [t = 0, r = t, b = t, l = r] = pct;
  return t + b >= 100 || l + r >= 100;
}

/** Moved far left or up out of view: a negative offset of a positioned box, or a negative text indent. */
function offScreen(d: Declarations, fontPx: number): boolean {
  const far = (v: string | undefined): boolean => {
    if (v === undefined || !v.startsWith('-')) return false;
    if (v.endsWith('%')) return Number(v.slice(1, -1)) >= 100;
    const px = lengthPx(v, fontPx);
    return px !== null && px <= -OFF_SCREEN_PX;
  };
  const position = d.get('position');
  const positioned = position === 'absolute' || position === 'fixed' || position === 'relative';
  return (positioned && ['left', 'top', 'right', 'bottom'].some((p) => far(d.get(p)))) || far(d.get('text-indent')) || far(d.get('margin-left')) || far(d.get('margin-top'));
}

function scaledAway(v: string): boolean {
  const m = /scale(?:x|y|3d)?\(([^(),]{1,20})[,)]/.exec(v);
  return m !== null && Number(m[1]) === 0;
}

/** Hidden with everything inside it, whatever the children say; `look` is the element's own. */
function removed(el: Element, d: Declarations, look: Look): boolean {
  if (NEVER_SHOWN.has(el.name) || 'hidden' in el.attribs) return true;
  const is = (prop: string, test: (v: string) => boolean) => {
    const v = d.get(prop);
    return v !== undefined && test(v);
  };
  const tiny = (v: string, px: number) => {
    const n = lengthPx(v, look.fontPx);
    return n !== null && n <= px;
  };
  const clipsOverflow = is('overflow', (v) => v === 'hidden' || v === 'clip') || is('overflow-y', (v) => v === 'hidden' || v === 'clip');
  const noHeight = ['height', 'max-height'].some((p) => is(p, (v) => tiny(v, 1)));
  const noWidth = ['width', 'max-width'].some((p) => is(p, (v) => tiny(v, 1)));
  // Without clipping, text spills out of a box of no width, and out of a table cell of no height.
  const noBox = clipsOverflow ? noHeight || noWidth : noHeight && !TABLE_PARTS.has(el.name);
  if (
    is('display', (v) => v === 'none') ||
    is('visibility', (v) => v === 'hidden' || v === 'collapse') ||
    is('opacity', (v) => (opacityOf(v) ?? 1) < INVISIBLE_ALPHA) ||
    is('mso-hide', (v) => v === 'all') ||
    noBox ||
    (clipsOverflow && is('line-height', (v) => tiny(v, 1))) ||
    is('clip', (v) => clippedAway(v, look.fontPx)) ||
    is('clip-path', clipPathAway) ||
    is('transform', scaledAway) ||
    offScreen(d, look.fontPx)
  ) {
    return true;
  }
  // Marked as not for the reader, with any hint of hiding: what preheaders and tracking blocks do.
  return (
    el.attribs['aria-hidden'] === 'true' &&
    (clipsOverflow ||
      is('position', (v) => v === 'absolute' || v === 'fixed') ||
      is('opacity', (v) => (opacityOf(v) ?? 1) < 0.5) ||
      ['height', 'max-height', 'width', 'max-width', 'line-height'].some((p) => is(p, (v) => tiny(v, 10))) ||
      d.has('clip') ||
      d.has('clip-path') ||
      is('text-indent', (v) => v.startsWith('-')) ||
      look.fontPx < 10)
  );
}

function hasText(nodes: readonly ChildNode[], depth: number): boolean {
  return depth < MAX_DEPTH && nodes.some((n) => (isText(n) && n.data.trim() !== '') || (isTag(n) && hasText(n.children, depth + 1)));
}


/** Removes hidden elements, unreadable text and comments in place; true when any of them held text. */
function prune(parent: { children: ChildNode[] }, depth: number, look: Look, sheet: StyleSheet): boolean {
  let hid = false;
  const kept: ChildNode[] = [];
  for (const node of parent.children) {
    if (node.type === 'comment') {
      // Outlook's conditional comments (`[if mso]`, `[endif]`) are markup, not hidden words.
      const t = node.data.trim();
      if (t !== '' && !/^\[(?:if\b|endif\])/i.test(t)) hid = true;
      continue;
    }
    if (isText(node) && unreadable(look) && node.data.trim() !== '') {
      hid = true;
      continue;
    }
    if (isTag(node)) {
      // The style attribute wins over the sheet's rules.
      const d = new Map([...sheet.declarationsFor(node), ...declarations(node.attribs['style'] ?? '')]);
      const own = lookOf(node, d, look);
      if (removed(node, d, own)) {
        if (!NOT_TEXT.has(node.name) && hasText(node.children, depth)) hid = true;
        continue;
      }
      if (node.name === 'details' && !('open' in node.attribs)) {
        // A closed <details> shows its first <summary> only.
        const summary = node.children.find((n) => isTag(n) && n.name === 'summary');
        if (hasText(node.children.filter((n) => n !== summary), depth)) hid = true;
        node.children = summary ? [summary] : [];
      }
      if (depth >= MAX_DEPTH) node.children = [];
      else if (prune(node, depth + 1, own, sheet)) hid = true;
    }
    kept.push(node);
  }
  parent.children = kept;
  return hid;
}

/** The text of the document's `<style>` blocks in document order, found without recursion and with bounded work. */
function styleTexts(doc: { children: ChildNode[] }): string[] {
  const out: string[] = [];
  const stack: ChildNode[] = [];
  const pushChildren = (nodes: readonly ChildNode[]) => {
    for (let k = nodes.length - 1; k >= 0; k--) stack.push(nodes[k] as ChildNode);
  };
  pushChildren(doc.children);
  let visited = 0;
  while (stack.length > 0 && out.length < MAX_STYLE_BLOCKS && visited++ < MAX_VISITED) {
    const node = stack.pop();
    if (node === undefined || !isTag(node)) continue;
    if (node.name === 'style') out.push(node.children.map((c) => (isText(c) ? c.data : '')).join(''));
    else pushChildren(node.children);
  }
  return out;
}

export function shownHtml(html: string): ShownHtml {
  const doc = parseDocument(html);
  const sheet = new StyleSheet(styleTexts(doc));
  const hidText = prune(doc, 0, PAGE, sheet);
  return { html: render(doc), hidText };
}
