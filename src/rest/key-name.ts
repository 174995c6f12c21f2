import { cleanKeyPath } from '../go/path.js';

/**
 * The key of `/v1/kv/<key>` as Consul 1.22 derives it: the decoded path after the route,
 * cleaned like path.Clean (keeping a trailing slash). The domain then validates it
 * (src/kv/key-rules.ts).
 */
export function kvKeyFromPath(decoded: Buffer): Buffer {
  if (decoded.length === 0) return decoded;
  const raw = decoded.toString('latin1');
  const key = cleanKeyPath(raw);
  return key === raw ? decoded : Buffer.from(key, 'latin1');
}
