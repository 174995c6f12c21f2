#!lua flags=no-writes
--[[
kv-get: entries by key (GET /v1/kv/<key>). Reads that arrive together share one call.
KEYS[1]     idx       the datacenter's index counter (names every other key)
KEYS[2..n]  e:<key>   the entries to read
Reply: {kvmax, entry, entry, ...}: one packed entry (includes/entry.lua) or nil per key;
       kvmax is the index a missing key reports, '' when every key exists.
]]
--- @include "names"

local out = { '' }
local missing = false
for i = 2, #KEYS do
  local packed = redis.call('GET', KEYS[i])
  out[i] = packed
  missing = missing or not packed
end
if missing then
  out[1] = kvMax()
end
return out
