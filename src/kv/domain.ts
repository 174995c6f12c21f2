import { AclResolver, type AclSettings } from '../acl/resolver.js';
import { AclStore } from '../store/acl-store.js';
import { IndexFence } from '../store/fence.js';
import { KvStore } from '../store/kv-store.js';
import type { DcNames } from '../store/names.js';
import type { RedisLink } from '../store/redis-link.js';
import { SessionStore } from '../store/session-store.js';
import { TxnStore } from '../store/txn-store.js';
import { WatchHub } from '../watch/watch-hub.js';
import { Access } from './access.js';
import { AclService, type AclDeps } from './acl-service.js';
import { BlockingQueries } from './blocking.js';
import { Datacenter } from './datacenter.js';
import { KvService, type KvDeps } from './kv-service.js';
import { SessionService, type SessionDeps } from './session-service.js';
import { TxnService, type TxnDeps } from './txn-service.js';

/** What the services of one datacenter share: stores, blocking queries, the ACL resolver, limits. */
export type DomainDeps = KvDeps & SessionDeps & TxnDeps & AclDeps;

/** The settings the domain of one datacenter runs with. */
export interface DomainSettings {
  datacenter: string;
  nodeName: string;
  scanLimit: number;
  feedLength: number;
  maxKeySize: number;
  maxValueSize: number;
  txnMaxOps: number;
  sessionTtlMinMs: number;
  acl: Omit<AclSettings, 'datacenter'>;
}

/**
 * The domain of one datacenter, handed to both faces: each request gets services bound to
 * the token it carried ('' for none), so every check inside them is that caller's.
 */
export class Domain {
  constructor(readonly deps: DomainDeps) {}

  /** The stores, hub, blocking queries and resolver of one datacenter over one Redis link. */
  static build(link: RedisLink, names: DcNames, settings: DomainSettings): { domain: Domain; fence: IndexFence; hub: WatchHub } {
    const fence = new IndexFence(link, names, settings.feedLength);
    const hub = new WatchHub();
    const aclStore = settings.acl.enabled ? new AclStore(link, names, fence) : null;
    const domain = new Domain({
      kvStore: new KvStore(link, names, fence, settings),
      sessionStore: new SessionStore(link, names, fence),
      txnStore: new TxnStore(link, names, fence, settings.scanLimit),
      aclStore,
      blocking: new BlockingQueries(hub),
      acl: new AclResolver(aclStore, { ...settings.acl, datacenter: settings.datacenter }),
      datacenter: new Datacenter(settings.datacenter),
      limits: settings,
      nodeName: settings.nodeName,
      ttlMinNs: BigInt(settings.sessionTtlMinMs) * 1_000_000n,
      maxOps: settings.txnMaxOps,
    });
    return { domain, fence, hub };
  }

  kv(token: string): KvService {
    return new KvService(this.deps, token);
  }

  sessions(token: string): SessionService {
    return new SessionService(this.deps, token);
  }

  txns(token: string): TxnService {
    return new TxnService(this.deps, token);
  }

  acl(token: string): AclService {
    return new AclService(this.deps, token);
  }

  /** Throws unless the token may read this agent (agent:read on its node), as /v1/agent/self needs. */
  mayReadAgent(token: string): Promise<unknown> {
    const node = this.deps.nodeName;
    return new Access(this.deps.acl, token).require((who) => who.authorizer.agentRead(node), 'agent', 'read', node);
  }

  /** An ACL object changed (or changes may have been missed): drop resolutions, re-check everything parked. */
  aclChanged(): void {
    this.deps.acl.invalidate();
    this.deps.blocking.revalidate();
  }
}
