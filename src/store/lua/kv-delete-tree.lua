#!lua
--[[
kv-delete-tree: delete every key under a prefix (DELETE /v1/kv/<prefix>?recurse).
KEYS[1] idx
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] prefix        plain byte prefix; '' is the whole store
ARGV[4] cap           most keys one atomic delete may remove
Reply: {O.OK, index} ('' when nothing matched).
Error: SCANLIMIT <cap> when more than cap keys match (nothing is deleted).
]]
--- @include "outcomes"
--- @include "deletes"
--- @include "ops/delete-tree"

kvDeleteTree(ARGV[3], tonumber(ARGV[4]))
return { O.OK, commit(recordDeletes) or '' }
