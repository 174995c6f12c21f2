import { kvError } from '../errors.js';
import { readBody } from '../http-body.js';
import type { Datacenter } from '../kv/datacenter.js';
import { txnError, type TxnOp, type TxnOutcome } from '../kv/txn.js';
import { TxnService } from '../kv/txn-service.js';
import { parseDatacenter, parseQueryOptions } from './query-options.js';
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
 * PUT /v1/txn (spec §8): Consul's request limits and decoding, then one atomic run.
 * A read-only transaction parses the shared query parameters and answers with the leader
 * headers; a write only looks at ?dc. Failed ops answer 409 with every error.
 */
export function txnRoute(txns: TxnService, dc: Datacenter, maxRequestSize: number): Route {
  return {
    pattern: '/v1/txn',
    methods: ['PUT'],
    async handler(r) {
      const declared = Number(r.req.headers['content-length'] ?? 0);
      if (declared > maxRequestSize) throw kvError('TXN_TOO_LARGE', declared, maxRequestSize);
      const body = await readBody(r.req, maxRequestSize);
      if (body === null) throw kvError('TXN_BODY_TOO_LARGE', maxRequestSize);
      const { elements, count } = decodeTxnBody(body.toString('utf8'));
      const ops = elements.flatMap((e) => ('kv' in e ? [e.kv] : []));
      txns.checkLimits(ops, count);
      const readOnly = ops.length === elements.length && TxnService.isReadOnly(ops);
      dc.check(readOnly ? parseQueryOptions(r.query, r.req.headers).datacenter : parseDatacenter(r.query));

      let outcome: TxnOutcome;
      if (ops.length < elements.length) {
        const errors = elements.flatMap((e, i) => ('unsupported' in e ? [txnError(i, 'unsupported', NO_OP, e.unsupported)] : []));
        outcome = { committed: false, readOnly: false, errors, precheck: true };
      } else {
        outcome = await txns.run(ops);
      }
      const leader = readOnly ? ['X-Consul-Knownleader', String(outcome.committed || !outcome.precheck), 'X-Consul-Lastcontact', '0'] : [];
      if (outcome.committed) sendJson(r, 200, txnJson(outcome), leader);
      else sendJson(r, 409, txnJson(outcome), leader, 'application/json; charset=utf-8');
    },
  };
}

const NO_OP: TxnOp = { verb: '', key: Buffer.alloc(0), value: Buffer.alloc(0), flags: 0n, index: 0n, session: '' };
