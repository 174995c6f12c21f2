import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import type { BlockingQueries } from '../../src/kv/blocking.js';
import type { KvService } from '../../src/kv/kv-service.js';
import { openRedis } from '../../src/store/connection.js';
import type { WatchHub } from '../../src/watch/watch-hub.js';
import { writeAndIndex } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import { eventStream, gqlData, subscribe, wsClient } from '../support/graphql.js';
import type { TestRedis } from '../support/redis.js';
import { waitFor } from '../support/wait.js';
import { kvService } from '../support/store.js';

// Subscription entry(key, afterIndex) over graphql-ws: the blocking query, pushed.

let redis: TestRedis;
let gw: TestGateway;
let client: Client;
const parked = () => gw.server.stats.parkedQueries;

useEmptiedGateway((started) => ({ redis, gw } = started));
beforeEach(() => {
  client = wsClient(gw);
});
afterEach(() => client.dispose());

const ENTRY = 'subscription($key: String!, $after: Index!) { entry(key: $key, afterIndex: $after) { index entry { key value modifyIndex } } }';
type EntryMessage = { entry: { index: string; entry: { key: string; value: string; modifyIndex: string } | null } };

describe('subscription entry', () => {
  it('emits at once when the key is already newer than afterIndex', async () => {
    const first = await writeAndIndex(gw, 'app/k', 'one');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: String(BigInt(first) - 1n) });
    expect(await sub.next()).toEqual({ entry: { index: first, entry: { key: 'app/k', value: 'one', modifyIndex: first } } });
  });

  it('waits while the key is not newer, then wakes on a REST write of that key', async () => {
    const first = await writeAndIndex(gw, 'app/k', 'one');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: first });
    await waitFor(() => parked() === 1, 'the subscription to park');
    const second = await writeAndIndex(gw, 'app/k', 'two');
    // Had it emitted the state at afterIndex, that would have come first.
    expect(await sub.next()).toEqual({ entry: { index: second, entry: { key: 'app/k', value: 'two', modifyIndex: second } } });
  });

  it('is not woken by writes to other keys, even keys it is a prefix of', async () => {
    const first = await writeAndIndex(gw, 'app/k', 'one');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: first });
    await waitFor(() => parked() === 1, 'the subscription to park');
    for (const other of ['app/k2', 'app/', 'app', 'app/k/deeper', 'zzz']) await writeAndIndex(gw, other, 'noise');
    const mine = await writeAndIndex(gw, 'app/k', 'two');
    const message = await sub.next();
    expect(message.entry.index).toBe(mine);
    expect(message.entry.entry?.value).toBe('two');
  });

  it('emits entry null at the delete\'s index, then the key again when it is recreated', async () => {
    const first = await writeAndIndex(gw, 'app/k', 'one');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: first });
    const { delete: deleted } = await gqlData(gw, 'mutation { delete(key: "app/k") { ... on Deleted { index } } }');
    expect(await sub.next()).toEqual({ entry: { index: deleted.index, entry: null } });
    await writeAndIndex(gw, 'elsewhere', 'moves the store index, not the key');
    const again = await writeAndIndex(gw, 'app/k', 'back');
    expect(await sub.next()).toEqual({ entry: { index: again, entry: { key: 'app/k', value: 'back', modifyIndex: again } } });
  });

  it('emits every change of the key in order, each once', async () => {
    const start = await writeAndIndex(gw, 'seq', 'v0');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'seq', after: start });
    const written: string[] = [];
    for (let i = 1; i <= 5; i++) {
      written.push(await writeAndIndex(gw, 'seq', `v${i}`));
      // One write at a time: each is seen before the next (a blocking query may coalesce).
      expect((await sub.next()).entry.index).toBe(written.at(-1));
    }
    expect(sub.pending).toEqual([]);
  });

  it('ends its wait when the client unsubscribes: nothing stays parked', async () => {
    const first = await writeAndIndex(gw, 'app/k', 'one');
    const subs = [1, 2, 3].map(() => subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: first }));
    await waitFor(() => parked() === 3, 'the three subscriptions to park');
    for (const sub of subs) sub.unsubscribe();
    await waitFor(() => parked() === 0, 'nothing to be parked');
    // The connection stays usable.
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: '0' });
    expect((await sub.next()).entry.index).toBe(first);
  });
});

