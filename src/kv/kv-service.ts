import type { AclResolver } from '../acl/resolver.js';
import { kvError } from '../errors.js';
import type { KvStore } from '../store/kv-store.js';
import type { Entry, Filtered, Indexed, LockResult, SetResult, WriteOutcome } from '../structs/kv.js';
import type { AcquireOutcome, ReleaseOutcome } from '../structs/outcome.js';
import { Access } from './access.js';
import { AT_ONCE, type BlockingOptions, type BlockingQueries, type BlockingRead } from './blocking.js';
import type { Datacenter } from './datacenter.js';
import { watchEntry } from './entry-watch.js';
import { checkKey, checkPrefix, storedKey, type Key, type KeyLimits } from './key-rules.js';

/** What every KvService of a datacenter shares. */
export interface KvDeps {
  kvStore: KvStore;
  blocking: BlockingQueries;
  acl: AclResolver;
  datacenter: Datacenter;
  limits: KeyLimits;
}

type State = Indexed<Entry | null>;

/**
 * The KV domain both faces call, for one caller (the token a request carried): the rules
 * (which keys exist, how large a value may be, which datacenter is served, what the token
 * may read and write — Consul's agent/consul/kvs_endpoint.go) and the reads and writes of
 * one datacenter. A key reaches a read or write only as a `Key` from `key()` or `prefix()`.
 * Reads may block (Consul's blocking queries); a parked read is checked again when ACLs
 * change, and its answer is filtered with the token as it is then. Atomic semantics live in
 * the store's Lua scripts.
 */
export class KvService {
  readonly #access: Access;

  constructor(
    private readonly d: KvDeps,
    token: string,
  ) {
    this.#access = new Access(d.acl, token);
  }

  get datacenter(): Datacenter {
    return this.d.datacenter;
  }

  get maxValueSize(): number {
    return this.d.limits.maxValueSize;
  }

  /** A key to read or write, checked (src/kv/key-rules.ts). */
  key(bytes: Buffer): Key {
    return checkKey(bytes, this.d.limits.maxKeySize);
  }

  /** A prefix ('' is every key), checked. */
  prefix(bytes: Buffer): Key {
    return checkPrefix(bytes, this.d.limits.maxKeySize);
  }

  /** A key the store reported (the change feed, a listing), checked when it was written. */
  storedKey(bytes: Buffer): Key {
    return storedKey(bytes);
  }

