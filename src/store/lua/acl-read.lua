#!lua flags=no-writes
--[[
acl-read: ACL objects with what they link, for the ACL API and for resolving a token.
KEYS[1] idx
ARGV[1] mode    'token' (ARGV[2]: AccessorID), 'secret' (ARGV[2]: SecretID): the token, every
                policy and role it links and the policies of those roles;
                'policy' (ARGV[2]: ID), 'policyname' (ARGV[2]: lower-cased name): the policy;
                'role' (ARGV[2]: ID), 'rolename' (ARGV[2]: lower-cased name): the role and its
                policies;
                'tokens': every token, policy and role; 'policies': every policy;
                'roles': every role and policy
Reply: {ACL index, bootstrap index ('' before), then per object: kind, id, body, c, m}
       (objects in id order; a link to an object that is gone is left out).
]]
--- @include "names"

local mode, arg = ARGV[1], ARGV[2]
local out = { redis.call('HGET', K.meta, 'aclidx') or '0', redis.call('HGET', K.meta, 'aclboot') or '' }
local seen = {}

local function add(kind, id)
  if not id or seen[kind .. id] then
    return nil
  end
  seen[kind .. id] = true
  local o = redis.call('HMGET', aclKey(kind, id), 'j', 'c', 'm')
  if not o[1] then
    return nil
  end
  local n = #out
  out[n + 1], out[n + 2], out[n + 3], out[n + 4], out[n + 5] = kind, id, o[1], o[2], o[3]
  return cjson.decode(o[1])
end

local function addLinks(object)
  if not object then
    return
  end
  for _, policy in ipairs(object.policies or {}) do
    add('policy', policy)
  end
  for _, role in ipairs(object.roles or {}) do
    local r = add('role', role)
    if r then
      for _, policy in ipairs(r.policies or {}) do
        add('policy', policy)
      end
    end
  end
end

local function addAll(kind, set)
  for _, id in ipairs(redis.call('ZRANGE', set, 0, -1)) do
    add(kind, id)
  end
end

if mode == 'token' then
  addLinks(add('token', arg))
elseif mode == 'secret' then
  addLinks(add('token', redis.call('HGET', K.aclsecrets, arg)))
elseif mode == 'policy' then
  add('policy', arg)
elseif mode == 'policyname' then
  add('policy', redis.call('HGET', K.aclpolicynames, arg))
elseif mode == 'role' then
  addLinks({ roles = { arg } })
elseif mode == 'rolename' then
  addLinks({ roles = { redis.call('HGET', K.aclrolenames, arg) } })
elseif mode == 'tokens' or mode == 'policies' or mode == 'roles' then
  if mode == 'tokens' then
    addAll('token', K.acltokens)
  end
  if mode ~= 'policies' then
    addAll('role', K.aclroles)
  end
  addAll('policy', K.aclpolicies)
else
  return redis.error_reply('BADARG mode')
end
return out
