#!lua flags=no-writes
--[[
kv-list: every entry under a prefix, in byte order (GET /v1/kv/<prefix>?recurse).
KEYS[1] idx
ARGV[1] prefix        plain byte prefix; '' is the whole store
ARGV[2] cap           most entries one atomic scan may return
Reply: {index, key, packed entry, key, packed entry, ...}; index is the prefix index.
Error: SCANLIMIT <cap> when more than cap entries match.
]]
--- @include "prefix-index"

local prefix, cap = ARGV[1], tonumber(ARGV[2])
local keys = keysUnder(prefix, cap)
return appendEntries({ prefixIndex(prefix, cap) }, keys)
