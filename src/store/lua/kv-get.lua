#!lua flags=no-writes
--[[
kv-get: one entry (GET /v1/kv/<key>).
KEYS[1] idx           the datacenter's index counter (names every other key)
KEYS[2] e:<key>       the entry hash
Reply: {v, f, c, m, l, s} when the key exists (v '' for an empty value, s '' unlocked);
       {kvmax} when it does not (the index a missing key reports).
]]
--- @include "names"
--- @include "numbers"

local r = redis.call('HMGET', KEYS[2], 'v', 'f', 'c', 'm', 'l', 's')
if not r[3] then
  return { kvMax() }
end
return { r[1] or '', r[2] or '0', r[3], r[4] or r[3], r[5] or '0', r[6] or '' }
