import { emptyRuleSet, FIELDS, type Rule, type RuleSet, type ServiceRule } from './rule-set.js';

/**
 * acl/policy.go `takesPrecedenceOver`: deny > write > list > read > anything else. It
 * compares the strings as written, so a capitalised level (`"WRITE"`, valid per Validate)
 * ranks as unknown: an unsegmented `acl = "WRITE"` never replaces the empty merge start and
 * grants nothing, exactly as in Consul.
 */
export function takesPrecedenceOver(a: string, b: string): boolean {
  for (const level of ['deny', 'write', 'list', 'read']) {
    if (a === level) return true;
    if (b === level) return false;
  }
  return false;
}

/**
 * acl/policy_merger.go `MergePolicies`: for each resource, segment and kind (exact or
 * prefix) the rule with the highest precedence wins, across all the token's policies and
 * within one policy. A service rule's `intentions` merges separately from its `policy`.
 */
export function mergeRuleSets(sets: readonly RuleSet[]): RuleSet {
  const merged = emptyRuleSet();
  for (const spec of FIELDS) {
    if (spec.kind === 'string') {
      for (const set of sets) {
        if (takesPrecedenceOver(set[spec.field], merged[spec.field])) merged[spec.field] = set[spec.field];
      }
      continue;
    }
    const bySegment = new Map<string, Rule | ServiceRule>();
    const service = spec.field === 'service' || spec.field === 'servicePrefix';
    for (const set of sets) {
      for (const rule of set[spec.field] as Rule[]) {
        const id = rule.segment.toString('latin1');
        const existing = bySegment.get(id);
        if (existing === undefined) bySegment.set(id, { ...rule });
        else if (service) bySegment.set(id, mergeService(existing as ServiceRule, rule as ServiceRule));
        else if (takesPrecedenceOver(rule.policy, existing.policy)) bySegment.set(id, { ...rule });
      }
    }
    (merged[spec.field] as Rule[]) = [...bySegment.values()];
  }
  return merged;
}

function mergeService(existing: ServiceRule, rule: ServiceRule): ServiceRule {
  return {
    segment: existing.segment,
    policy: takesPrecedenceOver(rule.policy, existing.policy) ? rule.policy : existing.policy,
    intentions: takesPrecedenceOver(rule.intentions, existing.intentions) ? rule.intentions : existing.intentions,
  };
}
