import { OUTCOME, type Outcome } from '../structs/outcome.js';
import type { Indexed } from '../structs/kv.js';
import type { NewSession, ServiceCheck, Session } from '../structs/session.js';
import type { IndexFence } from './fence.js';
import type { DcNames } from './names.js';
import type { RedisLink } from './redis-link.js';

export type CreateOutcome = { status: typeof OUTCOME.OK; index: bigint } | { status: Exclude<Outcome, typeof OUTCOME.OK> };

/**
 * Typed callers of the session scripts. Sessions and keys share one index, so this store
 * shares the fence with the KV store.
 */
export class SessionStore {
  constructor(
    private readonly redis: RedisLink,
    private readonly names: DcNames,
    private readonly fence: IndexFence,
  ) {}

  /** Makes node a node sessions may be created on (each gateway registers its own); names match case-insensitively. */
  async registerNode(node: string): Promise<void> {
    await this.redis.command(['SADD', this.names.nodes, node.toLowerCase()]);
  }

  /** Creates the session: OK, or NO_NODE / MISSING_CHECK (nothing written). */
  async create(s: NewSession): Promise<CreateOutcome> {
    const r = (await this.redis.run('sessionCreate', [this.names.idx, this.names.session(s.id)], [
      ...this.fence.writeArgs(),
      s.node,
      s.name,
      s.lockDelayNs.toString(),
      String(s.delayMs),
      s.behavior,
      s.ttl,
      String(s.ttlMs),
      JSON.stringify(s.nodeChecks),
      JSON.stringify(s.serviceChecks),
      s.missingCheck,
    ])) as Buffer[];
    const status = String(r[0]) as Outcome;
    if (status !== OUTCOME.OK) return { status };
    return { status, index: this.fence.seen(r[1]) };
  }

  /** Invalidates a session (releasing or deleting what it holds); true when it existed. */
  async destroy(id: string): Promise<boolean> {
    const r = (await this.redis.run('sessionDestroy', [this.names.idx, this.names.session(id)], this.fence.writeArgs())) as Buffer[];
    return this.fence.optional(r[0]) !== null;
  }

  /** Restarts a TTL session's clock; null when there is no such session. */
  async renew(id: string): Promise<Session | null> {
    const r = (await this.redis.run('sessionRenew', [this.names.idx, this.names.session(id)], [])) as Array<Buffer | null>;
    return r.length === 0 ? null : toSession(r, 0);
  }

  /** Sessions by id ('info'), of a node ('node') or all ('list'), with the sessions index. */
  async read(mode: 'info' | 'node' | 'list', arg = ''): Promise<Indexed<Session[]>> {
    const r = (await this.redis.run('sessionRead', [this.names.idx], [mode, arg])) as Array<Buffer | null>;
    const sessions: Session[] = [];
    for (let i = 1; i < r.length; i += 9) sessions.push(toSession(r, i));
    return { index: this.fence.seen(r[0] as Buffer), result: sessions };
  }

  /** Invalidates up to `batch` expired TTL sessions; how many it did. */
  async reap(batch: number): Promise<{ reaped: number; refreshed: boolean }> {
    const r = (await this.redis.run('sessionReap', [this.names.idx], [...this.fence.writeArgs(), String(batch)])) as Array<Buffer | number>;
    return { reaped: Number(r[0]), refreshed: String(r[1]) === OUTCOME.SESSIONS_REFRESHED };
  }
}

function toSession(r: Array<Buffer | null>, at: number): Session {
  const text = (i: number) => (r[at + i] ?? Buffer.alloc(0)).toString('utf8');
  return {
    id: text(0),
    name: text(1),
    node: text(2),
    lockDelayNs: BigInt(text(3) || '0'),
    behavior: text(4) === 'delete' ? 'delete' : 'release',
    ttl: text(5),
    nodeChecks: JSON.parse(text(6) || 'null') as string[] | null,
    serviceChecks: JSON.parse(text(7) || 'null') as ServiceCheck[] | null,
    createIndex: BigInt(text(8) || '0'),
  };
}
