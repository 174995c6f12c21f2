// URL encoding as Go's net/url does it for the Consul API client: `URL.EscapedPath` for
// `/v1/kv/<key>` and `Values.Encode` for the query (keys sorted, `recurse=` for flags).

/** Bytes a path keeps unescaped: unreserved characters plus `$&+,/:;=@` (only `?` among the reserved is escaped). */
const PATH_SAFE = /[A-Za-z0-9\-_.~$&+,/:;=@]/;
const QUERY_SAFE = /[A-Za-z0-9\-_.~]/;

export function escapePath(path: string): string {
  return escape(path, PATH_SAFE, false);
}

/** url.QueryEscape: space becomes `+`. */
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

/** url.Values.Encode: sorted by key, `key=value` joined with `&`. */
export function encodeQuery(params: ReadonlyMap<string, string>): string {
  return [...params.keys()]
    .sort()
    .map((key) => `${escapeQuery(key)}=${escapeQuery(params.get(key) as string)}`)
    .join('&');
}
