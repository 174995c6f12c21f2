import { quote, type NumError } from './go/strconv.js';

/**
 * The one error table. Every failure kvgate can answer has a code here, the HTTP status
 * Consul answers for it, and the exact text Consul writes (clients match on substrings of
 * it). GraphQL uses the code itself as `extensions.code`.
 *
 * Expected outcomes (CAS lost, lock held, txn check failed) are results, never errors.
 */
const table = {
  // Request syntax, answered before any handler runs.
  BAD_PATH_ESCAPE: [400, () => '400 Bad Request'],
  UNPRINTABLE_PATH: [400, () => ''],
  UNKNOWN_PATH: [404, () => 'Invalid URL path: not a recognized HTTP API endpoint\n'],
  UNKNOWN_NON_API_PATH: [404, () => "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n"],
  METHOD_NOT_ALLOWED: [405, (method: string) => `method ${method} not allowed`],
  BAD_QUERY: [500, () => ''],

  // Shared query parameters (Consul's parse() in agent/http.go).
  STALE_AND_CONSISTENT: [400, () => 'Cannot specify ?stale with ?consistent, conflicting semantics.'],
  CACHED_AND_CONSISTENT: [400, () => 'Cannot specify ?cached with ?consistent, conflicting semantics.'],
  INVALID_MAX_STALE: [400, (value: string) => `Invalid max_stale value ${quote(value)}`],
  INVALID_CACHE_CONTROL: [400, () => 'Invalid Cache-Control header.'],
  INVALID_WAIT: [400, () => 'Invalid wait time'],
  INVALID_INDEX: [400, () => 'Invalid index'],
  NAMESPACE_PARAM: [400, () => 'Invalid query parameter: "ns" - Namespaces are a Consul Enterprise feature'],
  PARTITION_PARAM: [400, () => 'Invalid query parameter: "partition" - Partitions are a Consul Enterprise feature'],
  NAMESPACE_HEADER: [400, () => 'Invalid header: "X-Consul-Namespace" - Namespaces are a Consul Enterprise feature'],
  PARTITION_HEADER: [400, () => 'Invalid header: "X-Consul-Partition" - Partitions are a Consul Enterprise feature'],
  UNKNOWN_DATACENTER: [500, () => 'No path to datacenter'],

  // KV requests.
  MISSING_KEY: [400, () => 'Missing key name'],
  CONFLICTING_FLAGS: [400, (encodedQuery: string) => `Conflicting flags: ${encodedQuery}\n`],
  INVALID_UINT: [500, (err: NumError) => err.message],
  KEY_SPACES: [500, () => 'invalid key name, leading/trailing spaces are not allowed'],
  KEY_TRAVERSAL: [500, () => 'invalid key name, path traversal is not allowed'],
  KEY_TOO_LARGE: [400, (size: number, max: number) => `invalid key name, the key is ${size} bytes, more than the ${max} allowed (--max-key-size)`],
  // kvgate's own rule: a key the HTTP API's path cleaning would change could never be read or deleted there.
  KEY_NOT_CANONICAL: [400, (key: string, clean: string) => `invalid key name ${key}: the HTTP API cleans it to ${clean}, so it could never be read or deleted there`],
  VALUE_TOO_LARGE: [
    413,
    (size: number, max: number) =>
      `Request body(${size} bytes) too large, max size: ${max} bytes. ` +
      'See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.',
  ],
  BODY_TOO_LARGE: [413, (max: number) => `Request body too large. Max allowed is ${max} bytes.`],
  SCAN_LIMIT: [
    500,
    (limit: number) =>
      `kvgate: the prefix holds more than ${limit} keys; atomic scans are capped (raise --scan-limit)`,
  ],

  // Sessions and locks.
  MISSING_SESSION: [400, () => 'Missing session'],
  MISSING_NODE_NAME: [400, () => 'Missing node name'],
  SESSION_NOT_FOUND: [404, (id: string) => `Session id '${id}' not found`],
  SESSION_DECODE: [400, (detail: string) => `Request decode failed: ${detail}`],
  MUST_PROVIDE_NODE: [500, () => 'Must provide Node'],
  INVALID_BEHAVIOR: [500, (behavior: string) => `Invalid Behavior setting '${behavior}'`],
  INVALID_TTL: [500, (ttl: string, detail: string) => `Session TTL '${ttl}' invalid: ${detail}`],
  TTL_OUT_OF_RANGE: [500, (ns: bigint, min: string) => `Invalid Session TTL '${ns}', must be between [${min}=24h0m0s]`],
  MISSING_NODE_REGISTRATION: [500, () => 'apply failed: Missing node registration'],
  MISSING_CHECK: [500, (id: string) => `apply failed: Missing check '${id}' registration`],
  LOCK_MISSING_SESSION: [500, () => 'raft apply failed: missing session'],
  LOCK_INVALID_SESSION: [500, (session: string) => `raft apply failed: invalid session ${quote(session)}`],

  // Transactions.
  TXN_TOO_LARGE: [
    413,
    (size: number, max: number) =>
      `Request body(${size} bytes) too large, max size: ${max} bytes. ` +
      'See https://developer.hashicorp.com/docs/agent/config/config-files#txn_max_req_len.',
  ],
  TXN_BODY_TOO_LARGE: [
    413,
    (max: number) => `Request body too large, max size: ${max} bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#txn_max_req_len.`,
  ],
  TXN_DECODE: [400, (detail: string) => `Failed to parse body: ${detail}`],
  TXN_TOO_MANY_OPS: [413, (count: number, max: number) => `Transaction contains too many operations (${count} > ${max})`],
  TXN_VALUE_TOO_LARGE: [413, (key: string, size: number, max: number) => `Value for key ${quote(key)} is too large (${size} > ${max} bytes)`],

  // ACLs (agent/http.go maps "Permission denied" and "ACL not found" to 403).
  ACL_DISABLED: [401, () => 'ACL support disabled'],
  ACL_NOT_FOUND: [403, () => 'ACL not found'],
  PERMISSION_DENIED: [403, (message: string) => message],
  ACL_BOOTSTRAPPED: [403, (resetIndex: bigint) => `Permission denied: ACL bootstrap no longer allowed (reset index: ${resetIndex})`],
  ACL_DECODE: [400, (what: 'Request' | 'Token' | 'Policy' | 'Role', detail: string) => `${what} decoding failed: ${detail}`],
  ACL_MISSING_ID: [400, (what: string) => `Missing ${what}`],
  ACL_ID_MISMATCH: [400, (what: string) => `${what} in URL and payload do not match`],
  ACL_POLICY_ID_GIVEN: [400, () => 'Cannot specify the ID when creating a new policy'],
  ACL_OBJECT_NOT_FOUND: [404, (kind: string) => `Requested ${kind} does not exist: ACL not found`],
  ACL_SELF_NOT_FOUND: [404, () => 'Supplied token does not exist'],
  ACL_DELETE_NOT_FOUND: [404, (kind: string) => `Cannot find ${kind} to delete`],
  ACL_INVALID: [500, (message: string) => message],

  // Infrastructure. An INTERNAL error's text is its detail, for the log: clients are
  // answered INTERNAL_ERROR_TEXT (REST) or a masked error (GraphQL).
  INDEX_LIMIT: [500, () => 'kvgate: the index of this datacenter has reached its limit (2^63-1); writes are refused'],
  NO_LEADER: [500, () => 'No cluster leader'],
  INTERNAL: [500, (detail: string) => detail],
} as const satisfies Record<string, readonly [number, (...args: never[]) => string]>;

/** What a client reads for any INTERNAL error. */
export const INTERNAL_ERROR_TEXT = 'kvgate: internal error';

type Table = typeof table;
export type ErrorCode = keyof Table;
type ArgsOf<C extends ErrorCode> = Parameters<Table[C][1]>;

/** A failure with a code from the table; `message` is exactly the body Consul would write. */
export class KvError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** What GraphQL reports (graphql-js copies an original error's extensions). */
  readonly extensions: { code: ErrorCode };

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'KvError';
    this.code = code;
    this.status = table[code][0];
    this.extensions = { code };
  }
}

/** Builds the error for `code` with the message arguments its row takes. */
export function kvError<C extends ErrorCode>(code: C, ...args: ArgsOf<C>): KvError {
  const render = table[code][1] as (...a: ArgsOf<C>) => string;
  return new KvError(code, render(...args));
}

export function isKvError(err: unknown): err is KvError {
  return err instanceof KvError;
}

