#!lua flags=no-writes
--[[
kv-get: one entry (GET /v1/kv/<key>).
KEYS[1] idx           the datacenter's index counter (names every other key)
KEYS[2] e:<key>       the entry
Reply: {1, packed entry} when the key exists (format in includes/entry.lua);
       {0, kvmax} when it does not (the index a missing key reports).
]]
--- @include "names"

local packed = redis.call('GET', KEYS[2])
if packed then
  return { 1, packed }
end
return { 0, kvMax() }
