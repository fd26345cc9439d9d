/**
 * Renders standalone documents that are not case mails — the daily SLA digest and the case
 * record of the archive — from `src/templates/<lang>/<name>.<txt|html>.hbs`.
 *
 * Unlike renderMail these templates use no partials and no layout: the caller hands in a view
 * whose every string is already formatted. Both formats compile in strict mode (a name the
 * view lacks throws), text without escaping, HTML escaped; a view holding `undefined` anywhere
 * throws before rendering, so a gap never reaches a reader.
 *
 * Public surface:
 *   renderPage(name, lang, format, view): string
 *   helpers in the templates: {{pad text width}} (pad right), {{padStart text width}} (pad left)
 */

import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Lang } from './labels';
import { TEMPLATES_DIR } from './render';

export type PageFormat = 'txt' | 'html';

const hb = Handlebars.create();
hb.registerHelper('pad', (text: unknown, width: unknown) => String(text).padEnd(Number(width)));
hb.registerHelper('padStart', (text: unknown, width: unknown) => String(text).padStart(Number(width)));

const compiled = new Map<string, Handlebars.TemplateDelegate>();

function assertDefined(value: unknown, where: string, depth = 0): void {
  if (value === undefined) throw new Error(`renderPage: ${where} is undefined`);
  if (value === null || typeof value !== 'object' || value instanceof Date || depth > 10) return;
  for (const [k, v] of Object.entries(value)) assertDefined(v, `${where}.${k}`, depth + 1);
}

export function renderPage(name: string, lang: Lang, format: PageFormat, view: object): string {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`renderPage: bad template name ${JSON.stringify(name)}`);
  if (lang !== 'id' && lang !== 'en') throw new Error(`renderPage: unknown language ${JSON.stringify(lang)} (id or en)`);
  assertDefined(view, 'the view');
  const key = `${lang}/${name}.${format}`;
  let t = compiled.get(key);
  if (t === undefined) {
    const source = fs.readFileSync(path.join(TEMPLATES_DIR, lang, `${name}.${format}.hbs`), 'utf8');
    t = hb.compile(source, { strict: true, noEscape: format === 'txt' });
    compiled.set(key, t);
  }
  try {
    return t(view);
  } catch (e) {
    throw new Error(`renderPage: ${key}.hbs: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
