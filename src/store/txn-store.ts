import { txnError, type TxnOp, type TxnOutcome, type TxnResult } from '../kv/txn.js';
import type { KvStore } from './kv-store.js';
import type { DcNames } from './names.js';
import type { RedisLink } from './redis.js';

/**
 * Runs a transaction in one script: txn.lua when it writes, txn-read.lua (read-only,
 * replica-safe) when it does not. Shares the fence with the KV store.
 */
export class TxnStore {
  constructor(
    private readonly redis: RedisLink,
    private readonly names: DcNames,
    private readonly kv: KvStore,
    private readonly scanLimit: number,
  ) {}

  async run(ops: readonly TxnOp[], readOnly: boolean): Promise<TxnOutcome> {
    const args: Array<string | Buffer> = [...this.kv.writeArgs(), String(this.scanLimit)];
    for (const op of ops) args.push(op.verb, op.key, op.value, op.flags.toString(), op.index.toString(), op.session);
    const r = (await this.redis.run(readOnly ? 'txnRead' : 'txn', [this.names.idx], args)) as Array<Buffer | number | null>;
    const status = String(r[0]);
    if (status !== 'ok') {
      const errors = [];
      for (let i = 1; i < r.length; i += 3) {
        const opIndex = Number(r[i]);
        errors.push(txnError(opIndex, String(r[i + 1]), ops[opIndex] as TxnOp, String(r[i + 2] ?? '')));
      }
      return { committed: false, readOnly, errors, precheck: status === 'precheck' };
    }
    const index = this.kv.optionalIndex(r[1] as Buffer);
    const results: TxnResult[] = [];
    for (let i = 2; i < r.length; i += 7) {
      const value = r[i + 1] as Buffer | null;
      results.push({
        withValue: value !== null,
        entry: {
          key: r[i] as Buffer,
          value: value ?? Buffer.alloc(0),
          flags: BigInt(String(r[i + 2])),
          createIndex: BigInt(String(r[i + 3])),
          modifyIndex: this.kv.seen(r[i + 4] as Buffer),
          lockIndex: BigInt(String(r[i + 5])),
          session: (r[i + 6] as Buffer).length > 0 ? String(r[i + 6]) : null,
        },
      });
    }
    return { committed: true, readOnly, index, results };
  }
}
