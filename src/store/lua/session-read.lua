#!lua flags=no-writes
--[[
session-read: GET /v1/session/info/<id>, /v1/session/list, /v1/session/node/<node>.
KEYS[1] idx
ARGV[1] 'info', 'list' or 'node'
ARGV[2] the session id (lowercased) for 'info', the node name for 'node'
Reply: {sessions index, then 9 fields per session sorted by id:
        id, name, node, lockdelay, behavior, ttl, nodechecks, servicechecks, c}
]]
--- @include "names"

local mode, arg = ARGV[1], ARGV[2]
local ids
if mode == 'info' then
  ids = { arg }
elseif mode == 'node' then
  ids = redis.call('SMEMBERS', nodeSessionsKey(string.lower(arg)))
  table.sort(ids)
else
  ids = redis.call('ZRANGE', K.sessions, 0, -1)
end
local out = { redis.call('HGET', K.meta, 'sessidx') or '0' }
for _, id in ipairs(ids) do
  local s = redis.call('HMGET', sessionKey(id), 'id', 'name', 'node', 'lockdelay', 'behavior', 'ttl', 'nodechecks', 'servicechecks', 'c')
  if s[1] then
    for i = 1, 9 do
      out[#out + 1] = s[i]
    end
  end
end
return out
