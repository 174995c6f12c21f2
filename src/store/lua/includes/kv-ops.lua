-- The KV primitives, shared by the single-operation scripts and the transaction script
-- (Consul's kvsSetTxn, kvsDeleteTxn, ... in agent/consul/state/kvs.go): one
-- implementation of each rule. They only read and stage; commit() writes.

-- set, and cas when cas is not '': '0' creates only, N writes only over ModifyIndex N.
-- Keeps Session and CreateIndex, resets LockIndex; identical content is a no-op.
-- Returns false when the CAS check fails.
local function kvSet(key, value, flags, cas)
  local e = current(key)
  if cas ~= '' then
    if cas == '0' then
      if e then
        return false
      end
    elseif not e or e.m ~= cas then
      return false
    end
  end
  if e and e.v == value and e.f == flags and e.l == '0' then
    return true
  end
  stage(key, { v = value, f = flags, c = e and e.c, l = '0', s = e and e.s or '' }, 'set')
  return true
end

-- delete, and delete-cas when cas is not '': a missing key is always a success; an existing
-- one is deleted only when its ModifyIndex equals cas. Locks are ignored.
local function kvDelete(key, cas)
  local e = current(key)
  if not e then
    return true
  end
  if cas ~= '' and e.m ~= cas then
    return false
  end
  stage(key, nil, 'delete')
  tombstone(key)
  return true
end

-- delete-tree: every key starting with prefix ('' is the whole store), plus one tombstone
-- for a non-empty prefix when anything was removed.
local function kvDeleteTree(prefix, cap)
  local victims, seen = {}, {}
  local function add(k)
    if not seen[k] then
      seen[k] = true
      victims[#victims + 1] = k
    end
  end
  for _, k in ipairs(keysUnder(prefix, cap)) do
    if current(k) then
      add(k)
    end
  end
  for k, e in pairs(W.pending) do
    if e and startsWith(k, prefix) then
      add(k)
    end
  end
  if #victims == 0 then
    return true
  end
  table.sort(victims)
  for _, k in ipairs(victims) do
    stage(k, nil, 'delete')
  end
  if prefix ~= '' then
    tombstone(prefix)
  end
  return true
end
