#!lua flags=no-writes
--[[
txn-read: PUT /v1/txn with read verbs only: runs the same ops without writing,
and may be served by a replica.
KEYS[1] idx
ARGV[1], ARGV[2]      unused (write-script positions)
ARGV[3] cap           most keys one get-tree may return
ARGV[4..] seven per op verb, key, value, flags, index, session, denied ('1': the token may not)
Reply: as txn.lua; the index is always ''.
]]
--- @include "deletes"
--- @include "txn"

local ops = txnOps()
if not ops then
  return redis.error_reply('BADARG flags and index must be decimal')
end
local errors = txnPrecheck(ops, false)
if #errors > 0 then
  return txnReply(errors, nil, nil, O.TXN_PRECHECK_FAILED)
end
local results
errors, results = txnRun(ops, tonumber(ARGV[3]))
return txnReply(errors, results)
