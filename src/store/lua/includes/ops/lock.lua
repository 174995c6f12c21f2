--- @include "names"
--- @include "numbers"
--- @include "outcomes"
--- @include "write"
-- kvLock / kvUnlock: PUT ?acquire and ?release, txn lock and unlock (Consul's
-- state/kvs.go kvsLockTxn and kvsUnlockTxn). The caller has checked lock-delay and the
-- session (sessionProblem). Value and flags are always replaced by the request's;
-- identical content is a no-op.

-- Acquires key for session: a fresh acquisition counts in LockIndex, the holder may
-- re-acquire (LockIndex kept). Returns false when another session holds the key.
local function kvLock(key, value, flags, session)
  local e = current(key)
  local lockIndex = '1'
  if e then
    if e.s == session then
      lockIndex = e.l
    elseif e.s ~= '' then
      return false
    else
      lockIndex = idxIncrement(e.l)
    end
    if e.f == flags and e.l == lockIndex and e.s == session and (e.v or string.sub(e.packed, e.at)) == value then
      return true
    end
  end
  stage(key, { v = value, f = flags, c = e and e.c, l = lockIndex, s = session, created = e and e.created }, 'lock')
  stageHeld(session, key, true)
  return true
end

-- Releases key held by exactly session; LockIndex kept, no lock-delay. Returns false when
-- the key is missing or not held by that session.
local function kvUnlock(key, value, flags, session)
  local e = current(key)
  if not e or e.s ~= session then
    return false
  end
  stage(key, { v = value, f = flags, c = e.c, l = e.l, s = '', created = e.created }, 'unlock')
  stageHeld(session, key, false)
  return true
end

-- Whether key is in its lock-delay window (only acquisitions are refused then).
local function inLockDelay(key)
  return redis.call('EXISTS', lockDelayKey(key)) == 1
end

-- Why session cannot take a lock: O.NO_SESSION (empty id) or O.INVALID_SESSION (no such
-- session; ids match case-insensitively), else nil. PUT ?acquire and a txn lock share it.
local function sessionProblem(session)
  if session == '' then
    return O.NO_SESSION
  end
  if redis.call('EXISTS', sessionKey(string.lower(session))) == 0 then
    return O.INVALID_SESSION
  end
  return nil
end
