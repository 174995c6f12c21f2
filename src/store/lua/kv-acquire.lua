#!lua
--[[
kv-acquire: lock a key for a session (PUT /v1/kv/<key>?acquire=<session>; Consul's
state/kvs.go kvsLockTxn).
KEYS[1] idx
KEYS[2] e:<key>       the entry
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] value         bytes written with the lock ('' for an empty body)
ARGV[4] flags         canonical uint64 decimal
ARGV[5] session       the session id as the client sent it
Reply: {O.OK, c, m, l, s} acquired (or re-acquired) — the entry after the write;
       {O.LOCK_DELAY} the key is in its lock-delay window (checked first);
       {O.NO_SESSION} the session id is empty; {O.INVALID_SESSION} no such session;
       {O.LOCK_HELD} another session holds the key.
]]
--- @include "outcomes"
--- @include "ops/lock"

local key, value, flags, session = keyOfEntry(KEYS[2]), ARGV[3], ARGV[4], ARGV[5]
if not string.find(flags, '^%d+$') then
  return redis.error_reply('BADARG flags must be decimal')
end
if inLockDelay(key) then
  return { O.LOCK_DELAY }
end
local problem = sessionProblem(session)
if problem then
  return { problem }
end
if not kvLock(key, value, flags, session) then
  return { O.LOCK_HELD }
end
commit()
local e = current(key)
return { O.OK, e.c, e.m, e.l, e.s }
