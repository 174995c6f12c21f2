import { ALLOW, DEFAULT, LIST, READ, WRITE, type Decision, type Required } from './access.js';
import { goQuote } from './go-quote.js';
import { PolicyAuthorizer } from './policy-authorizer.js';
import type { RuleSet } from './rule-set.js';

/** `acl.default_policy`: what a check that no rule decides answers. */
export type DefaultPolicy = 'allow' | 'deny';
export type Access = 'read' | 'list' | 'write';

const REQUIRED: Record<string, Required> = { read: READ, list: LIST, write: WRITE };

/**
 * A token's permissions, compiled once (cache it per token) and checked per request.
 * Combines Consul's policy authorizer with the agent's default policy the way
 * acl/chained_authorizer.go and acl/static_authorizer.go do: a rule that matches decides
 * (a matching rule that grants too little is a denial), otherwise the default policy
 * decides, except for `acl:*`, which only a rule (or management) can grant even under
 * `default_policy = "allow"`. Checks on keys and names allocate nothing.
 */
export class Authorizer {
  private static managementInstance: Authorizer | undefined;

  private constructor(
    private readonly policy: PolicyAuthorizer | null,
    private readonly allowByDefault: boolean,
  ) {}

  /**
   * Merges the token's rule sets (highest precedence wins per segment) and compiles them.
   * Rule sets from `parseRules` always compile; a hand-built one with an access level that
   * does not validate throws AclRulesError, as Consul's authorizer construction fails.
   */
  static compile(ruleSets: readonly RuleSet[], defaultPolicy: DefaultPolicy): Authorizer {
    return new Authorizer(new PolicyAuthorizer(ruleSets), defaultPolicy === 'allow');
  }

  /** A token holding `global-management`: every check passes. */
  static management(): Authorizer {
    return (Authorizer.managementInstance ??= new Authorizer(null, true));
  }

  private resolve(decision: Decision): boolean {
    return decision === ALLOW || (decision === DEFAULT && this.allowByDefault);
  }

  keyRead(key: Buffer): boolean {
    return this.policy === null || this.resolve(this.policy.key(key, READ));
  }

  /** key:list on a prefix, needed for `?recurse`/`?keys` when `enable_key_list_policy` is on. */
  keyList(prefix: Buffer): boolean {
    return this.policy === null || this.resolve(this.policy.key(prefix, LIST));
  }

  keyWrite(key: Buffer): boolean {
    return this.policy === null || this.resolve(this.policy.key(key, WRITE));
  }

  /** Recursive delete: write on the prefix and no rule below it granting less than write. */
  keyWritePrefix(prefix: Buffer): boolean {
    return this.policy === null || this.resolve(this.policy.keyWritePrefix(prefix));
  }

  sessionRead(node: string): boolean {
    return this.policy === null || this.resolve(this.policy.named(this.policy.sessions, node, READ));
  }

  sessionWrite(node: string): boolean {
    return this.policy === null || this.resolve(this.policy.named(this.policy.sessions, node, WRITE));
  }

  nodeRead(node: string): boolean {
    return this.policy === null || this.resolve(this.policy.named(this.policy.nodes, node, READ));
  }

  nodeWrite(node: string): boolean {
    return this.policy === null || this.resolve(this.policy.named(this.policy.nodes, node, WRITE));
  }

  agentRead(node: string): boolean {
    return this.policy === null || this.resolve(this.policy.named(this.policy.agents, node, READ));
  }

  agentWrite(node: string): boolean {
    return this.policy === null || this.resolve(this.policy.named(this.policy.agents, node, WRITE));
  }

  serviceRead(service: string): boolean {
    return this.policy === null || this.resolve(this.policy.named(this.policy.services, service, READ));
  }

  serviceWrite(service: string): boolean {
    return this.policy === null || this.resolve(this.policy.named(this.policy.services, service, WRITE));
  }

  /** acl:read and acl:write: the default policy never grants them (acl/static_authorizer.go). */
  aclRead(): boolean {
    return this.policy === null || this.policy.acls(READ) === ALLOW;
  }

  aclWrite(): boolean {
    return this.policy === null || this.policy.acls(WRITE) === ALLOW;
  }

  operatorRead(): boolean {
    return this.policy === null || this.resolve(this.policy.operators(READ));
  }

  operatorWrite(): boolean {
    return this.policy === null || this.resolve(this.policy.operators(WRITE));
  }

  /**
   * The generic check behind `POST /v1/internal/acl/authorize` (acl/authorizer.go `Enforce`):
   * resource as Consul names it, access case-insensitive (`write-prefix` for keys too).
   * Undefined for an unknown resource or access; `invalidCheckMessage` gives Consul's text.
   */
  check(resource: string, segment: string, access: string): boolean | undefined {
    const level = access.toLowerCase();
    if (resource === 'key' && level === 'write-prefix') return this.keyWritePrefix(Buffer.from(segment, 'utf8'));
    const required = REQUIRED[level];
    if (required === undefined || (required === LIST && resource !== 'key')) return undefined;
    if (this.policy === null) return Object.hasOwn(CHECKS, resource) ? true : undefined;
    if (!Object.hasOwn(CHECKS, resource)) return undefined;
    const decide = CHECKS[resource] as (typeof CHECKS)[string];
    const decision = decide(this.policy, segment, required);
    return resource === 'acl' ? decision === ALLOW : this.resolve(decision);
  }
}

const CHECKS: Record<string, (p: PolicyAuthorizer, segment: string, required: Required) => Decision> = {
  acl: (p, _, r) => p.acls(r),
  agent: (p, s, r) => p.named(p.agents, s, r),
  event: (p, s, r) => p.named(p.events, s, r),
  intention: (p, s, r) => p.intention(s, r),
  key: (p, s, r) => p.key(Buffer.from(s, 'utf8'), r),
  keyring: (p, _, r) => p.keyrings(r),
  mesh: (p, _, r) => p.meshes(r),
  node: (p, s, r) => p.named(p.nodes, s, r),
  operator: (p, _, r) => p.operators(r),
  peering: (p, _, r) => p.peerings(r),
  query: (p, s, r) => p.named(p.queries, s, r),
  service: (p, s, r) => p.named(p.services, s, r),
  session: (p, s, r) => p.named(p.sessions, s, r),
};

/** acl/authorizer.go `Enforce` errors for a check `Authorizer.check` does not know. */
export function invalidCheckMessage(resource: string, access: string): string {
  if (!Object.hasOwn(CHECKS, resource)) return `Invalid ACL resource requested: ${goQuote(resource)}`;
  return `Invalid access level for ${resource} resource: ${access}`;
}
