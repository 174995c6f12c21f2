import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/acl/index.js';
import { ruleSet } from './rules.js';

// What HCL v1 (as Consul decodes it) accepts beyond the canonical form. Each expectation
// was checked against hashicorp/hcl's own decoder.

describe('rules syntax accepted like HCL v1', () => {
  it('reads the three comment styles', () => {
    const rules = `# hash\nacl = "read" // slashes\n/* block\n comment */ operator = "write"`;
    expect(parseRules(rules)).toEqual(ruleSet({ acl: 'read', operator: 'write' }));
  });

  it('accepts commas between arguments, on one line and after blocks', () => {
    expect(parseRules(`acl = "read", operator = "write"`)).toEqual(ruleSet({ acl: 'read', operator: 'write' }));
    expect(parseRules(`key "a" { policy = "read", }, key "b" { policy = "write" }`)).toEqual(ruleSet({ key: { a: 'read', b: 'write' } }));
  });

  it('takes "" as a label: the catch-all prefix', () => {
    expect(parseRules(`key_prefix "" { policy = "write" }`)).toEqual(ruleSet({ keyPrefix: { '': 'write' } }));
  });

  it('decodes Go escapes in labels: quote, backslash, newline, tab, \\u, \\x, octal', () => {
    const rules = String.raw`key_prefix "\"\\\n\t\u00e9\x41\101" { policy = "read" }`;
    expect(parseRules(rules).keyPrefix[0]?.segment).toEqual(Buffer.from('"\\\n\té' + 'AA'));
  });

  it('keeps escaped bytes that are not UTF-8 as bytes', () => {
    expect(parseRules(String.raw`key "\xff" { policy = "read" }`).key[0]?.segment).toEqual(Buffer.from([0xff]));
  });

  it('accepts a bare identifier as a label', () => {
    expect(parseRules(`key foo { policy = "read" }`)).toEqual(ruleSet({ key: { foo: 'read' } }));
  });

  it('accepts the assignment form of blocks', () => {
    expect(parseRules(`key_prefix = { "app/" = { policy = "write" } }`)).toEqual(ruleSet({ keyPrefix: { 'app/': 'write' } }));
  });

  it('matches names case-insensitively, as the hcl decoder does', () => {
    expect(parseRules(`KEY_PREFIX "a" { POLICY = "list" }`)).toEqual(ruleSet({ keyPrefix: { a: 'list' } }));
  });

  it('keeps access levels as written (they validate case-insensitively)', () => {
    expect(parseRules(`key "a" { policy = "WRITE" }`)).toEqual(ruleSet({ key: { a: 'WRITE' } }));
  });

  it('ignores unknown resources and unknown block arguments, like a typo in Consul', () => {
    const rules = `keys "x" { policy = "write" }\nnamespace "ns" { key_prefix "" { policy = "write" } }\nkey "a" { policy = "read" color = "red" }`;
    expect(parseRules(rules)).toEqual(ruleSet({ key: { a: 'read' } }));
  });

  it('keeps repeated blocks for the same segment (the merge decides between them)', () => {
    const rules = `key "a" { policy = "read" }\nkey "a" { policy = "deny" }`;
    expect(parseRules(rules).key.map((r) => r.policy)).toEqual(['read', 'deny']);
  });

  it('reads CRLF line endings', () => {
    expect(parseRules('acl = "read"\r\nkey "a" {\r\n policy = "write"\r\n}')).toEqual(ruleSet({ acl: 'read', key: { a: 'write' } }));
  });

  it('decodes a number as its text (then refused by validation, not by the parser)', () => {
    expect(() => parseRules('acl = 12')).toThrow('Invalid acl policy: "12"');
  });
});

describe('the JSON form', () => {
  it('is chosen by a leading { after whitespace', () => {
    expect(parseRules('  \n {"keyring": "write"}')).toEqual(ruleSet({ keyring: 'write' }));
  });

  it('accepts arrays of objects for a resource', () => {
    const rules = `{ "key_prefix": [{"a/": {"policy": "write"}}, {"b/": {"policy": "read"}}], "acl": "read" }`;
    expect(parseRules(rules)).toEqual(ruleSet({ acl: 'read', keyPrefix: { 'a/': 'write', 'b/': 'read' } }));
  });

  it('reads null as an empty string', () => {
    expect(parseRules(`{"acl": null}`)).toEqual(ruleSet({}));
    expect(() => parseRules(`{"key": {"a": {"policy": null}}}`)).toThrow('Invalid key policy: &acl.KeyRule{Prefix:"a", Policy:""');
  });

  it('decodes \\u escapes', () => {
    expect(parseRules(`{"key": {"caf\\u00e9": {"policy": "read"}}}`).key[0]?.segment).toEqual(Buffer.from('café'));
  });

  it('lets a repeated string argument take the last value (only the HCL form rejects duplicates)', () => {
    expect(parseRules(`{"acl": "read", "acl": "write"}`)).toEqual(ruleSet({ acl: 'write' }));
  });

  it('is as lenient as HCL v1 about a missing closing brace', () => {
    expect(parseRules(`{"acl": "read"`)).toEqual(ruleSet({ acl: 'read' }));
  });
});
