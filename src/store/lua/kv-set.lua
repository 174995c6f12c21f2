#!lua
--[[
kv-set: write entries (PUT /v1/kv/<key>, plain or ?cas). Writes that arrive together
share one call; each is its own atomic write with its own index, in order.
KEYS[1]     idx
KEYS[2..n]  e:<key>       the entry each write targets
ARGV[1]     fence         highest index the gateway has served (see commit)
ARGV[2]     feed length   approximate cap of the change feed
then for the write on KEYS[i], three arguments from ARGV[3i - 3]:
            value         bytes; '' for an empty body
            flags         canonical uint64 decimal
            cas           '' plain set; '0' create only; N only over ModifyIndex N
Reply: one array per write: {O.OK, c, m, l, s} written, or identical and left alone (a
       no-op write); {O.CAS_MISMATCH} the CAS check failed.
]]
--- @include "outcomes"
--- @include "ops/set"

-- Validate every argument before the first write (a bad one would corrupt an entry).
for at = 3, #ARGV, 3 do
  if not string.find(ARGV[at + 1], '^%d+$') or not string.find(ARGV[at + 2], '^%d*$') then
    return redis.error_reply('BADARG flags and cas must be decimal')
  end
end

local out = {}
for i = 2, #KEYS do
  local key, at = keyOfEntry(KEYS[i]), 3 * i - 3
  beginWrite()
  if kvSet(key, ARGV[at], ARGV[at + 1], ARGV[at + 2]) then
    commit()
    local e = current(key)
    out[i - 1] = { O.OK, e.c, e.m, e.l, e.s }
  else
    out[i - 1] = { O.CAS_MISMATCH }
  end
end
return out
