import { describe, expect, it } from 'vitest';
import { Authorizer, globalReadOnlyRuleSet, globalManagementRuleSet, invalidCheckMessage, parseRules } from '../../src/acl/index.js';

const key = (k: string | number[]) => (typeof k === 'string' ? Buffer.from(k) : Buffer.from(k));
const compile = (policies: string[], defaultPolicy: 'allow' | 'deny' = 'deny') => Authorizer.compile(policies.map(parseRules), defaultPolicy);

describe('resolving one key', () => {
  it('an exact rule beats a longer-looking prefix', () => {
    const authz = compile(['key "app/" { policy = "deny" }\nkey_prefix "app/" { policy = "write" }\nkey_prefix "app/x" { policy = "write" }']);
    expect(authz.keyRead(key('app/'))).toBe(false);
    expect(authz.keyWrite(key('app/y'))).toBe(true);
  });

  it('the longest matching prefix wins, and prefixes are plain byte prefixes', () => {
    const authz = compile(['key_prefix "" { policy = "read" }\nkey_prefix "app" { policy = "write" }\nkey_prefix "app/secret/" { policy = "deny" }']);
    expect(authz.keyWrite(key('apple'))).toBe(true);
    expect(authz.keyWrite(key('app/x'))).toBe(true);
    expect(authz.keyRead(key('app/secret/x'))).toBe(false);
    expect(authz.keyRead(key('zzz'))).toBe(true);
    expect(authz.keyWrite(key('zzz'))).toBe(false);
  });

  it('a matching rule that grants too little is a denial, whatever the default policy', () => {
    const authz = compile(['key_prefix "" { policy = "read" }'], 'allow');
    expect(authz.keyWrite(key('a'))).toBe(false);
    expect(authz.keyList(key('a'))).toBe(false);
  });

  it('list grants read and list, not write', () => {
    const authz = compile(['key_prefix "l/" { policy = "list" }']);
    expect([authz.keyRead(key('l/a')), authz.keyList(key('l/')), authz.keyWrite(key('l/a'))]).toEqual([true, true, false]);
  });

  it('no rule falls to the default policy', () => {
    expect(compile(['key "a" { policy = "read" }'], 'allow').keyWrite(key('b'))).toBe(true);
    expect(compile(['key "a" { policy = "read" }'], 'deny').keyRead(key('b'))).toBe(false);
  });

  it('compares keys as bytes, including bytes that are not UTF-8', () => {
    const authz = compile(['key_prefix "\\xff" { policy = "write" }\nkey_prefix "\\xc3" { policy = "read" }']);
    expect(authz.keyWrite(key([0xff, 0x00, 0x41]))).toBe(true);
    expect(authz.keyRead(key('é'))).toBe(true);
    expect(authz.keyWrite(key('é'))).toBe(false);
  });
});

describe('several policies on one token', () => {
  it('deny > write > list > read at the same segment', () => {
    const authz = compile(['key "a" { policy = "write" }', 'key "a" { policy = "deny" }', 'key "b" { policy = "read" }', 'key "b" { policy = "list" }']);
    expect([authz.keyRead(key('a')), authz.keyList(key('b')), authz.keyWrite(key('b'))]).toEqual([false, true, false]);
  });

  it('a deny on a shorter prefix does not beat a write on a longer one', () => {
    const authz = compile(['key_prefix "" { policy = "deny" }', 'key_prefix "team/" { policy = "write" }']);
    expect([authz.keyWrite(key('team/x')), authz.keyRead(key('other'))]).toEqual([true, false]);
  });

  it('unsegmented levels merge the same way', () => {
    expect(compile(['operator = "read"', 'operator = "write"']).operatorWrite()).toBe(true);
    expect(compile(['acl = "write"', 'acl = "deny"']).aclRead()).toBe(false);
  });
});

