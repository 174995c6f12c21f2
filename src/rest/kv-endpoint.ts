import { kvError } from '../errors.js';
import type { Datacenter } from '../kv/datacenter.js';
import type { KvService } from '../kv/kv-service.js';
import { parseUint64 } from '../kv/uint64.js';
import { readBody } from './body.js';
import { kvKeyFromPath } from './key-name.js';
import { parseQueryOptions, rejectEnterpriseMeta, type QueryOptions } from './query-options.js';
import type { Handler, RestRequest } from './router.js';
import { encodeQuery, queryGet, type Query } from './url.js';
import { entriesJson, entryJson, keysJson, queryMeta, sendEmpty, sendJson, sendRaw } from './wire.js';

/**
 * `/v1/kv/<key>` (spec §3): parse and validate like Consul's KVSEndpoint, call the KV
 * service, write Consul's answer. Checks run in Consul's order, so the first failure a
 * client sees is the one Consul would report.
 */
export function kvEndpoint(kv: KvService, dc: Datacenter): Handler {
  return (r) => {
    const options = parseQueryOptions(r.query, r.req.headers);
    const key = kvKeyFromPath(r.tail);
    const ctx: Context = { kv, dc, r, options };
    switch (r.req.method) {
      case 'GET':
        return r.query.has('keys') ? getKeys(ctx, key) : get(ctx, key);
      case 'PUT':
        return put(ctx, key);
      default:
        return remove(ctx, key);
    }
  };
}

interface Context {
  kv: KvService;
  dc: Datacenter;
  r: RestRequest;
  options: QueryOptions;
}

async function get({ kv, dc, r, options }: Context, key: Buffer): Promise<void> {
  const recurse = r.query.has('recurse');
  if (!recurse && key.length === 0) throw kvError('MISSING_KEY');
  rejectEnterpriseMeta(r.query, r.req.headers);
  dc.check(options.datacenter);
  if (recurse) {
    const { index, result } = await kv.list(key);
    if (result.length === 0) return sendEmpty(r, 404, queryMeta(index));
    return sendJson(r, 200, entriesJson(result), queryMeta(index));
  }
  const { index, result } = await kv.get(key);
  if (result === null) return sendEmpty(r, 404, queryMeta(index));
  if (r.query.has('raw')) return sendRaw(r, result.value, queryMeta(index));
  sendJson(r, 200, `[${entryJson(result)}]`, queryMeta(index));
}

async function getKeys({ kv, dc, r, options }: Context, prefix: Buffer): Promise<void> {
  rejectEnterpriseMeta(r.query, r.req.headers);
  // Consul still honours its historic misspelling; the right spelling wins.
  const name = r.query.has('separator') ? 'separator' : 'seperator';
  const separator = Buffer.from(queryGet(r.query, name));
  dc.check(options.datacenter);
  const { index, result } = await kv.keys(prefix, separator);
  // The root answers [] when empty; any other prefix 404s.
  if (result.length === 0 && prefix.length > 0) return sendEmpty(r, 404, queryMeta(index));
  sendJson(r, 200, keysJson(result), queryMeta(index));
}

async function put({ kv, dc, r, options }: Context, key: Buffer): Promise<void> {
  rejectEnterpriseMeta(r.query, r.req.headers);
  if (key.length === 0) throw kvError('MISSING_KEY');
  rejectConflicts(r.query, ['cas', 'acquire', 'release']);
  const flags = r.query.has('flags') ? parseUint64(queryGet(r.query, 'flags')) : 0n;
  const cas = r.query.has('cas') ? parseUint64(queryGet(r.query, 'cas')) : null;
  const value = await readValue(r, kv.maxValueSize);
  dc.check(options.datacenter);
  if (r.query.has('acquire')) {
    const session = queryGet(r.query, 'acquire');
    const { status } = await kv.acquire(key, value, flags, session);
    if (status === 'missing-session') throw kvError('LOCK_MISSING_SESSION');
    if (status === 'invalid-session') throw kvError('LOCK_INVALID_SESSION', session);
    return sendJson(r, 200, status === 'acquired' ? 'true' : 'false');
  }
  if (r.query.has('release')) {
    const { status } = await kv.release(key, value, flags, queryGet(r.query, 'release'));
    if (status === 'missing-session') throw kvError('LOCK_MISSING_SESSION');
    return sendJson(r, 200, status === 'released' ? 'true' : 'false');
  }
  const outcome = await kv.set(key, value, flags, cas);
  sendJson(r, 200, cas === null || outcome.ok ? 'true' : 'false');
}

async function remove({ kv, dc, r, options }: Context, key: Buffer): Promise<void> {
  rejectEnterpriseMeta(r.query, r.req.headers);
  rejectConflicts(r.query, ['recurse', 'cas']);
  const recurse = r.query.has('recurse');
  if (!recurse && key.length === 0) throw kvError('MISSING_KEY');
  const cas = r.query.has('cas') ? parseUint64(queryGet(r.query, 'cas')) : null;
  dc.check(options.datacenter);
  const outcome = recurse ? await kv.deleteTree(key) : await kv.delete(key, cas);
  sendJson(r, 200, cas === null || outcome.ok ? 'true' : 'false');
}

/** Consul's conflictingFlags: at most one of the given parameters. */
function rejectConflicts(query: Query, names: readonly string[]): void {
  if (names.filter((name) => query.has(name)).length > 1) throw kvError('CONFLICTING_FLAGS', encodeQuery(query));
}

/** The PUT body within the value size limit (413 by Content-Length, or while reading). */
async function readValue(r: RestRequest, max: number): Promise<Buffer> {
  const declared = Number(r.req.headers['content-length'] ?? 0);
  if (declared > max) throw kvError('VALUE_TOO_LARGE', declared, max);
  const body = await readBody(r.req, max);
  if (body === null) throw kvError('BODY_TOO_LARGE', max);
  return body;
}
