import { kvError } from '../errors.js';
import { cleanPath } from '../go/path.js';
import { percentDecode } from '../go/url.js';

/**
 * The key of `/v1/kv/<key>` as Consul 1.22 derives it (spec §3.1): the decoded path after
 * the route, cleaned like path.Clean (keeping a trailing slash), then validated. Throws
 * KEY_SPACES / KEY_TRAVERSAL, which Consul answers with 500.
 */
export function kvKeyFromPath(decoded: Buffer): Buffer {
  if (decoded.length === 0) return decoded;
  const raw = decoded.toString('latin1');
  const key = cleanKey(raw);
  validateKey(key);
  return key === raw ? decoded : Buffer.from(key, 'latin1');
}

// Only ASCII '/', '.', '%' and ' ' matter below, so the byte-per-char latin1 form is exact.
function cleanKey(raw: string): string {
  if (!/\/\/|(^|\/)\.\.?(\/|$)/.test(raw)) return raw;
  const cleaned = cleanPath(raw);
  return raw.endsWith('/') && !cleaned.endsWith('/') ? cleaned + '/' : cleaned;
}

function validateKey(key: string): void {
  if (key.charCodeAt(0) === 32 || key.charCodeAt(key.length - 1) === 32) throw kvError('KEY_SPACES');
  if (key === '..' || key.startsWith('../') || key.includes('/../') || key.endsWith('/..')) throw kvError('KEY_TRAVERSAL');
  if (key.indexOf('%') === -1) return;
  const again = percentDecode(key, false)?.toString('latin1');
  if (again === undefined || again === key) return;
  if (again.includes('..')) throw kvError('KEY_TRAVERSAL');
  if (again.includes(' ')) throw kvError('KEY_SPACES');
}
