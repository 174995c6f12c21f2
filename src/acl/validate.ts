import { AclRulesError } from './errors.js';
import { goQuote } from './go-quote.js';
import { FIELDS, type Rule, type RuleSet, type ServiceRule } from './rule-set.js';

/** acl/policy.go `isPolicyValid`: deny/read/write (and list where allowed), any letter case. */
export function isPolicyValid(policy: string, allowList: boolean): boolean {
  switch (policy.toLowerCase()) {
    case 'deny': case 'read': case 'write':
      return true;
    case 'list':
      return allowList;
    default:
      return false;
  }
}

/**
 * acl/policy.go `PolicyRules.Validate`, in Consul's order and with its messages. The rule is
 * printed as Go's `%#v` prints it, e.g.
 * `Invalid key_prefix policy: &acl.KeyRule{Prefix:"app/", Policy:"nope", EnterpriseRule:acl.EnterpriseRule{}}`.
 */
export function validateRuleSet(rules: RuleSet): void {
  if (rules.acl !== '' && !isPolicyValid(rules.acl, false)) fail(`Invalid acl policy: ${goQuote(rules.acl)}`);
  for (const spec of FIELDS) {
    if (spec.kind !== 'block') continue;
    const allowList = spec.field === 'key' || spec.field === 'keyPrefix';
    for (const rule of rules[spec.field] as Rule[]) {
      if (!isPolicyValid(rule.policy, allowList)) fail(`Invalid ${spec.hcl} policy: ${goRule(spec.type, spec.label, rule)}`);
      const intentions = (rule as Partial<ServiceRule>).intentions;
      if (intentions !== undefined && intentions !== '' && !isPolicyValid(intentions, false)) {
        fail(`Invalid ${spec.hcl} intentions policy: ${goRule(spec.type, spec.label, rule)}`);
      }
    }
  }
  for (const field of ['keyring', 'operator', 'mesh', 'peering'] as const) {
    if (rules[field] !== '' && !isPolicyValid(rules[field], false)) fail(`Invalid ${field} policy: ${goQuote(rules[field])}`);
  }
}

function fail(message: string): never {
  throw new AclRulesError(message);
}

const WITH_ENTERPRISE = new Set(['KeyRule', 'NodeRule', 'ServiceRule']);

/** `%#v` of a `*acl.<type>` rule. */
function goRule(type: string, label: string, rule: Rule): string {
  let fields = `${label}:${goQuote(rule.segment)}, Policy:${goQuote(rule.policy)}`;
  const intentions = (rule as Partial<ServiceRule>).intentions;
  if (intentions !== undefined) fields += `, Intentions:${goQuote(intentions)}`;
  if (WITH_ENTERPRISE.has(type)) fields += ', EnterpriseRule:acl.EnterpriseRule{}';
  return `&acl.${type}{${fields}}`;
}
