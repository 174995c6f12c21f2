--- @include "write"
-- kvSet: set, and cas when cas is not '': '0' creates only, N writes only over
-- ModifyIndex N (Consul's kvsSetTxn). Keeps Session and CreateIndex, resets LockIndex;
-- identical content is a no-op. Returns false when the CAS check fails.
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
  if e and e.f == flags and e.l == '0' then
    local v = e.v
    if not v and #e.packed - e.at + 1 == #value then
      v = string.sub(e.packed, e.at)
    end
    if v == value then
      return true
    end
  end
  stage(key, { v = value, f = flags, c = e and e.c, l = '0', s = e and e.s or '', created = e and e.created }, 'set')
  return true
end
