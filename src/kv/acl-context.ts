import type { AclResolver, Identity } from '../acl/resolver.js';
import { kvError } from '../errors.js';
import type { AclReadMode, AclStore } from '../store/acl-store.js';
import type { AclKind, AclSnapshot, AclWriteMode } from '../structs/acl.js';
import { OUTCOME } from '../structs/outcome.js';
import { Access } from './access.js';
import { AT_ONCE, type BlockingOptions, type BlockingQueries } from './blocking.js';
import type { Datacenter } from './datacenter.js';

/** What every AclService of a datacenter shares. */
export interface AclDeps {
  aclStore: AclStore | null;
  acl: AclResolver;
  blocking: BlockingQueries;
  datacenter: Datacenter;
}

/** What acl-write.lua answers. */
const ACL_WRITE_OUTCOMES: ReadonlySet<string> = new Set([OUTCOME.OK, OUTCOME.ACL_ID_TAKEN, OUTCOME.ACL_UNIQUE_TAKEN, OUTCOME.ACL_MISSING, OUTCOME.ACL_BOOTSTRAPPED]);

/** The caller, the store and the shared helpers of one AclService. */
export class AclContext {
  readonly access: Access;

  constructor(
    readonly deps: AclDeps,
    token: string,
  ) {
    this.access = new Access(deps.acl, token);
  }

  /** The ACL tables; ACL_DISABLED (401) with ACLs off, before anything else is looked at. */
  store(): AclStore {
    if (!this.deps.acl.enabled || this.deps.aclStore === null) throw kvError('ACL_DISABLED');
    return this.deps.aclStore;
  }

  /** The caller's identity. */
  async who(): Promise<Identity> {
    this.store();
    return this.access.who();
  }

  /** The caller, after checking acl:read or acl:write. */
  async need(level: 'read' | 'write'): Promise<Identity> {
    this.store();
    return this.access.require((who) => (level === 'read' ? who.authorizer.aclRead() : who.authorizer.aclWrite()), 'acl', level);
  }

  /** A read of the ACL tables; with wait, a blocking query on the ACL index. */
  read(mode: AclReadMode, arg: string, wait: BlockingOptions = AT_ONCE): Promise<AclSnapshot> {
    const store = this.store();
    const read = async () => {
      const snapshot = await store.read(mode, arg);
      return { index: snapshot.index, result: snapshot };
    };
    return this.deps.blocking.query({ id: `${mode}:${arg}`, topic: { acl: true }, read }, wait, () => this.access.who()).then((r) => r.result);
  }

  /** A write; the outcomes a caller must handle come back, the rest become errors. */
  async write(kind: AclKind, mode: AclWriteMode, id: string, unique: string, body: Parameters<AclStore['write']>[4], boot = false) {
    const outcome = await this.store().write(kind, mode, id, unique, body, boot);
    if (ACL_WRITE_OUTCOMES.has(outcome.status)) return outcome;
    throw kvError('INTERNAL', `kvgate: unexpected ACL write outcome ${outcome.status}`);
  }
}
