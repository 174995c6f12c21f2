import { kvError } from '../errors.js';
import type { KvStore } from '../store/kv-store.js';
import type { Entry, Indexed, LockResult, SetResult, WriteOutcome } from '../structs/kv.js';
import type { AcquireOutcome, ReleaseOutcome } from '../structs/outcome.js';
import type { BlockingRead } from './blocking.js';
import type { Datacenter } from './datacenter.js';
import { checkKey, checkPrefix, storedKey, type Key, type KeyLimits } from './key-rules.js';

/**
 * The KV domain both faces call: the rules (which keys exist, how large a value may be,
 * which datacenter is served) and the reads and writes of one datacenter. A key reaches a
 * read or write only as a `Key` from `key()` or `prefix()`. Atomic semantics live in the
 * store's Lua scripts.
 */
export class KvService {
  constructor(
    private readonly store: KvStore,
    readonly datacenter: Datacenter,
    readonly limits: KeyLimits,
  ) {}

  get maxValueSize(): number {
    return this.limits.maxValueSize;
  }

  /** A key to read or write, checked (src/kv/key-rules.ts). */
  key(bytes: Buffer): Key {
    return checkKey(bytes, this.limits.maxKeySize);
  }

  /** A prefix ('' is every key), checked. */
  prefix(bytes: Buffer): Key {
    return checkPrefix(bytes, this.limits.maxKeySize);
  }

  /** A key the store reported (the change feed, a listing), checked when it was written. */
  storedKey(bytes: Buffer): Key {
    return storedKey(bytes);
  }

  get(key: Key): Promise<Indexed<Entry | null>> {
    return this.store.get(key);
  }

  /** The read of one key as a blocking query makes it (null: missing). */
  getRead(key: Key): BlockingRead<Entry | null> {
    return { id: 'get', topic: { key }, read: () => this.store.get(key) };
  }

  /** Every entry whose key starts with prefix, in byte order. */
  list(prefix: Key): Promise<Indexed<Entry[]>> {
    return this.store.list(prefix);
  }

  listRead(prefix: Key): BlockingRead<Entry[]> {
    return { id: 'list', topic: { prefix }, read: () => this.store.list(prefix) };
  }

  /** Key names under prefix; with a separator, deeper keys fold into one name each. */
  keys(prefix: Key, separator: Buffer): Promise<Indexed<Buffer[]>> {
    return this.store.keys(prefix, separator);
  }

  keysRead(prefix: Key, separator: Buffer): BlockingRead<Buffer[]> {
    return { id: `keys:${separator.toString('latin1')}`, topic: { prefix }, read: () => this.store.keys(prefix, separator) };
  }

  /** One page of the entries under prefix, after the key `after` (exclusive). */
  page(prefix: Key, after: Buffer | null, first: number): Promise<Indexed<{ entries: Entry[]; more: boolean }>> {
    return this.store.page(prefix, after, first);
  }

  /** The store's index now: the last index any write took. */
  currentIndex(): Promise<bigint> {
    return this.store.currentIndex();
  }

  /** Upsert; with cas, only over that ModifyIndex (0: only when missing). */
  set(key: Key, value: Buffer, flags: bigint, cas: bigint | null = null): Promise<SetResult> {
    this.#checkValue(value);
    return this.store.set(key, value, flags, cas);
  }

  /** Locks key for session, writing value and flags (Consul's ?acquire). */
  acquire(key: Key, value: Buffer, flags: bigint, session: string): Promise<LockResult<AcquireOutcome>> {
    this.#checkValue(value);
    return this.store.acquire(key, value, flags, session);
  }

  /** Unlocks key held by session, writing value and flags (Consul's ?release). */
  release(key: Key, value: Buffer, flags: bigint, session: string): Promise<LockResult<ReleaseOutcome>> {
    this.#checkValue(value);
    return this.store.release(key, value, flags, session);
  }

  /** Delete; with cas, only at that ModifyIndex (a missing key always succeeds). */
  delete(key: Key, cas: bigint | null = null): Promise<WriteOutcome> {
    return this.store.delete(key, cas);
  }

  /** Delete every key starting with prefix ('' is the whole store). */
  deleteTree(prefix: Key): Promise<WriteOutcome> {
    return this.store.deleteTree(prefix);
  }

  #checkValue(value: Buffer): void {
    if (value.length > this.maxValueSize) throw kvError('BODY_TOO_LARGE', this.maxValueSize);
  }
}
