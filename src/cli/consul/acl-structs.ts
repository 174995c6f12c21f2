// The ACL objects of Consul's Go api package (api/acl.go), field for field. Lists that Go
// re-encodes without omitempty are `T[] | null`, because a nil slice prints `null` and an
// empty one `[]` (`-format json` shows the difference).

import type { GoTime } from './go-time.js';

export interface AclLink {
  ID: string;
  Name: string;
}
export interface ServiceIdentity {
  ServiceName: string;
  Datacenters: string[];
}
export interface NodeIdentity {
  NodeName: string;
  Datacenter: string;
}
export interface TemplatedPolicy {
  TemplateName: string;
  /** TemplateVariables.Name; null when the answer has no TemplateVariables. */
  VariablesName: string | null;
  Datacenters: string[];
}

/** The links and identities tokens and roles share. */
export interface Grants {
  Policies: AclLink[];
  ServiceIdentities: ServiceIdentity[];
  NodeIdentities: NodeIdentity[];
  TemplatedPolicies: TemplatedPolicy[];
}

/** api.ACLToken, and api.ACLTokenListEntry (the same fields without ExpirationTTL). */
export interface AclToken extends Grants {
  CreateIndex: bigint;
  ModifyIndex: bigint;
  AccessorID: string;
  SecretID: string;
  Description: string;
  Roles: AclLink[];
  Local: boolean;
  AuthMethod: string;
  /** Nanoseconds. */
  ExpirationTTL: bigint;
  ExpirationTime: GoTime | null;
  CreateTime: GoTime;
  Hash: Buffer | null;
  Namespace: string;
  Partition: string;
  AuthMethodNamespace: string;
}

/** api.ACLPolicy; list entries have no Rules (''). */
export interface AclPolicy {
  ID: string;
  Name: string;
  Description: string;
  Rules: string;
  Datacenters: string[] | null;
  Hash: Buffer | null;
  CreateIndex: bigint;
  ModifyIndex: bigint;
  Namespace: string;
  Partition: string;
}

export interface AclRole extends Grants {
  ID: string;
  Name: string;
  Description: string;
  Hash: Buffer | null;
  CreateIndex: bigint;
  ModifyIndex: bigint;
  Namespace: string;
  Partition: string;
}

/** api.ACLTokenExpanded: the token plus what it resolves to. */
export interface AclTokenExpanded extends AclToken {
  ExpandedPolicies: AclPolicy[] | null;
  ExpandedRoles: AclRole[] | null;
  NamespaceDefaultPolicyIDs: string[] | null;
  NamespaceDefaultRoleIDs: string[] | null;
  AgentACLDefaultPolicy: string;
  AgentACLDownPolicy: string;
  ResolvedByAgent: string;
}
