import { randomUUID } from 'node:crypto';
import { kvError } from '../errors.js';
import { formatDuration, parseDuration } from '../go/duration.js';
import type { SessionStore } from '../store/session-store.js';
import type { AclResolver } from '../acl/resolver.js';
import type { Filtered } from '../structs/kv.js';
import { OUTCOME } from '../structs/outcome.js';
import type { Session, SessionRequest } from '../structs/session.js';
import { Access } from './access.js';
import { AT_ONCE, type BlockingOptions, type BlockingQueries, type BlockingRead } from './blocking.js';
import type { Datacenter } from './datacenter.js';

const DAY_NS = 86_400_000_000_000n;
const MAX_LOCK_DELAY_NS = 60_000_000_000n;
/** Consul's default lock-delay of a new session (structs.DefaultLockDelay). */
export const DEFAULT_LOCK_DELAY_NS = 15_000_000_000n;
/** The one check every node has (Consul's serfHealth), always passing here. */
export const SERF_HEALTH = 'serfHealth';

/** What every SessionService of a datacenter shares. */
export interface SessionDeps {
  sessionStore: SessionStore;
  blocking: BlockingQueries;
  acl: AclResolver;
  datacenter: Datacenter;
  /** The node sessions get by default: this gateway's. */
  nodeName: string;
  /** Shortest TTL accepted (Consul's session_ttl_min, default 10 s), ns. */
  ttlMinNs: bigint;
}

/**
 * Sessions, for one caller: Consul's defaults and validation of a new session, in Consul's
 * order (agent/consul/session_endpoint.go Apply), session:write on the session's node for
 * changes and session:read for reads (others filtered out). Invalidation (destroy, TTL
 * expiry) is one script in the store; expiry is driven by SessionReaper.
 */
export class SessionService {
  readonly #access: Access;
  private readonly store: SessionStore;

  constructor(
    private readonly d: SessionDeps,
    token: string,
  ) {
    this.#access = new Access(d.acl, token);
    this.store = d.sessionStore;
  }

  get datacenter(): Datacenter {
    return this.d.datacenter;
  }

  get nodeName(): string {
    return this.d.nodeName;
  }

  /** A request with Consul's defaults (this node, lock-delay 15 s, the serfHealth check), for a face to fill in. */
  defaults(): SessionRequest {
    return {
      node: this.d.nodeName,
      name: '',
      lockDelayNs: DEFAULT_LOCK_DELAY_NS,
      behavior: 'release',
      ttl: '',
      nodeChecks: [SERF_HEALTH],
      checks: [SERF_HEALTH],
      checksGiven: false,
      serviceChecks: null,
    };
  }

  /** Creates a session; returns its id. */
  async create(request: SessionRequest): Promise<string> {
    if (request.node === '') throw kvError('MUST_PROVIDE_NODE');
    await this.#access.require((who) => who.authorizer.sessionWrite(request.node), 'session', 'write', request.node);
    const behavior = request.behavior === '' ? 'release' : request.behavior;
    if (behavior !== 'release' && behavior !== 'delete') throw kvError('INVALID_BEHAVIOR', request.behavior);
    const ttlNs = this.#ttl(request.ttl);
    const { nodeChecks, missingCheck } = resolveChecks(request);
    const delayNs = request.lockDelayNs < MAX_LOCK_DELAY_NS ? request.lockDelayNs : MAX_LOCK_DELAY_NS;
    const id = randomUUID();
    const outcome = await this.store.create({
      id,
      name: request.name,
      node: request.node,
      lockDelayNs: request.lockDelayNs,
      behavior,
      ttl: request.ttl,
      nodeChecks,
      serviceChecks: request.serviceChecks,
      delayMs: delayNs > 0n ? Number((delayNs + 999_999n) / 1_000_000n) : 0,
      ttlMs: Number(ttlNs / 1_000_000n),
      missingCheck,
    });
    if (outcome.status === OUTCOME.NO_NODE) throw kvError('MISSING_NODE_REGISTRATION');
    if (outcome.status === OUTCOME.MISSING_CHECK) throw kvError('MISSING_CHECK', missingCheck);
    return id;
  }

