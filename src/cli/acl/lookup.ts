// Consul's command/acl/acl_helpers.go: IDs given on the command line may be unique prefixes
// (resolved by listing), `anonymous` and `global-management` are aliases, and names are
// resolved through the API. Failures are LookupErrors with Consul's texts.

import type { AclApi } from '../consul/acl.js';

export class LookupError extends Error {}

const ANONYMOUS_TOKEN_ID = '00000000-0000-0000-0000-000000000002';
const GLOBAL_MANAGEMENT_ID = '00000000-0000-0000-0000-000000000001';

/** A full ID (36 characters) is taken as given; anything shorter must prefix exactly one ID. */
function uniquePrefix(ids: readonly string[], partial: string, what: string): string {
  const matches = ids.filter((id) => id.startsWith(partial));
  if (matches.length > 1) throw new LookupError(`Partial ${what} ID is not unique`);
  if (matches.length === 0) throw new LookupError(`No such ${what} ID with prefix: ${partial}`);
  return matches[0] as string;
}

export async function tokenAccessorFromPartial(api: AclApi, partial: string): Promise<string> {
  if (partial === 'anonymous') return ANONYMOUS_TOKEN_ID;
  if (partial.length === 36) return partial;
  return uniquePrefix((await api.tokenList()).map((t) => t.AccessorID), partial, 'token');
}

export async function policyIdFromPartial(api: AclApi, partial: string): Promise<string> {
  if (partial === 'global-management') return GLOBAL_MANAGEMENT_ID;
  if (partial.length === 36) return partial;
  return uniquePrefix((await api.policyList()).map((p) => p.ID), partial, 'policy');
}

export async function roleIdFromPartial(api: AclApi, partial: string): Promise<string> {
  if (partial.length === 36) return partial;
  return uniquePrefix((await api.roleList()).map((r) => r.ID), partial, 'role');
}

/**
 * A policy's ID from its name. (Consul 1.22 reads the policy by name and dereferences the
 * nil answer for an unknown name, a crash; this keeps the message its list-based helper
 * printed before.)
 */
export async function policyIdByName(api: AclApi, name: string): Promise<string> {
  if (name === '') throw new LookupError('No name specified');
  const policy = await api.policyReadByName(name).catch((err: unknown) => {
    throw new LookupError(`Failed to find policy with name ${name}: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (policy === null) throw new LookupError(`No such policy with name ${name}`);
  return policy.ID;
}

export async function roleIdByName(api: AclApi, name: string): Promise<string> {
  if (name === '') throw new LookupError('No name specified');
  const role = (await api.roleList()).find((r) => r.Name === name);
  if (role === undefined) throw new LookupError(`No such role with name ${name}`);
  return role.ID;
}
