import { kvError } from '../errors.js';
import { readBody } from '../http-body.js';
import type { Domain } from '../kv/domain.js';
import { TxnService } from '../kv/txn-service.js';
import { parseDatacenter, parseQueryOptions, parseToken } from './query-options.js';
import type { Route } from './router.js';
import { decodeTxnBody } from './txn-request.js';
import { sendJson, txnJson } from './wire.js';

/** Consul's txn_max_req_len: the largest transaction request body by default (512 KiB). */
export const TXN_MAX_REQUEST_BYTES = 524_288;

/** Consul lets a transaction request be as large as the larger of txn_max_req_len and kv_max_value_size. */
export function txnRequestLimit(maxValueSize: number): number {
  return Math.max(TXN_MAX_REQUEST_BYTES, maxValueSize);
}

/**
 * PUT /v1/txn (Consul's agent/txn_endpoint.go): Consul's request limits and decoding, then
 * one atomic run.
 * A read-only transaction parses the shared query parameters and answers with the leader
 * headers; a write only looks at ?dc. Failed ops answer 409 with every error.
 */
export function txnRoute(domain: Domain, maxRequestSize: number): Route {
  return {
    pattern: '/v1/txn',
    methods: ['PUT'],
    async handler(r) {
      const declared = Number(r.req.headers['content-length'] ?? 0);
      if (declared > maxRequestSize) throw kvError('TXN_TOO_LARGE', declared, maxRequestSize);
      const body = await readBody(r.req, maxRequestSize);
      if (body === null) throw kvError('TXN_BODY_TOO_LARGE', maxRequestSize);
      const { elements, count } = decodeTxnBody(body.toString('utf8'));
      const txns = domain.txns(parseToken(r.query, r.req.headers));
      txns.check(elements, count);
      const readOnly = TxnService.isReadOnly(elements);
      txns.datacenter.check(readOnly ? parseQueryOptions(r.query, r.req.headers).datacenter : parseDatacenter(r.query));
      const outcome = await txns.run(elements);
      const leader = readOnly ? ['X-Consul-Knownleader', String(outcome.committed || !outcome.precheck), 'X-Consul-Lastcontact', '0'] : [];
      if (outcome.committed) sendJson(r, 200, txnJson(outcome), leader);
      else sendJson(r, 409, txnJson(outcome), leader, 'application/json; charset=utf-8');
    },
  };
}
