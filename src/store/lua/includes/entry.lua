-- One entry is one string: a header line of decimal fields, then the value bytes:
--   '<CreateIndex> <ModifyIndex> <LockIndex> <Flags> <Session>\n<value>'
-- (Session is '' when unlocked). A single string per key lets a prefix scan fetch every
-- entry with one MGET instead of a Redis call per key. src/store/entry-codec.ts decodes it.
-- The value stays inside `packed` (from byte `at`) until something needs it.
local function unpackEntry(packed)
  if not packed then
    return nil
  end
  local nl = string.find(packed, '\n', 1, true)
  local c, m, l, f, s = string.match(string.sub(packed, 1, nl - 1), '^(%d+) (%d+) (%d+) (%d+) (.*)$')
  return { c = c, m = m, l = l, f = f, s = s, packed = packed, at = nl + 1 }
end

local function packEntry(e)
  return e.c .. ' ' .. e.m .. ' ' .. e.l .. ' ' .. e.f .. ' ' .. e.s .. '\n' .. (e.v or string.sub(e.packed, e.at))
end
