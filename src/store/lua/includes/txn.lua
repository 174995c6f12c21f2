--- @include "outcomes"
--- @include "write"
--- @include "ops/set"
--- @include "ops/delete"
--- @include "ops/delete-tree"
--- @include "ops/lock"
--- @include "ops/read"
-- A transaction (Consul's state/txn.go txnKVS), shared by txn.lua and txn-read.lua. ARGV
-- from ARGV[4] holds seven arguments per op: verb, key, value, flags, index, session, and
-- '1' when the caller's ACL token may not run the op (the domain checked it). Every
-- op runs in order against the change set; errors are collected for all of them; results
-- reference the entries they report (filled with the index after commit). The verb sets
-- mirror the domain's (src/kv/txn-service.ts).
local TXN_WRITES = { set = true, cas = true, lock = true, unlock = true, delete = true, ['delete-cas'] = true, ['delete-tree'] = true }
local TXN_READS = { get = true, ['get-or-empty'] = true, ['get-tree'] = true, ['check-index'] = true, ['check-session'] = true, ['check-not-exists'] = true }

-- The ops, or nil when an argument is malformed (checked before anything is read or written).
local function txnOps()
  local ops = {}
  for at = 4, #ARGV, 7 do
    local op = { verb = ARGV[at], key = ARGV[at + 1], v = ARGV[at + 2], f = ARGV[at + 3], index = ARGV[at + 4], s = ARGV[at + 5], denied = ARGV[at + 6] == '1' }
    if not string.find(op.f, '^%d+$') or not string.find(op.index, '^%d+$') then
      return nil
    end
    ops[#ops + 1] = op
  end
  return ops
end

-- Phase 1 (before any op runs): a key for every verb but delete-tree, a known verb, the
-- token's permission, no lock into a lock-delay. Returns the errors {opIndex, code, detail}.
local function txnPrecheck(ops, writes)
  local errors = {}
  for i, op in ipairs(ops) do
    local known = TXN_READS[op.verb] or (writes and TXN_WRITES[op.verb])
    if op.key == '' and op.verb ~= 'delete-tree' then
      errors[#errors + 1] = { i - 1, O.NO_KEY, '' }
    elseif not known then
      errors[#errors + 1] = { i - 1, O.UNKNOWN_VERB, op.verb }
    elseif op.denied then
      errors[#errors + 1] = { i - 1, O.ACL_DENIED, '' }
    elseif op.verb == 'lock' and inLockDelay(op.key) then
      errors[#errors + 1] = { i - 1, O.LOCK_DELAY, '' }
    end
  end
  return errors
end

-- Phase 2: runs every op; returns errors and results ({key, entry, withValue}).
local function txnRun(ops, cap)
  local errors, results = {}, {}
  local function fail(i, code, detail)
    errors[#errors + 1] = { i - 1, code, detail or '' }
  end
  local function report(key, entry, withValue)
    results[#results + 1] = { key, entry, withValue }
  end
  for i, op in ipairs(ops) do
    local verb, key = op.verb, op.key
    if verb == 'set' or verb == 'cas' then
      if kvSet(key, op.v, op.f, verb == 'cas' and op.index or '') then
        report(key, current(key), false)
      else
        fail(i, O.CAS_MISMATCH)
      end
    elseif verb == 'lock' then
      local problem = sessionProblem(op.s)
      if problem then
        fail(i, problem)
      elseif kvLock(key, op.v, op.f, op.s) then
        report(key, current(key), false)
      else
        fail(i, O.LOCK_HELD)
      end
    elseif verb == 'unlock' then
      if op.s == '' then
        fail(i, O.NO_SESSION)
      elseif kvUnlock(key, op.v, op.f, op.s) then
        report(key, current(key), false)
      else
        fail(i, O.NOT_HELD)
      end
    elseif verb == 'delete' or verb == 'delete-cas' then
      if not kvDelete(key, verb == 'delete-cas' and op.index or '') then
        fail(i, O.CAS_MISMATCH)
      end
    elseif verb == 'delete-tree' then
      kvDeleteTree(key, cap)
    elseif verb == 'get' or verb == 'get-or-empty' then
      local e = current(key)
      if e then
        report(key, e, true)
      elseif verb == 'get' then
        fail(i, O.KEY_MISSING)
      else
        report(key, { c = '0', m = op.index, l = '0', f = op.f, s = op.s, v = '' }, true)
      end
    elseif verb == 'get-tree' then
      for _, item in ipairs(kvGetTree(key, cap)) do
        report(item[1], item[2], true)
      end
    elseif verb == 'check-index' or verb == 'check-session' then
      local e, failure, detail
      if verb == 'check-index' then
        e, failure, detail = kvCheckIndex(key, op.index)
      else
        e, failure, detail = kvCheckSession(key, op.s)
      end
      if e then
        report(key, e, false)
      else
        fail(i, failure, detail)
      end
    elseif verb == 'check-not-exists' then
      if current(key) then
        fail(i, O.KEY_EXISTS)
      end
    end
  end
  return errors, results
end

-- The reply: {O.TXN_PRECHECK_FAILED or O.TXN_FAILED, opIndex, code, detail, ...} or
-- {O.OK, index, then per result: key, value (nil without), flags, CreateIndex,
-- ModifyIndex, LockIndex, session}. Entries this transaction wrote carry its index.
local function txnReply(errors, results, idx, phase)
  local out
  if #errors > 0 then
    out = { phase or O.TXN_FAILED }
    for _, e in ipairs(errors) do
      out[#out + 1] = e[1]
      out[#out + 1] = e[2]
      out[#out + 1] = e[3]
    end
    return out
  end
  out = { O.OK, idx or '' }
  for _, r in ipairs(results) do
    local e = r[2]
    local value = false
    if r[3] then
      value = e.v or string.sub(e.packed, e.at)
    end
    local m = e.m or idx
    local c = e.c or (e.created and idx) or e.c
    local n = #out
    out[n + 1], out[n + 2], out[n + 3], out[n + 4], out[n + 5], out[n + 6], out[n + 7] = r[1], value, e.f, c, m, e.l, e.s
  end
  return out
end
