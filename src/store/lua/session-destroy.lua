#!lua
--[[
session-destroy: PUT /v1/session/destroy/<id> (Consul's state/session.go
deleteSessionTxn). In one write under one index: every key the session holds is released (or deleted, behavior 'delete') and put
under the session's lock-delay, and the session is removed.
KEYS[1] idx
KEYS[2] sess:<id>     the session (id lowercased by the gateway)
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
Reply: {index}, or {''} when there was no such session (nothing happens).
]]
--- @include "deletes"
--- @include "session"

local finish = stageInvalidate(idOfSession(KEYS[2]))
if not finish then
  return { '' }
end
local idx = commit(recordDeletes)
finish()
return { idx }
