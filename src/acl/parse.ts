import { AclRulesError } from './errors.js';
import { decodePolicy } from './decode.js';
import { parseHcl } from './hcl-parser.js';
import { parseJson } from './json-parser.js';
import { emptyRuleSet, type RuleSet } from './rule-set.js';
import { validateRuleSet } from './validate.js';

/** unicode.IsSpace, which decides between the HCL and the JSON form (hcl/lex.go `lexMode`). */
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function isJson(rules: string): boolean {
  for (const ch of rules) {
    if (SPACE.test(ch)) continue;
    return ch === '{';
  }
  return false;
}

/**
 * Parses a policy's `Rules` text, HCL or JSON (JSON when the first non-space character is
 * `{`), decodes it into a RuleSet and validates the access levels, as Consul's
 * `acl.NewPolicyFromSource` does. Empty text is a valid policy that grants nothing.
 *
 * @throws AclRulesError with Consul's message: `Failed to parse ACL rules: …` or
 *   `Invalid <resource> policy: …`.
 */
export function parseRules(rules: string): RuleSet {
  if (rules === '') return emptyRuleSet();
  let decoded: RuleSet;
  try {
    decoded = decodePolicy(isJson(rules) ? parseJson(rules) : parseHcl(rules));
  } catch (err) {
    if (!(err instanceof AclRulesError) || err.message.startsWith('Failed to parse ACL rules: ')) throw err;
    throw new AclRulesError(`Failed to parse ACL rules: ${err.message}`);
  }
  validateRuleSet(decoded);
  return decoded;
}
