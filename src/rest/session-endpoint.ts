import { kvError } from '../errors.js';
import { jsonString } from '../go/json-encode.js';
import { readBody } from '../http-body.js';
import type { BlockingOptions } from '../kv/blocking.js';
import type { Domain } from '../kv/domain.js';
import type { SessionService } from '../kv/session-service.js';
import type { Filtered } from '../structs/kv.js';
import type { Session } from '../structs/session.js';
import { blockingOptions } from './blocking.js';
import { parseDatacenter, parseQueryOptions, parseToken, rejectEnterpriseMeta, type QueryOptions } from './query-options.js';
import type { RestRequest, Route } from './router.js';
import { decodeSessionRequest } from './session-request.js';
import { queryMeta, sendJson, sessionJson, sessionsJson } from './wire.js';

/**
 * `/v1/session/*` (Consul's agent/session_endpoint.go). create and destroy parse only dc
 * and token, as Consul's handlers do; renew and the reads run the shared parameter parser. Every handler rejects
 * the Enterprise parameters, then an empty id or node, and only then an unknown
 * datacenter (Consul finds that out when it forwards the RPC).
 */
export function sessionRoutes(domain: Domain, maxBodySize: number): Route[] {
  const dc = domain.deps.datacenter;
  const pathPart = (r: RestRequest, missing: 'MISSING_SESSION' | 'MISSING_NODE_NAME') => {
    const text = r.tail.toString('utf8');
    if (text === '') throw kvError(missing);
    return text;
  };
  /** The shared parameters and the id or node of a renew or read; checks the dc last. */
  const parsed = (r: RestRequest, missing: 'MISSING_SESSION' | 'MISSING_NODE_NAME' | null): { options: QueryOptions; part: string; sessions: SessionService } => {
    const options = parseQueryOptions(r.query, r.req.headers);
    rejectEnterpriseMeta(r.query, r.req.headers);
    const part = missing === null ? '' : pathPart(r, missing);
    dc.check(options.datacenter);
    return { options, part, sessions: domain.sessions(options.token) };
  };
  /** A read of the sessions table, blocking on its index with ?index. */
  const read = async (r: RestRequest, options: QueryOptions, reading: (wait: BlockingOptions) => Promise<Filtered<Session[]>>) => {
    const { index, result, filtered } = await reading(blockingOptions(r, options));
    sendJson(r, 200, sessionsJson(result), queryMeta(index, filtered));
  };
  /** create and destroy read only ?dc and the token, as Consul's handlers do. */
  const writer = (r: RestRequest) => domain.sessions(parseToken(r.query, r.req.headers));

  return [
    {
      pattern: '/v1/session/create',
      methods: ['PUT'],
      async handler(r) {
        rejectEnterpriseMeta(r.query, r.req.headers);
        // Consul reads the body only when Content-Length says there is one.
        let body: string | null = null;
        if (Number(r.req.headers['content-length'] ?? 0) > 0) {
          const bytes = await readBody(r.req, maxBodySize);
          if (bytes === null) throw kvError('BODY_TOO_LARGE', maxBodySize);
          body = bytes.toString('utf8');
        }
        const sessions = writer(r);
        const request = decodeSessionRequest(body, sessions.defaults());
        dc.check(parseDatacenter(r.query));
        const id = await sessions.create(request);
        sendJson(r, 200, `{"ID":${jsonString(id)}}`);
      },
    },
    {
      pattern: '/v1/session/destroy/',
      methods: ['PUT'],
      async handler(r) {
        rejectEnterpriseMeta(r.query, r.req.headers);
        const id = pathPart(r, 'MISSING_SESSION');
        dc.check(parseDatacenter(r.query));
        await writer(r).destroy(id);
        sendJson(r, 200, 'true');
      },
    },
    {
      pattern: '/v1/session/renew/',
      methods: ['PUT'],
      async handler(r) {
        const { part: id, sessions } = parsed(r, 'MISSING_SESSION');
        const session = await sessions.renew(id);
        if (session === null) throw kvError('SESSION_NOT_FOUND', id);
        sendJson(r, 200, `[${sessionJson(session)}]`);
      },
    },
    {
      pattern: '/v1/session/info/',
      methods: ['GET'],
      async handler(r) {
        const { options, part: id, sessions } = parsed(r, 'MISSING_SESSION');
        await read(r, options, (wait) => sessions.info(id, wait));
      },
    },
    {
      pattern: '/v1/session/node/',
      methods: ['GET'],
      async handler(r) {
        const { options, part: node, sessions } = parsed(r, 'MISSING_NODE_NAME');
        await read(r, options, (wait) => sessions.forNode(node, wait));
      },
    },
    {
      pattern: '/v1/session/list',
      methods: ['GET'],
      async handler(r) {
        const { options, sessions } = parsed(r, null);
        await read(r, options, (wait) => sessions.list(wait));
      },
    },
  ];
}

