/**
 * What an HTML mail shows: the elements a mail client does not display (CSS that hides them,
 * `hidden`, `<template>`, Outlook's `mso-hide:all`) and text too small or too white to read
 * are removed, so that text nobody saw is neither a command nor report data. A forwarded or
 * pasted mail can carry `#tutup` in such an element; the staff member forwarding it never saw it.
 */
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { isTag, isText, type ChildNode, type Element } from 'domhandler';

export interface ShownHtml {
  /** The HTML without its hidden elements, unreadable text and comments. */
  html: string;
  /** Some non-blank text was hidden: a plain alternative generated from this HTML may carry it as if visible. */
  hidText: boolean;
}

const WHITE = new Set(['white', '#fff', '#ffffff', '#fffffe', 'rgb(255,255,255)', 'rgba(255,255,255,1)', 'hsl(0,0%,100%)']);
// Never displayed; the first four hold no text a sender hid (a page's own code and title).
const NOT_TEXT = new Set(['script', 'style', 'head', 'title']);
const NEVER_SHOWN = new Set([...NOT_TEXT, 'template', 'noscript']);
// Deeper than any mail a person wrote: what lies below is dropped (html-to-text stops at the
// same depth), which also keeps the recursion here and in the serializer off the stack limit.
const MAX_DEPTH = 200;

/** A `font-size` nobody reads: 0, 1px, 1pt, 0.1em and the like. */
function unreadableSize(value: string): boolean {
  const m = /^(\d+(?:\.\d+)?|\.\d+)(px|pt|em|rem|%)?$/.exec(value);
  if (!m) return false;
  const n = Number(m[1]);
  const unit = m[2] ?? 'px';
  return unit === 'em' || unit === 'rem' ? n < 0.2 : unit === '%' ? n < 20 : n <= 1;
}

function declarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    out.set(decl.slice(0, colon).trim().toLowerCase(), decl.slice(colon + 1).replace(/!important/gi, '').replace(/\s+/g, '').toLowerCase());
  }
  return out;
}

const ZERO = /^(?:0(?:\.0*)?|\.0+)(?:px|pt|em|%)?$/;

/** Hidden with everything inside it, whatever the children say. */
function removed(el: Element, d: ReadonlyMap<string, string>): boolean {
  if (NEVER_SHOWN.has(el.name) || 'hidden' in el.attribs) return true;
  const is = (prop: string, test: (v: string) => boolean) => {
    const v = d.get(prop);
    return v !== undefined && test(v);
  };
  return (
    is('display', (v) => v === 'none') ||
    is('visibility', (v) => v === 'hidden' || v === 'collapse') ||
    is('opacity', (v) => ZERO.test(v)) ||
    is('mso-hide', (v) => v === 'all') ||
    (['height', 'max-height', 'width', 'max-width'].some((p) => is(p, (v) => ZERO.test(v))) && is('overflow', (v) => v === 'hidden'))
  );
}

function hasText(nodes: readonly ChildNode[], depth: number): boolean {
  return depth < MAX_DEPTH && nodes.some((n) => (isText(n) && n.data.trim() !== '') || (isTag(n) && hasText(n.children, depth + 1)));
}

/** Unreadable text: size and colour are inherited, and a child may set them back to readable. */
interface Look {
  tiny: boolean;
  white: boolean;
}

function lookOf(el: Element, d: ReadonlyMap<string, string>, parent: Look): Look {
  const font = el.name === 'font';
  const size = d.get('font-size') ?? (font && el.attribs['size'] === '0' ? '0' : undefined);
  const color = d.get('color') ?? (font ? el.attribs['color']?.replace(/\s+/g, '').toLowerCase() : undefined);
  return { tiny: size === undefined ? parent.tiny : unreadableSize(size), white: color === undefined ? parent.white : WHITE.has(color) };
}

/** Removes hidden elements, unreadable text and comments in place; true when any of them held text. */
function prune(parent: { children: ChildNode[] }, depth: number, look: Look): boolean {
  let hid = false;
  const kept: ChildNode[] = [];
  for (const node of parent.children) {
    if (node.type === 'comment') {
      // Outlook's conditional comments (`[if mso]`, `[endif]`) are markup, not hidden words.
      const t = node.data.trim();
      if (t !== '' && !/^\[(?:if\b|endif\])/i.test(t)) hid = true;
      continue;
    }
    if (isText(node) && (look.tiny || look.white) && node.data.trim() !== '') {
      hid = true;
      continue;
    }
    if (isTag(node)) {
      const d = declarations(node.attribs['style'] ?? '');
      if (removed(node, d)) {
        if (!NOT_TEXT.has(node.name) && hasText(node.children, depth)) hid = true;
        continue;
      }
      if (depth >= MAX_DEPTH) node.children = [];
      else if (prune(node, depth + 1, lookOf(node, d, look))) hid = true;
    }
    kept.push(node);
  }
  parent.children = kept;
  return hid;
}

export function shownHtml(html: string): ShownHtml {
  const doc = parseDocument(html);
  const hidText = prune(doc, 0, { tiny: false, white: false });
  return { html: render(doc), hidText };
}
