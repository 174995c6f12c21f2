--- @include "range"
--- @include "write"
-- kvDeleteTree: every key starting with prefix ('' is the whole store), with one
-- tombstone for a non-empty prefix when anything was removed (Consul's
-- kvsDeleteTreeTxn). More than cap keys is an error, before anything is staged.
local function kvDeleteTree(prefix, cap)
  local victims, seen = {}, {}
  for _, k in ipairs(keysUnder(prefix, cap)) do
    if W.pending[k] ~= false then
      seen[k] = true
      victims[#victims + 1] = k
    end
  end
  for k, e in pairs(W.pending) do
    if e and not seen[k] and string.sub(k, 1, #prefix) == prefix then
      victims[#victims + 1] = k
    end
  end
  table.sort(victims)
  for i, k in ipairs(victims) do
    stage(k, nil, 'delete', i == 1 and prefix ~= '' and prefix or nil)
  end
  return true
end
