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

/** A session (Consul's structs.Session): immutable once created. */
export interface Session {
  id: string;
  name: string;
  node: string;
  /** As given (ns); applied capped at 60 s. */
  lockDelayNs: bigint;
  behavior: 'release' | 'delete';
  /** The TTL string as given ('' for none). */
  ttl: string;
  nodeChecks: string[] | null;
  serviceChecks: ServiceCheck[] | null;
  /** CreateIndex (sessions are immutable: ModifyIndex is the same). */
  createIndex: bigint;
}

export interface ServiceCheck {
  ID: string;
  Namespace: string;
}

/**
 * What a client asks for when it creates a session, after decoding and Consul's defaults
 * (node: the gateway's; lock delay 15 s; checks ["serfHealth"]); `checks` is the deprecated
 * alias, null when absent from the request.
 */
export interface SessionRequest {
  node: string;
  name: string;
  lockDelayNs: bigint;
  behavior: string;
  ttl: string;
  nodeChecks: string[] | null;
  checks: string[] | null;
  /** True when the request carried a Checks field at all (even null). */
  checksGiven: boolean;
  serviceChecks: ServiceCheck[] | null;
}

/** How an acquire went (spec §4.1): only 'acquired' holds the lock. */
export type AcquireStatus = 'acquired' | 'held' | 'lockdelay' | 'missing-session' | 'invalid-session';
/** How a release went (spec §4.2). */
export type ReleaseStatus = 'released' | 'not-held' | 'missing-session';
