// Go's net/url, as Consul's HTTP server reads URLs and its API client writes them:
// percent-decoding to raw bytes, url.ParseQuery and url.Values, Values.Encode (also in
// Consul's `Conflicting flags` error), URL.EscapedPath and QueryEscape. Node gives `req.url`
// as a latin1 string, one char per byte; so do the decoding functions.

/** Parsed query string: every value of every name, in order (Go's url.Values). */
export type Query = Map<string, string[]>;

export const EMPTY_QUERY: Query = new Map();

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

/** One name or value of a query string as parseQuery decodes it (`+` is a space); null for a bad escape. */
export function decodeComponent(raw: string): string | null {
  if (raw.indexOf('%') === -1 && raw.indexOf('+') === -1) return raw;
  return percentDecode(raw, true)?.toString('utf8') ?? null;
}

/** First value of a parameter, '' when absent (Go's Values.Get). */
export function queryGet(query: Query, name: string): string {
  return query.get(name)?.[0] ?? '';
}

/** Go's Values.Encode: names sorted (by UTF-8 bytes, as Go sorts), every value, both QueryEscape'd. */
export function encodeQuery(query: ReadonlyMap<string, readonly string[]>): string {
  const parts: string[] = [];
  const names = [...query.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    for (const value of query.get(name) as string[]) parts.push(`${escapeQuery(name)}=${escapeQuery(value)}`);
  }
  return parts.join('&');
}

/** Bytes a path keeps unescaped: unreserved characters plus `$&+,/:;=@` (only `?` among the reserved is escaped). */
const PATH_SAFE = /[A-Za-z0-9\-_.~$&+,/:;=@]/;
const QUERY_SAFE = /[A-Za-z0-9\-_.~]/;

/** URL.EscapedPath for a path set by the client (`/v1/kv/<key>`). */
export function escapePath(path: string): string {
  return escape(path, PATH_SAFE, false);
}

/** url.QueryEscape: UTF-8 bytes, only A-Z a-z 0-9 - _ . ~ left alone, space as `+`. */
export function escapeQuery(value: string): string {
  return escape(value, QUERY_SAFE, true);
}

function escape(text: string, safe: RegExp, spaceAsPlus: boolean): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && safe.test(ch)) out += ch;
    else if (byte === 0x20 && spaceAsPlus) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
