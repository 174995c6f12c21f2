import { kvError } from '../errors.js';
import type { KvStore, LockResult, SetResult } from '../store/kv-store.js';
import type { AcquireStatus, Entry, Indexed, ReleaseStatus, WriteOutcome } from './types.js';

/**
 * The KV domain both faces call: reads and writes of one datacenter, with the rules that
 * do not depend on the wire (value size). Atomic semantics live in the store's Lua scripts.
 */
export class KvService {
  constructor(
    private readonly store: KvStore,
    readonly maxValueSize: number,
  ) {}

  get(key: Buffer): Promise<Indexed<Entry | null>> {
    return this.store.get(key);
  }

  /** Every entry whose key starts with prefix, in byte order. */
  list(prefix: Buffer): Promise<Indexed<Entry[]>> {
    return this.store.list(prefix);
  }

  /** One page of the entries under prefix, after the key `after` (exclusive). */
  page(prefix: Buffer, after: Buffer | null, first: number): Promise<Indexed<{ entries: Entry[]; more: boolean }>> {
    return this.store.page(prefix, after, first);
  }

  /** The store's index now: the last index any write took. */
  currentIndex(): Promise<bigint> {
    return this.store.currentIndex();
  }

  /** Key names under prefix; with a separator, deeper keys fold into one name each. */
  keys(prefix: Buffer, separator: Buffer): Promise<Indexed<Buffer[]>> {
    return this.store.keys(prefix, separator);
  }

  /** Upsert; with cas, only over that ModifyIndex (0: only when missing). */
  set(key: Buffer, value: Buffer, flags: bigint, cas: bigint | null = null): Promise<SetResult> {
    if (value.length > this.maxValueSize) throw kvError('BODY_TOO_LARGE', this.maxValueSize);
    return this.store.set(key, value, flags, cas);
  }

  /** Locks key for session, writing value and flags (spec §4.1). */
  acquire(key: Buffer, value: Buffer, flags: bigint, session: string): Promise<LockResult<AcquireStatus>> {
    if (value.length > this.maxValueSize) throw kvError('BODY_TOO_LARGE', this.maxValueSize);
    return this.store.acquire(key, value, flags, session);
  }

  /** Unlocks key held by session, writing value and flags (spec §4.2). */
  release(key: Buffer, value: Buffer, flags: bigint, session: string): Promise<LockResult<ReleaseStatus>> {
    if (value.length > this.maxValueSize) throw kvError('BODY_TOO_LARGE', this.maxValueSize);
    return this.store.release(key, value, flags, session);
  }

  /** Delete; with cas, only at that ModifyIndex (a missing key always succeeds). */
  delete(key: Buffer, cas: bigint | null = null): Promise<WriteOutcome> {
    return this.store.delete(key, cas);
  }

  /** Delete every key starting with prefix ('' is the whole store). */
  deleteTree(prefix: Buffer): Promise<WriteOutcome> {
    return this.store.deleteTree(prefix);
  }
}
