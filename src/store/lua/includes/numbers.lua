-- Indexes and flags are uint64 kept as canonical decimal strings. They are compared and
-- incremented as strings and never pass through a Lua number (a double) above 2^53.

-- The largest index: Redis' INCR stops at 2^63-1 (and stream ids, <index>-<seq>, hold it).
local INDEX_MAX = '9223372036854775807'
local function idxGreater(a, b)
  if #a ~= #b then
    return #a > #b
  end
  return a > b
end

local function idxMax(a, b)
  if idxGreater(a, b) then
    return a
  end
  return b
end

-- n + 1 for a canonical decimal string, digit by digit.
local function idxIncrement(n)
  local i = #n
  while i > 0 and string.byte(n, i) == 57 do
    i = i - 1
  end
  if i == 0 then
    return '1' .. string.rep('0', #n)
  end
  return string.sub(n, 1, i - 1) .. string.char(string.byte(n, i) + 1) .. string.rep('0', #n - i)
end
