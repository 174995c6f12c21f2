#!lua flags=no-writes
--[[
kv-keys: the key names under a prefix (GET /v1/kv/<prefix>?keys[&separator=S]).
KEYS[1] idx
ARGV[1] prefix        plain byte prefix; '' is the whole store
ARGV[2] separator     '' lists every key; otherwise keys holding it after the prefix are
                      folded into one name ending with it, and the rest of that group is
                      skipped over, not read
ARGV[3] cap           most names one atomic scan may return
Reply: {index, name, name, ...} in byte order.
Error: SCANLIMIT <cap> when more than cap names would be listed.
]]
--- @include "prefix-index"

local prefix, sep, cap = ARGV[1], ARGV[2], tonumber(ARGV[3])
local out = { prefixIndex(prefix, cap) }
if sep == '' then
  for _, key in ipairs(keysUnder(prefix, cap)) do
    out[#out + 1] = key
  end
else
  walkGroups(prefix, sep, cap, function(item)
    out[#out + 1] = item
  end)
end
return out
