import { describe, expect, it } from 'vitest';
import { AclRulesError, parseRules } from '../../src/acl/index.js';

function failure(rules: string): string {
  try {
    parseRules(rules);
  } catch (err) {
    expect(err).toBeInstanceOf(AclRulesError);
    return (err as Error).message;
  }
  throw new Error(`rules parsed: ${rules}`);
}

// Texts and positions produced by hashicorp/hcl v1's own parser and decoder for the same
// input (Consul prefixes them with "Failed to parse ACL rules: ").
const SYNTAX: [what: string, rules: string, message: string][] = [
  ['unclosed block', 'key "foo" { policy = "read"', 'At 1:29: object expected closing RBRACE got: EOF'],
  ['unclosed block over lines', 'key_prefix "app/" {\n  policy = "write"\n', 'At 3:2: object expected closing RBRACE got: EOF'],
  ['missing = ', 'acl "read"', `At 1:11: key 'acl "read"' expected start of object ('{') or assignment ('=')`],
  ['argument without value', 'key "a" { policy }', `At 1:18: key 'policy' expected start of object ('{') or assignment ('=')`],
  ['value missing before }', 'key "a" { policy = }', 'At 1:21: object expected closing RBRACE got: EOF'],
  ['missing { after labels', 'key "a" policy = "read" }', 'At 1:16: nested object expected: LBRACE got: ASSIGN'],
  ['unterminated string at the end', 'acl = "read', 'At 1:12: literal not terminated'],
  ['unterminated string at a newline', 'acl = "read\nkey "a" {}', 'At 1:12: literal not terminated'],
  ['unexpected token as value', 'acl = ]', 'At 1:7: Unknown token: 1:7 RBRACK ]'],
  ['= without a key', '= "x"', 'At 1:1: no object keys found!'],
  ['stray }', 'key "x" { policy = "read" } }', 'At 1:29: expected: IDENT | STRING | ASSIGN | LBRACE got: RBRACE'],
  ['unterminated comment', '/* unterminated', 'At 1:16: comment not terminated'],
  ['single slash', 'acl = "read" / x', "At 1:14: expected '/' for comment"],
  ['illegal character', 'acl = "read" @', 'At 1:14: illegal char'],
  ['escape Go does not know', 'acl = "a\\/b"', 'At 1:10: illegal char escape'],
  ['list without commas', 'acl = ["a" "b"]', 'At 1:12: error parsing list, expected comma or list end, got: STRING'],
  ['bad object in a list', 'key = [{a = 1}, {b = 2]', 'At 1:17: error while trying to parse object within list: At 1:23: expected: IDENT | STRING | ASSIGN | LBRACE got: RBRACK'],
  ['block where a string is expected', 'acl "x" {}', 'At 1:5: root.acl: unknown type for string *ast.ObjectList'],
  ['list where a string is expected', 'acl = ["a"]', 'At 1:7: root.acl: unknown type for string *ast.ListType'],
  ['string where blocks are expected', 'key = "x"', 'At 1:7: unknown slice type: *ast.LiteralType'],
  ['block without a label', 'key = [{policy = "read"}]', "At 1:9: root.key[0]: Prefix asked for 'key', impossible"],
  ['JSON: escape Go does not know', '{"acl": "a\\/b"}', '1:12: illegal char escape'],
  ['JSON: bare word', '{"acl": tru}', '1:11: illegal char'],
  ['JSON: object where a string is expected (no position)', '{ "acl": {"x": {}} }', 'At -: root.acl: unknown type for string *ast.ObjectList'],
];

describe('syntax errors read like HCL v1', () => {
  for (const [what, rules, message] of SYNTAX) {
    it(`${what}: "${message}"`, () => expect(failure(rules)).toBe(`Failed to parse ACL rules: ${message}`));
  }
});

