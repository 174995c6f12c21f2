#!lua
--[[
kv-delete: delete entries (DELETE /v1/kv/<key>, plain or ?cas). Deletes that arrive
together share one call; each is its own atomic write with its own index, in order.
KEYS[1]     idx
KEYS[2..n]  e:<key>       the entry each delete targets
ARGV[1]     fence         highest index the gateway has served
ARGV[2]     feed length   approximate cap of the change feed
ARGV[i+1]   cas           for KEYS[i]: '' plain; N only at ModifyIndex N (a missing key succeeds)
Reply: one array per delete: {O.OK, index} deleted ('' when the key was missing);
       {O.CAS_MISMATCH, ''} the CAS check failed.
]]
--- @include "outcomes"
--- @include "deletes"
--- @include "ops/delete"

for i = 3, #ARGV do
  if not string.find(ARGV[i], '^%d*$') then
    return redis.error_reply('BADARG cas must be decimal')
  end
end

local out = {}
for i = 2, #KEYS do
  beginWrite()
  if kvDelete(keyOfEntry(KEYS[i]), ARGV[i + 1]) then
    out[i - 1] = { O.OK, commit(recordDeletes) or '' }
  else
    out[i - 1] = { O.CAS_MISMATCH, '' }
  end
end
return out
