import { describe, expect, it } from 'vitest';
import { mergeRuleSets, takesPrecedenceOver, type RuleSet } from '../../src/acl/index.js';
import { ruleSet } from './rules.js';

// acl/policy_test.go `TestMergePolicies` and `TestPrecedence`.

/** Order-insensitive view of a merged rule set (Go's merge output comes from a map). */
function sorted(rules: RuleSet): RuleSet {
  const out = { ...rules };
  for (const [field, value] of Object.entries(out)) {
    if (Array.isArray(value)) (out as Record<string, unknown>)[field] = [...value].sort((a, b) => Buffer.compare(a.segment, b.segment));
  }
  return out;
}

describe('merging several policies (acl/policy_merger.go)', () => {
  const first = { foo: 'write', bar: 'read', baz: 'write' };
  const second = { foo: 'read', baz: 'deny' };
  const firstPrefix = { '000': 'write', '111': 'read', '222': 'write' };
  const secondPrefix = { '000': 'read', '222': 'deny' };
  const merged = { foo: 'write', bar: 'read', baz: 'deny' };
  const mergedPrefix = { '000': 'write', '111': 'read', '222': 'deny' };

  for (const [exact, prefix] of [['agent', 'agentPrefix'], ['event', 'eventPrefix'], ['node', 'nodePrefix'], ['session', 'sessionPrefix'], ['query', 'queryPrefix']] as const) {
    it(`${exact}: the highest precedence wins per segment, exact and prefix apart`, () => {
      const result = mergeRuleSets([ruleSet({ [exact]: first, [prefix]: firstPrefix }), ruleSet({ [exact]: second, [prefix]: secondPrefix })]);
      expect(sorted(result)).toEqual(sorted(ruleSet({ [exact]: merged, [prefix]: mergedPrefix })));
    });
  }

  it('key: list ranks between write and read', () => {
    const result = mergeRuleSets([
      ruleSet({ key: { foo: 'write', bar: 'read', baz: 'write', zoo: 'list' }, keyPrefix: { '000': 'write', '111': 'read', '222': 'write', '333': 'list' } }),
      ruleSet({ key: { foo: 'read', baz: 'deny', zoo: 'read' }, keyPrefix: { '000': 'read', '222': 'deny', '333': 'read' } }),
    ]);
    expect(sorted(result)).toEqual(
      sorted(ruleSet({ key: { foo: 'write', bar: 'read', baz: 'deny', zoo: 'list' }, keyPrefix: { '000': 'write', '111': 'read', '222': 'deny', '333': 'list' } })),
    );
  });

  it('service: policy and intentions merge separately', () => {
    const result = mergeRuleSets([
      ruleSet({ service: { foo: ['write', 'write'], bar: ['read', 'read'], baz: ['write', 'write'] } }),
      ruleSet({ service: { foo: ['read', 'read'], baz: ['deny', 'deny'] } }),
      ruleSet({ service: { bar: ['read', 'write'] } }),
    ]);
    expect(sorted(result)).toEqual(sorted(ruleSet({ service: { foo: ['write', 'write'], bar: ['read', 'write'], baz: ['deny', 'deny'] } })));
  });

  const unsegmented = (level: string) => ruleSet({ acl: level, keyring: level, operator: level, mesh: level, peering: level });
  it('unsegmented: write over read', () => expect(mergeRuleSets([unsegmented('read'), unsegmented('write')])).toEqual(unsegmented('write')));
  it('unsegmented: deny over write', () => expect(mergeRuleSets([unsegmented('write'), unsegmented('deny')])).toEqual(unsegmented('deny')));
  it('unsegmented: read over nothing', () => expect(mergeRuleSets([unsegmented('read'), ruleSet({})])).toEqual(unsegmented('read')));

  it('compares levels as written, so a capitalised unsegmented level never takes effect', () => {
    expect(mergeRuleSets([ruleSet({ acl: 'WRITE' })]).acl).toBe('');
    expect(mergeRuleSets([ruleSet({ key: { a: 'WRITE' } }), ruleSet({ key: { a: 'read' } })]).key[0]?.policy).toBe('read');
  });
});

describe('precedence of access levels (acl/policy.go takesPrecedenceOver)', () => {
  const cases: [a: string, b: string, expected: boolean][] = [
    ['deny', 'write', true], ['deny', 'list', true], ['deny', 'read', true], ['deny', 'not a policy', true],
    ['write', 'list', true], ['write', 'read', true], ['write', 'not a policy', true],
    ['list', 'read', true], ['list', 'not a policy', true], ['read', 'not a policy', true],
    ['write', 'deny', false], ['list', 'deny', false], ['read', 'deny', false],
    ['list', 'write', false], ['read', 'write', false], ['not a policy', 'write', false],
    ['read', 'list', false], ['not a policy', 'list', false], ['not a policy', 'read', false],
  ];
  for (const [a, b, expected] of cases) {
    it(`${a} over ${b}: ${expected}`, () => expect(takesPrecedenceOver(a, b)).toBe(expected));
  }
});
