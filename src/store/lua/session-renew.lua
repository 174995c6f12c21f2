#!lua
--[[
session-renew: PUT /v1/session/renew/<id>. Moves a TTL session's deadline to
2 x TTL from now (Redis clock); writes nothing else and takes no index.
KEYS[1] idx
KEYS[2] sess:<id>     the session (id lowercased by the gateway)
Reply: the session as session-read returns one, or {} when there is no such session.
]]
--- @include "names"

local s = redis.call('HMGET', KEYS[2], 'id', 'name', 'node', 'lockdelay', 'behavior', 'ttl', 'nodechecks', 'servicechecks', 'c', 'ttlms')
if not s[1] then
  return {}
end
local ttlms = tonumber(s[10]) or 0
if ttlms > 0 then
  local t = redis.call('TIME')
  redis.call('ZADD', K.deadlines, 'XX', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + 2 * ttlms, s[1])
end
s[10] = nil
return s
