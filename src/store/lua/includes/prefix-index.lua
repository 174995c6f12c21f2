--- @include "names"
--- @include "numbers"
--- @include "entry"
--- @include "range"
-- Separator walks and the prefix index (X-Consul-Index of a prefix read; docs/architecture.md).
local SCAN_BATCH = 128

-- Walks the keys under prefix as Consul's ?keys&separator= lists them: a key holding sep
-- after the prefix stands for its group (prefix .. up to and including that sep), and the
-- rest of the group is skipped in one jump instead of being read. visit(item, isGroup) is
-- called once per listed item; more than cap items is an error.
local function walkGroups(prefix, sep, cap, visit)
  local lo, hi = rangeOf(prefix)
  local group = nil
  local count = 0
  while true do
    local batch = redis.call('ZRANGEBYLEX', K.keys, lo, hi, 'LIMIT', 0, SCAN_BATCH)
    for i = 1, #batch do
      local k = batch[i]
      if not (group and string.sub(k, 1, #group) == group) then
        count = count + 1
        if count > cap then
          error({ err = 'SCANLIMIT ' .. cap })
        end
        local at = string.find(k, sep, #prefix + 1, true)
        if at then
          group = string.sub(k, 1, at + #sep - 1)
          visit(group, true)
        else
          group = nil
          visit(k, false)
        end
      end
    end
    if #batch < SCAN_BATCH then
      return
    end
    local last = batch[#batch]
    if group and string.sub(last, 1, #group) == group then
      local _, after = rangeOf(group)
      if after == '+' then
        return
      end
      lo = '[' .. string.sub(after, 2)
    else
      lo = '(' .. last
    end
  end
end

-- The number of '/' in s: a directory's depth ('a/b/' is 2).
local function slashCount(s)
  local _, n = string.gsub(s, '/', '')
  return n
end

-- The highest ModifyIndex among the live keys under prefix ('0' when none).
local function maxModifyUnder(prefix, cap)
  local best = '0'
  for _, packed in ipairs(readPacked(keysUnder(prefix, cap))) do
    if packed then
      best = idxMax(best, unpackEntry(packed).m)
    end
  end
  return best
end

-- X-Consul-Index of a prefix query: the last index that changed anything under prefix
-- (live ModifyIndexes and tombstones), else the KV max index.
--
-- The dirs hash keeps, for the root '' and every directory ("a/", "a/b/") of a key up to
-- DIRS_DEPTH levels, the index of the last write under it, so the common prefixes cost one
-- HGET. Other prefixes ("a/b") combine the dirs of their groups, their direct keys and
-- their tombstones; prefixes whose groups are deeper than the dirs hash reaches read the
-- keys under them (at most cap).
local function prefixIndex(prefix, cap)
  local depth = slashCount(prefix)
  if prefix == '' or (string.byte(prefix, -1) == 47 and depth <= DIRS_DEPTH) then
    return redis.call('HGET', K.dirs, prefix) or kvMax()
  end
  local best = '0'
  if depth >= DIRS_DEPTH then
    best = maxModifyUnder(prefix, cap)
  else
    local groups, direct = {}, {}
    walkGroups(prefix, '/', cap, function(item, isGroup)
      if isGroup then
        groups[#groups + 1] = item
      else
        direct[#direct + 1] = item
      end
    end)
    for _, idx in ipairs(readMany('HMGET', K.dirs, groups)) do
      if idx then
        best = idxMax(best, idx)
      end
    end
    for _, packed in ipairs(readPacked(direct)) do
      if packed then
        best = idxMax(best, unpackEntry(packed).m)
      end
    end
  end
  local lo, hi = rangeOf(prefix)
  local tombs = redis.call('ZRANGEBYLEX', K.tomb, lo, hi, 'LIMIT', 0, cap + 1)
  if #tombs > cap then
    return kvMax()
  end
  for _, idx in ipairs(readMany('HMGET', K.tombidx, tombs)) do
    if idx then
      best = idxMax(best, idx)
    end
  end
  if best == '0' then
    return kvMax()
  end
  return best
end
