import { GLOBAL_MANAGEMENT_POLICY_ID } from '../acl/builtin.js';
import { checkPathId, isValidPolicyName, isValidRoleName, objectHash } from '../acl/objects.js';
import { parseRules } from '../acl/parse.js';
import { kvError } from '../errors.js';
import type { AclPolicy, AclRole, PolicyInput, RoleInput, RoleView, Stored } from '../structs/acl.js';
import { OUTCOME } from '../structs/outcome.js';
import { randomUUID } from 'node:crypto';
import type { AclContext } from './acl-context.js';
import { linkIds, linksOf } from './acl-links.js';
import { AT_ONCE, type BlockingOptions } from './blocking.js';

/** Policies and roles (agent/consul/acl_endpoint.go Policy*, Role*), for one caller. */
export class AclPolicies {
  constructor(private readonly ctx: AclContext) {}

  async createPolicy(input: PolicyInput): Promise<Stored<AclPolicy>> {
    await this.ctx.need('write');
    if (input.id !== '') throw kvError('ACL_POLICY_ID_GIVEN');
    const policy = validPolicy({ ...input, id: randomUUID() });
    return this.#writePolicy(policy, 'create');
  }

  /** PUT /v1/acl/policy/:id: a full replacement; global-management keeps its rules and datacenters. */
  async updatePolicy(id: string, input: PolicyInput): Promise<Stored<AclPolicy>> {
    await this.ctx.need('write');
    if (input.id !== '' && input.id !== id) throw kvError('ACL_ID_MISMATCH', 'Policy ID');
    checkPathId(id, 'policy');
    const old = (await this.ctx.read('policy', id)).policies.get(id);
    if (!old) throw kvError('ACL_INVALID', `Invalid Policy: A Policy with ID ${JSON.stringify(id)} does not exist`);
    if (id === GLOBAL_MANAGEMENT_POLICY_ID) {
      if (input.rules !== old.rules) throw kvError('ACL_INVALID', 'Changing the Rules for the builtin global-management policy is not permitted');
      if (input.datacenters.join(',') !== old.datacenters.join(',')) throw kvError('ACL_INVALID', 'Changing the Datacenters of the builtin global-management policy is not permitted');
    }
    return this.#writePolicy(validPolicy({ ...input, id }), 'update');
  }

  async readPolicy(id: string, wait: BlockingOptions = AT_ONCE): Promise<Stored<AclPolicy>> {
    await this.ctx.need('read');
    checkPathId(id, 'policy');
    const policy = (await this.ctx.read('policy', id, wait)).policies.get(id);
    if (!policy) throw kvError('ACL_OBJECT_NOT_FOUND', 'policy');
    return policy;
  }

  async readPolicyByName(name: string, wait: BlockingOptions = AT_ONCE): Promise<Stored<AclPolicy>> {
    await this.ctx.need('read');
    const [policy] = (await this.ctx.read('policyname', name.toLowerCase(), wait)).policies.values();
    if (!policy) throw kvError('ACL_OBJECT_NOT_FOUND', 'policy');
    return policy;
  }

  async deletePolicy(id: string): Promise<void> {
    await this.ctx.need('write');
    checkPathId(id, 'policy');
    if (id === GLOBAL_MANAGEMENT_POLICY_ID) throw kvError('ACL_INVALID', 'Delete operation not permitted on the builtin global-management policy');
    const outcome = await this.ctx.write('policy', 'delete', id, '', null);
    if (outcome.status === OUTCOME.ACL_MISSING) throw kvError('ACL_DELETE_NOT_FOUND', 'policy');
  }

  /** GET /v1/acl/policies, by ID. */
  async listPolicies(wait: BlockingOptions = AT_ONCE): Promise<{ index: bigint; policies: Array<Stored<AclPolicy>> }> {
    await this.ctx.need('read');
    const snapshot = await this.ctx.read('policies', '', wait);
    return { index: snapshot.index, policies: sortById([...snapshot.policies.values()]) };
  }

  async createRole(input: RoleInput): Promise<RoleView> {
    await this.ctx.need('write');
    if (input.id !== '') throw kvError('ACL_INVALID', 'Cannot specify the ID when creating a new role');
    return this.#writeRole({ ...input, id: randomUUID() }, 'create');
  }

  async updateRole(id: string, input: RoleInput): Promise<RoleView> {
    await this.ctx.need('write');
    if (input.id !== '' && input.id !== id) throw kvError('ACL_ID_MISMATCH', 'Role ID');
    checkPathId(id, 'role');
    return this.#writeRole({ ...input, id }, 'update');
  }

