--- @include "names"
-- Prefix ranges over the live-key zset (all scores 0, so ZRANGEBYLEX is byte order) and
-- bulk entry reads.
local MGET_CHUNK = 1000

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

-- Live keys under prefix in byte order. More than cap is an error, raised only while
-- validating, before the first write of a script.
local function keysUnder(prefix, cap)
  local lo, hi = rangeOf(prefix)
  local keys = redis.call('ZRANGEBYLEX', K.keys, lo, hi, 'LIMIT', 0, cap + 1)
  if #keys > cap then
    error({ err = 'SCANLIMIT ' .. cap })
  end
  return keys
end

-- Values of many fields or keys with one call per thousand: cmd is 'MGET' (names) or
-- 'HMGET' (with hash).
local function readMany(cmd, hash, names)
  local out = {}
  for from = 1, #names, MGET_CHUNK do
    local to = math.min(from + MGET_CHUNK - 1, #names)
    local chunk = hash and redis.call(cmd, hash, unpack(names, from, to)) or redis.call(cmd, unpack(names, from, to))
    for i = 1, #chunk do
      out[#out + 1] = chunk[i]
    end
  end
  return out
end

-- The packed entries of keys (false where missing).
local function readPacked(keys)
  local names = {}
  for i = 1, #keys do
    names[i] = entryKey(keys[i])
  end
  return readMany('MGET', nil, names)
end

-- Appends key, packed entry to out for each of keys that exists (a scan's reply).
local function appendEntries(out, keys)
  for i, packed in ipairs(readPacked(keys)) do
    if packed then
      out[#out + 1] = keys[i]
      out[#out + 1] = packed
    end
  end
  return out
end
