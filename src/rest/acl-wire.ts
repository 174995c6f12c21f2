import { encodeJson, type GoValue } from '../go/json-encode.js';
import type { AclLink, AclPolicy, AclRole, RoleView, Stored, TokenView } from '../structs/acl.js';

// The ACL API's JSON, in Go's field order with Consul's omitempty fields left out
// (agent/structs/acl.go, api/acl.go).

type Json = { [key: string]: GoValue };

const links = (list: readonly AclLink[]): GoValue => list.map((l) => ({ ID: l.id, Name: l.name }));
const given = (list: readonly unknown[]) => list.length > 0;

/** A token (create, read, update, clone, self; bootstrap adds the legacy `ID`). */
export function tokenJson(token: TokenView, options: { bootstrap?: boolean; list?: boolean; expanded?: { defaultPolicy: string; node: string } } = {}): string {
  const out: Json = {};
  if (token.expanded && options.expanded) {
    out.ExpandedPolicies = token.expanded.policies.map((p) => policyObject(p));
    out.ExpandedRoles = token.expanded.roles.map((r) => roleObject({ ...r, policyLinks: r.policies.map((id) => ({ id, name: token.expanded?.policies.find((p) => p.id === id)?.name ?? '' })) }));
    out.NamespaceDefaultPolicyIDs = null;
    out.NamespaceDefaultRoleIDs = null;
    out.AgentACLDefaultPolicy = options.expanded.defaultPolicy;
    out.AgentACLDownPolicy = 'extend-cache';
    out.ResolvedByAgent = options.expanded.node;
  }
  if (options.bootstrap) out.ID = token.secretId;
  out.AccessorID = token.accessorId;
  out.SecretID = token.secretId;
  out.Description = token.description;
  if (given(token.policyLinks)) out.Policies = links(token.policyLinks);
  if (given(token.roleLinks)) out.Roles = links(token.roleLinks);
  if (given(token.serviceIdentities)) out.ServiceIdentities = token.serviceIdentities as GoValue;
  if (given(token.nodeIdentities)) out.NodeIdentities = token.nodeIdentities as GoValue;
  if (given(token.templatedPolicies)) out.TemplatedPolicies = token.templatedPolicies as GoValue;
  out.Local = token.local;
  if (token.authMethod !== '') out.AuthMethod = token.authMethod;
  if (token.expirationTime !== null) out.ExpirationTime = token.expirationTime;
  if (!options.list && token.expirationTtlNs !== '0') out.ExpirationTTL = BigInt(token.expirationTtlNs);
  out.CreateTime = token.createTime;
  out.Hash = token.hash;
  out.CreateIndex = token.createIndex;
  out.ModifyIndex = token.modifyIndex;
  return encodeJson(out);
}

export function tokensJson(tokens: readonly TokenView[]): string {
  return `[${tokens.map((t) => tokenJson(t, { list: true })).join(',')}]`;
}

function policyObject(policy: Stored<AclPolicy>, list = false): Json {
  const out: Json = { ID: policy.id, Name: policy.name, Description: policy.description };
  if (!list) out.Rules = policy.rules;
  if (list) out.Datacenters = given(policy.datacenters) ? policy.datacenters : null;
  else if (given(policy.datacenters)) out.Datacenters = policy.datacenters;
  out.Hash = policy.hash;
  out.CreateIndex = policy.createIndex;
  out.ModifyIndex = policy.modifyIndex;
  return out;
}

export function policyJson(policy: Stored<AclPolicy>): string {
  return encodeJson(policyObject(policy));
}

/** GET /v1/acl/policies: list entries, without Rules. */
export function policiesJson(policies: ReadonlyArray<Stored<AclPolicy>>): string {
  return encodeJson(policies.map((p) => policyObject(p, true)));
}

function roleObject(role: RoleView | (Stored<AclRole> & { policyLinks: AclLink[] })): Json {
  const out: Json = { ID: role.id, Name: role.name, Description: role.description };
  if (given(role.policyLinks)) out.Policies = links(role.policyLinks);
  if (given(role.serviceIdentities)) out.ServiceIdentities = role.serviceIdentities as GoValue;
  if (given(role.nodeIdentities)) out.NodeIdentities = role.nodeIdentities as GoValue;
  if (given(role.templatedPolicies)) out.TemplatedPolicies = role.templatedPolicies as GoValue;
  out.Hash = role.hash;
  out.CreateIndex = role.createIndex;
  out.ModifyIndex = role.modifyIndex;
  return out;
}

export function roleJson(role: RoleView): string {
  return encodeJson(roleObject(role));
}

export function rolesJson(roles: readonly RoleView[]): string {
  return encodeJson(roles.map(roleObject));
}
