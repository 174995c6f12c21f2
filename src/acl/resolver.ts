import { kvError } from '../errors.js';
import type { AclStore } from '../store/acl-store.js';
import type { AclSnapshot, AclToken } from '../structs/acl.js';
import { Authorizer, type DefaultPolicy } from './authorizer.js';
import { parseRules } from './parse.js';
import type { RuleSet } from './rule-set.js';

/** Who a request is: the token it resolved to and what that token may do. */
export interface Identity {
  /** The token's AccessorID ('' with ACLs off). */
  accessorId: string;
  authorizer: Authorizer;
  /**
   * The request carried no token and no default token stood in: Consul leaves out
   * X-Consul-Results-Filtered-By-ACLs then (agent/consul/rpc.go maskResultsFilteredByACLs).
   */
  implicit: boolean;
}

export interface AclSettings {
  enabled: boolean;
  defaultPolicy: DefaultPolicy;
  /** The secret used when a request has none (Consul's acl.tokens.default); '' for the anonymous token. */
  defaultToken: string;
  /** ?recurse and ?keys also need key:list on the prefix (Consul's acl.enable_key_list_policy). */
  keyListPolicy: boolean;
  /** The datacenter: a policy limited to other datacenters grants nothing here. */
  datacenter: string;
}

/** The secret of the anonymous token. */
export const ANONYMOUS_SECRET = 'anonymous';
/** Everyone, with ACLs off. */
const UNCHECKED: Identity = { accessorId: '', authorizer: Authorizer.management(), implicit: true };
/** A resolution is kept at most this long, should a change-feed entry ever be missed. */
const CACHE_MS = 30_000;
const CACHE_ENTRIES = 10_000;

interface Cached {
  identity: Promise<Identity>;
  until: number;
}

/**
 * Secret → identity, as Consul's ACL resolver: the token, its policies and those of its
 * roles, merged and compiled once, cached per secret. Every ACL write lands in the change
 * feed, and every gateway's feed reader calls invalidate(), so a deleted token or a changed
 * policy stops working everywhere within a feed round trip. With ACLs off every request is
 * everyone, without a Redis call.
 */
export class AclResolver {
  readonly #cache = new Map<string, Cached>();
  readonly #rules = new Map<string, RuleSet>();

  constructor(
    private readonly store: AclStore | null,
    readonly settings: AclSettings,
  ) {}

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** The identity of a request's token ('' when it carried none); ACL_NOT_FOUND for an unknown or expired secret. */
  resolve(token: string): Promise<Identity> {
    if (!this.settings.enabled || this.store === null) return Promise.resolve(UNCHECKED);
    const secret = token === '' ? this.settings.defaultToken || ANONYMOUS_SECRET : token;
    const implicit = token === '' && this.settings.defaultToken === '';
    const key = implicit ? '' : secret;
    const now = Date.now();
    const cached = this.#cache.get(key);
    if (cached && cached.until > now) return cached.identity;
    // Cached before it is read: an invalidation while the read is in flight drops it too.
    const entry: Cached = { identity: this.#load(secret, implicit, (expires) => (entry.until = Math.min(entry.until, expires))), until: now + CACHE_MS };
    if (this.#cache.size >= CACHE_ENTRIES) this.#cache.clear();
    this.#cache.set(key, entry);
    entry.identity.catch(() => {
      if (this.#cache.get(key) === entry) this.#cache.delete(key);
    });
    return entry.identity;
  }

  /** An ACL object changed (or changes may have been missed): forget every resolution. */
  invalidate(): void {
    this.#cache.clear();
  }

  /** The authorizer of a token as a snapshot holding it and its links shows it. */
  authorizerOf(token: AclToken, snapshot: AclSnapshot): Authorizer {
    const ruleSets: RuleSet[] = [];
    const policyIds = new Set(token.policies);
    for (const roleId of token.roles) for (const id of snapshot.roles.get(roleId)?.policies ?? []) policyIds.add(id);
    for (const id of policyIds) {
      const policy = snapshot.policies.get(id);
      if (!policy || (policy.datacenters.length > 0 && !policy.datacenters.includes(this.settings.datacenter))) continue;
      const cacheKey = `${id}@${policy.modifyIndex}`;
      let rules = this.#rules.get(cacheKey);
      if (!rules) {
        if (this.#rules.size >= CACHE_ENTRIES) this.#rules.clear();
        this.#rules.set(cacheKey, (rules = parseRules(policy.rules)));
      }
      ruleSets.push(rules);
    }
    return Authorizer.compile(ruleSets, this.settings.defaultPolicy);
  }

  async #load(secret: string, implicit: boolean, expiresAt: (ms: number) => void): Promise<Identity> {
    const snapshot = await (this.store as AclStore).read('secret', secret);
    const [token] = snapshot.tokens.values();
    if (!token || isExpired(token)) throw kvError('ACL_NOT_FOUND');
    if (token.expirationTime !== null) expiresAt(Date.parse(token.expirationTime));
    return { accessorId: token.accessorId, authorizer: this.authorizerOf(token, snapshot), implicit };
  }
}

/** Whether a token's ExpirationTime has passed. */
export function isExpired(token: AclToken, now = Date.now()): boolean {
  return token.expirationTime !== null && Date.parse(token.expirationTime) <= now;
}

