import { AclRulesError } from './errors.js';

/** acl/policy.go `AccessLevel`; NONE is "no rule". */
export const NONE = 0;
export const DENY = 1;
export const READ = 2;
export const LIST = 3;
export const WRITE = 4;
export type Level = typeof NONE | typeof DENY | typeof READ | typeof LIST | typeof WRITE;
export type Required = typeof READ | typeof LIST | typeof WRITE;

/** acl/authorizer.go `EnforcementDecision`. */
export const DEFAULT = 0;
export const ALLOW = 1;
export const DENIED = 2;
export type Decision = typeof DEFAULT | typeof ALLOW | typeof DENIED;

/** acl/policy.go `AccessLevelFromString`: case-insensitive. */
export function levelOf(policy: string): Level {
  switch (policy.toLowerCase()) {
    case 'deny': return DENY;
    case 'read': return READ;
    case 'list': return LIST;
    case 'write': return WRITE;
    default: throw new AclRulesError(`${JSON.stringify(policy)} is not a valid access level`);
  }
}

/** acl/policy_authorizer.go `enforce`: what a rule's level decides for a required access. */
export function enforce(rule: Level, required: Required): Decision {
  switch (rule) {
    case WRITE: return ALLOW;
    case LIST: return required === WRITE ? DENIED : ALLOW;
    case READ: return required === READ ? ALLOW : DENIED;
    case DENY: return DENIED;
    default: return DEFAULT;
  }
}
