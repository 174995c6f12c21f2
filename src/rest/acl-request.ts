import { kvError } from '../errors.js';
import { parseDuration } from '../go/duration.js';
import { cannotUnmarshal, decodeJson, field, JsonNumber, type JsonValue } from '../go/json.js';
import type { AclLinkInput, PolicyInput, RoleInput, TokenInput } from '../structs/acl.js';

type What = 'Request' | 'Token' | 'Policy' | 'Role';

/**
 * The bodies of the ACL API decoded as Consul does (Go's JSON, field names matched
 * case-insensitively, unknown fields ignored): `<What> decoding failed: …` (400) when they
 * are not what the Go struct takes.
 */
class Body {
  constructor(
    private readonly value: JsonValue,
    private readonly what: What,
    private readonly struct: string,
  ) {}

  static parse(text: string, what: What, struct: string): Body {
    if (text.trim() === '') return new Body(null, what, struct);
    const decoded = decodeJson(text);
    if (!decoded.ok) throw kvError('ACL_DECODE', what, decoded.error);
    if (decoded.value !== null && !(decoded.value instanceof Map)) throw kvError('ACL_DECODE', what, cannotUnmarshal(decoded.value, `Go value of type ${struct}`));
    return new Body(decoded.value, what, struct);
  }

  has(name: string): boolean {
    return field(this.value, name).present;
  }

  text(name: string): string {
    const { value } = field(this.value, name);
    if (value === null) return '';
    if (typeof value !== 'string') throw this.#type(value, name, 'string');
    return value;
  }

  bool(name: string): boolean | null {
    const { present, value } = field(this.value, name);
    if (!present || value === null) return null;
    if (typeof value !== 'boolean') throw this.#type(value, name, 'bool');
    return value;
  }

  texts(name: string): string[] {
    const { value } = field(this.value, name);
    if (value === null) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw this.#type(value, name, '[]string');
    return value as string[];
  }

  /** Links `[{"ID": …, "Name": …}]`. */
  links(name: string): AclLinkInput[] {
    const { value } = field(this.value, name);
    if (value === null) return [];
    if (!Array.isArray(value)) throw this.#type(value, name, `[]*${name.slice(0, -1)}Link`);
    return value.map((item) => {
      const link = new Body(item, this.what, this.struct);
      return { id: link.text('ID'), name: link.text('Name') };
    });
  }

  /** Whatever the field holds, as plain JSON (identities and templated policies are kept as given). */
  raw(name: string): unknown[] {
    const { value } = field(this.value, name);
    if (value === null) return [];
    if (!Array.isArray(value)) throw this.#type(value, name, '[]object');
    return value.map(plain) as unknown[];
  }

  /** A Go duration as a string ("1h") or nanoseconds. */
  duration(name: string): bigint {
    const { value } = field(this.value, name);
    if (value === null) return 0n;
    if (value instanceof JsonNumber) return BigInt(Math.trunc(Number(value.text)));
    if (typeof value !== 'string') throw this.#type(value, name, 'time.Duration');
    const parsed = parseDuration(value);
    if (!parsed.ok) throw kvError('ACL_DECODE', this.what, parsed.error);
    return parsed.ns;
  }

  #type(value: JsonValue, name: string, goType: string) {
    return kvError('ACL_DECODE', this.what, cannotUnmarshal(value, `Go struct field ${this.struct.split('.').pop()}.${name} of type ${goType}`));
  }
}

export function decodeToken(text: string): TokenInput {
  const body = Body.parse(text, 'Token', 'structs.ACLToken');
  const expiration = body.text('ExpirationTime');
  return {
    accessorId: body.text('AccessorID'),
    secretId: body.text('SecretID'),
    description: body.text('Description'),
    policies: body.links('Policies'),
    roles: body.links('Roles'),
    serviceIdentities: body.raw('ServiceIdentities'),
    nodeIdentities: body.raw('NodeIdentities'),
    templatedPolicies: body.raw('TemplatedPolicies'),
    local: body.bool('Local'),
    expirationTime: expiration === '' ? null : expiration,
    expirationTtlNs: body.duration('ExpirationTTL'),
  };
}

export function decodePolicy(text: string): PolicyInput {
  const body = Body.parse(text, 'Policy', 'structs.ACLPolicy');
  return { id: body.text('ID'), name: body.text('Name'), description: body.text('Description'), rules: body.text('Rules'), datacenters: body.texts('Datacenters') };
}

export function decodeRole(text: string): RoleInput {
  const body = Body.parse(text, 'Role', 'structs.ACLRole');
  return {
    id: body.text('ID'),
    name: body.text('Name'),
    description: body.text('Description'),
    policies: body.links('Policies'),
    serviceIdentities: body.raw('ServiceIdentities'),
    nodeIdentities: body.raw('NodeIdentities'),
    templatedPolicies: body.raw('TemplatedPolicies'),
  };
}

/** PUT /v1/acl/bootstrap's optional `{"BootstrapSecret": …}`. */
export function decodeBootstrap(text: string): string {
  return Body.parse(text, 'Request', 'structs.ACLInitialTokenBootstrapRequest').text('BootstrapSecret');
}

/** A clone's optional `{"Description": …}`; null when the body does not give one. */
export function decodeClone(text: string): string | null {
  const body = Body.parse(text, 'Token', 'structs.ACLToken');
  return body.has('Description') ? body.text('Description') : null;
}

/** POST /v1/internal/acl/authorize: `[{"Resource", "Segment", "Access"}]`. */
export function decodeAuthorizations(text: string): Array<{ resource: string; segment: string; access: string }> {
  const decoded = decodeJson(text);
  if (!decoded.ok) throw kvError('ACL_DECODE', 'Request', decoded.error);
  if (!Array.isArray(decoded.value)) throw kvError('ACL_DECODE', 'Request', cannotUnmarshal(decoded.value, 'Go value of type []structs.ACLAuthorizationRequest'));
  return decoded.value.map((item) => {
    const body = new Body(item, 'Request', 'structs.ACLAuthorizationRequest');
    return { resource: body.text('Resource'), segment: body.text('Segment'), access: body.text('Access') };
  });
}

/** A decoded JSON value as plain JSON (objects from Maps, numbers as numbers). */
function plain(value: JsonValue): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof JsonNumber) return Number(value.text);
  return value;
}
