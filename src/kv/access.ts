import { permissionDenied } from '../acl/denial.js';
import type { AclResolver, Identity } from '../acl/resolver.js';
import { kvError } from '../errors.js';

/**
 * One caller's access: the token a request carried ('' for none), resolved through the
 * ACL resolver when a check needs it (a cached lookup; with ACLs off, everyone).
 */
export class Access {
  constructor(
    private readonly acl: AclResolver,
    readonly token: string,
  ) {}

  /** Whether ACLs are enforced at all. */
  get enabled(): boolean {
    return this.acl.enabled;
  }

  /** The identity of the token; ACL_NOT_FOUND for an unknown or expired secret. */
  who(): Promise<Identity> {
    return this.acl.resolve(this.token);
  }

  /** The identity, after checking it may do one thing; PERMISSION_DENIED with Consul's text when not. */
  async require(check: (who: Identity) => boolean, resource: string, access: string, segment: string | Buffer = ''): Promise<Identity> {
    const who = await this.who();
    if (!check(who)) throw denied(who, resource, access, segment);
    return who;
  }
}

/** Consul's 403 for a check the token failed (acl/errors.go). */
export function denied(who: Identity, resource: string, access: string, segment: string | Buffer = '') {
  return kvError('PERMISSION_DENIED', permissionDenied(who.accessorId, resource, access, segment));
}
