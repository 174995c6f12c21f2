/**
 * The outcome vocabulary of the write scripts: every expected result a script can answer
 * (a lost CAS, a held lock, a missing session…) is spelled exactly one way, here and in
 * `src/store/lua/includes/outcomes.lua` (a test keeps the two in step). The store passes
 * these codes up unchanged; the domain (src/kv/) decides what each means for a client.
 */
export const OUTCOME = {
  OK: 'ok',
  /** The CAS index did not match (set, cas, delete-cas). */
  CAS_MISMATCH: 'cas-mismatch',
  /** Another session holds the lock. */
  LOCK_HELD: 'lock-held',
  /** A release or unlock by a session that does not hold the key (or the key is missing). */
  NOT_HELD: 'not-held',
  /** The key is in the lock-delay after its last holder's session ended. */
  LOCK_DELAY: 'lock-delay',
  /** The session id is empty. */
  NO_SESSION: 'no-session',
  /** No session has that id. */
  INVALID_SESSION: 'invalid-session',
  /** A transaction op without a key (every verb but delete-tree needs one). */
  NO_KEY: 'no-key',
  /** A transaction op whose verb the script does not know (or a write verb in a read-only run). */
  UNKNOWN_VERB: 'unknown-verb',
  /** The key does not exist (get, check-index, check-session). */
  KEY_MISSING: 'key-missing',
  /** check-index: the key's ModifyIndex differs; the detail is the current one. */
  INDEX_MISMATCH: 'index-mismatch',
  /** check-session: the key's holder differs; the detail is the current one. */
  SESSION_MISMATCH: 'session-mismatch',
  /** check-not-exists: the key exists. */
  KEY_EXISTS: 'key-exists',
  /** session-create: the node is not registered. */
  NO_NODE: 'no-node',
  /** session-create: a named check does not exist. */
  MISSING_CHECK: 'missing-check',
  /** A transaction failed before any op ran (phase 1) … */
  TXN_PRECHECK_FAILED: 'precheck-failed',
  /** … or while running its ops (phase 2); nothing was written either way. */
  TXN_FAILED: 'failed',
  /** session-reap: a new Redis server was seen; every TTL got a fresh start instead. */
  SESSIONS_REFRESHED: 'refreshed',
  /** An ACL object with that id (AccessorID, policy or role ID) exists already. */
  ACL_ID_TAKEN: 'acl-id-taken',
  /** Another ACL object holds that unique value: a token's SecretID, a policy's or role's name. */
  ACL_UNIQUE_TAKEN: 'acl-unique-taken',
  /** No ACL object has that id. */
  ACL_MISSING: 'acl-missing',
  /** The ACL system was bootstrapped already; the detail is the bootstrap's index (Consul's reset index). */
  ACL_BOOTSTRAPPED: 'acl-bootstrapped',
  /** A transaction op the caller's token may not run (checked before the script; reported in phase 1). */
  ACL_DENIED: 'acl-denied',
} as const;

export type Outcome = (typeof OUTCOME)[keyof typeof OUTCOME];

/** The codes a lock acquisition answers. */
export type AcquireOutcome = typeof OUTCOME.OK | typeof OUTCOME.LOCK_HELD | typeof OUTCOME.LOCK_DELAY | typeof OUTCOME.NO_SESSION | typeof OUTCOME.INVALID_SESSION;
/** The codes a lock release answers. */
export type ReleaseOutcome = typeof OUTCOME.OK | typeof OUTCOME.NOT_HELD | typeof OUTCOME.NO_SESSION;