  /** Invalidates the session (a missing one is fine): releases or deletes what it holds. True when it existed. */
  async destroy(id: string): Promise<boolean> {
    if (!(await this.#mayWrite(id))) return false;
    return this.store.destroy(id.toLowerCase());
  }

  /** Restarts a TTL session's clock; null when it does not exist. */
  async renew(id: string): Promise<Session | null> {
    if (!(await this.#mayWrite(id))) return null;
    return this.store.renew(id.toLowerCase());
  }

  /** The session with that id ([] when none), filtered by session:read on its node. */
  info(id: string, wait: BlockingOptions = AT_ONCE): Promise<Filtered<Session[]>> {
    return this.#read({ id: `info:${id.toLowerCase()}`, topic: { sessions: true }, read: () => this.store.read('info', id.toLowerCase()) }, wait);
  }

  /** Every session the token may read, sorted by id. */
  list(wait: BlockingOptions = AT_ONCE): Promise<Filtered<Session[]>> {
    return this.#read({ id: 'list', topic: { sessions: true }, read: () => this.store.read('list') }, wait);
  }

  /** The sessions of one node the token may read. */
  forNode(node: string, wait: BlockingOptions = AT_ONCE): Promise<Filtered<Session[]>> {
    return this.#read({ id: `node:${node}`, topic: { sessions: true }, read: () => this.store.read('node', node) }, wait);
  }

  /** session:write on an existing session's node; false when there is no such session (checked before any ACL, as Consul does). */
  async #mayWrite(id: string): Promise<boolean> {
    if (!this.#access.enabled) return true;
    const [session] = (await this.store.read('info', id.toLowerCase())).result;
    if (!session) return false;
    await this.#access.require((who) => who.authorizer.sessionWrite(session.node), 'session', 'write', session.node);
    return true;
  }

  async #read(read: BlockingRead<Session[]>, wait: BlockingOptions): Promise<Filtered<Session[]>> {
    const guard = () => this.#access.who();
    await guard();
    const found = await this.d.blocking.query(read, wait, guard);
    if (!this.#access.enabled) return { ...found, filtered: false };
    const who = await this.#access.who();
    const result = found.result.filter((s) => who.authorizer.sessionRead(s.node));
    return { index: found.index, result, filtered: result.length < found.result.length && !who.implicit };
  }

  /** The TTL in ns (0: none), or Consul's 500 for a bad or out-of-range TTL. */
  #ttl(ttl: string): bigint {
    if (ttl === '') return 0n;
    const parsed = parseDuration(ttl);
    if (!parsed.ok) throw kvError('INVALID_TTL', ttl, parsed.error);
    if (parsed.ns !== 0n && (parsed.ns < this.d.ttlMinNs || parsed.ns > DAY_NS)) {
      throw kvError('TTL_OUT_OF_RANGE', parsed.ns, formatDuration(this.d.ttlMinNs));
    }
    return parsed.ns;
  }
}

/**
 * Consul's check-list fix-up (structs.Session's CheckIDs handling in session_endpoint.go),
 * then the first check that does not exist: only serfHealth exists, on every node; there
 * are no service checks.
 */
function resolveChecks(request: SessionRequest): { nodeChecks: string[] | null; missingCheck: string } {
  let { nodeChecks, checks } = request;
  if (request.checksGiven && (checks === null || checks.length === 0)) nodeChecks = [];
  else if (checks !== null && checks.length === 1 && checks[0] === SERF_HEALTH) checks = null;
  else if (nodeChecks === null || nodeChecks.length === 0) checks = null;
  const nodeIds = [...(checks ?? []), ...(nodeChecks ?? [])];
  const missing = nodeIds.find((id) => id !== SERF_HEALTH) ?? request.serviceChecks?.[0]?.ID;
  return { nodeChecks, missingCheck: missing ?? '' };
}
