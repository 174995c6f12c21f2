import { ALLOW, DEFAULT, DENIED, enforce, levelOf, NONE, READ, WRITE, type Decision, type Level, type Required } from './access.js';
import { RuleIndex } from './rule-index.js';
import { mergeRuleSets } from './merge.js';
import type { Rule, RuleSet, ServiceRule } from './rule-set.js';

/** Scratch space for the UTF-8 of a name, so name checks allocate nothing. */
let scratch = Buffer.allocUnsafe(256);
function encodeName(name: string): number {
  if (name.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(name.length * 3);
  return scratch.write(name, 0, 'utf8');
}

/** acl/policy_authorizer.go: a service rule without `intentions` gives read when it grants read or write. */
function intentionRules(rules: readonly ServiceRule[]): Rule[] {
  return rules.map((rule) => ({
    segment: rule.segment,
    policy: rule.intentions !== '' ? rule.intentions : rule.policy === 'read' || rule.policy === 'write' ? 'read' : 'deny',
  }));
}

function unsegmented(policy: string): Level {
  return policy === '' ? NONE : levelOf(policy);
}

/**
 * Consul's policyAuthorizer (acl/policy_authorizer.go): the merged rules of one token,
 * answering Allow, Deny or Default (no rule applies) for each check. The default policy is
 * applied on top by `Authorizer`.
 */
export class PolicyAuthorizer {
  readonly agents: RuleIndex;
  readonly events: RuleIndex;
  readonly intentions: RuleIndex;
  readonly keys: RuleIndex;
  readonly nodes: RuleIndex;
  readonly queries: RuleIndex;
  readonly services: RuleIndex;
  readonly sessions: RuleIndex;
  private readonly acl: Level;
  private readonly keyring: Level;
  private readonly operator: Level;
  private readonly mesh: Level;
  private readonly peering: Level;

  /** Merges the rule sets (acl/policy_merger.go) and compiles them. */
  constructor(ruleSets: readonly RuleSet[]) {
    const r = mergeRuleSets(ruleSets);
    this.agents = new RuleIndex(r.agent, r.agentPrefix);
    this.events = new RuleIndex(r.event, r.eventPrefix);
    this.intentions = new RuleIndex(intentionRules(r.service), intentionRules(r.servicePrefix));
    this.keys = new RuleIndex(r.key, r.keyPrefix);
    this.nodes = new RuleIndex(r.node, r.nodePrefix);
    this.queries = new RuleIndex(r.query, r.queryPrefix);
    this.services = new RuleIndex(r.service, r.servicePrefix);
    this.sessions = new RuleIndex(r.session, r.sessionPrefix);
    this.acl = unsegmented(r.acl);
    this.keyring = unsegmented(r.keyring);
    this.operator = unsegmented(r.operator);
    this.mesh = unsegmented(r.mesh);
    this.peering = unsegmented(r.peering);
  }

  key(key: Uint8Array, required: Required): Decision {
    return enforce(this.keys.lookup(key, key.length), required);
  }

  /** acl/policy_authorizer.go `KeyWritePrefix`: write on the prefix and on every rule below it. */
  keyWritePrefix(prefix: Uint8Array): Decision {
    const { base, belowNonWrite } = this.keys.prefixWrite(prefix, prefix.length);
    if (base !== NONE && base !== WRITE) return DENIED;
    if (belowNonWrite) return DENIED;
    return base === WRITE ? ALLOW : DEFAULT;
  }

  /** A check on a named segment (agent, node, session, …): exact rule, else longest prefix. */
  named(index: RuleIndex, name: string, required: Required): Decision {
    const len = encodeName(name);
    return enforce(index.lookup(scratch, len), required);
  }

  /** acl/policy_authorizer.go `IntentionRead/Write`, including the `*` wildcard. */
  intention(name: string, required: Required): Decision {
    if (name !== '*') return this.named(this.intentions, name, required);
    return required === READ ? this.intentions.anyAllowed(required) : this.intentions.allAllowed(required);
  }

  acls(required: Required): Decision {
    return enforce(this.acl, required);
  }

  keyrings(required: Required): Decision {
    return enforce(this.keyring, required);
  }

  operators(required: Required): Decision {
    return enforce(this.operator, required);
  }

  /** Mesh and peering fall back to the operator rule when they have none of their own. */
  meshes(required: Required): Decision {
    return this.mesh !== NONE ? enforce(this.mesh, required) : this.operators(required);
  }

  peerings(required: Required): Decision {
    return this.peering !== NONE ? enforce(this.peering, required) : this.operators(required);
  }
}
