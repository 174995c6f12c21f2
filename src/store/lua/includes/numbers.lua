-- Indexes and flags are uint64 kept as canonical decimal strings. They are compared as
-- strings and never become Lua numbers (doubles); only the counter is formatted here.
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
