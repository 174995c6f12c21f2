#!lua
--[[
txn: PUT /v1/txn with at least one write verb (spec §8). All or nothing, one index for
every write, one feed entry per changed key.
KEYS[1] idx
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] cap           most keys one get-tree or delete-tree may touch
ARGV[4..] six per op  verb, key, value, flags, index, session
Reply: {'precheck' or 'errors', opIndex, code, detail, ...} — the phase 1 errors (found
       before any op ran) or the phase 2 ones; nothing was written. Codes: nokey, verb, lockdelay, cas, nosession,
       badsession, held, notheld, deletecas, missing, indexmissing, index, sessionmissing,
       session, exists.
       {'ok', index ('' when nothing changed), results...} — see includes/txn.lua.
Error: SCANLIMIT <cap> (nothing was written).
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
local errors = txnPrecheck(ops, true)
if #errors > 0 then
  return txnReply(errors, nil, nil, 'precheck')
end
local results
errors, results = txnRun(ops, tonumber(ARGV[3]))
if #errors > 0 then
  return txnReply(errors)
end
return txnReply(errors, results, commit(recordDeletes))
