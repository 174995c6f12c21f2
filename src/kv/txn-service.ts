import type { Identity } from '../acl/resolver.js';
import { permissionDenied } from '../acl/denial.js';
import type { AclResolver } from '../acl/resolver.js';
import { kvError, KvError } from '../errors.js';
import type { TxnStore } from '../store/txn-store.js';
import { OUTCOME } from '../structs/outcome.js';
import type { TxnElement, TxnFailure, TxnOp, TxnOpError, TxnOutcome } from '../structs/txn.js';
import { Access } from './access.js';
import type { Datacenter } from './datacenter.js';
import { checkKey, checkPrefix, type KeyLimits } from './key-rules.js';
import { txnOpError, unsupportedOpError } from './txn-messages.js';

/** The KV verbs that write (Consul's api.KVOp); any other verb, unknown ones included, reads. */
export const TXN_WRITE_VERBS: ReadonlySet<string> = new Set(['set', 'cas', 'lock', 'unlock', 'delete', 'delete-cas', 'delete-tree']);

/** Which permission each verb needs up front (agent/consul/txn_endpoint.go preCheck); reads need none, their results are filtered. */
const NEEDS: Record<string, 'read' | 'write' | 'write-prefix'> = {
  'check-index': 'read',
  'check-session': 'read',
  'check-not-exists': 'write',
  set: 'write',
  cas: 'write',
  lock: 'write',
  unlock: 'write',
  delete: 'write',
  'delete-cas': 'write',
  'delete-tree': 'write-prefix',
};

/** What every TxnService of a datacenter shares. */
export interface TxnDeps {
  txnStore: TxnStore;
  acl: AclResolver;
  datacenter: Datacenter;
  /** Most ops in one transaction (Consul: 128). */
  maxOps: number;
  limits: KeyLimits;
}

/**
 * Transactions, for one caller (Consul's agent/txn_endpoint.go and state/txn.go): Consul's
 * limits, the key rules for every op, the token's permission for every op (a denied op
 * fails the transaction in phase 1 with Consul's text), then one atomic script that runs
 * every op in order against the effects of the earlier ones, reports every failing op, and
 * writes nothing unless all pass — under one index. Results the token may not read are left
 * out. A transaction without a write verb is read-only and never writes.
 */
export class TxnService {
  readonly #access: Access;

  constructor(
    private readonly d: TxnDeps,
    token: string,
  ) {
    this.#access = new Access(d.acl, token);
  }

  get datacenter(): Datacenter {
    return this.d.datacenter;
  }

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
    if (count > this.d.maxOps) throw kvError('TXN_TOO_MANY_OPS', count, this.d.maxOps);
    elements.forEach((element, i) => {
      if (!('kv' in element)) return;
      const op = element.kv;
      if (op.value.length > this.d.limits.maxValueSize) throw kvError('TXN_VALUE_TOO_LARGE', op.key.toString('utf8'), op.value.length, this.d.limits.maxValueSize);
      try {
        if (op.verb === 'delete-tree' || op.verb === 'get-tree') checkPrefix(op.key, this.d.limits.maxKeySize);
        else if (op.key.length > 0) checkKey(op.key, this.d.limits.maxKeySize);
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
    const who = await this.#access.who();
    const denied = new Set<number>();
    ops.forEach((op, i) => {
      if (!mayRun(who, op)) denied.add(i);
    });
    const reply = await this.d.txnStore.run(ops, readOnly, denied);
    if (!reply.committed) {
      return { committed: false, readOnly, precheck: reply.precheck, errors: reply.failures.map((f) => this.#error(who, f, ops[f.opIndex] as TxnOp)) };
    }
    if (!this.#access.enabled) return { ...reply, readOnly, filtered: false };
    const now = await this.#access.who();
    const results = reply.results.filter((r) => now.authorizer.keyRead(r.entry.key));
    return { ...reply, results, readOnly, filtered: results.length < reply.results.length && !now.implicit };
  }

  #error(who: Identity, failure: TxnFailure, op: TxnOp): TxnOpError {
    if (failure.code !== OUTCOME.ACL_DENIED) return txnOpError(failure, op);
    const access = NEEDS[op.verb] === 'read' ? 'read' : 'write';
    return { opIndex: failure.opIndex, code: failure.code, message: permissionDenied(who.accessorId, 'key', access, op.key) };
  }
}

/** Whether the token may run op (reads always may: their results are filtered). */
function mayRun(who: Identity, op: TxnOp): boolean {
  switch (NEEDS[op.verb]) {
    case 'read':
      return who.authorizer.keyRead(op.key);
    case 'write':
      return who.authorizer.keyWrite(op.key);
    case 'write-prefix':
      return who.authorizer.keyWritePrefix(op.key);
    default:
      return true;
  }
}
