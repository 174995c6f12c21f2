-- The change set of one write script (Consul's state-store transaction). Operations
-- read through it, so a later op sees an earlier one; nothing reaches Redis until
-- commit(), which runs after every check has passed and cannot fail: allocate the index,
-- append the feed, then mutate (DESIGN.md §2 order). An empty change set is a no-op write:
-- no index, no feed entry, nobody woken.
local TOMBSTONE_TTL_MS = 15 * 60 * 1000
local GC_BATCH = 100

local W = {
  fence = '0', -- the highest index the calling gateway has served
  feedLen = '100000', -- approximate cap of the change feed
  index = nil, -- the index this write will commit under, once known
  pending = {}, -- key -> entry table, or false once deleted
  order = {}, -- changed keys in first-change order
  ops = {}, -- key -> feed op of its last change
  tombstones = {}, -- keys and tree prefixes that get a tombstone
  deletes = false,
}

-- ARGV[1] and ARGV[2] of every write script.
local function beginWrite(fence, feedLen)
  W.fence = fence
  W.feedLen = feedLen
end

-- The index of this write: one above both the counter and the gateway's fence, so an
-- index is never handed out twice even after a failover rolled the counter back.
local function writeIndex()
  if not W.index then
    local current = redis.call('GET', K.idx) or '0'
    W.index = idxIncrement(idxMax(current, W.fence))
  end
  return W.index
end

-- An entry is {v, f, c, m, l, s} of strings; v is '' for an empty value, s '' when unlocked.
local function readEntry(key)
  local r = redis.call('HMGET', entryKey(key), 'v', 'f', 'c', 'm', 'l', 's')
  if not r[3] then
    return nil
  end
  return { v = r[1] or '', f = r[2] or '0', c = r[3], m = r[4] or r[3], l = r[5] or '0', s = r[6] or '' }
end

-- The entry as this write sees it so far.
local function current(key)
  local p = W.pending[key]
  if p == nil then
    return readEntry(key)
  end
  return p or nil
end

-- Records a change of key: entry is the new state (nil deletes). m and, for a new key, c
-- become this write's index.
local function stage(key, entry, op)
  if W.pending[key] == nil then
    W.order[#W.order + 1] = key
  end
  if entry then
    entry.m = writeIndex()
    if not entry.c then
      entry.c = entry.m
      entry.created = true
    end
    W.pending[key] = entry
  else
    W.pending[key] = false
    W.deletes = true
  end
  W.ops[key] = op
end

local function tombstone(keyOrPrefix)
  W.tombstones[#W.tombstones + 1] = keyOrPrefix
end

-- Calls fn(dir) for every directory ("a/", "a/b/") the key lives under, itself included
-- when it ends with '/'.
local function eachDir(key, fn)
  local from = 1
  while true do
    local at = string.find(key, '/', from, true)
    if not at then
      return
    end
    fn(string.sub(key, 1, at))
    from = at + 1
  end
end

local function isEmptyDir(dir)
  local lo, hi = rangeOf(dir)
  return #redis.call('ZRANGEBYLEX', K.keys, lo, hi, 'LIMIT', 0, 1) == 0
end

local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Drops tombstones older than the TTL and the dirs index of directories that stayed empty.
local function collectGarbage(now)
  local cutoff = fmtInt(now - TOMBSTONE_TTL_MS)
  for _, t in ipairs(redis.call('ZRANGEBYSCORE', K.tombgc, '-inf', cutoff, 'LIMIT', 0, GC_BATCH)) do
    redis.call('ZREM', K.tombgc, t)
    redis.call('ZREM', K.tomb, t)
    redis.call('HDEL', K.tombidx, t)
  end
  for _, d in ipairs(redis.call('ZRANGEBYSCORE', K.dirgc, '-inf', cutoff, 'LIMIT', 0, GC_BATCH)) do
    redis.call('ZREM', K.dirgc, d)
    if isEmptyDir(d) then
      redis.call('HDEL', K.dirs, d)
    end
  end
end

-- Applies the change set. Returns the index, or nil when nothing changed.
local function commit()
  if #W.order == 0 then
    return nil
  end
  local idx = writeIndex()
  redis.call('INCR', K.idx)
  if redis.call('GET', K.idx) ~= idx then
    redis.call('SET', K.idx, idx)
  end
  for i, key in ipairs(W.order) do
    redis.call('XADD', K.feed, 'MAXLEN', '~', W.feedLen, idx .. '-' .. (i - 1), 'op', W.ops[key], 'key', key)
  end
  local dirs, emptied = {}, {}
  for _, key in ipairs(W.order) do
    local e = W.pending[key]
    if e then
      redis.call('HSET', entryKey(key), 'v', e.v, 'f', e.f, 'c', e.c, 'm', e.m, 'l', e.l, 's', e.s)
      if e.created then
        redis.call('ZADD', K.keys, 0, key)
      end
    else
      redis.call('DEL', entryKey(key))
      redis.call('ZREM', K.keys, key)
    end
    eachDir(key, function(dir)
      dirs[dir] = true
      if not e then
        emptied[dir] = true
      end
    end)
  end
  for dir in pairs(dirs) do
    redis.call('HSET', K.dirs, dir, idx)
  end
  redis.call('HSET', K.meta, 'kvmax', idx)
  if W.deletes or #W.tombstones > 0 then
    local now = nowMs()
    local nowText = fmtInt(now)
    for _, t in ipairs(W.tombstones) do
      redis.call('ZADD', K.tomb, 0, t)
      redis.call('HSET', K.tombidx, t, idx)
      redis.call('ZADD', K.tombgc, nowText, t)
    end
    for dir in pairs(emptied) do
      if isEmptyDir(dir) then
        redis.call('ZADD', K.dirgc, nowText, dir)
      end
    end
    collectGarbage(now)
  end
  return idx
end
