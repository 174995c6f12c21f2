--- @include "outcomes"
--- @include "range"
--- @include "write"
-- The txn read verbs (Consul's state/kvs.go kvsGetTxn, kvsCheckIndexTxn, ...): they read
-- through the change set, so they see the transaction's earlier writes, and never stage
-- anything.

-- Keys under prefix as this write sees them: Redis' live keys minus the ones deleted so
-- far, plus the ones created so far, in byte order (more than cap is an error).
local function keysSeen(prefix, cap)
  local keys, extra, seen = {}, {}, {}
  for _, k in ipairs(keysUnder(prefix, cap)) do
    seen[k] = true
    if W.pending[k] ~= false then
      keys[#keys + 1] = k
    end
  end
  for k, e in pairs(W.pending) do
    if e and not seen[k] and string.sub(k, 1, #prefix) == prefix then
      extra[#extra + 1] = k
    end
  end
  if #extra == 0 then
    return keys
  end
  -- Byte order, not the locale's collation that Lua's < uses.
  local function less(a, b)
    for i = 1, math.min(#a, #b) do
      local x, y = string.byte(a, i), string.byte(b, i)
      if x ~= y then
        return x < y
      end
    end
    return #a < #b
  end
  table.sort(extra, less)
  local merged, i, j = {}, 1, 1
  while i <= #keys or j <= #extra do
    if j > #extra or (i <= #keys and less(keys[i], extra[j])) then
      merged[#merged + 1] = keys[i]
      i = i + 1
    else
      merged[#merged + 1] = extra[j]
      j = j + 1
    end
  end
  if #merged > cap then
    error({ err = 'SCANLIMIT ' .. cap })
  end
  return merged
end

local function kvGetTree(prefix, cap)
  local out = {}
  for _, k in ipairs(keysSeen(prefix, cap)) do
    out[#out + 1] = { k, current(k) }
  end
  return out
end

-- check-index: the key exists and its ModifyIndex is index. Returns the entry, or nil and
-- the failure: O.KEY_MISSING, or O.INDEX_MISMATCH and the current index.
local function kvCheckIndex(key, index)
  local e = current(key)
  if not e then
    return nil, O.KEY_MISSING
  end
  local m = e.m or nextIndex()
  if m ~= index then
    return nil, O.INDEX_MISMATCH, m
  end
  return e
end

-- check-session: the key exists and is held by exactly session ('' = unlocked). Returns the
-- entry, or nil and the failure: O.KEY_MISSING, or O.SESSION_MISMATCH and the holder.
local function kvCheckSession(key, session)
  local e = current(key)
  if not e then
    return nil, O.KEY_MISSING
  end
  if e.s ~= session then
    return nil, O.SESSION_MISMATCH, e.s
  end
  return e
end
