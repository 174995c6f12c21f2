#!lua
--[[
session-reap: invalidate TTL sessions whose deadline (2 x TTL after the last renew, on the
Redis clock) has passed, each as its own write under its own index, exactly as
session-destroy does. Every gateway runs it; since a script is atomic and removes what it
reaps, each session is invalidated once however many gateways call it.

After a Redis restart or failover (a new run_id) clients could not renew while Redis was
away, so the first call on the new server gives every TTL session a fresh 2 x TTL instead
(as Consul does after a leader election) and reaps nothing.
KEYS[1] idx
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] batch         most sessions to reap in this call
Reply: {reaped count, O.SESSIONS_REFRESHED or ''}.
]]
--- @include "outcomes"
--- @include "deletes"
--- @include "session"

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local runId = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
if redis.call('HGET', K.meta, 'runid') ~= runId then
  for _, id in ipairs(redis.call('ZRANGE', K.deadlines, 0, -1)) do
    local ttlms = tonumber(redis.call('HGET', sessionKey(id), 'ttlms')) or 0
    redis.call('ZADD', K.deadlines, now + 2 * ttlms, id)
  end
  redis.call('HSET', K.meta, 'runid', runId)
  return { 0, O.SESSIONS_REFRESHED }
end
local reaped = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', K.deadlines, '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))) do
  beginWrite()
  local finish = stageInvalidate(id)
  if finish then
    commit(recordDeletes)
    finish()
    reaped = reaped + 1
  else
    redis.call('ZREM', K.deadlines, id)
  end
end
return { reaped, '' }
