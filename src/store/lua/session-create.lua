#!lua
--[[
session-create: PUT /v1/session/create (fields already validated by the domain, checks
included; Consul's state/session.go sessionCreateTxn).
KEYS[1] idx
KEYS[2] sess:<id>     the new session's hash (id: random lowercase UUID)
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] node          must be a registered node (a gateway's --node)
ARGV[4] name
ARGV[5] lockdelay     nanoseconds, as given (reported back)
ARGV[6] delayms       the lock-delay applied on invalidation: ms, capped at 60 s, 0 = none
ARGV[7] behavior      'release' or 'delete'
ARGV[8] ttl           the TTL string as given ('' = none)
ARGV[9] ttlms         the TTL in ms (0 = none); the session dies 2 x ttl after its last renew
ARGV[10] nodechecks   JSON array
ARGV[11] servicechecks JSON array or 'null'
ARGV[12] missing check the first check id that does not exist ('' when all do)
Reply: {O.OK, index}; {O.NO_NODE} when the node is not registered; {O.MISSING_CHECK} when
       a check is missing (reported after the node, as Consul orders them).
]]
--- @include "outcomes"
--- @include "write"

local id = idOfSession(KEYS[2])
local node, ttlms = ARGV[3], tonumber(ARGV[9])
-- Node names match case-insensitively, as in Consul's catalog.
if redis.call('SISMEMBER', K.nodes, string.lower(node)) == 0 then
  return { O.NO_NODE }
end
if ARGV[12] ~= '' then
  return { O.MISSING_CHECK }
end
stageSession('session-create', id)
local idx = commit()
redis.call('HSET', KEYS[2], 'id', id, 'node', node, 'name', ARGV[4], 'lockdelay', ARGV[5], 'delayms', ARGV[6],
  'behavior', ARGV[7], 'ttl', ARGV[8], 'ttlms', ARGV[9], 'nodechecks', ARGV[10], 'servicechecks', ARGV[11], 'c', idx)
redis.call('ZADD', K.sessions, 0, id)
redis.call('SADD', nodeSessionsKey(string.lower(node)), id)
if ttlms > 0 then
  local t = redis.call('TIME')
  redis.call('ZADD', K.deadlines, tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + 2 * ttlms, id)
end
return { O.OK, idx }
