--- @include "names"
--- @include "range"
--- @include "write"
-- What a write that deleted keys does after its changes:
-- tombstones for the deleted keys and trees (kept TOMBSTONE_TTL_MS so prefix indexes move
-- forward on deletes), directories that became empty, and garbage collection of both.
local TOMBSTONE_TTL_MS = 15 * 60 * 1000
local GC_BATCH = 100

local function recordDeletes(idx, emptied)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local nowText = string.format('%.0f', now)
  for _, tomb in ipairs(W.tombstones) do
    redis.call('ZADD', K.tomb, 0, tomb)
    redis.call('HSET', K.tombidx, tomb, idx)
    redis.call('ZADD', K.tombgc, nowText, tomb)
  end
  local function isEmpty(dir)
    local lo, hi = rangeOf(dir)
    return #redis.call('ZRANGEBYLEX', K.keys, lo, hi, 'LIMIT', 0, 1) == 0
  end
  for dir in pairs(emptied) do
    if isEmpty(dir) then
      redis.call('ZADD', K.dirgc, nowText, dir)
    end
  end
  local cutoff = string.format('%.0f', now - TOMBSTONE_TTL_MS)
  for _, tomb in ipairs(redis.call('ZRANGEBYSCORE', K.tombgc, '-inf', cutoff, 'LIMIT', 0, GC_BATCH)) do
    redis.call('ZREM', K.tombgc, tomb)
    redis.call('ZREM', K.tomb, tomb)
    redis.call('HDEL', K.tombidx, tomb)
  end
  for _, dir in ipairs(redis.call('ZRANGEBYSCORE', K.dirgc, '-inf', cutoff, 'LIMIT', 0, GC_BATCH)) do
    redis.call('ZREM', K.dirgc, dir)
    if isEmpty(dir) then
      redis.call('HDEL', K.dirs, dir)
    end
  end
end

