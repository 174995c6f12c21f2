/**
 * A policy's rules as Consul decodes them (acl/policy.go `PolicyRules`). Access levels are
 * kept as written (`"WRITE"` stays upper case): validation is case-insensitive, but Consul's
 * merge compares the raw strings (acl/policy.go `takesPrecedenceOver`). Segments are bytes,
 * compared byte-wise with KV keys; node and service names are their UTF-8.
 */
export interface Rule {
  readonly segment: Buffer;
  readonly policy: string;
}

export interface ServiceRule extends Rule {
  /** Access to intentions with this service as destination; '' means derived from `policy`. */
  readonly intentions: string;
}

export interface RuleSet {
  acl: string;
  keyring: string;
  operator: string;
  mesh: string;
  peering: string;
  agent: Rule[];
  agentPrefix: Rule[];
  key: Rule[];
  keyPrefix: Rule[];
  node: Rule[];
  nodePrefix: Rule[];
  service: ServiceRule[];
  servicePrefix: ServiceRule[];
  session: Rule[];
  sessionPrefix: Rule[];
  event: Rule[];
  eventPrefix: Rule[];
  query: Rule[];
  queryPrefix: Rule[];
}

export type UnsegmentedField = 'acl' | 'keyring' | 'operator' | 'mesh' | 'peering';
export type SegmentedField = Exclude<keyof RuleSet, UnsegmentedField>;

/**
 * The fields in Consul's struct order, with the HCL name each decodes from and, for blocks,
 * the Go names of the rule type and its label field (they appear in decode and validation
 * messages).
 */
export const FIELDS: readonly (
  | { readonly field: UnsegmentedField; readonly hcl: string; readonly kind: 'string' }
  | { readonly field: SegmentedField; readonly hcl: string; readonly kind: 'block'; readonly type: string; readonly label: string }
)[] = [
  { field: 'acl', hcl: 'acl', kind: 'string' },
  { field: 'agent', hcl: 'agent', kind: 'block', type: 'AgentRule', label: 'Node' },
  { field: 'agentPrefix', hcl: 'agent_prefix', kind: 'block', type: 'AgentRule', label: 'Node' },
  { field: 'key', hcl: 'key', kind: 'block', type: 'KeyRule', label: 'Prefix' },
  { field: 'keyPrefix', hcl: 'key_prefix', kind: 'block', type: 'KeyRule', label: 'Prefix' },
  { field: 'node', hcl: 'node', kind: 'block', type: 'NodeRule', label: 'Name' },
  { field: 'nodePrefix', hcl: 'node_prefix', kind: 'block', type: 'NodeRule', label: 'Name' },
  { field: 'service', hcl: 'service', kind: 'block', type: 'ServiceRule', label: 'Name' },
  { field: 'servicePrefix', hcl: 'service_prefix', kind: 'block', type: 'ServiceRule', label: 'Name' },
  { field: 'session', hcl: 'session', kind: 'block', type: 'SessionRule', label: 'Node' },
  { field: 'sessionPrefix', hcl: 'session_prefix', kind: 'block', type: 'SessionRule', label: 'Node' },
  { field: 'event', hcl: 'event', kind: 'block', type: 'EventRule', label: 'Event' },
  { field: 'eventPrefix', hcl: 'event_prefix', kind: 'block', type: 'EventRule', label: 'Event' },
  { field: 'query', hcl: 'query', kind: 'block', type: 'PreparedQueryRule', label: 'Prefix' },
  { field: 'queryPrefix', hcl: 'query_prefix', kind: 'block', type: 'PreparedQueryRule', label: 'Prefix' },
  { field: 'keyring', hcl: 'keyring', kind: 'string' },
  { field: 'operator', hcl: 'operator', kind: 'string' },
  { field: 'mesh', hcl: 'mesh', kind: 'string' },
  { field: 'peering', hcl: 'peering', kind: 'string' },
];

export function emptyRuleSet(): RuleSet {
  return {
    acl: '', keyring: '', operator: '', mesh: '', peering: '',
    agent: [], agentPrefix: [], key: [], keyPrefix: [], node: [], nodePrefix: [],
    service: [], servicePrefix: [], session: [], sessionPrefix: [],
    event: [], eventPrefix: [], query: [], queryPrefix: [],
  };
}
