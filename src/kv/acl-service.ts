import { invalidCheckMessage } from '../acl/authorizer.js';
import { kvError } from '../errors.js';
import { AclContext, type AclDeps } from './acl-context.js';
import type { Datacenter } from './datacenter.js';
import { AclPolicies } from './acl-policies.js';
import { AclTokens } from './acl-tokens.js';


/**
 * Consul's ACL API for one caller (agent/consul/acl_endpoint.go): tokens, policies, roles,
 * bootstrap and authorize, with Consul's checks and texts. With ACLs off every call
 * answers 401 `ACL support disabled`.
 */
export class AclService {
  readonly tokens: AclTokens;
  readonly policies: AclPolicies;
  readonly #ctx: AclContext;

  constructor(deps: AclDeps, token: string) {
    this.#ctx = new AclContext(deps, token);
    this.tokens = new AclTokens(this.#ctx);
    this.policies = new AclPolicies(this.#ctx);
  }

  get datacenter(): Datacenter {
    return this.#ctx.deps.datacenter;
  }

  /** The agent's default policy, as ?expanded reports it. */
  get defaultPolicy(): string {
    return this.#ctx.deps.acl.settings.defaultPolicy;
  }

  /** This service, or ACL_DISABLED (401) with ACLs off: Consul answers every ACL endpoint so before anything else. */
  enabled(): this {
    this.#ctx.store();
    return this;
  }

  /** POST /v1/internal/acl/authorize: each check answered for the caller's token (any valid token may ask). */
  async authorize(checks: ReadonlyArray<{ resource: string; segment: string; access: string }>): Promise<boolean[]> {
    const who = await this.#ctx.who();
    return checks.map((c) => {
      const allowed = who.authorizer.check(c.resource, c.segment, c.access);
      if (allowed === undefined) throw kvError('ACL_INVALID', invalidCheckMessage(c.resource, c.access));
      return allowed;
    });
  }
}

export type { AclDeps };
