import { kvError } from '../errors.js';
import type { KvStore, SetResult } from '../store/kv-store.js';
import type { Entry, Indexed, WriteOutcome } from './types.js';

/**
 * The KV domain both faces call: reads and writes of one datacenter, with the rules that
 * do not depend on the wire (datacenter routing, value size). Atomic semantics live in the
 * store's Lua scripts.
 */
export class KvService {
  constructor(
    private readonly store: KvStore,
    /** The datacenter this gateway serves. */
    readonly datacenter: string,
    readonly maxValueSize: number,
  ) {}

  /** A request for another datacenter fails as Consul's does without a WAN path. */
  checkDatacenter(requested: string): void {
    if (requested !== '' && requested !== this.datacenter) throw kvError('UNKNOWN_DATACENTER');
  }

  get(key: Buffer): Promise<Indexed<Entry | null>> {
    return this.store.get(key);
  }

  /** Every entry whose key starts with prefix, in byte order. */
  list(prefix: Buffer): Promise<Indexed<Entry[]>> {
    return this.store.list(prefix);
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

  /** Delete; with cas, only at that ModifyIndex (a missing key always succeeds). */
  delete(key: Buffer, cas: bigint | null = null): Promise<WriteOutcome> {
    return this.store.delete(key, cas);
  }

  /** Delete every key starting with prefix ('' is the whole store). */
  deleteTree(prefix: Buffer): Promise<WriteOutcome> {
    return this.store.deleteTree(prefix);
  }
}
