--- @include "names"
--- @include "write"
-- Session invalidation (Consul's state/session.go deleteSessionTxn), shared by destroy and
-- the TTL reaper; the script then commits with recordDeletes (includes/deletes.lua).
-- Stages the end of session id: every key it holds is released (behavior 'release') or
-- deleted ('delete') and put under lock-delay. Returns a function that removes the
-- session and sets the lock-delays, to run after commit(), or nil when there is no such
-- session.
local function stageInvalidate(id)
  local s = redis.call('HMGET', sessionKey(id), 'behavior', 'delayms', 'node')
  if not s[1] then
    return nil
  end
  local behavior, delayms, node = s[1], tonumber(s[2]) or 0, s[3]
  local held = {}
  for _, key in ipairs(redis.call('SMEMBERS', heldKey(id))) do
    local e = current(key)
    if e and string.lower(e.s) == id then
      held[#held + 1] = key
      if behavior == 'delete' then
        stage(key, nil, 'delete', key)
      else
        stage(key, { v = e.v or string.sub(e.packed, e.at), f = e.f, c = e.c, l = e.l, s = '' }, 'unlock')
      end
    end
  end
  stageSession('session-destroy', id)
  return function()
    redis.call('DEL', sessionKey(id), heldKey(id))
    redis.call('ZREM', K.sessions, id)
    redis.call('ZREM', K.deadlines, id)
    redis.call('SREM', nodeSessionsKey(string.lower(node)), id)
    if delayms > 0 then
      for _, key in ipairs(held) do
        redis.call('SET', lockDelayKey(key), '1', 'PX', delayms)
      end
    end
  end
end
