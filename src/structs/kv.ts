/**
 * Plain data of the key/value store, shared by every layer (Consul's `structs`). Keys and
 * values are bytes; indexes and flags are uint64 and never pass through a JS number.
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

/** An entry's indexes and holder after a write: everything but the bytes the caller sent. */
export type EntryMeta = Omit<Entry, 'key' | 'value' | 'flags'>;

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

/** A set: the outcome, and the entry after the write (null when the CAS check failed). */
export interface SetResult extends WriteOutcome {
  entry: EntryMeta | null;
}

/** An acquire or release: its outcome code, the write's index and the entry after it. */
export interface LockResult<S> {
  status: S;
  /** Index of the write; null when nothing was written (refused, or a no-op re-acquire). */
  index: bigint | null;
  entry: EntryMeta | null;
}

/** A read whose result was filtered by the caller's ACL token: `filtered` when anything was left out and the header may say so. */
export interface Filtered<T> extends Indexed<T> {
  filtered: boolean;
}
