-- Indexes and flags are uint64 kept as canonical decimal strings. They are compared and
-- incremented as strings and never become Lua numbers (doubles).
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

-- n + 1 for a canonical decimal string, digit by digit (exact past 2^53).
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

local function fmtInt(n)
  return string.format('%.0f', n)
end

local function kvMax()
  return redis.call('HGET', K.meta, 'kvmax') or '0'
end

-- Raised only while validating, before the first write of a script.
local function scanLimit(cap)
  error({ err = 'SCANLIMIT ' .. cap })
end
