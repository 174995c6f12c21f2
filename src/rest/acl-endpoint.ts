import { kvError } from '../errors.js';
import { readBody } from '../http-body.js';
import type { AclService } from '../kv/acl-service.js';
import type { Domain } from '../kv/domain.js';
import { encodeJson } from '../go/json-encode.js';
import { percentDecode, queryGet } from '../go/url.js';
import { decodeAuthorizations, decodeBootstrap, decodeClone, decodePolicy, decodeRole, decodeToken } from './acl-request.js';
import { policiesJson, policyJson, roleJson, rolesJson, tokenJson, tokensJson } from './acl-wire.js';
import { blockingOptions } from './blocking.js';
import { parseDatacenter, parseQueryOptions, parseToken } from './query-options.js';
import type { RestRequest, Route } from './router.js';
import { queryMeta, sendJson } from './wire.js';

/** Largest body of an ACL write (a policy's rules travel in it). */
export const ACL_MAX_REQUEST_BYTES = 524_288;
/** Most checks one POST /v1/internal/acl/authorize may ask (Consul's limit). */
const MAX_AUTHORIZATIONS = 64;

/**
 * Consul's ACL API (agent/acl_endpoint.go): bootstrap, tokens, policies, roles, and the
 * UI's authorize endpoint. Reads and lists block like KV reads (?index, on the ACL index);
 * writes read ?dc and the token only.
 */
