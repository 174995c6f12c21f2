#!lua
--[[
kv-delete: delete one entry (DELETE /v1/kv/<key>, plain or ?cas).
KEYS[1] idx
KEYS[2] e:<key>       the entry
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] cas           '' plain; N only when the ModifyIndex is N (a missing key succeeds)
Reply: {1, index} deleted ('' when the key was missing); {0, ''} the CAS check failed.
]]
--- @include "names"
--- @include "numbers"
--- @include "entry"
--- @include "range"
--- @include "write"
--- @include "deletes"
--- @include "ops/delete"

if not kvDelete(keyOfEntry(KEYS[2]), ARGV[3]) then
  return { 0, '' }
end
return { 1, commit(recordDeletes) or '' }
