-- Key names of one datacenter, the mirror of src/store/names.ts. KEYS[1] is always the
-- index counter '<prefix>{<dc>}:idx'; every other name extends the same base, so they
-- all share the {dc} hash tag and live in the script's Cluster slot.
--
-- Scripts run their whole text on every call and every helper is a new closure each
-- time, so includes are small, scripts take only the ones they use, and a fixed name is
-- built on its first use (K.dirs, K.feed, ...). Only the names listed here exist: a typo
-- is an error, not a key nobody reads.
local BASE = string.sub(KEYS[1], 1, -4)
local KEY_NAMES = {
  meta = true, keys = true, feed = true, dirs = true, dirgc = true, tomb = true, tombidx = true, tombgc = true,
  sessions = true, deadlines = true, nodes = true,
  acltokens = true, aclsecrets = true, aclpolicies = true, aclpolicynames = true, aclroles = true, aclrolenames = true,
}
local K = setmetatable({ idx = KEYS[1] }, {
  __index = function(t, name)
    if not KEY_NAMES[name] then
      error('kvgate: no key name K.' .. tostring(name))
    end
    local full = BASE .. name
    rawset(t, name, full)
    return full
  end,
})

-- How many directory levels of a key K.dirs indexes ('a/', 'a/b/', ... up to 16 deep):
-- a key costs the index at most 16 times its length, however many '/' it holds. Deeper
-- prefixes compute their index from the keys under them (includes/prefix-index.lua).
local DIRS_DEPTH = 16

local function entryKey(key)
  return BASE .. 'e:' .. key
end

-- A session's hash, the set of keys it holds (by lowercase id), a node's sessions, and the
-- lock-delay marker of a key (a string with a PX expiry on the Redis clock).
local function sessionKey(id)
  return BASE .. 'sess:' .. id
end

local function idOfSession(name)
  return string.sub(name, #BASE + 6)
end

local function heldKey(id)
  return BASE .. 'held:' .. id
end

local function nodeSessionsKey(node)
  return BASE .. 'sessnode:' .. node
end

-- An ACL object: 'token', 'policy' or 'role', by id (a token by its AccessorID).
local function aclKey(kind, id)
  return BASE .. 'acl:' .. kind .. ':' .. id
end

local function lockDelayKey(key)
  return BASE .. 'lockdelay:' .. key
end

-- The user key of an entry name passed as KEYS[i].
local function keyOfEntry(name)
  return string.sub(name, #BASE + 3)
end

-- The KV max index (last index that changed any key): the dirs entry of the root ''.
local function kvMax()
  return redis.call('HGET', K.dirs, '') or '0'
end
