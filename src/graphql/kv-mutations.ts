import type { Entry } from '../structs/kv.js';
import { OUTCOME } from '../structs/outcome.js';
import { builder } from './builder.js';
import { badInput, utf8, valueBytes } from './inputs.js';
import { EntryRef, type EntryView } from './types.js';

/**
 * Writes. Outcomes that are not faults — a lost CAS, a lock held by someone else — are
 * union members, not errors; faults (bad input, Redis down) are GraphQL errors with the
 * error table's code.
 */

type Outcome<K extends string, T> = { kind: K } & T;

/** acquireLock and releaseLock take the same arguments, as ?acquire and ?release do. */
const lockArgs = builder.args((t) => ({
  key: t.string({ required: true }),
  session: t.id({ required: true }),
  value: t.string(),
  valueBase64: t.string(),
  flags: t.field({ type: 'UInt64', defaultValue: 0n, required: true }),
}));

const PutSuccess = builder.objectRef<Outcome<'PutSuccess', { entry: EntryView }>>('PutSuccess').implement({
  fields: (t) => ({ entry: t.field({ type: EntryRef, resolve: (o) => o.entry }) }),
});
const CasMismatch = builder.objectRef<Outcome<'CasMismatch', { current: Entry | null }>>('CasMismatch').implement({
  description: 'The key was not at the index the CAS expected; current is what it holds now (null: missing).',
  fields: (t) => ({ current: t.field({ type: EntryRef, nullable: true, resolve: (o) => o.current }) }),
});
const Deleted = builder.objectRef<Outcome<'Deleted', { index: bigint | null }>>('Deleted').implement({
  fields: (t) => ({
    index: t.field({ type: 'Index', nullable: true, description: 'The index of the delete; null when nothing was there.', resolve: (o) => o.index }),
  }),
});
const LockAcquired = builder.objectRef<Outcome<'LockAcquired', { entry: EntryView }>>('LockAcquired').implement({
  fields: (t) => ({ entry: t.field({ type: EntryRef, resolve: (o) => o.entry }) }),
});
const LockHeld = builder.objectRef<Outcome<'LockHeld', { current: Entry | null }>>('LockHeld').implement({
  description: 'Another session holds the key (release: this session does not).',
  fields: (t) => ({ current: t.field({ type: EntryRef, nullable: true, resolve: (o) => o.current }) }),
});
const LockDelayed = builder.objectRef<Outcome<'LockDelayed', { key: string }>>('LockDelayed').implement({
  description: 'The key is in the lock-delay that followed the end of its last holder\'s session.',
  fields: (t) => ({ key: t.exposeString('key') }),
});
const InvalidSession = builder.objectRef<Outcome<'InvalidSession', { session: string }>>('InvalidSession').implement({
  description: 'The session is empty or does not exist.',
  fields: (t) => ({ session: t.exposeString('session') }),
});
const LockReleased = builder.objectRef<Outcome<'LockReleased', { entry: EntryView }>>('LockReleased').implement({
  fields: (t) => ({ entry: t.field({ type: EntryRef, resolve: (o) => o.entry }) }),
});

const byKind = (value: { kind: string }) => value.kind;
const PutResult = builder.unionType('PutResult', { types: [PutSuccess, CasMismatch], resolveType: byKind });
const DeleteResult = builder.unionType('DeleteResult', { types: [Deleted, CasMismatch], resolveType: byKind });
const AcquireResult = builder.unionType('AcquireResult', { types: [LockAcquired, LockHeld, LockDelayed, InvalidSession], resolveType: byKind });
const ReleaseResult = builder.unionType('ReleaseResult', { types: [LockReleased, LockHeld, InvalidSession], resolveType: byKind });

builder.mutationFields((t) => ({
  put: t.field({
    type: PutResult,
    description: 'Writes a key (value as text or valueBase64 as bytes); with cas, only over that ModifyIndex (0: only when missing).',
    args: {
      key: t.arg.string({ required: true }),
      value: t.arg.string(),
      valueBase64: t.arg.string(),
      flags: t.arg({ type: 'UInt64', defaultValue: 0n, required: true }),
      cas: t.arg({ type: 'Index' }),
    },
    resolve: async (_root, args, ctx) => {
      const key = ctx.kv.key(utf8(args.key));
      const value = valueBytes(args.value, args.valueBase64);
      const written = await ctx.kv.set(key, value, args.flags, args.cas ?? null);
      if (!written.ok || written.entry === null) return { kind: 'CasMismatch' as const, current: (await ctx.kv.get(key)).result };
      return { kind: 'PutSuccess' as const, entry: { key, value, flags: args.flags, ...written.entry } };
    },
  }),
  delete: t.field({
    type: DeleteResult,
    description: 'Deletes a key, or with recurse every key starting with it; with cas, only at that ModifyIndex.',
    args: { key: t.arg.string({ required: true }), recurse: t.arg.boolean({ defaultValue: false, required: true }), cas: t.arg({ type: 'Index' }) },
    resolve: async (_root, args, ctx) => {
      if (args.recurse) {
        if (args.cas != null) throw badInput('cas cannot be combined with recurse');
        return { kind: 'Deleted' as const, index: (await ctx.kv.deleteTree(ctx.kv.prefix(utf8(args.key)))).index };
      }
      const key = ctx.kv.key(utf8(args.key));
      const outcome = await ctx.kv.delete(key, args.cas ?? null);
      if (!outcome.ok) return { kind: 'CasMismatch' as const, current: (await ctx.kv.get(key)).result };
      return { kind: 'Deleted' as const, index: outcome.index };
    },
  }),
  acquireLock: t.field({
    type: AcquireResult,
    description: 'Locks a key for a session, writing value and flags (Consul ?acquire).',
    args: lockArgs,
    resolve: async (_root, args, ctx) => {
      const key = ctx.kv.key(utf8(args.key));
      const value = valueBytes(args.value, args.valueBase64);
      const session = String(args.session);
      const { status, entry } = await ctx.kv.acquire(key, value, args.flags, session);
      if (status === OUTCOME.OK && entry) return { kind: 'LockAcquired' as const, entry: { key, value, flags: args.flags, ...entry } };
      if (status === OUTCOME.LOCK_DELAY) return { kind: 'LockDelayed' as const, key: args.key };
      if (status === OUTCOME.LOCK_HELD) return { kind: 'LockHeld' as const, current: (await ctx.kv.get(key)).result };
      return { kind: 'InvalidSession' as const, session };
    },
  }),
  releaseLock: t.field({
    type: ReleaseResult,
    description: 'Unlocks a key the session holds, writing value and flags (Consul ?release).',
    args: lockArgs,
    resolve: async (_root, args, ctx) => {
      const key = ctx.kv.key(utf8(args.key));
      const value = valueBytes(args.value, args.valueBase64);
      const session = String(args.session);
      const { status, entry } = await ctx.kv.release(key, value, args.flags, session);
      if (status === OUTCOME.OK && entry) return { kind: 'LockReleased' as const, entry: { key, value, flags: args.flags, ...entry } };
      if (status === OUTCOME.NO_SESSION) return { kind: 'InvalidSession' as const, session };
      return { kind: 'LockHeld' as const, current: (await ctx.kv.get(key)).result };
    },
  }),
}));
