// How Consul's Go api package decodes ACL answers (encoding/json into api/acl.go's structs):
// fields matched case-insensitively, absent fields left at Go's zero value, a value of the
// wrong type refused with Go's UnmarshalTypeError text.

import { cannotUnmarshal, field, JsonNumber, uint64Of, type JsonValue } from '../../go/json.js';
import type { AclLink, AclPolicy, AclRole, AclToken, AclTokenExpanded, Grants } from './acl-structs.js';
import { DecodeError } from './client.js';
import { parseGoTime, ZERO_TIME, type GoTime } from './go-time.js';

/** Reads one decoded JSON object the way encoding/json fills a struct. */
class Fields {
  constructor(
    private readonly value: JsonValue,
    private readonly struct: string,
  ) {
    if (value !== null && !(value instanceof Map)) throw new DecodeError(cannotUnmarshal(value, `Go value of type api.${struct}`));
  }

  text = (name: string): string => this.typed(name, 'string', (v) => (typeof v === 'string' ? v : undefined)) ?? '';
  bool = (name: string): boolean => this.typed(name, 'bool', (v) => (typeof v === 'boolean' ? v : undefined)) ?? false;
  texts = (name: string): string[] | null => this.list(name, 'string', (v) => (typeof v === 'string' ? v : undefined));
  uint = (name: string): bigint => this.typed(name, 'uint64', (v) => (v instanceof JsonNumber && uint64Of(v, '').ok ? BigInt(v.text) : undefined)) ?? 0n;
  int = (name: string): bigint => this.typed(name, 'time.Duration', (v) => (v instanceof JsonNumber && /^-?\d+$/.test(v.text) ? BigInt(v.text) : undefined)) ?? 0n;
  bytes = (name: string): Buffer | null => this.typed(name, '[]uint8', (v) => (typeof v === 'string' ? Buffer.from(v, 'base64') : undefined)) ?? null;
  time = (name: string): GoTime | null => this.typed(name, 'time.Time', (v) => (typeof v === 'string' ? (parseGoTime(v) ?? undefined) : undefined)) ?? null;

  object<T>(name: string, struct: string, decode: (f: Fields) => T): T | null {
    const { value } = field(this.value, name);
    return value === null ? null : decode(new Fields(value, struct));
  }

  objects<T>(name: string, struct: string, decode: (f: Fields) => T): T[] | null {
    return this.list(name, struct, (v) => decode(new Fields(v, struct)));
  }

  private typed<T>(name: string, goType: string, convert: (v: JsonValue) => T | undefined): T | null {
    const { value } = field(this.value, name);
    if (value === null) return null;
    const converted = convert(value);
    if (converted === undefined) throw new DecodeError(cannotUnmarshal(value, `Go struct field ${this.struct}.${name} of type ${goType}`));
    return converted;
  }

  private list<T>(name: string, goType: string, convert: (v: JsonValue) => T | undefined): T[] | null {
    return this.typed(name, `[]${goType}`, (v) => (Array.isArray(v) ? v.map((item) => this.item(name, goType, item, convert)) : undefined));
  }

  private item<T>(name: string, goType: string, item: JsonValue, convert: (v: JsonValue) => T | undefined): T {
    const converted = convert(item);
    if (converted === undefined) throw new DecodeError(cannotUnmarshal(item, `Go struct field ${this.struct}.${name} of type ${goType}`));
    return converted;
  }
}

const link = (f: Fields): AclLink => ({ ID: f.text('ID'), Name: f.text('Name') });

function grants(f: Fields): Grants {
  return {
    Policies: f.objects('Policies', 'ACLLink', link) ?? [],
    ServiceIdentities: f.objects('ServiceIdentities', 'ACLServiceIdentity', (s) => ({ ServiceName: s.text('ServiceName'), Datacenters: s.texts('Datacenters') ?? [] })) ?? [],
    NodeIdentities: f.objects('NodeIdentities', 'ACLNodeIdentity', (n) => ({ NodeName: n.text('NodeName'), Datacenter: n.text('Datacenter') })) ?? [],
    TemplatedPolicies:
      f.objects('TemplatedPolicies', 'ACLTemplatedPolicy', (t) => ({
        TemplateName: t.text('TemplateName'),
        VariablesName: t.object('TemplateVariables', 'ACLTemplatedPolicyVariables', (v) => v.text('Name')),
        Datacenters: t.texts('Datacenters') ?? [],
      })) ?? [],
  };
}

