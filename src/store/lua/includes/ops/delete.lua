--- @include "write"
-- kvDelete: delete, and delete-cas when cas is not '' (Consul's kvsDeleteTxn /
-- kvsDeleteCASTxn). A missing key is always a success; an existing one is deleted only
-- when its ModifyIndex equals cas. Locks are ignored.
local function kvDelete(key, cas)
  local e = current(key)
  if not e then
    return true
  end
  if cas ~= '' and e.m ~= cas then
    return false
  end
  stage(key, nil, 'delete', key)
  return true
end
