import type { Entry } from '../structs/kv.js';
import type { Session } from '../structs/session.js';
import { builder } from './builder.js';

/**
 * The object types shared by the slices. A KV entry reported without its value (a write
 * result of a transaction) has `withValue: false`.
 */
export interface EntryView extends Entry {
  withValue?: boolean;
}

export const SessionBehavior = builder.enumType('SessionBehavior', {
  description: 'What happens to the keys a session holds when it ends.',
  values: { RELEASE: { value: 'release' }, DELETE: { value: 'delete' } } as const,
});

export const SessionRef = builder.objectRef<Session>('Session').implement({
  description: 'A session: the owner of locks (Consul sessions).',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    node: t.exposeString('node'),
    lockDelay: t.field({
      type: 'UInt64',
      description: 'Lock-delay in nanoseconds, as given (applied capped at 60 s).',
      resolve: (s) => s.lockDelayNs,
    }),
    behavior: t.field({ type: SessionBehavior, resolve: (s) => s.behavior }),
    ttl: t.exposeString('ttl', { description: 'The TTL as given ("" for none).' }),
    nodeChecks: t.stringList({ nullable: true, resolve: (s) => s.nodeChecks }),
    createIndex: t.field({ type: 'Index', resolve: (s) => s.createIndex }),
  }),
});

export const EntryRef = builder.objectRef<EntryView>('KVEntry').implement({
  description: 'One key and its value, flags and indexes.',
  fields: (t) => ({
    key: t.string({ resolve: (e) => e.key.toString('utf8') }),
    value: t.string({
      nullable: true,
      description: 'The value as UTF-8 text (invalid bytes replaced); null when not reported.',
      resolve: (e) => (e.withValue === false ? null : e.value.toString('utf8')),
    }),
    valueBase64: t.string({
      nullable: true,
      description: 'The value\'s exact bytes, base64; null when not reported.',
      resolve: (e) => (e.withValue === false ? null : e.value.toString('base64')),
    }),
    flags: t.field({ type: 'UInt64', resolve: (e) => e.flags }),
    createIndex: t.field({ type: 'Index', resolve: (e) => e.createIndex }),
    modifyIndex: t.field({ type: 'Index', resolve: (e) => e.modifyIndex }),
    lockIndex: t.field({ type: 'UInt64', resolve: (e) => e.lockIndex }),
    session: t.field({
      type: SessionRef,
      nullable: true,
      description: 'The session holding the lock, if any.',
      resolve: async (e, _args, ctx) => (e.session === null ? null : ((await ctx.sessions.info(e.session)).result[0] ?? null)),
    }),
  }),
});
