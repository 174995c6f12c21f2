#!lua
--[[
kv-release: unlock a key held by a session (PUT /v1/kv/<key>?release=<session>; Consul's
state/kvs.go kvsUnlockTxn). Value and flags are replaced by the request's; no lock-delay
starts.
KEYS[1] idx
KEYS[2] e:<key>       the entry
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] value         bytes written with the release ('' for an empty body)
ARGV[4] flags         canonical uint64 decimal
ARGV[5] session       the session id as the client sent it
Reply: {O.OK, c, m, l, s} released — the entry after the write;
       {O.NOT_HELD} the key is missing or not held by exactly this session;
       {O.NO_SESSION} the session id is empty.
]]
--- @include "outcomes"
--- @include "ops/lock"

local key, value, flags, session = keyOfEntry(KEYS[2]), ARGV[3], ARGV[4], ARGV[5]
if not string.find(flags, '^%d+$') then
  return redis.error_reply('BADARG flags must be decimal')
end
if session == '' then
  return { O.NO_SESSION }
end
if not kvUnlock(key, value, flags, session) then
  return { O.NOT_HELD }
end
commit()
local e = current(key)
return { O.OK, e.c, e.m, e.l, e.s }
