#!lua flags=no-writes
--[[
txn-read: PUT /v1/txn with read verbs only (spec §8.2): runs the same ops without writing,
and may be served by a replica.
KEYS[1] idx
ARGV[1], ARGV[2]      unused (write-script positions)
ARGV[3] cap           most keys one get-tree may return
ARGV[4..] six per op  verb, key, value, flags, index, session
Reply: as txn.lua; the index is always ''.
]]
--- @include "names"
--- @include "numbers"
--- @include "entry"
--- @include "range"
--- @include "write"
--- @include "deletes"
--- @include "ops/set"
--- @include "ops/delete"
--- @include "ops/delete-tree"
--- @include "ops/lock"
--- @include "ops/read"
--- @include "txn"

local ops = txnOps()
if not ops then
  return redis.error_reply('BADARG flags and index must be decimal')
end
local errors = txnPrecheck(ops, false)
if #errors > 0 then
  return txnReply(errors, nil, nil, 'precheck')
end
local results
errors, results = txnRun(ops, tonumber(ARGV[3]))
return txnReply(errors, results)
