/** Plain data of sessions (Consul's structs.Session and the request that creates one). */

/** A session: immutable once created. */
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
 * What a client asks for when it creates a session, after decoding onto the domain's
 * defaults (SessionService.defaults()); `checks` is the deprecated alias, null when absent
 * from the request.
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

/** A session as the store writes it: Session plus what the scripts apply. */
export interface NewSession extends Omit<Session, 'createIndex'> {
  /** Lock-delay applied on invalidation, ms (0 = none). */
  delayMs: number;
  /** TTL in ms (0 = none); the session dies 2 x TTL after its last renew. */
  ttlMs: number;
  /** The first check id that does not exist (already found by the domain), or ''. */
  missingCheck: string;
}
