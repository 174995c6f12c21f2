import { builder } from './builder.js';
import { badInput, utf8 } from './inputs.js';
import { EntryRef, type EntryView } from './types.js';

/** Reads of the key/value store: one entry, a page of a prefix, key names, the index. */

const PageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

const Edge = builder.objectRef<EntryView>('KVEntryEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => e.key.toString('base64url') }),
    node: t.field({ type: EntryRef, resolve: (e) => e }),
  }),
});

const Connection = builder.objectRef<{ index: bigint; entries: EntryView[]; more: boolean }>('KVEntryConnection').implement({
  description: 'A page of the entries under a prefix, in byte order of their keys.',
  fields: (t) => ({
    index: t.field({ type: 'Index', description: 'The prefix index (as X-Consul-Index of a recurse).', resolve: (c) => c.index }),
    // entries already multiplies its selection by the page size: the edges are not counted twice.
    edges: t.field({ type: [Edge], complexity: { field: 1, multiplier: 1 }, resolve: (c) => c.entries }),
    pageInfo: t.field({
      type: PageInfo,
      resolve: (c) => ({ hasNextPage: c.more, endCursor: c.entries.length > 0 ? (c.entries.at(-1) as EntryView).key.toString('base64url') : null }),
    }),
  }),
});

const KeyList = builder.objectRef<{ index: bigint; keys: Buffer[] }>('KeyList').implement({
  fields: (t) => ({
    index: t.field({ type: 'Index', resolve: (l) => l.index }),
    keys: t.stringList({ resolve: (l) => l.keys.map((k) => k.toString('utf8')) }),
  }),
});

const MAX_PAGE = 1000;

builder.queryFields((t) => ({
  entry: t.field({
    type: EntryRef,
    nullable: true,
    description: 'One key; null when it does not exist.',
    args: { key: t.arg.string({ required: true }) },
    resolve: async (_root, { key }, ctx) => (await ctx.kv.get(ctx.kv.key(utf8(key)))).result,
  }),
  entries: t.field({
    type: Connection,
    description: `The entries under a prefix, a page at a time (at most ${MAX_PAGE}).`,
    args: {
      prefix: t.arg.string({ required: true }),
      first: t.arg.int({ defaultValue: 100, required: true }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    complexity: (args) => ({ field: 1, multiplier: Math.min(args.first ?? 100, MAX_PAGE) }),
    resolve: async (_root, { prefix, first, after }, ctx) => {
      if (first < 1 || first > MAX_PAGE) throw badInput(`first must be between 1 and ${MAX_PAGE}`);
      const prefixBytes = ctx.kv.prefix(utf8(prefix));
      const afterKey = after == null ? null : Buffer.from(after, 'base64url');
      // A cursor is a key of this prefix; any other would start the page outside the prefix.
      if (afterKey !== null && !afterKey.subarray(0, prefixBytes.length).equals(prefixBytes)) throw badInput('after is not a cursor of this prefix');
      const { index, result } = await ctx.kv.page(prefixBytes, afterKey, first);
      return { index, ...result };
    },
  }),
  keys: t.field({
    type: KeyList,
    description: 'The key names under a prefix; with a separator, deeper keys fold into one name ending with it.',
    args: { prefix: t.arg.string({ required: true }), separator: t.arg.string({ defaultValue: '', required: true }) },
    resolve: async (_root, { prefix, separator }, ctx) => {
      const { index, result } = await ctx.kv.keys(ctx.kv.prefix(utf8(prefix)), utf8(separator));
      return { index, keys: result };
    },
  }),
  index: t.field({
    type: 'Index',
    description: 'The store\'s index now (the last index any write took).',
    resolve: (_root, _args, ctx) => ctx.kv.currentIndex(),
  }),
}));
