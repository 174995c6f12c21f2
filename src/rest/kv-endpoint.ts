import { kvError } from '../errors.js';
import type { Domain } from '../kv/domain.js';
import type { Key } from '../kv/key-rules.js';
import type { KvService } from '../kv/kv-service.js';
import { OUTCOME } from '../structs/outcome.js';
import { parseUint64 } from '../go/strconv.js';
import { encodeQuery, queryGet, type Query } from '../go/url.js';
import { readBody } from '../http-body.js';
import { kvKeyFromPath } from './key-name.js';
import { parseQueryOptions, rejectEnterpriseMeta, type QueryOptions } from './query-options.js';
import { blockingOptions } from './blocking.js';
import type { Handler, RestRequest } from './router.js';
import { entriesJson, entryJson, keysJson, queryMeta, sendEmpty, sendJson, sendRaw } from './wire.js';

/**
 * `/v1/kv/<key>` (Consul's agent/kvs_endpoint.go): parse like Consul's KVSEndpoint, let the
 * KV service check the key and do the work, write Consul's answer. Checks run in Consul's
 * order, so the first failure a client sees is the one Consul would report.
 */
export function kvEndpoint(domain: Domain): Handler {
  return (r) => {
    const options = parseQueryOptions(r.query, r.req.headers);
    const kv = domain.kv(options.token);
    const key = kv.prefix(kvKeyFromPath(r.tail));
    const ctx: Context = { kv, r, options };
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
  r: RestRequest;
  options: QueryOptions;
}

/** Entry JSON rendered once per read result, however many parked requests it answers. */
const rendered = new WeakMap<object, string>();
function render<T extends object>(result: T, toJson: (result: T) => string): string {
  let json = rendered.get(result);
  if (json === undefined) rendered.set(result, (json = toJson(result)));
  return json;
}

async function get({ kv, r, options }: Context, prefix: Key): Promise<void> {
  const recurse = r.query.has('recurse');
  const key = recurse ? prefix : kv.key(prefix);
  rejectEnterpriseMeta(r.query, r.req.headers);
  kv.datacenter.check(options.datacenter);
  const wait = blockingOptions(r, options);
  if (recurse) {
    const { index, result, filtered } = await kv.list(prefix, wait);
    if (result.length === 0) return sendEmpty(r, 404, queryMeta(index, filtered));
    return sendJson(r, 200, render(result, entriesJson), queryMeta(index, filtered));
  }
  const { index, result } = await kv.get(key, wait);
  if (result === null) return sendEmpty(r, 404, queryMeta(index));
  if (r.query.has('raw')) return sendRaw(r, result.value, queryMeta(index));
  sendJson(r, 200, render(result, (e) => `[${entryJson(e)}]`), queryMeta(index));
}

async function getKeys({ kv, r, options }: Context, prefix: Key): Promise<void> {
  rejectEnterpriseMeta(r.query, r.req.headers);
  // Consul still honours its historic misspelling; the right spelling wins.
  const name = r.query.has('separator') ? 'separator' : 'seperator';
  const separator = Buffer.from(queryGet(r.query, name));
  kv.datacenter.check(options.datacenter);
  const { index, result, filtered } = await kv.keys(prefix, separator, blockingOptions(r, options));
  // The root answers [] when empty; any other prefix 404s.
  if (result.length === 0 && prefix.length > 0) return sendEmpty(r, 404, queryMeta(index, filtered));
  sendJson(r, 200, render(result, keysJson), queryMeta(index, filtered));
}

async function put({ kv, r, options }: Context, prefix: Key): Promise<void> {
  rejectEnterpriseMeta(r.query, r.req.headers);
  const key = kv.key(prefix);
  rejectConflicts(r.query, ['cas', 'acquire', 'release']);
  const flags = r.query.has('flags') ? uintParam(r.query, 'flags') : 0n;
  const cas = r.query.has('cas') ? uintParam(r.query, 'cas') : null;
  const value = await readValue(r, kv.maxValueSize);
  kv.datacenter.check(options.datacenter);
  if (r.query.has('acquire')) {
    const session = queryGet(r.query, 'acquire');
    const { status } = await kv.acquire(key, value, flags, session);
    if (status === OUTCOME.NO_SESSION) throw kvError('LOCK_MISSING_SESSION');
    if (status === OUTCOME.INVALID_SESSION) throw kvError('LOCK_INVALID_SESSION', session);
    return sendJson(r, 200, status === OUTCOME.OK ? 'true' : 'false');
  }
  if (r.query.has('release')) {
    const { status } = await kv.release(key, value, flags, queryGet(r.query, 'release'));
    if (status === OUTCOME.NO_SESSION) throw kvError('LOCK_MISSING_SESSION');
    return sendJson(r, 200, status === OUTCOME.OK ? 'true' : 'false');
  }
  const outcome = await kv.set(key, value, flags, cas);
  sendJson(r, 200, cas === null || outcome.ok ? 'true' : 'false');
}

async function remove({ kv, r, options }: Context, prefix: Key): Promise<void> {
  rejectEnterpriseMeta(r.query, r.req.headers);
  rejectConflicts(r.query, ['recurse', 'cas']);
  const recurse = r.query.has('recurse');
  const key = recurse ? prefix : kv.key(prefix);
  const cas = r.query.has('cas') ? uintParam(r.query, 'cas') : null;
  kv.datacenter.check(options.datacenter);
  const outcome = recurse ? await kv.deleteTree(prefix) : await kv.delete(key, cas);
  sendJson(r, 200, cas === null || outcome.ok ? 'true' : 'false');
}

/** ?flags and ?cas as Consul reads them (strconv.ParseUint base 10); its error is a 500. */
function uintParam(query: Query, name: string): bigint {
  const parsed = parseUint64(queryGet(query, name), 10);
  if (!parsed.ok) throw kvError('INVALID_UINT', parsed.error);
  return parsed.value;
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
