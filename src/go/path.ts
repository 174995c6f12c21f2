// Go's `path.Clean` and `path.Join`. Consul's HTTP server cleans request paths (the
// ServeMux redirect, the key of /v1/kv/<key>); its CLI builds keys with Join (`kv import
// -prefix`, the lock key `PREFIX/.lock`, semaphore contender keys).

/** path.Clean: collapses `//`, drops `.` segments, resolves `x/..`, strips a trailing `/`; "" → ".". */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** path.Join: joins the non-empty elements with `/` and cleans the result; all empty → "". */
export function joinPath(...elements: string[]): string {
  const parts = elements.filter((e) => e !== '');
  return parts.length === 0 ? '' : cleanPath(parts.join('/'));
}

/**
 * Consul 1.22's cleaning of a KV key (agent/kvs_endpoint.go): path.Clean, keeping a
 * trailing `/` (`dir/` is a key of its own). An empty key stays empty.
 */
export function cleanKeyPath(raw: string): string {
  if (raw === '' || !NEEDS_CLEANING.test(raw)) return raw;
  const cleaned = cleanPath(raw);
  return raw.endsWith('/') && !cleaned.endsWith('/') ? `${cleaned}/` : cleaned;
}

/** `//`, or a `.` or `..` segment: the only shapes path.Clean changes (linear, no backtracking). */
const NEEDS_CLEANING = /\/\/|(?:^|\/)\.\.?(?:\/|$)/;
