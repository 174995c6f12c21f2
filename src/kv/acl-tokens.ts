import { randomUUID, timingSafeEqual } from 'node:crypto';
import { GLOBAL_MANAGEMENT_POLICY_ID } from '../acl/builtin.js';
import { ANONYMOUS_TOKEN_ID } from '../acl/denial.js';
import { goTime, isUuid, checkPathId, objectHash, RESERVED_ID_PREFIX } from '../acl/objects.js';
import { isExpired } from '../acl/resolver.js';
import { kvError } from '../errors.js';
import { formatDuration } from '../go/duration.js';
import type { AclSnapshot, AclToken, Stored, TokenInput, TokenView } from '../structs/acl.js';
import { OUTCOME } from '../structs/outcome.js';
import type { AclContext } from './acl-context.js';
import { linkIds, linksOf } from './acl-links.js';
import { AT_ONCE, type BlockingOptions } from './blocking.js';

const MIN_TTL_NS = 60_000_000_000n;
const MAX_TTL_NS = 86_400_000_000_000n;
const HIDDEN = '<hidden>';

/** Which tokens GET /v1/acl/tokens lists. */
export interface TokenFilters {
  policy: string;
  role: string;
  authMethod: string;
  serviceName: string;
}

/** Tokens (agent/consul/acl_endpoint.go Token*, auth/token_writer.go), for one caller. */
export class AclTokens {
  constructor(private readonly ctx: AclContext) {}

  /** PUT /v1/acl/bootstrap: the first management token, once per datacenter (optionally with a chosen SecretID). */
  async bootstrap(secretId: string): Promise<TokenView> {
    this.ctx.store();
    if (secretId !== '' && !isUuid(secretId)) throw kvError('ACL_INVALID', 'Invalid Token: SecretID - not a valid UUID');
    const token = newToken({ description: 'Bootstrap Token (Global Management)', policies: [GLOBAL_MANAGEMENT_POLICY_ID], secretId });
    const outcome = await this.ctx.write('token', 'bootstrap', token.accessorId, token.secretId, token);
    if (outcome.status === OUTCOME.ACL_BOOTSTRAPPED) throw kvError('ACL_BOOTSTRAPPED', outcome.index ?? 0n);
    if (outcome.status !== OUTCOME.OK) throw kvError('ACL_INVALID', 'Invalid Token: SecretID is already in use');
    return this.#view(token.accessorId, true);
  }

  async create(input: TokenInput): Promise<TokenView> {
    await this.ctx.need('write');
    if (input.accessorId !== '') checkNewId(input.accessorId, 'AccessorID');
    if (input.secretId !== '') checkNewId(input.secretId, 'SecretID');
    const links = await this.ctx.read('roles', '');
    const expirationTime = expiration(input);
    const token = newToken({
      accessorId: input.accessorId,
      secretId: input.secretId,
      description: input.description,
      policies: linkIds(input.policies, links, 'policy'),
      roles: linkIds(input.roles, links, 'role'),
      serviceIdentities: input.serviceIdentities,
      nodeIdentities: input.nodeIdentities,
      templatedPolicies: input.templatedPolicies,
      local: input.local ?? false,
      expirationTime,
      expirationTtlNs: input.expirationTtlNs.toString(),
    });
    const outcome = await this.ctx.write('token', 'create', token.accessorId, token.secretId, token);
    if (outcome.status === OUTCOME.ACL_ID_TAKEN) throw kvError('ACL_INVALID', 'Invalid Token: AccessorID is already in use');
    if (outcome.status === OUTCOME.ACL_UNIQUE_TAKEN) throw kvError('ACL_INVALID', 'Invalid Token: SecretID is already in use');
    return this.#view(token.accessorId, true);
  }

  /** GET /v1/acl/token/:accessor (SecretID hidden unless the caller has acl:write). */
  async read(accessorId: string, expanded = false, wait: BlockingOptions = AT_ONCE): Promise<TokenView> {
    const who = await this.ctx.need('read');
    checkPathId(accessorId, 'token');
    const snapshot = await this.ctx.read('token', accessorId, wait);
    const token = snapshot.tokens.get(accessorId);
    if (!token || isExpired(token)) throw kvError('ACL_OBJECT_NOT_FOUND', 'token');
    return view(token, snapshot, who.authorizer.aclWrite(), expanded);
  }

