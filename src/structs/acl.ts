/**
 * Plain data of Consul's ACL system (agent/structs/acl.go): tokens, policies and roles as
 * kvgate stores them. Links to policies and roles are by ID; their names are looked up on
 * every read, so a rename shows at once. Identities and templated policies grant nothing
 * kvgate enforces: they are kept as given and shown back.
 */

export interface AclToken {
  accessorId: string;
  secretId: string;
  description: string;
  policies: string[];
  roles: string[];
  serviceIdentities: unknown[];
  nodeIdentities: unknown[];
  templatedPolicies: unknown[];
  local: boolean;
  /** RFC 3339, or null when the token does not expire. */
  expirationTime: string | null;
  /** As given at creation (ns), 0 for none. */
  expirationTtlNs: string;
  authMethod: string;
  /** RFC 3339 with nanoseconds, as Go writes time.Time. */
  createTime: string;
  hash: string;
}

export interface AclPolicy {
  id: string;
  name: string;
  description: string;
  rules: string;
  datacenters: string[];
  hash: string;
}

export interface AclRole {
  id: string;
  name: string;
  description: string;
  policies: string[];
  serviceIdentities: unknown[];
  nodeIdentities: unknown[];
  templatedPolicies: unknown[];
  hash: string;
}

/** An object as read back: what was written, and the indexes of its creation and last change. */
export type Stored<T> = T & { createIndex: bigint; modifyIndex: bigint };

/** What one read of the ACL tables found: objects by id, the ACL index, and the bootstrap's index. */
export interface AclSnapshot {
  index: bigint;
  /** The index of the bootstrap (Consul's reset index); null before. */
  bootstrapIndex: bigint | null;
  tokens: Map<string, Stored<AclToken>>;
  policies: Map<string, Stored<AclPolicy>>;
  roles: Map<string, Stored<AclRole>>;
}

export type AclKind = 'token' | 'policy' | 'role';
export type AclWriteMode = 'create' | 'update' | 'delete' | 'bootstrap' | 'ensure';

/** A link to a policy or role as a client gives it: by ID, by name, or both. */
export interface AclLinkInput {
  id: string;
  name: string;
}

/** A link as shown: the ID and the linked object's current name. */
export interface AclLink {
  id: string;
  name: string;
}

/** The fields of a token a client sends (create, update); absent fields are '' or empty, `local` null. */
export interface TokenInput {
  accessorId: string;
  secretId: string;
  description: string;
  policies: AclLinkInput[];
  roles: AclLinkInput[];
  serviceIdentities: unknown[];
  nodeIdentities: unknown[];
  templatedPolicies: unknown[];
  local: boolean | null;
  expirationTime: string | null;
  expirationTtlNs: bigint;
}

export interface PolicyInput {
  id: string;
  name: string;
  description: string;
  rules: string;
  datacenters: string[];
}

export interface RoleInput {
  id: string;
  name: string;
  description: string;
  policies: AclLinkInput[];
  serviceIdentities: unknown[];
  nodeIdentities: unknown[];
  templatedPolicies: unknown[];
}

/** A token as the API shows it: links with names, and (with ?expanded) what they resolve to. */
export interface TokenView extends Stored<AclToken> {
  policyLinks: AclLink[];
  roleLinks: AclLink[];
  expanded?: { policies: Array<Stored<AclPolicy>>; roles: Array<Stored<AclRole>> };
}

/** A role as the API shows it: policy links with names. */
export interface RoleView extends Stored<AclRole> {
  policyLinks: AclLink[];
}
