import { createHash } from 'node:crypto';
import { kvError } from '../errors.js';
import type { AclPolicy, AclRole, AclToken } from '../structs/acl.js';

// Rules of ACL objects that do not need the store: ids, names, times and hashes as
// Consul's agent/structs/acl.go and agent/consul/auth/token_writer.go define them.

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** IDs Consul keeps for built-in objects (acl/acl.go). */
export const RESERVED_ID_PREFIX = '00000000-0000-0000-0000-0000000000';

export function isUuid(id: string): boolean {
  return id.length === 36 && UUID.test(id);
}

/** An id from a URL path, as Consul's state store would index it: 500 unless it is a UUID. */
export function checkPathId(id: string, kind: 'token' | 'policy' | 'role'): void {
  if (isUuid(id)) return;
  const problem = id.length !== 36 ? 'UUID must be 36 characters' : 'UUID must be hex with dashes';
  throw kvError('ACL_INVALID', `failed acl ${kind} lookup: index error: ${problem}`);
}

/** Consul's policy names (acl/validation.go, 1.17+): one optional '/', 1–128 characters. */
export function isValidPolicyName(name: string): boolean {
  return name.length >= 1 && name.length <= 128 && /^[A-Za-z0-9\-_]+\/?[A-Za-z0-9\-_]*$/.test(name) && !name.toLowerCase().startsWith('builtin/');
}

/** Consul's role names: 1–256 of letters, digits, '-' and '_'. */
export function isValidRoleName(name: string): boolean {
  return /^[A-Za-z0-9\-_]{1,256}$/.test(name);
}

/** A time as Go's encoding/json writes time.Time: RFC 3339 with trailing fractional zeros trimmed. */
export function goTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** Consul's Hash of an object: a digest of the fields a user sets (for replication; any stable digest will do). */
export function objectHash(object: AclToken | AclPolicy | AclRole): string {
  const { createTime: _time, hash: _hash, ...fields } = object as Partial<AclToken>;
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64');
}
