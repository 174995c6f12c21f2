import { emptyRuleSet, type RuleSet } from '../../src/acl/rule-set.js';

type Plain = { [K in keyof RuleSet]?: RuleSet[K] extends string ? string : Record<string, string | [string, string]> };

/**
 * A RuleSet written compactly: blocks as `{ segment: policy }` (services as
 * `{ segment: [policy, intentions] }`), in the order the policy lists them.
 */
export function ruleSet(plain: Plain): RuleSet {
  const out = emptyRuleSet();
  for (const [field, value] of Object.entries(plain) as [keyof RuleSet, unknown][]) {
    if (typeof value === 'string') {
      (out[field] as string) = value;
      continue;
    }
    const service = field === 'service' || field === 'servicePrefix';
    (out[field] as unknown[]) = Object.entries(value as Record<string, string | [string, string]>).map(([segment, policy]) => {
      const [p, intentions] = Array.isArray(policy) ? policy : [policy, ''];
      return service ? { segment: Buffer.from(segment), policy: p, intentions } : { segment: Buffer.from(segment), policy: p };
    });
  }
  return out;
}
