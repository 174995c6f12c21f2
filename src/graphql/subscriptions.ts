import type { Entry } from '../structs/kv.js';
import type { ChangeMessage } from '../watch/change-streams.js';
import { builder } from './builder.js';
import { utf8 } from './inputs.js';
import { EntryRef } from './types.js';

/**
 * Pushed watches: a key's states (the blocking query, pushed), and every change under a
 * prefix replayed from an index out of the change feed.
 */

const EntryEvent = builder.objectRef<{ index: bigint; result: Entry | null }>('EntryEvent').implement({
  fields: (t) => ({
    index: t.field({ type: 'Index', description: 'The key\'s index at this state (the store\'s, once deleted).', resolve: (e) => e.index }),
    entry: t.field({ type: EntryRef, nullable: true, description: 'null once the key is deleted.', resolve: (e) => e.result }),
  }),
});

const ChangeOp = builder.enumType('ChangeOp', {
  values: { SET: { value: 'set' }, DELETE: { value: 'delete' }, LOCK: { value: 'lock' }, UNLOCK: { value: 'unlock' } } as const,
});

type Message<K extends ChangeMessage['kind']> = Extract<ChangeMessage, { kind: K }>;

const Change = builder.objectRef<Message<'change'>>('Change').implement({
  description: 'One key changed by the write at index.',
  fields: (t) => ({
    index: t.field({ type: 'Index', resolve: (m) => m.event.index }),
    key: t.string({ resolve: (m) => (m.event.key as Buffer).toString('utf8') }),
    op: t.field({ type: ChangeOp, resolve: (m) => m.event.op as 'set' }),
    entry: t.field({
      type: EntryRef,
      nullable: true,
      description: 'The key as it is when this event is delivered (null: gone); compare its modifyIndex with index.',
      resolve: async (m, _args, ctx) => (await ctx.kv.get(ctx.kv.storedKey(m.event.key as Buffer))).result,
    }),
  }),
});

const Compacted = builder.objectRef<Message<'compacted'>>('Compacted').implement({
  description: 'The change feed no longer reaches back to afterIndex (or changes were lost): re-read, then subscribe again from index.',
  fields: (t) => ({ index: t.field({ type: 'Index', resolve: (m) => m.index }) }),
});

const SubscriptionEnded = builder.objectRef<Message<'ended'>>('SubscriptionEnded').implement({
  description: 'The subscriber fell behind and was ended; subscribe again with afterIndex = lastIndex to go on exactly.',
  fields: (t) => ({
    lastIndex: t.field({ type: 'Index', resolve: (m) => m.lastIndex }),
    reason: t.exposeString('reason'),
  }),
});

const ChangeMessageRef = builder.unionType('ChangeMessage', {
  types: [Change, Compacted, SubscriptionEnded],
  resolveType: (m) => ({ change: 'Change', compacted: 'Compacted', ended: 'SubscriptionEnded' })[m.kind],
});

builder.subscriptionFields((t) => ({
  entry: t.field({
    type: EntryEvent,
    description: 'The key\'s states after afterIndex: at once if it is already newer, then at every change of it.',
    args: { key: t.arg.string({ required: true }), afterIndex: t.arg({ type: 'Index', defaultValue: 0n, required: true }) },
    subscribe: (_root, { key, afterIndex }, ctx) => ctx.kv.watch(ctx.kv.key(utf8(key)), afterIndex),
    resolve: (event) => event,
  }),
  changes: t.field({
    type: ChangeMessageRef,
    description: 'Every change under prefix after afterIndex, in index order, replayed out of the change feed then live.',
    args: { prefix: t.arg.string({ required: true }), afterIndex: t.arg({ type: 'Index', defaultValue: 0n, required: true }) },
    subscribe: (_root, { prefix, afterIndex }, ctx) => ctx.changes.subscribe(ctx.kv.prefix(utf8(prefix)), afterIndex),
    resolve: (message) => message,
  }),
}));
