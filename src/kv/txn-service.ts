import { kvError } from '../errors.js';
import type { TxnStore } from '../store/txn-store.js';
import { TXN_WRITE_VERBS, type TxnOp, type TxnOutcome } from './txn.js';

/**
 * Transactions (spec §8): Consul's limits, then one atomic script that runs every op in
 * order against the effects of the earlier ones, reports every failing op, and writes
 * nothing unless all pass — under one index. A transaction without a write verb is
 * read-only and never writes.
 */
export class TxnService {
  constructor(
    private readonly store: TxnStore,
    /** Most ops in one transaction (Consul: 128). */
    readonly maxOps: number,
    readonly maxValueSize: number,
  ) {}

  static isReadOnly(ops: readonly TxnOp[]): boolean {
    return !ops.some((op) => TXN_WRITE_VERBS.has(op.verb));
  }

  /** `count` is the number of ops as sent (empty ones included, as Consul counts them). */
  checkLimits(ops: readonly TxnOp[], count = ops.length): void {
    if (count > this.maxOps) throw kvError('TXN_TOO_MANY_OPS', count, this.maxOps);
    for (const op of ops) {
      if (op.value.length > this.maxValueSize) throw kvError('TXN_VALUE_TOO_LARGE', op.key.toString('utf8'), op.value.length, this.maxValueSize);
    }
  }

  run(ops: readonly TxnOp[]): Promise<TxnOutcome> {
    return this.store.run(ops, TxnService.isReadOnly(ops));
  }
}