  /** GET /v1/acl/token/self: the caller's own token, secret included; no token at all is not found. */
  async self(): Promise<TokenView> {
    this.ctx.store();
    const secret = this.ctx.access.token || this.ctx.deps.acl.settings.defaultToken;
    if (secret === '') throw kvError('ACL_SELF_NOT_FOUND');
    const snapshot = await this.ctx.read('secret', secret);
    const [token] = snapshot.tokens.values();
    if (!token || isExpired(token)) throw kvError('ACL_SELF_NOT_FOUND');
    return view(token, snapshot, true, false);
  }

  /** PUT /v1/acl/token/:accessor: replaces what a client may change; SecretID, Local and the expiration must stay. */
  async update(accessorId: string, input: TokenInput): Promise<TokenView> {
    await this.ctx.need('write');
    if (input.accessorId !== '' && input.accessorId !== accessorId) throw kvError('ACL_ID_MISMATCH', 'Token Accessor ID');
    checkPathId(accessorId, 'token');
    const links = await this.ctx.read('tokens', '');
    const old = links.tokens.get(accessorId);
    if (!old || isExpired(old)) throw kvError('ACL_INVALID', `Cannot find token ${JSON.stringify(accessorId)}`);
    if (input.secretId !== '' && !sameSecret(input.secretId, old.secretId)) throw kvError('ACL_INVALID', "Changing a token's SecretID is not permitted");
    if (input.local !== null && input.local !== old.local) throw kvError('ACL_INVALID', `Cannot toggle local mode of ${accessorId}`);
    if (input.expirationTime !== null && input.expirationTime !== old.expirationTime) throw kvError('ACL_INVALID', `Cannot change expiration time of ${accessorId}`);
    const { createIndex: _c, modifyIndex: _m, ...kept } = old;
    const token: AclToken = {
      ...kept,
      description: input.description,
      policies: linkIds(input.policies, links, 'policy'),
      roles: linkIds(input.roles, links, 'role'),
      serviceIdentities: input.serviceIdentities,
      nodeIdentities: input.nodeIdentities,
      templatedPolicies: input.templatedPolicies,
    };
    token.hash = objectHash(token);
    const outcome = await this.ctx.write('token', 'update', accessorId, token.secretId, token);
    if (outcome.status !== OUTCOME.OK) throw kvError('ACL_INVALID', `Cannot find token ${JSON.stringify(accessorId)}`);
    return this.#view(accessorId, true);
  }

  /** PUT /v1/acl/token/:accessor/clone: a new token with new ids and the same links. */
  async clone(accessorId: string, description: string | null): Promise<TokenView> {
    await this.ctx.need('write');
    checkPathId(accessorId, 'token');
    const source = (await this.ctx.read('token', accessorId)).tokens.get(accessorId);
    if (!source || isExpired(source)) throw kvError('ACL_NOT_FOUND');
    const { accessorId: _a, secretId: _s, createTime: _t, hash: _h, createIndex: _c, modifyIndex: _m, ...links } = source;
    const token = newToken({ ...links, description: description ?? source.description });
    const outcome = await this.ctx.write('token', 'create', token.accessorId, token.secretId, token);
    if (outcome.status !== OUTCOME.OK) throw kvError('INTERNAL', 'kvgate: a fresh token id was taken');
    return this.#view(token.accessorId, true);
  }

  /** DELETE /v1/acl/token/:accessor; not the anonymous token, not the caller's own. */
  async delete(accessorId: string): Promise<void> {
    const who = await this.ctx.need('write');
    checkPathId(accessorId, 'token');
    if (accessorId === ANONYMOUS_TOKEN_ID) throw kvError('ACL_INVALID', 'Delete operation not permitted on the anonymous token');
    if (accessorId === who.accessorId) throw kvError('ACL_INVALID', "Deletion of the request's authorization token is not permitted");
    const outcome = await this.ctx.write('token', 'delete', accessorId, '', null);
    if (outcome.status === OUTCOME.ACL_MISSING) throw kvError('ACL_DELETE_NOT_FOUND', 'token');
  }

  /** GET /v1/acl/tokens: every unexpired token, by AccessorID, with the filters Consul takes. */
  async list(filters: TokenFilters, wait: BlockingOptions = AT_ONCE): Promise<{ index: bigint; tokens: TokenView[] }> {
    const who = await this.ctx.need('read');
    const snapshot = await this.ctx.read('tokens', '', wait);
    const tokens = [...snapshot.tokens.values()]
      .filter((t) => !isExpired(t))
      .filter((t) => filters.policy === '' || t.policies.includes(filters.policy))
      .filter((t) => filters.role === '' || t.roles.includes(filters.role))
      .filter((t) => filters.authMethod === '' || t.authMethod === filters.authMethod)
      .filter((t) => filters.serviceName === '' || t.serviceIdentities.some((s) => (s as { ServiceName?: string }).ServiceName === filters.serviceName))
      .sort((a, b) => (a.accessorId < b.accessorId ? -1 : a.accessorId > b.accessorId ? 1 : 0))
      .map((t) => view(t, snapshot, who.authorizer.aclWrite(), false));
    return { index: snapshot.index, tokens };
  }

