/**
 * Plain data of the KV domain. Keys and values are bytes; indexes and flags are uint64 and
 * never pass through a JS number.
 */

/** One stored key, as Consul's DirEntry. */
export interface Entry {
  key: Buffer;
  /** The stored bytes; empty when the key was written with an empty body (Consul: null). */
  value: Buffer;
  flags: bigint;
  createIndex: bigint;
  modifyIndex: bigint;
  /** Number of fresh lock acquisitions (Consul's LockIndex). */
  lockIndex: bigint;
  /** Id of the session holding the lock, or null. */
  session: string | null;
}

/** A read with the index that a blocking query would compare against (never 0). */
export interface Indexed<T> {
  index: bigint;
  result: T;
}

/** How a write went: `ok` is Consul's true/false; `index` is set when anything changed. */
export interface WriteOutcome {
  ok: boolean;
  index: bigint | null;
}
