#!lua
--[[
fence: lift the index counter to at least a floor — after Redis went back in time (a
failover to a replica that had not seen every write), so that no index a gateway already
served is handed out again.
KEYS[1] idx
ARGV[1] floor         the highest index the gateway has seen (canonical decimal)
Reply: the counter afterwards.
Error: INDEXLIMIT when the floor is not below 2^63-1 (nothing changes).
]]
--- @include "numbers"

if not string.find(ARGV[1], '^%d+$') or not idxGreater(INDEX_MAX, ARGV[1]) then
  return redis.error_reply('INDEXLIMIT the index fence must be a decimal below 2^63-1')
end
local current = redis.call('GET', KEYS[1]) or '0'
if idxGreater(ARGV[1], current) then
  redis.call('SET', KEYS[1], ARGV[1])
  return ARGV[1]
end
return current
