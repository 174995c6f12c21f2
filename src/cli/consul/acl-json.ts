// The ACL objects as Go's encoding/json writes api/acl.go's structs: the request bodies the
// Go client sends (json.Marshal) and what `-format json` prints (json.MarshalIndent with four
// spaces). Fields in struct order; omitempty fields left out when empty, the others always
// there (nil lists and byte slices as `null`, the zero time as 0001-01-01T00:00:00Z).

import type { GoValue } from '../../go/json-encode.js';
import type { AclLink, AclPolicy, AclRole, AclToken, AclTokenExpanded, Grants } from './acl-structs.js';
import { goTimeJson } from './go-time.js';

type Json = { [key: string]: GoValue };

const links = (list: readonly AclLink[]): GoValue => list.map((l) => ({ ID: l.ID, Name: l.Name }));
const bytes = (value: Buffer | null): GoValue => (value === null ? null : value.toString('base64'));
/** `json:",omitempty"`: the field only when the value is not empty. */
const omitEmpty = (name: string, value: GoValue, empty: boolean): Json => (empty ? {} : { [name]: value });

function grants(g: Grants): Json {
  return {
    ...omitEmpty('Policies', links(g.Policies), g.Policies.length === 0),
    ...omitEmpty(
      'ServiceIdentities',
      g.ServiceIdentities.map((s) => ({ ServiceName: s.ServiceName, ...omitEmpty('Datacenters', s.Datacenters, s.Datacenters.length === 0) })),
      g.ServiceIdentities.length === 0,
    ),
    ...omitEmpty('NodeIdentities', g.NodeIdentities.map((n) => ({ NodeName: n.NodeName, Datacenter: n.Datacenter })), g.NodeIdentities.length === 0),
    ...omitEmpty(
      'TemplatedPolicies',
      g.TemplatedPolicies.map((t) => ({
        TemplateName: t.TemplateName,
        ...omitEmpty('TemplateVariables', { Name: t.VariablesName ?? '' }, t.VariablesName === null),
        ...omitEmpty('Datacenters', t.Datacenters, t.Datacenters.length === 0),
      })),
      g.TemplatedPolicies.length === 0,
    ),
  };
}

/** api.ACLToken, or api.ACLTokenListEntry (no ExpirationTTL; Hash always). */
export function tokenJson(t: AclToken, entry: 'token' | 'list' = 'token'): Json {
  const { Policies, ...rest } = grants(t);
  return {
    CreateIndex: t.CreateIndex,
    ModifyIndex: t.ModifyIndex,
    AccessorID: t.AccessorID,
    SecretID: t.SecretID,
    Description: t.Description,
    ...(Policies === undefined ? {} : { Policies }),
    ...omitEmpty('Roles', links(t.Roles), t.Roles.length === 0),
    ...rest,
    Local: t.Local,
    ...omitEmpty('AuthMethod', t.AuthMethod, t.AuthMethod === ''),
    ...(entry === 'token' ? omitEmpty('ExpirationTTL', t.ExpirationTTL, t.ExpirationTTL === 0n) : {}),
    ...(t.ExpirationTime === null ? {} : { ExpirationTime: goTimeJson(t.ExpirationTime) }),
    CreateTime: goTimeJson(t.CreateTime),
    ...(entry === 'token' ? omitEmpty('Hash', bytes(t.Hash), (t.Hash?.length ?? 0) === 0) : { Hash: bytes(t.Hash) }),
    ...omitEmpty('Namespace', t.Namespace, t.Namespace === ''),
    ...omitEmpty('Partition', t.Partition, t.Partition === ''),
    ...omitEmpty('AuthMethodNamespace', t.AuthMethodNamespace, t.AuthMethodNamespace === ''),
  };
}

/** api.ACLTokenExpanded: its own fields, then the embedded token's. */
export function tokenExpandedJson(t: AclTokenExpanded): Json {
  return {
    ExpandedPolicies: t.ExpandedPolicies === null ? null : t.ExpandedPolicies.map((p) => policyJson(p)),
    ExpandedRoles: t.ExpandedRoles === null ? null : t.ExpandedRoles.map(roleJson),
    NamespaceDefaultPolicyIDs: t.NamespaceDefaultPolicyIDs,
    NamespaceDefaultRoleIDs: t.NamespaceDefaultRoleIDs,
    AgentACLDefaultPolicy: t.AgentACLDefaultPolicy,
    AgentACLDownPolicy: t.AgentACLDownPolicy,
    ResolvedByAgent: t.ResolvedByAgent,
    ...tokenJson(t),
  };
}

/** api.ACLPolicy, or api.ACLPolicyListEntry (no Rules). */
export function policyJson(p: AclPolicy, entry: 'policy' | 'list' = 'policy'): Json {
  return {
    ID: p.ID,
    Name: p.Name,
    Description: p.Description,
    ...(entry === 'policy' ? { Rules: p.Rules } : {}),
    Datacenters: p.Datacenters,
    Hash: bytes(p.Hash),
    CreateIndex: p.CreateIndex,
    ModifyIndex: p.ModifyIndex,
    ...omitEmpty('Namespace', p.Namespace, p.Namespace === ''),
    ...omitEmpty('Partition', p.Partition, p.Partition === ''),
  };
}

export function roleJson(r: AclRole): Json {
  return {
    ID: r.ID,
    Name: r.Name,
    Description: r.Description,
    ...grants(r),
    Hash: bytes(r.Hash),
    CreateIndex: r.CreateIndex,
    ModifyIndex: r.ModifyIndex,
    ...omitEmpty('Namespace', r.Namespace, r.Namespace === ''),
    ...omitEmpty('Partition', r.Partition, r.Partition === ''),
  };
}
