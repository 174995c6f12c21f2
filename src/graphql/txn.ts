import type { TxnElement, TxnOpError, TxnResult } from '../structs/txn.js';
import { builder } from './builder.js';
import { utf8, valueBytes } from './inputs.js';
import { EntryRef } from './types.js';

/** Transactions: every KV verb, all or nothing, one index (Consul's /v1/txn). */

const TxnVerb = builder.enumType('TxnVerb', {
  values: {
    SET: { value: 'set' },
    CAS: { value: 'cas' },
    LOCK: { value: 'lock' },
    UNLOCK: { value: 'unlock' },
    GET: { value: 'get' },
    GET_OR_EMPTY: { value: 'get-or-empty' },
    GET_TREE: { value: 'get-tree' },
    CHECK_INDEX: { value: 'check-index' },
    CHECK_SESSION: { value: 'check-session' },
    CHECK_NOT_EXISTS: { value: 'check-not-exists' },
    DELETE: { value: 'delete' },
    DELETE_TREE: { value: 'delete-tree' },
    DELETE_CAS: { value: 'delete-cas' },
  } as const,
});

const TxnOpInput = builder.inputType('TxnOpInput', {
  fields: (t) => ({
    verb: t.field({ type: TxnVerb, required: true }),
    key: t.string({ required: true }),
    value: t.string(),
    valueBase64: t.string(),
    flags: t.field({ type: 'UInt64', defaultValue: 0n }),
    index: t.field({ type: 'Index', defaultValue: 0n, description: 'For cas, check-index and delete-cas.' }),
    session: t.id({ description: 'For lock, unlock and check-session.' }),
  }),
});

type Outcome<K extends string, T> = { kind: K } & T;

const TxnOpErrorRef = builder.objectRef<TxnOpError>('TxnOpError').implement({
  fields: (t) => ({
    opIndex: t.exposeInt('opIndex'),
    code: t.exposeString('code'),
    message: t.exposeString('message', { description: 'Consul\'s text for the failure.' }),
  }),
});

const TxnCommitted = builder.objectRef<Outcome<'TxnCommitted', { index: bigint | null; results: TxnResult[] }>>('TxnCommitted').implement({
  fields: (t) => ({
    index: t.field({ type: 'Index', nullable: true, description: 'The index of every write; null when nothing changed.', resolve: (o) => o.index }),
    results: t.field({
      type: [EntryRef],
      description: 'The entries the ops report, in op order (write results carry no value).',
      resolve: (o) => o.results.map((r) => ({ ...r.entry, withValue: r.withValue })),
    }),
  }),
});

const TxnFailed = builder.objectRef<Outcome<'TxnFailed', { errors: TxnOpError[] }>>('TxnFailed').implement({
  description: 'At least one op failed; nothing was written.',
  fields: (t) => ({ errors: t.field({ type: [TxnOpErrorRef], resolve: (o) => o.errors }) }),
});

const TxnOutcome = builder.unionType('TxnOutcome', { types: [TxnCommitted, TxnFailed], resolveType: (o) => o.kind });

builder.mutationFields((t) => ({
  txn: t.field({
    type: TxnOutcome,
    args: { ops: t.arg({ type: [TxnOpInput], required: true }) },
    complexity: (args) => ({ field: 1 + args.ops.length, multiplier: 1 }),
    resolve: async (_root, { ops }, ctx) => {
      const elements: TxnElement[] = ops.map((op) => ({
        kv: {
          verb: op.verb,
          key: utf8(op.key),
          value: valueBytes(op.value, op.valueBase64),
          flags: op.flags ?? 0n,
          index: op.index ?? 0n,
          session: op.session == null ? '' : String(op.session),
        },
      }));
      ctx.txns.check(elements);
      const outcome = await ctx.txns.run(elements);
      return outcome.committed
        ? { kind: 'TxnCommitted' as const, index: outcome.index, results: outcome.results }
        : { kind: 'TxnFailed' as const, errors: outcome.errors };
    },
  }),
}));
