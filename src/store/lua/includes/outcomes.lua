-- The outcome vocabulary of the write scripts: every expected result is spelled exactly one
-- way, here and in src/structs/outcome.ts (a test keeps the two in step). Scripts answer
-- O.X, never a string literal.
local O = {
  OK = 'ok',
  CAS_MISMATCH = 'cas-mismatch',
  LOCK_HELD = 'lock-held',
  NOT_HELD = 'not-held',
  LOCK_DELAY = 'lock-delay',
  NO_SESSION = 'no-session',
  INVALID_SESSION = 'invalid-session',
  NO_KEY = 'no-key',
  UNKNOWN_VERB = 'unknown-verb',
  KEY_MISSING = 'key-missing',
  INDEX_MISMATCH = 'index-mismatch',
  SESSION_MISMATCH = 'session-mismatch',
  KEY_EXISTS = 'key-exists',
  NO_NODE = 'no-node',
  MISSING_CHECK = 'missing-check',
  TXN_PRECHECK_FAILED = 'precheck-failed',
  TXN_FAILED = 'failed',
  SESSIONS_REFRESHED = 'refreshed',
  ACL_ID_TAKEN = 'acl-id-taken',
  ACL_UNIQUE_TAKEN = 'acl-unique-taken',
  ACL_MISSING = 'acl-missing',
  ACL_BOOTSTRAPPED = 'acl-bootstrapped',
  ACL_DENIED = 'acl-denied',
}
setmetatable(O, { __index = function(_, name) error('unknown outcome ' .. tostring(name)) end })