describe('a repeated argument in one object', () => {
  it('is refused at the top level, at the second occurrence', () => {
    expect(failure('acl = "read"\nacl = "write"')).toBe(
      'Failed to parse ACL rules: The argument "acl" at 2:1 was already set. Each argument can only be defined once',
    );
  });

  it('is refused inside a block', () => {
    expect(failure('key "a" { policy = "read" policy = "write" }')).toBe(
      'Failed to parse ACL rules: The argument "policy" at 1:27 was already set. Each argument can only be defined once',
    );
  });

  it('is refused for the assignment form of a block', () => {
    expect(failure('key = { "a" = { policy = "read" } }\nkey = { "b" = { policy = "read" } }')).toMatch(/^Failed to parse ACL rules: The argument "key" at 2:1 was already set/);
  });

  it('does not concern repeated blocks or the same argument in two blocks', () => {
    expect(() => parseRules('key "a" { policy = "read" }\nkey "a" { policy = "read" }')).not.toThrow();
    expect(() => parseRules('key "a" { policy = "read" }\nkey "b" { policy = "read" }')).not.toThrow();
  });
});

describe('validation messages (acl/policy.go Validate)', () => {
  it('prints the offending rule as Go %#v', () => {
    expect(failure('key_prefix "x" { policy = "nope" }')).toBe(
      'Invalid key_prefix policy: &acl.KeyRule{Prefix:"x", Policy:"nope", EnterpriseRule:acl.EnterpriseRule{}}',
    );
    expect(failure('session "n" { policy = "list" }')).toBe('Invalid session policy: &acl.SessionRule{Node:"n", Policy:"list"}');
    expect(failure('service "foo" { policy = "write" intentions = "foo" }')).toBe(
      'Invalid service intentions policy: &acl.ServiceRule{Name:"foo", Policy:"write", Intentions:"foo", EnterpriseRule:acl.EnterpriseRule{}}',
    );
  });

  it('treats a block without policy as invalid', () => {
    expect(failure('key "a" { }')).toBe('Invalid key policy: &acl.KeyRule{Prefix:"a", Policy:"", EnterpriseRule:acl.EnterpriseRule{}}');
  });

  it('quotes unsegmented values as Go does', () => {
    expect(failure('operator = "nope"')).toBe('Invalid operator policy: "nope"');
    expect(failure('acl = "li\\tst"')).toBe('Invalid acl policy: "li\\tst"');
  });

  it('accepts list only on key and key_prefix', () => {
    expect(() => parseRules('key "a" { policy = "list" }\nkey_prefix "" { policy = "LIST" }')).not.toThrow();
    expect(failure('node_prefix "" { policy = "list" }')).toMatch(/^Invalid node_prefix policy: /);
  });

  it('escapes bytes that are not UTF-8', () => {
    expect(failure('key "\\xff" { policy = "x" }')).toBe('Invalid key policy: &acl.KeyRule{Prefix:"\\xff", Policy:"x", EnterpriseRule:acl.EnterpriseRule{}}');
  });
});

describe('hostile input fails fast with a clear error', () => {
  const deep = (open: string, close: string, n: number) => open.repeat(n) + close.repeat(n);

  it('refuses blocks nested deeper than 32 levels', () => {
    const rules = deep('a { ', '} ', 40);
    expect(failure(rules)).toMatch(/^Failed to parse ACL rules: At 1:\d+: objects and lists nest deeper than 32 levels$/);
  });

  it('refuses deeply nested lists and JSON objects', () => {
    expect(failure(`acl = ${deep('[', ']', 10_000)}`)).toMatch(/nest deeper than 32 levels/);
    expect(failure(deep('{"a":', '}', 10_000))).toMatch(/nest deeper than 32 levels/);
  });

  it('answers 1 MB of { at once', () => {
    const started = performance.now();
    expect(failure('{'.repeat(1 << 20))).toBe('Failed to parse ACL rules: expected: STRING got: LBRACE');
    expect(failure('a' + ' {'.repeat(1 << 19))).toMatch(/^Failed to parse ACL rules: At 1:\d+: /);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reads a 1 MB string in linear time', () => {
    const started = performance.now();
    const long = 'k'.repeat(1 << 20);
    expect(parseRules(`key_prefix "${long}" { policy = "read" }`).keyPrefix[0]?.segment.length).toBe(1 << 20);
    expect(failure(`acl = "${long}`)).toBe(`Failed to parse ACL rules: At 1:${(1 << 20) + 8}: literal not terminated`);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
