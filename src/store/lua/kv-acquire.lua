#!lua
--[[
kv-acquire: lock a key for a session (PUT /v1/kv/<key>?acquire=<session>), spec §4.1.
KEYS[1] idx
KEYS[2] e:<key>       the entry
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] value         bytes written with the lock ('' for an empty body)
ARGV[4] flags         canonical uint64 decimal
ARGV[5] session       the session id as the client sent it
Reply: {'ok', c, m, l, s} acquired (or re-acquired) — the entry after the write;
       {'lockdelay'} the key is in its lock-delay window (checked first);
       {'held'} another session holds the key;
       {'nosession'} the session id is empty; {'invalid'} no such session.
]]
--- @include "names"
--- @include "numbers"
--- @include "entry"
--- @include "write"
--- @include "ops/lock"

local key, value, flags, session = keyOfEntry(KEYS[2]), ARGV[3], ARGV[4], ARGV[5]
if not string.find(flags, '^%d+$') then
  return redis.error_reply('BADARG flags must be decimal')
end
if inLockDelay(key) then
  return { 'lockdelay' }
end
if session == '' then
  return { 'nosession' }
end
if not sessionExists(session) then
  return { 'invalid' }
end
if not kvLock(key, value, flags, session) then
  return { 'held' }
end
commit()
local e = current(key)
return { 'ok', e.c, e.m, e.l, e.s }
