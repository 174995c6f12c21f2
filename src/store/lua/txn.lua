#!lua
--[[
txn: PUT /v1/txn with at least one write verb (Consul's state/txn.go). All or nothing, one index for
every write, one feed entry per changed key.
KEYS[1] idx
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] cap           most keys one get-tree or delete-tree may touch
ARGV[4..] seven per op verb, key, value, flags, index, session, denied ('1': the token may not)
Reply: {O.TXN_PRECHECK_FAILED or O.TXN_FAILED, opIndex, code, detail, ...} — the phase 1
       failures (found before any op ran) or the phase 2 ones, codes from
       includes/outcomes.lua; nothing was written.
       {O.OK, index ('' when nothing changed), results...} — see includes/txn.lua.
Error: SCANLIMIT <cap> (nothing was written).
]]
--- @include "deletes"
--- @include "txn"

local ops = txnOps()
if not ops then
  return redis.error_reply('BADARG flags and index must be decimal')
end
local errors = txnPrecheck(ops, true)
if #errors > 0 then
  return txnReply(errors, nil, nil, O.TXN_PRECHECK_FAILED)
end
local results
errors, results = txnRun(ops, tonumber(ARGV[3]))
if #errors > 0 then
  return txnReply(errors)
end
return txnReply(errors, results, commit(recordDeletes))
