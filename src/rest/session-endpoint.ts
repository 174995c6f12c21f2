import { kvError } from '../errors.js';
import { jsonString } from '../go/json-encode.js';
import { readBody } from '../http-body.js';
import type { BlockingQueries, BlockingRead } from '../kv/blocking.js';
import type { SessionService } from '../kv/session-service.js';
import type { Session } from '../structs/session.js';
import { blockingOptions, onClientGone } from './blocking.js';
import { parseDatacenter, parseQueryOptions, rejectEnterpriseMeta, type QueryOptions } from './query-options.js';
import type { RestRequest, Route } from './router.js';
import { decodeSessionRequest } from './session-request.js';
import { queryMeta, sendJson, sessionJson, sessionsJson } from './wire.js';

/**
 * `/v1/session/*` (Consul's agent/session_endpoint.go). create and destroy parse only dc
 * and token, as Consul's handlers do; renew and the reads run the shared parameter parser. Every handler rejects
 * the Enterprise parameters, then an empty id or node, and only then an unknown
 * datacenter (Consul finds that out when it forwards the RPC).
 */
export function sessionRoutes(sessions: SessionService, blocking: BlockingQueries, maxBodySize: number): Route[] {
  const dc = sessions.datacenter;
  const pathPart = (r: RestRequest, missing: 'MISSING_SESSION' | 'MISSING_NODE_NAME') => {
    const text = r.tail.toString('utf8');
    if (text === '') throw kvError(missing);
    return text;
  };
  /** The shared parameters and the id or node of a renew or read; checks the dc last. */
  const parsed = (r: RestRequest, missing: 'MISSING_SESSION' | 'MISSING_NODE_NAME' | null): { options: QueryOptions; part: string } => {
    const options = parseQueryOptions(r.query, r.req.headers);
    rejectEnterpriseMeta(r.query, r.req.headers);
    const part = missing === null ? '' : pathPart(r, missing);
    dc.check(options.datacenter);
    return { options, part };
  };
  /** A read of the sessions table, blocking on its index with ?index. */
  const read = async (r: RestRequest, options: QueryOptions, sessionRead: BlockingRead<Session[]>) => {
    const wait = blockingOptions(options);
    const result = await blocking.query(sessionRead, wait, onClientGone(r, wait));
    sendJson(r, 200, sessionsJson(result.result), queryMeta(result.index));
  };

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
        await sessions.destroy(id);
        sendJson(r, 200, 'true');
      },
    },
    {
      pattern: '/v1/session/renew/',
      methods: ['PUT'],
      async handler(r) {
        const id = parsed(r, 'MISSING_SESSION').part;
        const session = await sessions.renew(id);
        if (session === null) throw kvError('SESSION_NOT_FOUND', id);
        sendJson(r, 200, `[${sessionJson(session)}]`);
      },
    },
    {
      pattern: '/v1/session/info/',
      methods: ['GET'],
      async handler(r) {
        const { options, part: id } = parsed(r, 'MISSING_SESSION');
        await read(r, options, sessions.infoRead(id));
      },
    },
    {
      pattern: '/v1/session/node/',
      methods: ['GET'],
      async handler(r) {
        const { options, part: node } = parsed(r, 'MISSING_NODE_NAME');
        await read(r, options, sessions.nodeRead(node));
      },
    },
    {
      pattern: '/v1/session/list',
      methods: ['GET'],
      async handler(r) {
        await read(r, parsed(r, null).options, sessions.listRead());
      },
    },
  ];
}

