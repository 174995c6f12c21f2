import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/acl/index.js';
import { ruleSet } from './rules.js';

// The cases of Consul's acl/policy_test.go `TestPolicySourceParse`: each policy is given in
// HCL and in JSON and both must decode to the same rules.

const BASIC_HCL = `
  agent_prefix "bar" { policy = "write" }
  agent "foo" { policy = "read" }
  event_prefix "" { policy = "read" }
  event "foo" { policy = "write" }
  event "bar" { policy = "deny" }
  key_prefix "" { policy = "read" }
  key_prefix "foo/" { policy = "write" }
  key_prefix "foo/bar/" { policy = "read" }
  key "foo/bar/baz" { policy = "deny" }
  keyring = "deny"
  node_prefix "" { policy = "read" }
  node "foo" { policy = "write" }
  node "bar" { policy = "deny" }
  operator = "deny"
  mesh = "deny"
  peering = "deny"
  service_prefix "" { policy = "write" }
  service "foo" { policy = "read" }
  session "foo" { policy = "write" }
  session "bar" { policy = "deny" }
  session_prefix "baz" { policy = "deny" }
  query_prefix "" { policy = "read" }
  query "foo" { policy = "write" }
  query "bar" { policy = "deny" }
`;

const BASIC_JSON = `{
  "agent_prefix": { "bar": { "policy": "write" } },
  "agent": { "foo": { "policy": "read" } },
  "event_prefix": { "": { "policy": "read" } },
  "event": { "foo": { "policy": "write" }, "bar": { "policy": "deny" } },
  "key_prefix": { "": { "policy": "read" }, "foo/": { "policy": "write" }, "foo/bar/": { "policy": "read" } },
  "key": { "foo/bar/baz": { "policy": "deny" } },
  "keyring": "deny",
  "node_prefix": { "": { "policy": "read" } },
  "node": { "foo": { "policy": "write" }, "bar": { "policy": "deny" } },
  "operator": "deny",
  "mesh": "deny",
  "peering": "deny",
  "service_prefix": { "": { "policy": "write" } },
  "service": { "foo": { "policy": "read" } },
  "session_prefix": { "baz": { "policy": "deny" } },
  "session": { "foo": { "policy": "write" }, "bar": { "policy": "deny" } },
  "query_prefix": { "": { "policy": "read" } },
  "query": { "foo": { "policy": "write" }, "bar": { "policy": "deny" } }
}`;

const BASIC = ruleSet({
  agentPrefix: { bar: 'write' },
  agent: { foo: 'read' },
  eventPrefix: { '': 'read' },
  event: { foo: 'write', bar: 'deny' },
  keyPrefix: { '': 'read', 'foo/': 'write', 'foo/bar/': 'read' },
  key: { 'foo/bar/baz': 'deny' },
  keyring: 'deny',
  nodePrefix: { '': 'read' },
  node: { foo: 'write', bar: 'deny' },
  operator: 'deny',
  mesh: 'deny',
  peering: 'deny',
  servicePrefix: { '': ['write', ''] },
  service: { foo: ['read', ''] },
  session: { foo: 'write', bar: 'deny' },
  sessionPrefix: { baz: 'deny' },
  queryPrefix: { '': 'read' },
  query: { foo: 'write', bar: 'deny' },
});

const VALID: [name: string, hcl: string, json: string, expected: ReturnType<typeof ruleSet>][] = [
  ['Basic', BASIC_HCL, BASIC_JSON, BASIC],
  ['Service No Intentions', `service "foo" { policy = "write" }`, `{ "service": { "foo": { "policy": "write" }}}`, ruleSet({ service: { foo: ['write', ''] } })],
  [
    'Service Intentions',
    `service "foo" { policy = "write" intentions = "read" }`,
    `{ "service": { "foo": { "policy": "write", "intentions": "read" }}}`,
    ruleSet({ service: { foo: ['write', 'read'] } }),
  ],
  ['Keyring Empty', `keyring = ""`, `{ "keyring": "" }`, ruleSet({})],
  ['Operator Empty', `operator = ""`, `{ "operator": "" }`, ruleSet({})],
  ['Mesh Empty', `mesh = ""`, `{ "mesh": "" }`, ruleSet({})],
  ['Peering Empty', `peering = ""`, `{ "peering": "" }`, ruleSet({})],
];

