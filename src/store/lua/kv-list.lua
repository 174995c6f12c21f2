#!lua flags=no-writes
--[[
kv-list: every entry under a prefix, in byte order (GET /v1/kv/<prefix>?recurse).
KEYS[1] idx
ARGV[1] prefix        plain byte prefix; '' is the whole store
ARGV[2] cap           most entries one atomic scan may return
Reply: {index, key, v, f, c, m, l, s, key, v, ...} -- index is the prefix index (spec §2).
Error: SCANLIMIT <cap> when more than cap entries match.
]]
--- @include "names"
--- @include "numbers"
--- @include "prefix"

local prefix, cap = ARGV[1], tonumber(ARGV[2])
local out = { prefixIndex(prefix, cap) }
for _, key in ipairs(keysUnder(prefix, cap)) do
  local r = redis.call('HMGET', entryKey(key), 'v', 'f', 'c', 'm', 'l', 's')
  if r[3] then
    local n = #out
    out[n + 1] = key
    out[n + 2] = r[1] or ''
    out[n + 3] = r[2] or '0'
    out[n + 4] = r[3]
    out[n + 5] = r[4] or r[3]
    out[n + 6] = r[5] or '0'
    out[n + 7] = r[6] or ''
  end
end
return out
