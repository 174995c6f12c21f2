#!lua
--[[
acl-write: create, update or delete an ACL object (a token, policy or role), keeping its
unique index (a token's SecretID, a policy's or role's lower-cased name) in step and
telling every gateway through the change feed. The object's rules are the domain's
(src/kv/acl-service.ts); this keeps ids and unique values unique under concurrent writers.
KEYS[1] idx
ARGV[1] fence         highest index the gateway has served
ARGV[2] feed length   approximate cap of the change feed
ARGV[3] kind          'token', 'policy' or 'role'
ARGV[4] mode          'create'; 'update'; 'delete'; 'bootstrap' (create, once per
                      datacenter); 'ensure' (create unless the id or unique value is taken,
                      else leave everything as it is)
ARGV[5] id            AccessorID, policy ID or role ID
ARGV[6] unique        SecretID or lower-cased name ('' on delete)
ARGV[7] body          the object as JSON, without its indexes ('' on delete)
ARGV[8] boot          '1': the object marks the ACL system bootstrapped (the initial
                      management token) unless it is already
Reply: {O.OK, index} ('' when nothing changed); {O.ACL_ID_TAKEN}; {O.ACL_UNIQUE_TAKEN};
       {O.ACL_MISSING}; {O.ACL_BOOTSTRAPPED, index of the bootstrap}.
]]
--- @include "outcomes"
--- @include "write"

local kind, mode, id, unique, body = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local INDEXES = {
  token = { K.acltokens, K.aclsecrets },
  policy = { K.aclpolicies, K.aclpolicynames },
  role = { K.aclroles, K.aclrolenames },
}
local MODES = { create = true, update = true, delete = true, bootstrap = true, ensure = true }
if not INDEXES[kind] or not MODES[mode] or id == '' or (mode ~= 'delete' and (unique == '' or body == '')) then
  return redis.error_reply('BADARG kind, mode, id, unique value and body')
end
local ids, uniques = INDEXES[kind][1], INDEXES[kind][2]
local key = aclKey(kind, id)
local exists = redis.call('EXISTS', key) == 1
local holder = unique ~= '' and redis.call('HGET', uniques, unique)
local booted = redis.call('HGET', K.meta, 'aclboot')

if mode == 'bootstrap' and booted then
  return { O.ACL_BOOTSTRAPPED, booted }
end
if mode == 'create' or mode == 'bootstrap' or mode == 'ensure' then
  local taken = (exists and O.ACL_ID_TAKEN) or (holder and O.ACL_UNIQUE_TAKEN)
  if taken and mode ~= 'ensure' then
    return { taken }
  elseif taken then
    if ARGV[8] == '1' and not booted then
      redis.call('HSET', K.meta, 'aclboot', redis.call('HGET', aclKey(kind, holder or id), 'c') or '1')
    end
    return { O.OK, '' }
  end
elseif not exists then
  return { O.ACL_MISSING }
elseif holder and holder ~= id then
  return { O.ACL_UNIQUE_TAKEN }
end

stageAcl(kind .. ':' .. id)
local idx = commit()
local old = redis.call('HGET', key, 'u')
if old and old ~= unique then
  redis.call('HDEL', uniques, old)
end
if mode == 'delete' then
  redis.call('DEL', key)
  redis.call('ZREM', ids, id)
else
  redis.call('HSET', key, 'j', body, 'u', unique, 'm', idx)
  if not exists then
    redis.call('HSET', key, 'c', idx)
  end
  redis.call('ZADD', ids, 0, id)
  redis.call('HSET', uniques, unique, id)
end
if mode == 'bootstrap' or (ARGV[8] == '1' and not booted) then
  redis.call('HSET', K.meta, 'aclboot', idx)
end
return { O.OK, idx }
