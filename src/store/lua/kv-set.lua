#!lua
--[[
kv-set: write one entry (PUT /v1/kv/<key>, plain or ?cas).
KEYS[1] idx
KEYS[2] e:<key>       the entry
ARGV[1] fence         highest index the gateway has served (see writeIndex)
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] value         bytes; '' for an empty body
ARGV[4] flags         canonical uint64 decimal
ARGV[5] cas           '' plain set; '0' create only; N only over ModifyIndex N
Reply: {1, c, m, l, s} written, or identical and left alone (a no-op write);
       {0} the CAS check failed.
]]
--- @include "names"
--- @include "numbers"
--- @include "entry"
--- @include "write"
--- @include "ops/set"

local key = keyOfEntry(KEYS[2])
if not kvSet(key, ARGV[3], ARGV[4], ARGV[5]) then
  return { 0 }
end
commit()
local e = current(key)
return { 1, e.c, e.m, e.l, e.s }
