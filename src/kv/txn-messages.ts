import { quote } from '../go/strconv.js';
import { OUTCOME } from '../structs/outcome.js';
import type { TxnFailure, TxnOp, TxnOpError } from '../structs/txn.js';

/**
 * What a failed op of a transaction tells the client: Consul's `What` for each outcome
 * code the transaction script answers (agent/consul/state/txn.go and kvs.go), worded by
 * the op's verb where Consul's wording depends on it.
 */
export function txnOpError(failure: TxnFailure, op: TxnOp): TxnOpError {
  return { opIndex: failure.opIndex, code: failure.code, message: describe(failure, op) };
}

/** The error of a catalog op (Node, Service, Check), which kvgate does not serve. */
export function unsupportedOpError(opIndex: number, kind: string): TxnOpError {
  return { opIndex, code: 'unsupported', message: `kvgate does not serve the catalog: ${kind} operations are not supported` };
}

function describe({ code, detail }: TxnFailure, op: TxnOp): string {
  const key = quote(op.key.toString('utf8'));
  switch (code) {
    case OUTCOME.NO_KEY:
      return 'Must provide key';
    case OUTCOME.LOCK_DELAY:
      return `failed to lock key ${key} due to lock delay`;
    case OUTCOME.CAS_MISMATCH:
      return `failed to ${op.verb === 'delete-cas' ? 'delete' : 'set'} key ${key}, index is stale`;
    case OUTCOME.NO_SESSION:
      return 'missing session';
    case OUTCOME.INVALID_SESSION:
      return `invalid session ${quote(op.session)}`;
    case OUTCOME.LOCK_HELD:
      return `failed to lock key ${key}, lock is already held`;
    case OUTCOME.NOT_HELD:
      return `failed to unlock key ${key}, lock isn't held, or is held by another session`;
    case OUTCOME.KEY_MISSING:
      if (op.verb === 'check-index') return `failed to check index, key ${key} doesn't exist`;
      if (op.verb === 'check-session') return `failed to check session, key ${key} doesn't exist`;
      return `key ${key} doesn't exist`;
    case OUTCOME.INDEX_MISMATCH:
      return `failed index check for key ${key}, current modify index ${detail} != ${op.index}`;
    case OUTCOME.SESSION_MISMATCH:
      return `failed session check for key ${key}, current session ${quote(detail)} != ${quote(op.session)}`;
    case OUTCOME.KEY_EXISTS:
      return `key ${key} exists`;
    default:
      // UNKNOWN_VERB, and anything the script might add: the verb is what the op got wrong.
      return `unknown KV operation: ${op.verb}`;
  }
}