function token(f: Fields): AclToken {
  return {
    CreateIndex: f.uint('CreateIndex'),
    ModifyIndex: f.uint('ModifyIndex'),
    AccessorID: f.text('AccessorID'),
    SecretID: f.text('SecretID'),
    Description: f.text('Description'),
    ...grants(f),
    Roles: f.objects('Roles', 'ACLLink', link) ?? [],
    Local: f.bool('Local'),
    AuthMethod: f.text('AuthMethod'),
    ExpirationTTL: f.int('ExpirationTTL'),
    ExpirationTime: f.time('ExpirationTime'),
    CreateTime: f.time('CreateTime') ?? ZERO_TIME,
    Hash: f.bytes('Hash'),
    Namespace: f.text('Namespace'),
    Partition: f.text('Partition'),
    AuthMethodNamespace: f.text('AuthMethodNamespace'),
  };
}

function policy(f: Fields): AclPolicy {
  return {
    ID: f.text('ID'),
    Name: f.text('Name'),
    Description: f.text('Description'),
    Rules: f.text('Rules'),
    Datacenters: f.texts('Datacenters'),
    Hash: f.bytes('Hash'),
    CreateIndex: f.uint('CreateIndex'),
    ModifyIndex: f.uint('ModifyIndex'),
    Namespace: f.text('Namespace'),
    Partition: f.text('Partition'),
  };
}

function role(f: Fields): AclRole {
  const { Policies, ServiceIdentities, NodeIdentities, TemplatedPolicies } = grants(f);
  return {
    ID: f.text('ID'),
    Name: f.text('Name'),
    Description: f.text('Description'),
    Policies,
    ServiceIdentities,
    NodeIdentities,
    TemplatedPolicies,
    Hash: f.bytes('Hash'),
    CreateIndex: f.uint('CreateIndex'),
    ModifyIndex: f.uint('ModifyIndex'),
    Namespace: f.text('Namespace'),
    Partition: f.text('Partition'),
  };
}

function expanded(f: Fields): AclTokenExpanded {
  return {
    ...token(f),
    ExpandedPolicies: f.objects('ExpandedPolicies', 'ACLPolicy', policy),
    ExpandedRoles: f.objects('ExpandedRoles', 'ACLRole', role),
    NamespaceDefaultPolicyIDs: f.texts('NamespaceDefaultPolicyIDs'),
    NamespaceDefaultRoleIDs: f.texts('NamespaceDefaultRoleIDs'),
    AgentACLDefaultPolicy: f.text('AgentACLDefaultPolicy'),
    AgentACLDownPolicy: f.text('AgentACLDownPolicy'),
    ResolvedByAgent: f.text('ResolvedByAgent'),
  };
}

const one =
  <T>(struct: string, decode: (f: Fields) => T) =>
  (value: JsonValue): T =>
    decode(new Fields(value, struct));
const many =
  <T>(struct: string, decode: (f: Fields) => T) =>
  (value: JsonValue): T[] => {
    if (value === null) return [];
    if (!Array.isArray(value)) throw new DecodeError(cannotUnmarshal(value, `Go value of type []*api.${struct}`));
    return value.map((item) => decode(new Fields(item, struct)));
  };

export const decodeToken = one('ACLToken', token);
export const decodeTokenExpanded = one('ACLTokenExpanded', expanded);
export const decodeTokenList = many('ACLTokenListEntry', token);
export const decodePolicy = one('ACLPolicy', policy);
export const decodePolicyList = many('ACLPolicyListEntry', policy);
export const decodeRole = one('ACLRole', role);
export const decodeRoleList = many('ACLRole', role);
