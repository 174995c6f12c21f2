import { describe, expect, it } from 'vitest';
import { ALLOW, DEFAULT, DENIED, LIST, READ, WRITE, enforce, type Decision, type Level, type Required } from '../../src/acl/access.js';
import { Authorizer, parseRules, type DefaultPolicy } from '../../src/acl/index.js';
import { PolicyAuthorizer } from '../../src/acl/policy-authorizer.js';

// The authorizer tables of Consul's acl/acl_test.go (`TestACL`) and
// acl/policy_authorizer_test.go, for the resources kvgate checks.

type Check = 'keyRead' | 'keyWrite' | 'keyList' | 'keyWritePrefix' | 'sessionRead' | 'sessionWrite' | 'agentRead' | 'agentWrite' | 'nodeRead' | 'nodeWrite';

function run(authz: Authorizer, check: Check, segment: string): boolean {
  return check.startsWith('key') ? authz[check as 'keyRead'](Buffer.from(segment)) : authz[check as 'sessionRead'](segment);
}

function table(rules: string, defaultPolicy: DefaultPolicy, rows: [segment: string, check: Check, allowed: boolean][]) {
  const authz = Authorizer.compile([parseRules(rules)], defaultPolicy);
  for (const [segment, check, allowed] of rows) {
    it(`${check}(${JSON.stringify(segment)}) is ${allowed ? 'allowed' : 'denied'}`, () => expect(run(authz, check, segment)).toBe(allowed));
  }
}

describe('ExactMatchPrecedence (default deny): an exact rule beats every prefix', () => {
  for (const resource of ['key', 'session', 'agent', 'node'] as const) {
    describe(resource, () => {
      const rules = `${resource} "foo" { policy = "write" }\n${resource} "football" { policy = "deny" }\n${resource}_prefix "foot" { policy = "read" }\n${resource}_prefix "fo" { policy = "read" }`;
      const read = `${resource}Read` as Check;
      const write = `${resource}Write` as Check;
      table(rules, 'deny', [
        ['fo', read, true], ['fo', write, false], ['for', read, true], ['for', write, false],
        ['foo', read, true], ['foo', write, true], ['foot', read, true], ['foot', write, false],
        ['foot2', read, true], ['foot2', write, false], ['food', read, true], ['food', write, false],
        ['football', read, false], ['football', write, false],
      ]);
    });
  }
});

describe('ComplexDefaultAllow: key rules', () => {
  const rules = ['foo/:write', 'foo/priv/:deny', 'bar/:deny', 'zip/:read', 'zap/:list']
    .map((r) => r.split(':'))
    .map(([seg, level]) => `key "${seg}" { policy = "${level}" }\nkey_prefix "${seg}" { policy = "${level}" }`)
    .join('\n');
  const row = (segment: string, read: boolean, write: boolean, writePrefix: boolean, list: boolean) =>
    [[segment, 'keyRead', read], [segment, 'keyWrite', write], [segment, 'keyWritePrefix', writePrefix], [segment, 'keyList', list]] as [string, Check, boolean][];
  table(rules, 'allow', [
    ...row('other', true, true, true, true),
    ...row('foo/test', true, true, true, true),
    ...row('foo/priv/test', false, false, false, false),
    ...row('bar/any', false, false, false, false),
    ...row('zip/test', true, false, false, false),
    ...row('foo/', true, true, false, true),
    ...row('', true, true, false, true),
    ...row('zap/test', true, false, false, true),
  ]);
});

describe('KeyWritePrefixDefaultDeny', () => {
  const rules = `key_prefix "fo" { policy = "read" }\nkey_prefix "foo/" { policy = "write" }\nkey_prefix "bar/" { policy = "write" }
key_prefix "baz/" { policy = "write" }\nkey_prefix "test/" { policy = "write" }\nkey "foo/bar" { policy = "write" }\nkey "bar/baz" { policy = "read" }`;
  table(rules, 'deny', [
    ['foo', 'keyWritePrefix', false], // the best prefix rule ("fo") does not grant write
    ['baz/', 'keyWritePrefix', true], // write prefix, nothing below
    ['foo/', 'keyWritePrefix', true], // write prefix, everything below writable
    ['bar/', 'keyWritePrefix', false], // "bar/baz" below is read-only
    ['te', 'keyWritePrefix', false], // no prefix rule: the default policy, whatever lies below
  ]);
});

describe('KeyWritePrefixDefaultAllow', () => {
  table(`key "foo/bar" { policy = "read" }`, 'allow', [
    ['foo', 'keyWritePrefix', false],
    ['bar', 'keyWritePrefix', true],
  ]);
});

