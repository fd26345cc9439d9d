/**
 * HTML to plain text for mail that has no plain part, through html-to-text. Owns the shape the
 * readers downstream rely on: one block per line, no wrapping, quotes kept as `> ` lines, and
 * tables read the way a person reads them (a label cell and its value become `Label: value`).
 */
import { compile } from 'html-to-text';
import type { DomNode, FormatCallback, HtmlToTextOptions } from 'html-to-text';
import { trimEndMatching } from './text';

interface Cell {
  text: string;
  header: boolean;
}

const ONLY_SEPARATOR = /^[:=\-–]$/;
// A form's first column is often just the row number ("1.", "2)", "a."); it is not the label.
const ROW_NUMBER = /^(?:\d{1,2}|[a-zA-Z])[.)]?$/;

const CELL_BLANK = /[ \t]/;

// Line by line: `/[ \t]*\n/g` would restart at every blank of a long run no newline ends (a <pre> cell).
function cleanCell(text: string): string {
  return text
    .split('\n')
    .map((line) => trimEndMatching(line.replace(/^[ \t]+/, ''), CELL_BLANK))
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/**
 * A two-column table (label, value) or a three-column one whose middle column is just ":" is a
 * form: each row becomes `Label: value`. A wider table whose first row is a header row becomes
 * `Header: cell` lines per data row. Anything else keeps its cells on their own lines, so a
 * layout table (Outlook wraps whole mails in them) reads as its paragraphs.
 */
function tableRowsToText(rows: Cell[][]): string {
  const trimmed = rows
    .map((row) => row.map((c) => ({ text: cleanCell(c.text), header: c.header })).filter((c) => !ONLY_SEPARATOR.test(c.text)))
    .filter((row) => row.some((c) => c.text !== ''));
  const out: string[] = [];
  const headerRow = trimmed[0];
  const wide =
    headerRow !== undefined &&
    trimmed.length > 1 &&
    headerRow.length >= 3 &&
    headerRow.every((c) => c.text !== '' && !c.text.includes('\n') && !/^\d[\d\s.-]*$/.test(c.text)) &&
    (headerRow.every((c) => c.header) || trimmed.slice(1).every((r) => r.length === headerRow.length));
  if (wide && headerRow) {
    for (const row of trimmed.slice(1)) {
      row.forEach((c, i) => {
        const label = headerRow[i]?.text.replace(/:$/, '');
        if (c.text !== '') out.push(label ? `${label}: ${c.text}` : c.text);
      });
      out.push('');
    }
    return out.join('\n').trim();
  }
  for (const row of trimmed) {
    let cells = row.filter((c) => c.text !== '');
    if (cells.length === 3 && ROW_NUMBER.test(cells[0]?.text ?? '')) cells = cells.slice(1);
    const [a, b] = cells;
    if (cells.length === 2 && a && b && !a.text.includes('\n') && a.text.length <= 60) {
      out.push(/[:=]$/.test(a.text) ? `${a.text} ${b.text}` : `${a.text}: ${b.text}`);
    } else {
      for (const c of cells) out.push(c.text);
    }
  }
  return out.join('\n');
}

const formatTable: FormatCallback = (elem, walk, builder, options) => {
  const rows: Cell[][] = [];
  const headerFlags: boolean[][] = [];
  builder.openTable();
  const visit = (node: DomNode): void => {
    if (node.type !== 'tag') return;
    if (node.name === 'tr') {
      builder.openTableRow();
      const flags: boolean[] = [];
      for (const cell of node.children) {
        if (cell.type !== 'tag' || (cell.name !== 'td' && cell.name !== 'th')) continue;
        flags.push(cell.name === 'th');
        builder.openTableCell({ maxColumnWidth: undefined });
        walk(cell.children, builder);
        builder.closeTableCell({ colspan: 1, rowspan: 1 });
      }
      headerFlags.push(flags);
      builder.closeTableRow();
    } else {
      // thead/tbody/tfoot, and the stray wrappers malformed HTML puts between table and row.
      node.children.forEach(visit);
    }
  };
  elem.children.forEach(visit);
  builder.closeTable({
    tableToString: (printed) => {
      printed.forEach((row, r) => rows.push(row.map((c, i) => ({ text: c.text, header: headerFlags[r]?.[i] === true }))));
      return tableRowsToText(rows);
    },
    leadingLineBreaks: options.leadingLineBreaks ?? 1,
    trailingLineBreaks: options.trailingLineBreaks ?? 1,
  });
};

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  preserveNewlines: false,
  formatters: { labelTable: formatTable },
  // Deeply nested HTML (a known mailparser regression fixture) must not exhaust the stack.
  limits: { maxDepth: 200, maxChildNodes: 20000, maxInputLength: undefined },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h1', options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h2', options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h3', options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h4', options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h5', options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h6', options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'hr', options: { length: 20 } },
    { selector: 'table', format: 'labelTable' },
    { selector: 'blockquote', options: { trimEmptyLines: true } },
  ],
};

// Compiled once: building the formatter and its selector tree took as long as converting a report.
const convert = compile(OPTIONS);

/** Converts an HTML body to text; a converter failure yields '' rather than losing the message. */
export function htmlToPlain(html: string): string {
  try {
    return convert(html);
  } catch {
    return '';
  }
}
