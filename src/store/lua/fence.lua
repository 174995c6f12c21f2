#!lua
--[[
fence: lift the index counter to at least a floor — after Redis went back in time (a
failover to a replica that had not seen every write), so that no index a gateway already
served is handed out again.
KEYS[1] idx
ARGV[1] floor         the highest index the gateway has seen (canonical decimal)
Reply: the counter afterwards.
]]
--- @include "numbers"

local current = redis.call('GET', KEYS[1]) or '0'
if idxGreater(ARGV[1], current) then
  redis.call('SET', KEYS[1], ARGV[1])
  return ARGV[1]
end
return current