  async readRole(id: string, wait: BlockingOptions = AT_ONCE): Promise<RoleView> {
    await this.ctx.need('read');
    checkPathId(id, 'role');
    return this.#roleView(await this.ctx.read('role', id, wait), (r) => r.id === id);
  }

  async readRoleByName(name: string, wait: BlockingOptions = AT_ONCE): Promise<RoleView> {
    await this.ctx.need('read');
    return this.#roleView(await this.ctx.read('rolename', name.toLowerCase(), wait), () => true);
  }

  async deleteRole(id: string): Promise<void> {
    await this.ctx.need('write');
    checkPathId(id, 'role');
    const outcome = await this.ctx.write('role', 'delete', id, '', null);
    if (outcome.status === OUTCOME.ACL_MISSING) throw kvError('ACL_DELETE_NOT_FOUND', 'role');
  }

  async listRoles(policy = '', wait: BlockingOptions = AT_ONCE): Promise<{ index: bigint; roles: RoleView[] }> {
    await this.ctx.need('read');
    const snapshot = await this.ctx.read('roles', '', wait);
    const roles = sortById([...snapshot.roles.values()].filter((r) => policy === '' || r.policies.includes(policy)));
    return { index: snapshot.index, roles: roles.map((r) => ({ ...r, policyLinks: linksOf(r.policies, snapshot.policies) })) };
  }

  async #writePolicy(policy: AclPolicy, mode: 'create' | 'update'): Promise<Stored<AclPolicy>> {
    const outcome = await this.ctx.write('policy', mode, policy.id, policy.name.toLowerCase(), policy);
    if (outcome.status === OUTCOME.ACL_UNIQUE_TAKEN) {
      throw kvError('ACL_INVALID', mode === 'create' ? `Invalid Policy: A Policy with Name ${JSON.stringify(policy.name)} already exists` : `Invalid Policy: A policy with name ${JSON.stringify(policy.name)} already exists`);
    }
    if (outcome.status !== OUTCOME.OK) throw kvError('ACL_INVALID', `Invalid Policy: A Policy with ID ${JSON.stringify(policy.id)} does not exist`);
    return this.readPolicy(policy.id);
  }

  async #writeRole(input: RoleInput, mode: 'create' | 'update'): Promise<RoleView> {
    if (input.name === '') throw kvError('ACL_INVALID', 'Invalid Role: no Name is set');
    if (!isValidRoleName(input.name)) throw kvError('ACL_INVALID', "Invalid Role: invalid Name. Only alphanumeric characters, '-' and '_' are allowed");
    const links = await this.ctx.read('policies', '');
    const role: AclRole = {
      id: input.id,
      name: input.name,
      description: input.description,
      policies: linkIds(input.policies, links, 'policy'),
      serviceIdentities: input.serviceIdentities,
      nodeIdentities: input.nodeIdentities,
      templatedPolicies: input.templatedPolicies,
      hash: '',
    };
    role.hash = objectHash(role);
    const outcome = await this.ctx.write('role', mode, role.id, role.name.toLowerCase(), role);
    if (outcome.status === OUTCOME.ACL_UNIQUE_TAKEN) throw kvError('ACL_INVALID', `Invalid Role: A Role with Name ${JSON.stringify(role.name)} already exists`);
    if (outcome.status !== OUTCOME.OK) throw kvError('ACL_INVALID', `Invalid Role: A Role with ID ${JSON.stringify(role.id)} does not exist`);
    return this.readRole(role.id);
  }

  #roleView(snapshot: Awaited<ReturnType<AclContext['read']>>, pick: (role: Stored<AclRole>) => boolean): RoleView {
    const role = [...snapshot.roles.values()].find(pick);
    if (!role) throw kvError('ACL_OBJECT_NOT_FOUND', 'role');
    return { ...role, policyLinks: linksOf(role.policies, snapshot.policies) };
  }
}

/** A policy as written: Consul's name rules, rules that parse, its hash. */
export function validPolicy(input: PolicyInput): AclPolicy {
  if (input.name === '') throw kvError('ACL_INVALID', 'Invalid Policy: no Name is set');
  if (!isValidPolicyName(input.name)) throw kvError('ACL_INVALID', "Invalid Policy: invalid Name. Only alphanumeric characters, a single '/', '-' and '_' are allowed");
  try {
    parseRules(input.rules);
  } catch (err) {
    throw kvError('ACL_INVALID', (err as Error).message);
  }
  const policy: AclPolicy = { id: input.id, name: input.name, description: input.description, rules: input.rules, datacenters: input.datacenters, hash: '' };
  policy.hash = objectHash(policy);
  return policy;
}

function sortById<T extends { id: string }>(objects: T[]): T[] {
  return objects.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