export function aclRoutes(domain: Domain, node: string): Route[] {
  /** The service of a write: ?dc and the token. */
  const writer = (r: RestRequest): AclService => {
    const acl = domain.acl(parseToken(r.query, r.req.headers)).enabled();
    acl.datacenter.check(parseDatacenter(r.query));
    return acl;
  };
  /** The service of a read, with its blocking options. */
  const reader = (r: RestRequest) => {
    const options = parseQueryOptions(r.query, r.req.headers);
    const acl = domain.acl(options.token).enabled();
    acl.datacenter.check(options.datacenter);
    return { acl, wait: blockingOptions(r, options) };
  };
  const body = async (r: RestRequest): Promise<string> => {
    const bytes = await readBody(r.req, ACL_MAX_REQUEST_BYTES);
    if (bytes === null) throw kvError('BODY_TOO_LARGE', ACL_MAX_REQUEST_BYTES);
    return bytes.toString('utf8');
  };
  /** The id after a route ("<id>", "<id>/clone", "name/<name>"), or Consul's 400 when missing. */
  const tail = (r: RestRequest, missing: string) => {
    const text = r.tail.toString('utf8');
    if (text === '' || text === 'name/') throw kvError('ACL_MISSING_ID', missing);
    return text;
  };
  const expanded = (acl: AclService) => ({ defaultPolicy: acl.defaultPolicy, node });

  return [
    {
      pattern: '/v1/acl/bootstrap',
      methods: ['PUT'],
      async handler(r) {
        const acl = writer(r);
        const token = await acl.tokens.bootstrap(decodeBootstrap(await body(r)));
        sendJson(r, 200, tokenJson(token, { bootstrap: true }));
      },
    },
    {
      pattern: '/v1/acl/token',
      methods: ['PUT'],
      async handler(r) {
        const acl = writer(r);
        sendJson(r, 200, tokenJson(await acl.tokens.create(decodeToken(await body(r)))));
      },
    },
    {
      pattern: '/v1/acl/token/',
      methods: ['GET', 'PUT', 'DELETE'],
      async handler(r) {
        const id = tail(r, 'token AccessorID');
        if (r.req.method === 'GET') {
          const { acl, wait } = reader(r);
          if (id === 'self') return sendJson(r, 200, tokenJson(await acl.tokens.self()));
          const wantExpanded = r.query.has('expanded');
          const token = await acl.tokens.read(id, wantExpanded, wait);
          return sendJson(r, 200, tokenJson(token, wantExpanded ? { expanded: expanded(acl) } : {}), queryMeta(token.modifyIndex));
        }
        const acl = writer(r);
        if (r.req.method === 'DELETE') {
          await acl.tokens.delete(id);
          return sendJson(r, 200, 'true');
        }
        if (id.endsWith('/clone')) return sendJson(r, 200, tokenJson(await acl.tokens.clone(id.slice(0, -'/clone'.length), decodeClone(await body(r)))));
        sendJson(r, 200, tokenJson(await acl.tokens.update(id, decodeToken(await body(r)))));
      },
    },
    {
      pattern: '/v1/acl/tokens',
      methods: ['GET'],
      async handler(r) {
        const { acl, wait } = reader(r);
        const filters = { policy: queryGet(r.query, 'policy'), role: queryGet(r.query, 'role'), authMethod: queryGet(r.query, 'authmethod'), serviceName: queryGet(r.query, 'servicename') };
        const { index, tokens } = await acl.tokens.list(filters, wait);
        sendJson(r, 200, tokensJson(tokens), queryMeta(index));
      },
    },
    {
      pattern: '/v1/acl/policy',
      methods: ['PUT'],
      async handler(r) {
        const acl = writer(r);
        sendJson(r, 200, policyJson(await acl.policies.createPolicy(decodePolicy(await body(r)))));
      },
    },
    {
      pattern: '/v1/acl/policy/',
      methods: ['GET', 'PUT', 'DELETE'],
      async handler(r) {
        const text = r.tail.toString('utf8');
        const byName = text.startsWith('name/');
        const id = tail(r, byName ? 'policy Name' : 'policy ID');
        if (r.req.method === 'GET') {
          const { acl, wait } = reader(r);
          const policy = byName ? await acl.policies.readPolicyByName(nameFrom(id), wait) : await acl.policies.readPolicy(id, wait);
          return sendJson(r, 200, policyJson(policy), queryMeta(policy.modifyIndex));
        }
        const acl = writer(r);
        if (r.req.method === 'DELETE') {
          await acl.policies.deletePolicy(id);
          return sendJson(r, 200, 'true');
        }
        sendJson(r, 200, policyJson(await acl.policies.updatePolicy(id, decodePolicy(await body(r)))));
      },
    },
    {
      pattern: '/v1/acl/policies',
      methods: ['GET'],
      async handler(r) {
        const { acl, wait } = reader(r);
        const { index, policies } = await acl.policies.listPolicies(wait);
        sendJson(r, 200, policiesJson(policies), queryMeta(index));
      },
    },
    {
      pattern: '/v1/acl/role',
      methods: ['PUT'],
      async handler(r) {
        const acl = writer(r);
        sendJson(r, 200, roleJson(await acl.policies.createRole(decodeRole(await body(r)))));
      },
    },
    {
      pattern: '/v1/acl/role/',
      methods: ['GET', 'PUT', 'DELETE'],
      async handler(r) {
        const byName = r.tail.toString('utf8').startsWith('name/');
        const id = tail(r, byName ? 'role Name' : 'role ID');
        if (r.req.method === 'GET') {
          const { acl, wait } = reader(r);
          const role = byName ? await acl.policies.readRoleByName(nameFrom(id), wait) : await acl.policies.readRole(id, wait);
          return sendJson(r, 200, roleJson(role), queryMeta(role.modifyIndex));
        }
        const acl = writer(r);
        if (r.req.method === 'DELETE') {
          await acl.policies.deleteRole(id);
          return sendJson(r, 200, 'true');
        }
        sendJson(r, 200, roleJson(await acl.policies.updateRole(id, decodeRole(await body(r)))));
      },
    },
    {
      pattern: '/v1/acl/roles',
      methods: ['GET'],
      async handler(r) {
        const { acl, wait } = reader(r);
        const { index, roles } = await acl.policies.listRoles(queryGet(r.query, 'policy'), wait);
        sendJson(r, 200, rolesJson(roles), queryMeta(index));
      },
    },
    {
      pattern: '/v1/internal/acl/authorize',
      methods: ['POST'],
      async handler(r) {
        const acl = writer(r);
        const checks = decodeAuthorizations(await body(r));
        if (checks.length > MAX_AUTHORIZATIONS) throw kvError('ACL_INVALID', `Refusing to authorize more than ${MAX_AUTHORIZATIONS} requests`);
        const answers = await acl.authorize(checks);
        sendJson(r, 200, encodeJson(checks.map((c, i) => ({ Resource: c.resource, Segment: c.segment, Access: c.access, Allow: answers[i] as boolean }))));
      },
    },
  ];
}

/**
 * The name of `/v1/acl/policy/name/<name>` (and role): Go's client escapes it twice (a `/`
 * travels as `%252F`), and Consul unescapes it once more after the router did.
 */
function nameFrom(tail: string): string {
  const name = tail.slice('name/'.length);
  return percentDecode(name, false)?.toString('utf8') ?? name;
}
