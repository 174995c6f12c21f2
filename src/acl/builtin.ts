import { parseRules } from './parse.js';
import type { RuleSet } from './rule-set.js';

// The built-in policies of agent/structs/acl.go, rules text included (the ACL API shows it).

export const GLOBAL_MANAGEMENT_POLICY_ID = '00000000-0000-0000-0000-000000000001';
export const GLOBAL_MANAGEMENT_POLICY_NAME = 'global-management';
export const GLOBAL_MANAGEMENT_POLICY_DESCRIPTION = 'Builtin Policy that grants unlimited access';

export const GLOBAL_READ_ONLY_POLICY_ID = '00000000-0000-0000-0000-000000000002';
export const GLOBAL_READ_ONLY_POLICY_NAME = 'builtin/global-read-only';
export const GLOBAL_READ_ONLY_POLICY_DESCRIPTION = 'Builtin Policy that grants unlimited read-only access to all components';

function builtinRules(level: 'write' | 'read'): string {
  const block = (name: string, extra = '') => `${name} "" {\n\tpolicy = "${level}"\n${extra}}`;
  return [
    '',
    `acl = "${level}"`,
    block('agent_prefix'),
    block('event_prefix'),
    block('key_prefix'),
    `keyring = "${level}"`,
    block('node_prefix'),
    `operator = "${level}"`,
    `mesh = "${level}"`,
    `peering = "${level}"`,
    block('query_prefix'),
    block('service_prefix', `\tintentions = "${level}"\n`),
    block('session_prefix'),
  ].join('\n');
}

/** agent/structs/acl.go `ACLPolicyGlobalManagementRules`. */
export const GLOBAL_MANAGEMENT_RULES = builtinRules('write');

/** agent/structs/acl.go `ACLPolicyGlobalReadOnlyRules`. */
export const GLOBAL_READ_ONLY_RULES = builtinRules('read');

let management: RuleSet | undefined;
let readOnly: RuleSet | undefined;

/** The parsed rules of global-management: write on every resource. */
export function globalManagementRuleSet(): RuleSet {
  return (management ??= parseRules(GLOBAL_MANAGEMENT_RULES));
}

/** The parsed rules of builtin/global-read-only: read on every resource. */
export function globalReadOnlyRuleSet(): RuleSet {
  return (readOnly ??= parseRules(GLOBAL_READ_ONLY_RULES));
}