  /** One key (null: missing); with wait, a blocking query. Needs key:read, even for a missing key. */
  async get(key: Key, wait: BlockingOptions = AT_ONCE): Promise<State> {
    const guard = () => this.#access.require((who) => who.authorizer.keyRead(key), 'key', 'read', key);
    await guard();
    return this.d.blocking.query(this.#getRead(key), wait, guard);
  }

  /** Every entry under prefix that the token may read, in byte order; with wait, a blocking query. */
  async list(prefix: Key, wait: BlockingOptions = AT_ONCE): Promise<Filtered<Entry[]>> {
    const guard = () => this.#listGuard(prefix);
    await guard();
    const read = { id: 'list', topic: { prefix }, read: () => this.d.kvStore.list(prefix) };
    return this.#filter(await this.d.blocking.query(read, wait, guard), (e) => e.key);
  }

  /** Key names under prefix that the token may read; with a separator, deeper keys fold into one name each. */
  async keys(prefix: Key, separator: Buffer, wait: BlockingOptions = AT_ONCE): Promise<Filtered<Buffer[]>> {
    const guard = () => this.#listGuard(prefix);
    await guard();
    const read = { id: `keys:${separator.toString('latin1')}`, topic: { prefix }, read: () => this.d.kvStore.keys(prefix, separator) };
    return this.#filter(await this.d.blocking.query(read, wait, guard), (name) => name);
  }

  /** One page of the entries under prefix after the key `after` (exclusive), filtered like list. */
  async page(prefix: Key, after: Buffer | null, first: number): Promise<Filtered<{ entries: Entry[]; more: boolean }>> {
    await this.#listGuard(prefix);
    const { index, result } = await this.d.kvStore.page(prefix, after, first);
    const { result: entries, filtered } = await this.#filter({ index, result: result.entries }, (e) => e.key);
    return { index, filtered, result: { entries, more: result.more } };
  }

  /** A key's states after afterIndex, pushed (GraphQL's entry subscription); ends when the token may no longer read it. */
  async watch(key: Key, afterIndex: bigint): Promise<AsyncIterableIterator<State>> {
    const guard = () => this.#access.require((who) => who.authorizer.keyRead(key), 'key', 'read', key);
    await guard();
    return watchEntry(this.d.blocking, this.#getRead(key), afterIndex, guard);
  }

  /** The store's index now: the last index any write took. */
  currentIndex(): Promise<bigint> {
    return this.d.kvStore.currentIndex();
  }

  /** Upsert; with cas, only over that ModifyIndex (0: only when missing). */
  async set(key: Key, value: Buffer, flags: bigint, cas: bigint | null = null): Promise<SetResult> {
    await this.#canWrite(key, value);
    return this.d.kvStore.set(key, value, flags, cas);
  }

  /** Locks key for session, writing value and flags (Consul's ?acquire); needs key:write only. */
  async acquire(key: Key, value: Buffer, flags: bigint, session: string): Promise<LockResult<AcquireOutcome>> {
    await this.#canWrite(key, value);
    return this.d.kvStore.acquire(key, value, flags, session);
  }

  /** Unlocks key held by session, writing value and flags (Consul's ?release). */
  async release(key: Key, value: Buffer, flags: bigint, session: string): Promise<LockResult<ReleaseOutcome>> {
    await this.#canWrite(key, value);
    return this.d.kvStore.release(key, value, flags, session);
  }

  /** Delete; with cas, only at that ModifyIndex (a missing key always succeeds). */
  async delete(key: Key, cas: bigint | null = null): Promise<WriteOutcome> {
    await this.#access.require((who) => who.authorizer.keyWrite(key), 'key', 'write', key);
    return this.d.kvStore.delete(key, cas);
  }

  /** Delete every key starting with prefix ('' is the whole store); needs write on the whole prefix. */
  async deleteTree(prefix: Key): Promise<WriteOutcome> {
    await this.#access.require((who) => who.authorizer.keyWritePrefix(prefix), 'key', 'write', prefix);
    return this.d.kvStore.deleteTree(prefix);
  }

  #getRead(key: Key): BlockingRead<Entry | null> {
    return { id: 'get', topic: { key }, read: () => this.d.kvStore.get(key) };
  }

  /** The token resolves, and with the key-list policy on, may list the prefix. */
  #listGuard(prefix: Key): Promise<unknown> {
    if (!this.d.acl.settings.keyListPolicy) return this.#access.who();
    return this.#access.require((who) => who.authorizer.keyList(prefix), 'key', 'list', prefix);
  }

  /** The items of a read the token may read, with the token as it is now. */
  async #filter<T>(read: Indexed<T[]>, keyOf: (item: T) => Buffer): Promise<Filtered<T[]>> {
    if (!this.#access.enabled) return { ...read, filtered: false };
    const who = await this.#access.who();
    const result = read.result.filter((item) => who.authorizer.keyRead(keyOf(item)));
    // Nothing left out: the shared result itself, so its rendering is shared too.
    if (result.length === read.result.length) return { index: read.index, result: read.result, filtered: false };
    return { index: read.index, result, filtered: !who.implicit };
  }

  async #canWrite(key: Key, value: Buffer): Promise<void> {
    if (value.length > this.d.limits.maxValueSize) throw kvError('BODY_TOO_LARGE', this.d.limits.maxValueSize);
    await this.#access.require((who) => who.authorizer.keyWrite(key), 'key', 'write', key);
  }
}
