import {
  GLOBAL_MANAGEMENT_POLICY_DESCRIPTION,
  GLOBAL_MANAGEMENT_POLICY_ID,
  GLOBAL_MANAGEMENT_POLICY_NAME,
  GLOBAL_MANAGEMENT_RULES,
  GLOBAL_READ_ONLY_POLICY_DESCRIPTION,
  GLOBAL_READ_ONLY_POLICY_ID,
  GLOBAL_READ_ONLY_POLICY_NAME,
  GLOBAL_READ_ONLY_RULES,
} from '../acl/builtin.js';
import { ANONYMOUS_TOKEN_ID } from '../acl/denial.js';
import { objectHash } from '../acl/objects.js';
import { ANONYMOUS_SECRET } from '../acl/resolver.js';
import type { AclStore } from '../store/acl-store.js';
import type { AclPolicy } from '../structs/acl.js';
import { newToken } from './acl-tokens.js';

/**
 * What Consul's leader creates when ACLs start (agent/consul/leader.go initializeACLs): the
 * built-in policies, the anonymous token and, when configured, the initial management
 * token, which counts as the bootstrap. Every gateway runs it; each object is created only
 * when missing, so it is safe to run any number of times.
 */
export async function initializeAcl(store: AclStore, initialManagementSecret: string): Promise<void> {
  for (const [id, name, description, rules] of [
    [GLOBAL_MANAGEMENT_POLICY_ID, GLOBAL_MANAGEMENT_POLICY_NAME, GLOBAL_MANAGEMENT_POLICY_DESCRIPTION, GLOBAL_MANAGEMENT_RULES],
    [GLOBAL_READ_ONLY_POLICY_ID, GLOBAL_READ_ONLY_POLICY_NAME, GLOBAL_READ_ONLY_POLICY_DESCRIPTION, GLOBAL_READ_ONLY_RULES],
  ] as const) {
    const policy: AclPolicy = { id, name, description, rules, datacenters: [], hash: '' };
    policy.hash = objectHash(policy);
    await store.write('policy', 'ensure', id, name.toLowerCase(), policy);
  }
  const anonymous = newToken({ accessorId: ANONYMOUS_TOKEN_ID, secretId: ANONYMOUS_SECRET, description: 'Anonymous Token' });
  await store.write('token', 'ensure', anonymous.accessorId, anonymous.secretId, anonymous);
  if (initialManagementSecret !== '') {
    const initial = newToken({ secretId: initialManagementSecret, description: 'Initial Management Token', policies: [GLOBAL_MANAGEMENT_POLICY_ID] });
    await store.write('token', 'ensure', initial.accessorId, initial.secretId, initial, true);
  }
}