describe('subscription entry, client gone', () => {
  it('ends its wait when the client\'s socket closes without unsubscribing', async () => {
    const first = await writeAndIndex(gw, 'gone/k', 'one');
    subscribe(client, ENTRY, { key: 'gone/k', after: first });
    subscribe(client, ENTRY, { key: 'gone/k', after: first });
    await waitFor(() => parked() === 2, 'both subscriptions to park');
    await client.dispose();
    await waitFor(() => parked() === 0, 'nothing to be parked');
  });
});

describe('subscription entry over SSE', () => {
  it('ends its wait when the event stream\'s client goes away', async () => {
    const first = await writeAndIndex(gw, 'sse/k', 'one');
    const streams = [1, 2].map(() => eventStream(gw.port, ENTRY, { key: 'sse/k', after: first }, 'POST'));
    await waitFor(() => parked() === 2, 'both subscriptions to park');
    for (const stream of streams) stream.close();
    await waitFor(() => parked() === 0, 'nothing to be parked');
  });
});

describe('watchEntry', () => {
  /** A KvService and BlockingQueries on the test's Redis, with a hub the test publishes to. */
  async function domain(run: (kv: KvService, blocking: BlockingQueries, hub: WatchHub) => Promise<void>): Promise<void> {
    const handle = openRedis({ url: redis.url }, pino({ level: 'silent' }));
    await handle.start(async () => {});
    try {
      const { kv, blocking, hub } = kvService(handle.link);
      await run(kv, blocking, hub);
    } finally {
      await handle.close();
    }
  }

  it('returning the iterator settles a pending next() as done and unparks its blocking query', async () => {
    await domain(async (kv, blocking) => {
      const written = await kv.set(kv.key(Buffer.from('w')), Buffer.from('v'), 0n);
      const watch = await kv.watch(kv.key(Buffer.from('w')), written.index as bigint);
      const pending = watch.next();
      await waitFor(() => blocking.parked === 1, 'the watch to park');
      await watch.return?.();
      expect(blocking.parked).toBe(0);
      await expect(pending).resolves.toEqual({ value: undefined, done: true });
    });
  });

  it('a consumer slower than the key reads its newest state next, not a backlog', async () => {
    await domain(async (kv, blocking, hub) => {
      const key = kv.key(Buffer.from('slow'));
      const first = await kv.set(key, Buffer.from('v0'), 0n);
      const watch = await kv.watch(key, first.index as bigint);
      await waitFor(() => blocking.parked === 1, 'the watch to park');
      // Three changes, each delivered to the watch while nobody pulls from it.
      for (const value of ['v1', 'v2', 'v3']) {
        await kv.set(key, Buffer.from(value), 0n);
        hub.publishKeys([key]);
        await kv.get(key); // same connection: the watch's re-read has answered
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const next = await watch.next();
      expect(next.value?.result?.value.toString()).toBe('v3');
      // Nothing older is queued behind it.
      const later = await Promise.race([watch.next(), new Promise((resolve) => setTimeout(() => resolve('nothing'), 200))]);
      expect(later).toBe('nothing');
      await watch.return?.();
    });
  });

  it('graceful shutdown (drain) ends the watch: a pending next() settles as done', async () => {
    await domain(async (kv, blocking) => {
      const written = await kv.set(kv.key(Buffer.from('d')), Buffer.from('v'), 0n);
      const watch = await kv.watch(kv.key(Buffer.from('d')), written.index as bigint);
      const pending = watch.next();
      await waitFor(() => blocking.parked === 1, 'the watch to park');
      blocking.drain();
      await expect(pending).resolves.toEqual({ value: undefined, done: true });
      expect(blocking.parked).toBe(0);
    });
  });
});
