import { quote } from '../go/strconv.js';
import type { Entry } from './types.js';

/** The KV verbs of a transaction (spec §8.3); anything else is an unknown verb (a read). */
export const TXN_WRITE_VERBS = new Set(['set', 'cas', 'lock', 'unlock', 'delete', 'delete-cas', 'delete-tree']);

/** One KV operation of a transaction. Value is '' for null; flags and index default to 0. */
export interface TxnOp {
  verb: string;
  key: Buffer;
  value: Buffer;
  flags: bigint;
  index: bigint;
  session: string;
}

/** An entry a transaction reports; `withValue` is false for write verbs and checks. */
export interface TxnResult {
  entry: Entry;
  withValue: boolean;
}

/** Why one op failed; `message` is Consul's text (the 409 body's `What`). */
export interface TxnOpError {
  opIndex: number;
  code: TxnErrorCode;
  message: string;
}

export type TxnOutcome =
  | { committed: true; readOnly: boolean; index: bigint | null; results: TxnResult[] }
  | { committed: false; readOnly: boolean; errors: TxnOpError[]; /** Found before any op ran (spec §8.3 phase 1). */ precheck: boolean };

export type TxnErrorCode = keyof typeof MESSAGES;

type Describe = (key: string, op: TxnOp, detail: string) => string;

/** Consul's `What` for each failure the transaction script reports. */
const MESSAGES = {
  nokey: () => 'Must provide key',
  verb: (_k, op) => `unknown KV operation: ${op.verb}`,
  unsupported: (_k, _op, detail) => `kvgate does not serve the catalog: ${detail} operations are not supported`,
  lockdelay: (k) => `failed to lock key ${quote(k)} due to lock delay`,
  cas: (k) => `failed to set key ${quote(k)}, index is stale`,
  nosession: () => 'missing session',
  badsession: (_k, op) => `invalid session ${quote(op.session)}`,
  held: (k) => `failed to lock key ${quote(k)}, lock is already held`,
  notheld: (k) => `failed to unlock key ${quote(k)}, lock isn't held, or is held by another session`,
  deletecas: (k) => `failed to delete key ${quote(k)}, index is stale`,
  missing: (k) => `key ${quote(k)} doesn't exist`,
  indexmissing: (k) => `failed to check index, key ${quote(k)} doesn't exist`,
  index: (k, op, current) => `failed index check for key ${quote(k)}, current modify index ${current} != ${op.index}`,
  sessionmissing: (k) => `failed to check session, key ${quote(k)} doesn't exist`,
  session: (k, op, current) => `failed session check for key ${quote(k)}, current session ${quote(current)} != ${quote(op.session)}`,
  exists: (k) => `key ${quote(k)} exists`,
} satisfies Record<string, Describe>;

export function txnError(opIndex: number, code: string, op: TxnOp, detail: string): TxnOpError {
  const known = code in MESSAGES ? (code as TxnErrorCode) : 'verb';
  return { opIndex, code: known, message: MESSAGES[known](op.key.toString('utf8'), op, detail) };
}
