import { kvError } from '../errors.js';
import { formatDuration, parseDuration } from '../go/duration.js';
import { DEFAULT_LOCK_DELAY_NS, SERF_HEALTH } from '../kv/session-service.js';
import { builder } from './builder.js';
import { badInput } from './inputs.js';
import { SessionBehavior, SessionRef } from './types.js';

/** Sessions: the owners of locks, with the domain's defaults and Consul's validation. */

const SessionInput = builder.inputType('SessionInput', {
  fields: (t) => ({
    name: t.string({ defaultValue: '' }),
    node: t.string({ description: 'Defaults to this gateway\'s node.' }),
    lockDelay: t.string({ defaultValue: formatDuration(DEFAULT_LOCK_DELAY_NS), description: 'A Go duration ("15s", "1500ms"); at most 60 s is applied.' }),
    behavior: t.field({ type: SessionBehavior, defaultValue: 'release' }),
    ttl: t.string({ defaultValue: '', description: 'A Go duration from 10s to 24h, or "" for none; the session ends 2 x TTL after its last renew.' }),
    nodeChecks: t.stringList({ description: `Node checks; only "${SERF_HEALTH}" exists.` }),
  }),
});

builder.queryFields((t) => ({
  session: t.field({
    type: SessionRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => (await ctx.sessions.info(String(id))).result[0] ?? null,
  }),
  sessions: t.field({
    type: [SessionRef],
    description: 'All sessions, or those of one node, sorted by id.',
    args: { node: t.arg.string() },
    resolve: async (_root, { node }, ctx) => (node == null ? await ctx.sessions.list() : await ctx.sessions.forNode(node)).result,
  }),
}));

builder.mutationFields((t) => ({
  createSession: t.field({
    type: SessionRef,
    args: { input: t.arg({ type: SessionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const request = ctx.sessions.defaults();
      if (input.lockDelay != null) {
        const lockDelay = parseDuration(input.lockDelay);
        if (!lockDelay.ok) throw badInput(`lockDelay: ${lockDelay.error}`);
        request.lockDelayNs = lockDelay.ns;
      }
      request.node = input.node ?? request.node;
      request.name = input.name ?? request.name;
      request.behavior = input.behavior ?? request.behavior;
      request.ttl = input.ttl ?? request.ttl;
      request.nodeChecks = input.nodeChecks ?? request.nodeChecks;
      const id = await ctx.sessions.create(request);
      const [session] = (await ctx.sessions.info(id)).result;
      if (!session) throw kvError('INTERNAL', 'kvgate: the session ended before it could be read back');
      return session;
    },
  }),
  renewSession: t.field({
    type: SessionRef,
    nullable: true,
    description: 'Restarts a TTL session\'s clock; null when the session does not exist.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.sessions.renew(String(id)),
  }),
  destroySession: t.field({
    type: 'Boolean',
    description: 'Ends a session: its locks are released (or its keys deleted) and put under lock-delay. Always true.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.sessions.destroy(String(id));
      return true;
    },
  }),
}));
