/**
 * URL handling with Go's semantics, because Consul's behaviour comes from net/http and
 * net/url: percent-decoding to raw bytes, path.Clean, url.ParseQuery and Values.Encode.
 * Node gives `req.url` as a latin1 string, one char per byte; so do these functions.
 */

/** Go's unescape: %XX to bytes; null when an escape is malformed. `plus` turns + into space. */
export function percentDecode(raw: string, plus: boolean): Buffer | null {
  if (raw.indexOf('%') === -1 && !(plus && raw.indexOf('+') !== -1)) return Buffer.from(raw, 'latin1');
  const out = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 37 /* % */) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return null;
      out[n++] = hi * 16 + lo;
      i += 2;
    } else {
      out[n++] = plus && c === 43 /* + */ ? 32 : c & 0xff;
    }
  }
  return out.subarray(0, n);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Go's path.Clean: collapse slashes, drop `.`, resolve `x/..`; "" becomes ".". */
export function pathClean(path: string): string {
  if (path === '') return '.';
  const rooted = path.charCodeAt(0) === 47;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else {
      out.push(segment);
    }
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

const NON_CANONICAL = /\/\/|\/\.\.?(\/|$)/;

/**
 * The path Go's ServeMux redirects to (301) when the escaped request path is not
 * canonical (`//`, `/./`, `/../`), or null when it is canonical.
 */
export function canonicalRedirect(escapedPath: string): string | null {
  if (!NON_CANONICAL.test(escapedPath)) return null;
  let clean = pathClean(escapedPath);
  if (escapedPath.endsWith('/') && clean !== '/') clean += '/';
  return clean === escapedPath ? null : clean;
}

/** Parsed query string: every value of every name, in order (Go's url.Values). */
export type Query = Map<string, string[]>;

export const EMPTY_QUERY: Query = new Map();

/** Go's url.ParseQuery; null where Go returns an error (`;` separators, bad escapes). */
export function parseQuery(raw: string): Query | null {
  const query: Query = new Map();
  let failed = false;
  for (const part of raw.split('&')) {
    if (part.indexOf(';') !== -1) {
      failed = true;
      continue;
    }
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq === -1 ? part : part.slice(0, eq));
    const value = decodeComponent(eq === -1 ? '' : part.slice(eq + 1));
    if (name === null || value === null) {
      failed = true;
      continue;
    }
    const values = query.get(name);
    if (values) values.push(value);
    else query.set(name, [value]);
  }
  return failed ? null : query;
}

function decodeComponent(raw: string): string | null {
  if (raw.indexOf('%') === -1 && raw.indexOf('+') === -1) return raw;
  return percentDecode(raw, true)?.toString('utf8') ?? null;
}

/** First value of a parameter, '' when absent (Go's Values.Get). */
export function queryGet(query: Query, name: string): string {
  return query.get(name)?.[0] ?? '';
}

/** Go's Values.Encode: names sorted (by UTF-8 bytes, as Go sorts), every value, both QueryEscape'd. */
export function encodeQuery(query: Query): string {
  const parts: string[] = [];
  const names = [...query.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    for (const value of query.get(name) as string[]) parts.push(`${queryEscape(name)}=${queryEscape(value)}`);
  }
  return parts.join('&');
}

function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}
