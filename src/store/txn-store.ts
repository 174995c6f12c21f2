import { OUTCOME, type Outcome } from '../structs/outcome.js';
import type { TxnFailure, TxnOp, TxnReply, TxnResult } from '../structs/txn.js';
import type { IndexFence } from './fence.js';
import type { DcNames } from './names.js';
import type { RedisLink } from './redis-link.js';

const NONE: ReadonlySet<number> = new Set();

/**
 * Runs a transaction in one script: txn.lua when it writes, txn-read.lua (read-only,
 * replica-safe) when it does not. Failures come back as outcome codes per op; what they
 * mean for a client is the domain's (src/kv/txn-service.ts).
 */
export class TxnStore {
  constructor(
    private readonly redis: RedisLink,
    private readonly names: DcNames,
    private readonly fence: IndexFence,
    private readonly scanLimit: number,
  ) {}

  /** Runs ops; an op marked in `denied` fails phase 1 with ACL_DENIED (the caller's token may not run it). */
  async run(ops: readonly TxnOp[], readOnly: boolean, denied: ReadonlySet<number> = NONE): Promise<TxnReply> {
    const args: Array<string | Buffer> = [...this.fence.writeArgs(), String(this.scanLimit)];
    ops.forEach((op, i) => args.push(op.verb, op.key, op.value, op.flags.toString(), op.index.toString(), op.session, denied.has(i) ? '1' : ''));
    const r = (await this.redis.run(readOnly ? 'txnRead' : 'txn', [this.names.idx], args)) as Array<Buffer | number | null>;
    const status = String(r[0]);
    if (status !== OUTCOME.OK) {
      const failures: TxnFailure[] = [];
      for (let i = 1; i < r.length; i += 3) failures.push({ opIndex: Number(r[i]), code: String(r[i + 1]) as Outcome, detail: String(r[i + 2] ?? '') });
      return { committed: false, failures, precheck: status === OUTCOME.TXN_PRECHECK_FAILED };
    }
    const index = this.fence.optional(r[1] as Buffer);
    const results: TxnResult[] = [];
    for (let i = 2; i < r.length; i += 7) {
      const value = r[i + 1] as Buffer | null;
      const createIndex = BigInt(String(r[i + 3]));
      const modifyIndex = BigInt(String(r[i + 4]));
      // A stored entry's ModifyIndex came from Redis; get-or-empty of a missing key echoes
      // the client's Index (with CreateIndex 0, which no stored entry has): never fenced on.
      if (createIndex !== 0n) this.fence.observe(modifyIndex);
      results.push({
        withValue: value !== null,
        entry: {
          key: r[i] as Buffer,
          value: value ?? Buffer.alloc(0),
          flags: BigInt(String(r[i + 2])),
          createIndex,
          modifyIndex,
          lockIndex: BigInt(String(r[i + 5])),
          session: (r[i + 6] as Buffer).length > 0 ? String(r[i + 6]) : null,
        },
      });
    }
    return { committed: true, index, results };
  }
}
