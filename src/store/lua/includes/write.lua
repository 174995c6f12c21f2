--- @include "names"
--- @include "numbers"
--- @include "entry"
-- The change set of one write script (Consul's state-store transaction). Operations
-- read through it, so a later op sees an earlier one; nothing reaches Redis until
-- commit(), which runs after every check has passed and cannot fail: allocate the index,
-- append the feed, then mutate (docs/architecture.md, "A write"). An empty change set is a no-op write:
-- no index, no feed entry, nobody woken.

local W = {
  fence = ARGV[1], -- ARGV[1] of every write script: highest index the gateway has served
  feedLen = ARGV[2], -- ARGV[2] of every write script: approximate cap of the change feed
}

-- Starts a change set (scripts that apply several writes start one per write).
local function beginWrite()
  W.pending = {} -- key -> staged entry, or false once deleted
  W.order = {} -- changed keys in first-change order
  W.ops = {} -- key -> feed op of its last change
  W.tombstones = {} -- keys and tree prefixes that get a tombstone
  W.deletes = false
  W.held = {} -- {session, key, true to add / false to remove} for the held:<session> sets
  W.sessions = {} -- session feed events {op, id}; any of them moves the sessions index
  W.acl = {} -- ACL feed events ('<kind>:<id>'); any of them moves the ACL index
  W.next = nil -- the index commit() will use, once someone asked (nextIndex)
end
beginWrite()

-- The entry as this write sees it so far (a staged entry has m = nil until commit).
local function current(key)
  local p = W.pending[key]
  if p == nil then
    return unpackEntry(redis.call('GET', entryKey(key)))
  end
  return p or nil
end

-- Records a change of key. entry {v, f, l, s, c} is the new state, c nil for a new key
-- (ModifyIndex, and CreateIndex of a new key, become this write's index); nil deletes
-- the key and, with tomb, leaves a tombstone for tomb (the key, or a deleted tree).
local function stage(key, entry, op, tomb)
  if W.pending[key] == nil then
    W.order[#W.order + 1] = key
  end
  if entry then
    entry.created = entry.created or entry.c == nil
    W.pending[key] = entry
  else
    W.pending[key] = false
    W.deletes = true
  end
  W.ops[key] = op
  if tomb then
    W.tombstones[#W.tombstones + 1] = tomb
  end
end

-- The index this write will commit under: one above both the counter and the gateway's
-- fence, so an index is never handed out twice even after a failover rolled the counter
-- back. Only asked for when an operation must compare with it before commit (a txn's
-- check-index after its own write); commit() allocates the same value.
local function nextIndex()
  if not W.next then
    W.next = idxIncrement(idxMax(redis.call('GET', K.idx) or '0', W.fence))
  end
  return W.next
end

-- Notes that key is now held (or no longer held) by session, for its held:<id> set.
local function stageHeld(session, key, isHeld)
  W.held[#W.held + 1] = { string.lower(session), key, isHeld }
end

-- Records a session created or destroyed by this write (feed op 'session-create' or
-- 'session-destroy'); the caller writes the session itself after commit().
local function stageSession(op, id)
  W.sessions[#W.sessions + 1] = { op, id }
end

-- Records a change of an ACL object ('token:<accessor>', 'policy:<id>', 'role:<id>'): a
-- feed entry that tells every gateway to drop what it resolved; the caller writes the
-- object itself after commit().
local function stageAcl(what)
  W.acl[#W.acl + 1] = what
end

-- Applies the change set. Returns the index, or nil when nothing changed. Scripts that
-- delete pass recordDeletes (includes/deletes.lua), which tombstones and collects garbage.
local function commit(recordDeletes)
  if #W.order == 0 and #W.sessions == 0 and #W.acl == 0 then
    return nil
  end
  -- The index (see nextIndex): INCR the counter, and if the gateway has already served an
  -- index at or above it, jump above that fence. Neither may pass INDEX_MAX (INCR's limit,
  -- and within stream ids): checked before the first change, so a refused write leaves
  -- everything as it was.
  if not idxGreater(INDEX_MAX, W.fence) then
    error({ err = 'INDEXLIMIT the index fence has reached 2^63-1' })
  end
  local n = redis.pcall('INCR', K.idx)
  if type(n) == 'table' then
    error({ err = 'INDEXLIMIT the index counter has reached 2^63-1' })
  end
  local idx = n < 9007199254740992 and string.format('%.0f', n) or redis.call('GET', K.idx)
  if not idxGreater(idx, W.fence) then
    idx = idxIncrement(W.fence)
    redis.call('SET', K.idx, idx)
  end
  -- One feed entry per changed key, then per session event, ids <index>-<seq>. The first
  -- entry of a write also says how many the write has (n), so readers know when they hold
  -- all of it. The feed is trimmed (MAXLEN ~) every 100th index.
  local n = #W.order + #W.sessions + #W.acl
  local trim = string.sub(idx, -2) == '00'
  local function append(seq, ...)
    if seq > 0 then
      redis.call('XADD', K.feed, idx .. '-' .. seq, ...)
    elseif trim then
      redis.call('XADD', K.feed, 'MAXLEN', '~', W.feedLen, idx .. '-0', 'n', n, ...)
    else
      redis.call('XADD', K.feed, idx .. '-0', 'n', n, ...)
    end
  end
  for i, key in ipairs(W.order) do
    append(i - 1, 'op', W.ops[key], 'key', key)
  end
  for i, event in ipairs(W.sessions) do
    append(#W.order + i - 1, 'op', event[1], 'session', event[2])
  end
  for i, what in ipairs(W.acl) do
    append(#W.order + #W.sessions + i - 1, 'op', 'acl', 'acl', what)
  end
  if #W.sessions > 0 then
    redis.call('HSET', K.meta, 'sessidx', idx)
  end
  if #W.acl > 0 then
    redis.call('HSET', K.meta, 'aclidx', idx)
  end
  for _, h in ipairs(W.held) do
    redis.call(h[3] and 'SADD' or 'SREM', heldKey(h[1]), h[2])
  end
  if #W.order == 0 then
    return idx
  end
  -- Entries, and the dirs index of the root and of the first DIRS_DEPTH directories a
  -- changed key is in.
  local seen, dirs, emptied = { [''] = true }, { '', idx }, {}
  for _, key in ipairs(W.order) do
    local e = W.pending[key]
    if e then
      e.m = idx
      if e.created then
        e.c = idx
        redis.call('ZADD', K.keys, 0, key)
      end
      redis.call('SET', entryKey(key), packEntry(e))
    else
      redis.call('DEL', entryKey(key))
      redis.call('ZREM', K.keys, key)
    end
    local from = 1
    for _ = 1, DIRS_DEPTH do
      local at = string.find(key, '/', from, true)
      if not at then
        break
      end
      local dir = string.sub(key, 1, at)
      if not seen[dir] then
        seen[dir] = true
        dirs[#dirs + 1] = dir
        dirs[#dirs + 1] = idx
      end
      if not e then
        emptied[dir] = true
      end
      from = at + 1
    end
  end
  for from = 1, #dirs, 2000 do
    redis.call('HSET', K.dirs, unpack(dirs, from, math.min(from + 1999, #dirs)))
  end
  if W.deletes then
    recordDeletes(idx, emptied)
  end
  return idx
end
