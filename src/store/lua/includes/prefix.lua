-- Prefix ranges over the live-key zset (all scores 0, so ZRANGEBYLEX is byte order) and
-- the prefix index of spec §2.
local SCAN_BATCH = 128

-- ZRANGEBYLEX bounds of every string that starts with prefix.
local function rangeOf(prefix)
  if prefix == '' then
    return '-', '+'
  end
  local stem = prefix
  while #stem > 0 and string.byte(stem, -1) == 255 do
    stem = string.sub(stem, 1, -2)
  end
  if stem == '' then
    return '[' .. prefix, '+'
  end
  return '[' .. prefix, '(' .. string.sub(stem, 1, -2) .. string.char(string.byte(stem, -1) + 1)
end

local function startsWith(s, prefix)
  return string.sub(s, 1, #prefix) == prefix
end

-- Live keys under prefix in byte order; more than cap is an error.
local function keysUnder(prefix, cap)
  local lo, hi = rangeOf(prefix)
  local keys = redis.call('ZRANGEBYLEX', K.keys, lo, hi, 'LIMIT', 0, cap + 1)
  if #keys > cap then
    scanLimit(cap)
  end
  return keys
end

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
      if not (group and startsWith(k, group)) then
        count = count + 1
        if count > cap then
          scanLimit(cap)
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
    if group and startsWith(last, group) then
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

-- X-Consul-Index of a prefix query: the last index that changed anything under prefix
-- (live ModifyIndexes and tombstones), else the KV max index. Directories ("a/b/") keep
-- that index in the dirs hash, so the common case is one HGET; other prefixes combine the
-- dirs of their groups, their direct keys and their tombstones.
local function prefixIndex(prefix, cap)
  if prefix == '' then
    return kvMax()
  end
  if string.byte(prefix, -1) == 47 then
    return redis.call('HGET', K.dirs, prefix) or kvMax()
  end
  local best = '0'
  walkGroups(prefix, '/', cap, function(item, isGroup)
    local idx
    if isGroup then
      idx = redis.call('HGET', K.dirs, item)
    else
      idx = redis.call('HGET', entryKey(item), 'm')
    end
    if idx then
      best = idxMax(best, idx)
    end
  end)
  local lo, hi = rangeOf(prefix)
  local tombs = redis.call('ZRANGEBYLEX', K.tomb, lo, hi, 'LIMIT', 0, cap + 1)
  if #tombs > cap then
    return kvMax()
  end
  for _, t in ipairs(tombs) do
    local idx = redis.call('HGET', K.tombidx, t)
    if idx then
      best = idxMax(best, idx)
    end
  end
  if best == '0' then
    return kvMax()
  end
  return best
end
