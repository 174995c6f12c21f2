import type { IncomingHttpHeaders } from 'node:http';
import { kvError } from '../errors.js';
import { parseDuration } from '../go/duration.js';
import { parseInt64, parseUint64 } from '../go/strconv.js';
import { toLower, trimSpace } from '../go/strings.js';
import { queryGet, type Query } from '../go/url.js';
import { MAX_PARSED_HEADER_LENGTH } from '../http-server.js';

/** The parameters every read endpoint shares (Consul's parse() in agent/http.go). */
export interface QueryOptions {
  /** Requested datacenter; '' means the local one. */
  datacenter: string;
  /** ACL token (accepted and not yet enforced). */
  token: string;
  consistency: 'default' | 'stale' | 'consistent';
  /** Blocking index; 0 answers at once. */
  minIndex: bigint;
  /** Requested wait in ms; null when absent (the endpoint's default applies). */
  waitMs: number | null;
}

/**
 * Parses the shared parameters in Consul's order: dc, token, consistency, Cache-Control,
 * wait, index. Throws the 400s Consul answers for them.
 */
export function parseQueryOptions(query: Query, headers: IncomingHttpHeaders): QueryOptions {
  const datacenter = parseDatacenter(query);
  const token = parseToken(query, headers);
  const consistency = parseConsistency(query);
  checkCacheControl(headers['cache-control']);
  let waitMs: number | null = null;
  const wait = queryGet(query, 'wait');
  if (wait !== '') {
    const parsed = parseDuration(wait);
    if (!parsed.ok) throw kvError('INVALID_WAIT');
    waitMs = Number(parsed.ns / 1_000_000n);
  }
  let minIndex = 0n;
  const index = queryGet(query, 'index');
  if (index !== '') {
    const parsed = parseUint64(index, 10);
    if (!parsed.ok) throw kvError('INVALID_INDEX');
    minIndex = parsed.value;
  }
  return { datacenter, token, consistency, minIndex, waitMs };
}

/** ?datacenter, else ?dc; '' means the local datacenter. */
export function parseDatacenter(query: Query): string {
  return queryGet(query, 'datacenter') || queryGet(query, 'dc');
}

/** Token precedence: ?token, X-Consul-Token, Authorization: Bearer (agent/http.go; an overlong one is not read). */
export function parseToken(query: Query, headers: IncomingHttpHeaders): string {
  const fromQuery = queryGet(query, 'token');
  if (fromQuery !== '') return fromQuery;
  const header = headers['x-consul-token'];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = headers.authorization ?? '';
  if (authorization.length > MAX_PARSED_HEADER_LENGTH) return '';
  const auth = /^bearer\s+(\S+)/i.exec(authorization);
  return auth?.[1] ?? '';
}

function parseConsistency(query: Query): QueryOptions['consistency'] {
  let stale = query.has('stale');
  const consistent = query.has('consistent');
  const maxStale = queryGet(query, 'max_stale');
  if (maxStale !== '') {
    const parsed = parseDuration(maxStale);
    if (!parsed.ok) throw kvError('INVALID_MAX_STALE', maxStale);
    if (parsed.ns > 0n) stale = true;
  }
  if (stale && consistent) throw kvError('STALE_AND_CONSISTENT');
  if (query.has('cached') && consistent) throw kvError('CACHED_AND_CONSISTENT');
  return stale ? 'stale' : consistent ? 'consistent' : 'default';
}

/**
 * Consul's parseCacheControl (agent/http.go): the header split at commas, each directive
 * trimmed and lower-cased; max-age and stale-if-error must be what strconv.Atoi accepts (a
 * signed int64). A header longer than any real one is refused the same way, unread.
 */
function checkCacheControl(header: string | undefined): void {
  if (!header) return;
  if (header.length > MAX_PARSED_HEADER_LENGTH) throw kvError('INVALID_CACHE_CONTROL');
  // Node hands header bytes over one per char; Go trims and lower-cases them as UTF-8.
  for (const part of toLower(Buffer.from(header, 'latin1').toString('utf8')).split(',')) {
    const directive = trimSpace(part);
    const value = directive.startsWith('max-age=') ? directive.slice(8) : directive.startsWith('stale-if-error=') ? directive.slice(15) : null;
    if (value !== null && !parseInt64(value, 10).ok) throw kvError('INVALID_CACHE_CONTROL');
  }
}

/** Consul CE rejects the Enterprise namespace/partition selectors (agent/http.go parseEntMeta). */
export function rejectEnterpriseMeta(query: Query, headers: IncomingHttpHeaders): void {
  if (headers['x-consul-namespace']) throw kvError('NAMESPACE_HEADER');
  if (queryGet(query, 'ns') !== '') throw kvError('NAMESPACE_PARAM');
  if (headers['x-consul-partition']) throw kvError('PARTITION_HEADER');
  if (queryGet(query, 'partition') !== '') throw kvError('PARTITION_PARAM');
}