  async #view(accessorId: string, showSecret: boolean): Promise<TokenView> {
    const snapshot = await this.ctx.read('token', accessorId);
    const token = snapshot.tokens.get(accessorId);
    if (!token) throw kvError('ACL_OBJECT_NOT_FOUND', 'token');
    return view(token, snapshot, showSecret, false);
  }
}

/** A token with its links named (links to objects that are gone are left out). */
function view(token: Stored<AclToken>, snapshot: AclSnapshot, showSecret: boolean, expanded: boolean): TokenView {
  const out: TokenView = {
    ...token,
    secretId: showSecret ? token.secretId : HIDDEN,
    policyLinks: linksOf(token.policies, snapshot.policies),
    roleLinks: linksOf(token.roles, snapshot.roles),
  };
  if (expanded) {
    const roles = token.roles.flatMap((id) => snapshot.roles.get(id) ?? []);
    const policyIds = new Set([...token.policies, ...roles.flatMap((r) => r.policies)]);
    out.expanded = { roles, policies: [...policyIds].flatMap((id) => snapshot.policies.get(id) ?? []) };
  }
  return out;
}

/** A token as created: fresh ids unless given, the creation time and hash. */
export function newToken(fields: Partial<AclToken>): AclToken {
  const token: AclToken = {
    accessorId: fields.accessorId || randomUUID(),
    secretId: fields.secretId || randomUUID(),
    description: fields.description ?? '',
    policies: fields.policies ?? [],
    roles: fields.roles ?? [],
    serviceIdentities: fields.serviceIdentities ?? [],
    nodeIdentities: fields.nodeIdentities ?? [],
    templatedPolicies: fields.templatedPolicies ?? [],
    local: fields.local ?? false,
    expirationTime: fields.expirationTime ?? null,
    expirationTtlNs: fields.expirationTtlNs ?? '0',
    authMethod: fields.authMethod ?? '',
    createTime: goTime(Date.now()),
    hash: '',
  };
  token.hash = objectHash(token);
  return token;
}

function checkNewId(id: string, field: 'AccessorID' | 'SecretID'): void {
  if (!isUuid(id)) throw kvError('ACL_INVALID', `Invalid Token: ${field} - not a valid UUID`);
  if (id.startsWith(RESERVED_ID_PREFIX)) throw kvError('ACL_INVALID', `Invalid Token: ${field} - UUIDs with the prefix ${JSON.stringify(RESERVED_ID_PREFIX)} are reserved`);
}

/** The expiration a new token gets: ExpirationTime, or now + ExpirationTTL (1 min to 24 h), not both. */
function expiration(input: TokenInput): string | null {
  if (input.expirationTtlNs !== 0n && input.expirationTime !== null) throw kvError('ACL_INVALID', 'Token Expiration TTL and Expiration Time cannot both be set');
  if (input.expirationTtlNs !== 0n) {
    if (input.expirationTtlNs < MIN_TTL_NS || input.expirationTtlNs > MAX_TTL_NS) {
      throw kvError('ACL_INVALID', `Token Expiration TTL '${formatDuration(input.expirationTtlNs)}' should be between ${formatDuration(MIN_TTL_NS)} and ${formatDuration(MAX_TTL_NS)}`);
    }
    return goTime(Date.now() + Number(input.expirationTtlNs / 1_000_000n));
  }
  if (input.expirationTime === null) return null;
  const at = Date.parse(input.expirationTime);
  if (Number.isNaN(at)) throw kvError('ACL_DECODE', 'Token', `parsing time ${JSON.stringify(input.expirationTime)} as RFC 3339`);
  if (at < Date.now() + Number(MIN_TTL_NS / 1_000_000n)) throw kvError('ACL_INVALID', `ExpirationTime cannot be less than ${formatDuration(MIN_TTL_NS)} in the future (was ${formatDuration(BigInt(at - Date.now()) * 1_000_000n)} in the future)`);
  return goTime(at);
}

/** Secrets compared in constant time. */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
