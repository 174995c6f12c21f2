import { kvError } from '../errors.js';
import { cleanKeyPath } from '../go/path.js';
import { quote } from '../go/strconv.js';
import { percentDecode } from '../go/url.js';

declare const checked: unique symbol;

/** How large keys and values may be (--max-key-size, --max-value-size). */
export interface KeyLimits {
  maxKeySize: number;
  maxValueSize: number;
}

/**
 * A key or prefix that passed the domain's rules. Only this module makes one, and every
 * domain method that reads or writes keys takes one, so no face (REST, GraphQL, txn) can
 * reach the store with a key the others would refuse.
 */
export type Key = Buffer & { readonly [checked]: true };

/**
 * A key to read or write: not empty (`Missing key name`), at most maxKeySize bytes (each
 * key is stored several times over: entry name, key index, change feed), Consul 1.22's
 * validation, and
 * canonical — the form the HTTP API's path cleaning produces (`a//b`, `./a` or `a/./b`
 * could never be read, written or deleted through /v1/kv, so no face may create them).
 */
export function checkKey(bytes: Buffer, maxKeySize: number): Key {
  if (bytes.length === 0) throw kvError('MISSING_KEY');
  if (bytes.length > maxKeySize) throw kvError('KEY_TOO_LARGE', bytes.length, maxKeySize);
  const text = bytes.toString('latin1');
  validate(text);
  const clean = cleanKeyPath(text);
  if (clean !== text) throw kvError('KEY_NOT_CANONICAL', quote(bytes.toString('utf8')), quote(Buffer.from(clean, 'latin1').toString('utf8')));
  return bytes as Key;
}

/** A prefix of a recursive read, key listing or recursive delete: may be empty (every key); Consul 1.22's validation. */
export function checkPrefix(bytes: Buffer, maxKeySize: number): Key {
  if (bytes.length > maxKeySize) throw kvError('KEY_TOO_LARGE', bytes.length, maxKeySize);
  if (bytes.length > 0) validate(bytes.toString('latin1'));
  return bytes as Key;
}

/**
 * Consul 1.22's key validation (agent/kvs_endpoint.go validateKVKey): no leading or trailing
 * space, no `..` segment, and the same again after one more round of percent-decoding.
 * Only ASCII ' ', '.', '/' and '%' matter, so the byte-per-char latin1 form is exact.
 */
function validate(key: string): void {
  if (key.charCodeAt(0) === 32 || key.charCodeAt(key.length - 1) === 32) throw kvError('KEY_SPACES');
  if (key === '..' || key.startsWith('../') || key.includes('/../') || key.endsWith('/..')) throw kvError('KEY_TRAVERSAL');
  if (key.indexOf('%') === -1) return;
  const again = percentDecode(key, false)?.toString('latin1');
  if (again === undefined || again === key) return;
  if (again.includes('..')) throw kvError('KEY_TRAVERSAL');
  if (again.includes(' ')) throw kvError('KEY_SPACES');
}

/** A key the store itself reported (a change-feed entry, a listing): it was checked when it was written. */
export function storedKey(bytes: Buffer): Key {
  return bytes as Key;
}