describe('prefix write (recursive delete)', () => {
  it('write everywhere but a denied key below: the tree is refused, a sibling key is not', () => {
    const authz = compile(['key_prefix "" { policy = "write" }\nkey "a/x" { policy = "deny" }']);
    expect(authz.keyWritePrefix(key('a/'))).toBe(false);
    expect(authz.keyWrite(key('a/y'))).toBe(true);
    expect(authz.keyWritePrefix(key('b/'))).toBe(true);
    expect(authz.keyWritePrefix(key(''))).toBe(false);
  });

  it('ignores exact rules on the way to the prefix, but not at the prefix itself', () => {
    const authz = compile(['key_prefix "a" { policy = "write" }\nkey "a" { policy = "read" }\nkey "" { policy = "deny" }']);
    expect(authz.keyWritePrefix(key('ab'))).toBe(true);
    expect(authz.keyWritePrefix(key('a'))).toBe(false);
  });

  it('without a prefix rule, follows the default policy when nothing below refuses', () => {
    expect(compile(['key "x/y" { policy = "write" }'], 'allow').keyWritePrefix(key('x/'))).toBe(true);
    expect(compile(['key "x/y" { policy = "write" }'], 'deny').keyWritePrefix(key('x/'))).toBe(false);
  });
});

describe('names: sessions, nodes, agents', () => {
  it('resolve like keys, on the UTF-8 of the name', () => {
    const authz = compile(['session_prefix "" { policy = "read" }\nsession "db-1" { policy = "write" }\nagent_prefix "ü" { policy = "read" }']);
    expect([authz.sessionWrite('db-1'), authz.sessionWrite('db-10'), authz.sessionRead('x')]).toEqual([true, false, true]);
    expect([authz.agentRead('über'), authz.agentRead('uber'), authz.nodeRead('n')]).toEqual([true, false, false]);
  });

  it('handle names longer than the scratch buffer', () => {
    const long = 'n'.repeat(5000);
    expect(compile([`node "${long}" { policy = "write" }`]).nodeWrite(long)).toBe(true);
  });
});

describe('built-in policies', () => {
  it('global-management grants write on everything', () => {
    const authz = Authorizer.compile([globalManagementRuleSet()], 'deny');
    expect([authz.keyWritePrefix(key('')), authz.aclWrite(), authz.sessionWrite('n'), authz.check('intention', '*', 'write')]).toEqual([true, true, true, true]);
  });

  it('builtin/global-read-only grants read, never write', () => {
    const authz = Authorizer.compile([globalReadOnlyRuleSet()], 'allow');
    expect([authz.keyRead(key('a')), authz.aclRead(), authz.keyWrite(key('a')), authz.keyList(key('')), authz.aclWrite()]).toEqual([true, true, false, false, false]);
  });
});

describe('the generic check (POST /v1/internal/acl/authorize)', () => {
  const authz = compile(['key_prefix "a/" { policy = "write" }\nservice "web" { policy = "write" }\noperator = "read"\nmesh = "write"'], 'deny');

  it('answers per resource and access, access in any case', () => {
    expect(authz.check('key', 'a/b', 'WRITE')).toBe(true);
    expect(authz.check('key', 'a/', 'write-prefix')).toBe(true);
    expect(authz.check('key', 'b', 'read')).toBe(false);
    expect(authz.check('service', 'web', 'write')).toBe(true);
    expect(authz.check('intention', 'web', 'read')).toBe(true);
    expect(authz.check('intention', 'web', 'write')).toBe(false);
  });

  it('falls back to operator for peering, not for mesh when mesh has a rule', () => {
    expect([authz.check('peering', '', 'read'), authz.check('peering', '', 'write'), authz.check('mesh', '', 'write')]).toEqual([true, false, true]);
  });

  it('is undefined for an unknown resource or access, with Consul\'s message', () => {
    expect(authz.check('bogus', '', 'read')).toBeUndefined();
    expect(authz.check('toString', '', 'read')).toBeUndefined();
    expect(authz.check('session', 'n', 'list')).toBeUndefined();
    expect(invalidCheckMessage('bogus', 'read')).toBe('Invalid ACL resource requested: "bogus"');
    expect(invalidCheckMessage('session', 'List')).toBe('Invalid access level for session resource: List');
  });
});

describe('hot path', () => {
  it('a compiled authorizer answers a million key reads quickly, even with a thousand rules', () => {
    const rules = Array.from({ length: 1000 }, (_, i) => `key_prefix "team-${i}/" { policy = "${i % 2 ? 'read' : 'write'}" }`).join('\n');
    const authz = compile([rules]);
    const keys = Array.from({ length: 1000 }, (_, i) => key(`team-${i}/service/config/value-${i}`));
    const started = performance.now();
    let allowed = 0;
    for (let round = 0; round < 1000; round++) for (const k of keys) if (authz.keyRead(k)) allowed++;
    expect(allowed).toBe(1_000_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
