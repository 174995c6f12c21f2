-- Key names of one datacenter, the mirror of src/store/names.ts. KEYS[1] is always the
-- index counter '<prefix>{<dc>}:idx'; every other name extends the same base, so they
-- all share the {dc} hash tag and live in the script's Cluster slot.
local BASE = string.sub(KEYS[1], 1, -4)
local K = {
  idx = KEYS[1],
  meta = BASE .. 'meta',
  keys = BASE .. 'keys',
  feed = BASE .. 'feed',
  dirs = BASE .. 'dirs',
  dirgc = BASE .. 'dirgc',
  tomb = BASE .. 'tomb',
  tombidx = BASE .. 'tombidx',
  tombgc = BASE .. 'tombgc',
}

local function entryKey(key)
  return BASE .. 'e:' .. key
end

-- The user key of an entry hash name passed as KEYS[i].
local function keyOfEntry(name)
  return string.sub(name, #BASE + 3)
end
