import type { Entry } from './kv.js';
import type { Outcome } from './outcome.js';

/** Plain data of transactions (Consul's api.TxnOps and structs.TxnResponse). */

/** One KV operation of a transaction. Value is '' for null; flags and index default to 0. */
export interface TxnOp {
  verb: string;
  key: Buffer;
  value: Buffer;
  flags: bigint;
  index: bigint;
  session: string;
}

/** One element of a request: a KV op, or a catalog op kvgate does not serve. */
export type TxnElement = { kv: TxnOp } | { unsupported: 'Node' | 'Service' | 'Check' };

/** An entry a transaction reports; `withValue` is false for write verbs and checks. */
export interface TxnResult {
  entry: Entry;
  withValue: boolean;
}

/** One op's failure as the store reports it: an outcome code and its detail (a current index or session). */
export interface TxnFailure {
  opIndex: number;
  code: Outcome;
  detail: string;
}

/** Why one op failed, as clients see it; `message` is Consul's text (the 409 body's `What`). */
export interface TxnOpError {
  opIndex: number;
  code: Outcome | 'unsupported';
  message: string;
}

/** What the store answers for a transaction. */
export type TxnReply =
  | { committed: true; index: bigint | null; results: TxnResult[] }
  | { committed: false; failures: TxnFailure[]; /** Found before any op ran (phase 1). */ precheck: boolean };

/** What the domain answers for a transaction. */
export type TxnOutcome =
  | { committed: true; readOnly: boolean; index: bigint | null; results: TxnResult[]; /** Results the token may not read were left out. */ filtered: boolean }
  | { committed: false; readOnly: boolean; errors: TxnOpError[]; /** Found before any op ran (phase 1). */ precheck: boolean };
