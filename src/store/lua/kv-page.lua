#!lua flags=no-writes
--[[
kv-page: one page of the entries under a prefix, in byte order (GraphQL's entries
connection: pagination of prefixes too large for one recurse).
KEYS[1] idx
ARGV[1] prefix        plain byte prefix; '' is the whole store
ARGV[2] after         '' for the first page, else the last key of the previous page
ARGV[3] first         page size
ARGV[4] cap           most keys the prefix index may walk
Reply: {index, more ('1' or '0'), key, packed entry, key, packed entry, ...}
]]
--- @include "prefix-index"

local prefix, after, first = ARGV[1], ARGV[2], tonumber(ARGV[3])
local lo, hi = rangeOf(prefix)
if after ~= '' then
  lo = '(' .. after
end
local keys = redis.call('ZRANGEBYLEX', K.keys, lo, hi, 'LIMIT', 0, first + 1)
local more = #keys > first
if more then
  keys[#keys] = nil
end
return appendEntries({ prefixIndex(prefix, tonumber(ARGV[4])), more and '1' or '0' }, keys)
