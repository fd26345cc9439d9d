/**
 * Authentication-Results (RFC 8601): what a receiving server says it checked. Reading it takes
 * a real parser, not a split on `;`: comments (which nest and may hold `;` or `=`), quoted
 * strings, the version after the authserv-id and `none` all occur in servers' output, and a
 * sender can write any of them into a header of their own. Which headers to believe is the
 * caller's decision (`trustedBlock`).
 */

/** One `method=result` statement with its reason and properties (`header.d`, `smtp.mailfrom`, …). */
export interface MethodResult {
  method: string;
  result: string;
  reason: string | null;
  /** Keyed `ptype.property`, lowercase; values as written, without quotes. */
  props: Readonly<Record<string, string>>;
}

export interface AuthResults {
  /** Lowercase. */
  authservId: string;
  version: number | null;
  results: MethodResult[];
}

type Token = { kind: 'word'; text: string; quoted: boolean } | { kind: ';' | '=' };

// A header longer than this is no server's output; it is not read at all.
const MAX_HEADER_CHARS = 16_384;
// `/` is not one: Gmail and others leave `header.b=ab/cd+ef` unquoted; `dkim/1` is read as one word.
const SPECIALS = new Set([';', '=', '(', ')', '"', ' ', '\t', '\r', '\n']);

/** Splits a header value into words and specials, dropping comments (nested, with quoted-pairs). Null when unbalanced. */
function tokenize(value: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < value.length) {
    const c = value[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
    } else if (c === '(') {
      let depth = 0;
      for (; i < value.length; i++) {
        const d = value[i];
        if (d === '\\') i++;
        else if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
      }
      if (depth !== 0) return null;
      i++;
    } else if (c === ')') {
      return null;
    } else if (c === '"') {
      let text = '';
      let closed = false;
      for (i++; i < value.length; i++) {
        const d = value[i]!;
        if (d === '\\') text += value[++i] ?? '';
        else if (d === '"') {
          closed = true;
          break;
        } else text += d;
      }
      if (!closed) return null;
      i++;
      out.push({ kind: 'word', text, quoted: true });
    } else if (c === ';' || c === '=') {
      out.push({ kind: c });
      i++;
    } else {
      const start = i;
      while (i < value.length && !SPECIALS.has(value[i]!)) i++;
      out.push({ kind: 'word', text: value.slice(start, i), quoted: false });
    }
  }
  return joinDots(out);
}

/** `header . d` and `dkim / 1` (CFWS around the dot and slash is allowed) become one word. */
function joinDots(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const last = out.at(-1);
    if (t.kind === 'word' && !t.quoted && last?.kind === 'word' && !last.quoted && (/[./]$/.test(last.text) || /^[./]/.test(t.text))) {
      out[out.length - 1] = { kind: 'word', text: last.text + t.text, quoted: false };
    } else out.push(t);
  }
  return out;
}

const KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** One `resinfo` (the tokens between two `;`), or null when it is not one. */
function resinfo(tokens: Token[]): MethodResult | null {
  const word = (i: number) => {
    const t = tokens[i];
    return t?.kind === 'word' ? t : null;
  };
  let i = 0;
  const method = word(i++);
  const [name = '', version, ...more] = method && !method.quoted ? method.text.split('/') : [];
  if (!KEYWORD.test(name) || (version !== undefined && !/^\d{1,9}$/.test(version)) || more.length > 0) return null;
  if (tokens[i++]?.kind !== '=') return null;
  const result = word(i++);
  if (!result || result.quoted || !KEYWORD.test(result.text)) return null;
  let reason: string | null = null;
  const props: Record<string, string> = {};
  while (i < tokens.length) {
    const key = word(i);
    const value = word(i + 2);
    if (!key || key.quoted || tokens[i + 1]?.kind !== '=' || !value) return null;
    i += 3;
    const prop = key.text.toLowerCase();
    if (prop === 'reason') reason = value.text;
    // Other bare keys (Microsoft's `action=none`) are not RFC 8601 and say nothing we use.
    else if (/^[a-z0-9-]+\.[a-z0-9._-]+$/.test(prop)) props[prop] = value.text;
  }
  return { method: name.toLowerCase(), result: result.text.toLowerCase(), reason, props };
}

/** Parses one header value; null when it is not a well-formed Authentication-Results. */
export function parseAuthResults(value: string): AuthResults | null {
  if (value.length > MAX_HEADER_CHARS) return null;
  const tokens = tokenize(value);
  if (!tokens) return null;
  const groups: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === ';') groups.push([]);
    else groups.at(-1)!.push(t);
  }
  const [head = [], ...rest] = groups;
  const id = head[0];
  if (id?.kind !== 'word' || id.text === '') return null;
  const versionToken = head[1];
  if (head.length > 2 || (versionToken && (versionToken.kind !== 'word' || !/^\d{1,9}$/.test(versionToken.text)))) return null;
  const version = versionToken?.kind === 'word' ? Number(versionToken.text) : null;
  const authservId = id.text.toLowerCase();
  if (rest.length === 0) return { authservId, version, results: [] };
  const only = rest[0];
  if (rest.length === 1 && only?.length === 1 && only[0]?.kind === 'word' && only[0].text.toLowerCase() === 'none') {
    return { authservId, version, results: [] };
  }
  const results: MethodResult[] = [];
  for (const group of rest) {
    // A trailing `;` leaves an empty group; servers write it, it says nothing.
    if (group.length === 0) continue;
    const r = resinfo(group);
    if (!r) return null;
    results.push(r);
  }
  return { authservId, version, results };
}

/**
 * The headers our own server added: it prepends its `count` header(s) above everything the
 * sender wrote, so only that many topmost headers, each carrying its authserv-id, are its own.
 * A sender can write more headers with our id right below them, indistinguishable but for their
 * place; and the run ends early at a header that is not ours (another id, or not readable).
 */
export function trustedBlock(headersTopFirst: readonly string[], authservId: string, count: number): AuthResults[] {
  const ours = authservId.toLowerCase();
  const block: AuthResults[] = [];
  for (const value of headersTopFirst.slice(0, count)) {
    const parsed = parseAuthResults(value);
    if (parsed?.authservId !== ours) break;
    block.push(parsed);
  }
  return block;
}
