import { kvError, KvError } from '../errors.js';
import type { TxnStore } from '../store/txn-store.js';
import type { TxnElement, TxnOp, TxnOutcome } from '../structs/txn.js';
import type { Datacenter } from './datacenter.js';
import { checkKey, checkPrefix, type KeyLimits } from './key-rules.js';
import { txnOpError, unsupportedOpError } from './txn-messages.js';

/** The KV verbs that write (Consul's api.KVOp); any other verb, unknown ones included, reads. */
export const TXN_WRITE_VERBS: ReadonlySet<string> = new Set(['set', 'cas', 'lock', 'unlock', 'delete', 'delete-cas', 'delete-tree']);

/**
 * Transactions (Consul's agent/txn_endpoint.go and state/txn.go): Consul's limits, the
 * key rules for every op, then one atomic script that runs every op in order against the
 * effects of the earlier ones, reports every failing op, and writes nothing unless all
 * pass — under one index. A transaction without a write verb is read-only and never writes.
 */
export class TxnService {
  constructor(
    private readonly store: TxnStore,
    readonly datacenter: Datacenter,
    /** Most ops in one transaction (Consul: 128). */
    readonly maxOps: number,
    private readonly limits: KeyLimits,
  ) {}

  /** True when no element writes (catalog elements count as writes: they are refused anyway). */
  static isReadOnly(elements: readonly TxnElement[]): boolean {
    return elements.every((e) => 'kv' in e && !TXN_WRITE_VERBS.has(e.kv.verb));
  }

  /**
   * Consul's request limits and kvgate's key rules, before anything runs: `count` is the
   * number of elements as sent (empty ones included, as Consul counts them). An op with an
   * empty key is left to the script (Consul's per-op `Must provide key`).
   */
  check(elements: readonly TxnElement[], count = elements.length): void {
    if (count > this.maxOps) throw kvError('TXN_TOO_MANY_OPS', count, this.maxOps);
    elements.forEach((element, i) => {
      if (!('kv' in element)) return;
      const op = element.kv;
      if (op.value.length > this.limits.maxValueSize) throw kvError('TXN_VALUE_TOO_LARGE', op.key.toString('utf8'), op.value.length, this.limits.maxValueSize);
      try {
        if (op.verb === 'delete-tree' || op.verb === 'get-tree') checkPrefix(op.key, this.limits.maxKeySize);
        else if (op.key.length > 0) checkKey(op.key, this.limits.maxKeySize);
      } catch (err) {
        throw err instanceof KvError ? new KvError(err.code, `${err.message} (transaction op ${i})`) : err;
      }
    });
  }

  /** Runs checked elements; catalog elements fail the transaction before anything runs. */
  async run(elements: readonly TxnElement[]): Promise<TxnOutcome> {
    const readOnly = TxnService.isReadOnly(elements);
    const ops: TxnOp[] = [];
    const unsupported = elements.flatMap((e, i) => ('kv' in e ? (ops.push(e.kv), []) : [unsupportedOpError(i, e.unsupported)]));
    if (unsupported.length > 0) return { committed: false, readOnly, errors: unsupported, precheck: true };
    const reply = await this.store.run(ops, readOnly);
    if (reply.committed) return { ...reply, readOnly };
    return { committed: false, readOnly, precheck: reply.precheck, errors: reply.failures.map((f) => txnOpError(f, ops[f.opIndex] as TxnOp)) };
  }
}