describe('unsegmented resources', () => {
  it('ACLRead: acl = "read" grants read, not write', () => {
    const authz = Authorizer.compile([parseRules('acl = "read"')], 'deny');
    expect([authz.aclRead(), authz.aclWrite()]).toEqual([true, false]);
  });
  it('ACLWrite: acl = "write" grants both', () => {
    const authz = Authorizer.compile([parseRules('acl = "write"')], 'deny');
    expect([authz.aclRead(), authz.aclWrite()]).toEqual([true, true]);
  });
  it('KeyringDefaultAllowPolicyDeny: a deny rule beats the default', () => {
    const authz = Authorizer.compile([parseRules('keyring = "deny"')], 'allow');
    expect([authz.check('keyring', '', 'read'), authz.check('keyring', '', 'write')]).toEqual([false, false]);
  });
  it('KeyringDefaultAllowPolicyRead: read is granted, write is denied', () => {
    const authz = Authorizer.compile([parseRules('keyring = "read"')], 'allow');
    expect([authz.check('keyring', '', 'read'), authz.check('keyring', '', 'write')]).toEqual([true, false]);
  });
});

describe('static authorizers (acl/static_authorizer.go)', () => {
  const empty = [parseRules('')];
  it('AllowAll: everything but acl:read and acl:write', () => {
    const authz = Authorizer.compile(empty, 'allow');
    expect([authz.keyRead(Buffer.from('k')), authz.keyWritePrefix(Buffer.from('')), authz.sessionWrite('n'), authz.operatorWrite()]).toEqual([true, true, true, true]);
    expect([authz.aclRead(), authz.aclWrite()]).toEqual([false, false]);
  });
  it('DenyAll: nothing', () => {
    const authz = Authorizer.compile(empty, 'deny');
    expect([authz.keyRead(Buffer.from('k')), authz.keyList(Buffer.from('')), authz.sessionRead('n'), authz.aclRead(), authz.operatorRead()]).toEqual([false, false, false, false, false]);
  });
  it('ManageAll: everything', () => {
    const authz = Authorizer.management();
    expect([authz.keyWritePrefix(Buffer.from('')), authz.aclWrite(), authz.check('mesh', '', 'write'), authz.check('key', 'x', 'write-prefix')]).toEqual([true, true, true, true]);
  });
});

describe('chained policies (the policyStack cases of TestACL)', () => {
  /** Consul layers the child over its parent: the first authorizer with a decision wins. */
  const chain = (rules: string[], fallback: boolean, decide: (p: PolicyAuthorizer) => Decision) => {
    for (const layer of rules.map((r) => new PolicyAuthorizer([parseRules(r)])).reverse()) {
      const d = decide(layer);
      if (d !== DEFAULT) return d === ALLOW;
    }
    return fallback;
  };
  const parent = `key "foo/" { policy = "write" }\nkey_prefix "foo/" { policy = "write" }\nkey "bar/" { policy = "read" }\nkey_prefix "bar/" { policy = "read" }`;
  const child = `key "foo/priv/" { policy = "read" }\nkey_prefix "foo/priv/" { policy = "read" }\nkey "bar/" { policy = "deny" }\nkey_prefix "bar/" { policy = "deny" }
key "zip/" { policy = "read" }\nkey_prefix "zip/" { policy = "read" }`;
  const rows: [string, boolean, boolean, boolean][] = [
    ['other', false, false, false], ['foo/test', true, true, true], ['foo/priv/test', true, false, false],
    ['bar/any', false, false, false], ['zip/test', true, false, false],
  ];
  for (const [key, read, write, writePrefix] of rows) {
    it(`Parent: ${key} read=${read} write=${write} writePrefix=${writePrefix}`, () => {
      const k = Buffer.from(key);
      expect(chain([parent, child], false, (p) => p.key(k, READ))).toBe(read);
      expect(chain([parent, child], false, (p) => p.key(k, WRITE))).toBe(write);
      expect(chain([parent, child], false, (p) => p.keyWritePrefix(k))).toBe(writePrefix);
    });
  }
});

describe('enforce (TestACLEnforce)', () => {
  const cases: [Level, Required, Decision][] = [
    [0, READ, DEFAULT], [0, WRITE, DEFAULT], [0, LIST, DEFAULT],
    [READ, READ, ALLOW], [READ, WRITE, DENIED], [READ, LIST, DENIED],
    [LIST, READ, ALLOW], [LIST, WRITE, DENIED], [LIST, LIST, ALLOW],
    [WRITE, READ, ALLOW], [WRITE, WRITE, ALLOW], [WRITE, LIST, ALLOW],
    [1, READ, DENIED], [1, WRITE, DENIED], [1, LIST, DENIED],
  ];
  for (const [rule, required, expected] of cases) {
    it(`rule ${rule} for ${required} decides ${expected}`, () => expect(enforce(rule, required)).toBe(expected));
  }
});
