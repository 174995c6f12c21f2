// The ACL core: policy rules (HCL v1 / JSON) → rule sets → a compiled per-token authorizer,
// plus Consul's denial texts. No HTTP, no Redis.

export { AclRulesError } from './errors.js';
export { parseRules } from './parse.js';
export type { Rule, RuleSet, ServiceRule } from './rule-set.js';
export { mergeRuleSets, takesPrecedenceOver } from './merge.js';
export { Authorizer, invalidCheckMessage, type Access, type DefaultPolicy } from './authorizer.js';
export { ANONYMOUS_TOKEN_ID, permissionDenied } from './denial.js';
export {
  GLOBAL_MANAGEMENT_POLICY_DESCRIPTION,
  GLOBAL_MANAGEMENT_POLICY_ID,
  GLOBAL_MANAGEMENT_POLICY_NAME,
  GLOBAL_MANAGEMENT_RULES,
  GLOBAL_READ_ONLY_POLICY_DESCRIPTION,
  GLOBAL_READ_ONLY_POLICY_ID,
  GLOBAL_READ_ONLY_POLICY_NAME,
  GLOBAL_READ_ONLY_RULES,
  globalManagementRuleSet,
  globalReadOnlyRuleSet,
} from './builtin.js';