const INVALID: [name: string, hcl: string, json: string, prefix: string][] = [
  ['Service Intention: invalid value', `service "foo" { policy = "write" intentions = "foo" }`, `{ "service": { "foo": { "policy": "write", "intentions": "foo" }}}`, 'Invalid service intentions policy'],
  ['Bad Policy - ACL', `acl = "list"`, `{ "acl": "list" }`, 'Invalid acl policy'],
  ['Bad Policy - Agent', `agent "foo" { policy = "nope" }`, `{ "agent": { "foo": { "policy": "nope" }}}`, 'Invalid agent policy'],
  ['Bad Policy - Agent Prefix', `agent_prefix "foo" { policy = "nope" }`, `{ "agent_prefix": { "foo": { "policy": "nope" }}}`, 'Invalid agent_prefix policy'],
  ['Bad Policy - Key', `key "foo" { policy = "nope" }`, `{ "key": { "foo": { "policy": "nope" }}}`, 'Invalid key policy'],
  ['Bad Policy - Key Prefix', `key_prefix "foo" { policy = "nope" }`, `{ "key_prefix": { "foo": { "policy": "nope" }}}`, 'Invalid key_prefix policy'],
  ['Bad Policy - Node', `node "foo" { policy = "nope" }`, `{ "node": { "foo": { "policy": "nope" }}}`, 'Invalid node policy'],
  ['Bad Policy - Node Prefix', `node_prefix "foo" { policy = "nope" }`, `{ "node_prefix": { "foo": { "policy": "nope" }}}`, 'Invalid node_prefix policy'],
  ['Bad Policy - Service', `service "foo" { policy = "nope" }`, `{ "service": { "foo": { "policy": "nope" }}}`, 'Invalid service policy'],
  ['Bad Policy - Service Prefix', `service_prefix "foo" { policy = "nope" }`, `{ "service_prefix": { "foo": { "policy": "nope" }}}`, 'Invalid service_prefix policy'],
  ['Bad Policy - Session', `session "foo" { policy = "nope" }`, `{ "session": { "foo": { "policy": "nope" }}}`, 'Invalid session policy'],
  ['Bad Policy - Session Prefix', `session_prefix "foo" { policy = "nope" }`, `{ "session_prefix": { "foo": { "policy": "nope" }}}`, 'Invalid session_prefix policy'],
  ['Bad Policy - Event', `event "foo" { policy = "nope" }`, `{ "event": { "foo": { "policy": "nope" }}}`, 'Invalid event policy'],
  ['Bad Policy - Event Prefix', `event_prefix "foo" { policy = "nope" }`, `{ "event_prefix": { "foo": { "policy": "nope" }}}`, 'Invalid event_prefix policy'],
  ['Bad Policy - Prepared Query', `query "foo" { policy = "nope" }`, `{ "query": { "foo": { "policy": "nope" }}}`, 'Invalid query policy'],
  ['Bad Policy - Prepared Query Prefix', `query_prefix "foo" { policy = "nope" }`, `{ "query_prefix": { "foo": { "policy": "nope" }}}`, 'Invalid query_prefix policy'],
  ['Bad Policy - Keyring', `keyring = "nope"`, `{ "keyring": "nope" }`, 'Invalid keyring policy'],
  ['Bad Policy - Operator', `operator = "nope"`, `{ "operator": "nope" }`, 'Invalid operator policy'],
  ['Bad Policy - Mesh', `mesh = "nope"`, `{ "mesh": "nope" }`, 'Invalid mesh policy'],
  ['Bad Policy - Peering', `peering = "nope"`, `{ "peering": "nope" }`, 'Invalid peering policy'],
];

function failure(rules: string): string {
  try {
    parseRules(rules);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`rules parsed: ${rules}`);
}

describe("Consul's policy parsing corpus (acl/policy_test.go)", () => {
  for (const [name, hcl, json, expected] of VALID) {
    it(`${name}: the HCL form decodes to Consul's rules`, () => expect(parseRules(hcl)).toEqual(expected));
    it(`${name}: the JSON form decodes to the same rules`, () => expect(parseRules(json)).toEqual(expected));
  }
  for (const [name, hcl, json, prefix] of INVALID) {
    it(`${name}: the HCL form is refused with "${prefix}"`, () => expect(failure(hcl).startsWith(prefix)).toBe(true));
    it(`${name}: the JSON form is refused with "${prefix}"`, () => expect(failure(json).startsWith(prefix)).toBe(true));
  }
  it('empty rules are a valid policy that grants nothing', () => expect(parseRules('')).toEqual(ruleSet({})));
});
