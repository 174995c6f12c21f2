import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Client } from 'graphql-ws';
import { BlockingQueries } from '../../src/kv/blocking.js';
import { watchEntry } from '../../src/kv/entry-watch.js';
import type { KvService } from '../../src/kv/kv-service.js';
import { openRedis } from '../../src/store/connection.js';
import { WatchHub } from '../../src/watch/watch-hub.js';
import { flushStore, startGateway, type TestGateway } from '../support/gateway.js';
import { eventStream, gqlData, subscribe, waitFor, wsClient } from '../support/graphql.js';
import { http } from '../support/http.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { kvService } from '../support/store.js';

// Subscription entry(key, afterIndex) over graphql-ws: the blocking query, pushed.

// Pass-through spy: it only lets the test find the gateway's BlockingQueries (the `this` of a
// REST GET's query) to count the waits parked on it.
const querySpy = vi.spyOn(BlockingQueries.prototype, 'query');
let gatewayBlocking: BlockingQueries;
const parked = () => gatewayBlocking.parked;

let redis: TestRedis;
let gw: TestGateway;
let client: Client;

beforeAll(async () => {
  redis = await startRedis();
  gw = await startGateway(redis.url);
  await http(gw.port, 'GET', '/v1/kv/any');
  gatewayBlocking = querySpy.mock.contexts[0] as BlockingQueries;
  querySpy.mockRestore();
});
afterAll(async () => {
  await gw?.close();
  await redis?.stop();
});
beforeEach(async () => {
  await flushStore(redis);
  client = wsClient(gw);
});
afterEach(() => client.dispose());

const ENTRY = 'subscription($key: String!, $after: Index!) { entry(key: $key, afterIndex: $after) { index entry { key value modifyIndex } } }';
type EntryMessage = { entry: { index: string; entry: { key: string; value: string; modifyIndex: string } | null } };

/** PUT via REST; the key's new ModifyIndex. */
async function restPut(key: string, value: string): Promise<string> {
  expect((await http(gw.port, 'PUT', `/v1/kv/${key}`, { body: value })).text).toBe('true');
  return JSON.parse((await http(gw.port, 'GET', `/v1/kv/${key}`)).text)[0].ModifyIndex.toString();
}

describe('subscription entry', () => {
  it('emits at once when the key is already newer than afterIndex', async () => {
    const first = await restPut('app/k', 'one');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: String(BigInt(first) - 1n) });
    expect(await sub.next()).toEqual({ entry: { index: first, entry: { key: 'app/k', value: 'one', modifyIndex: first } } });
  });

  it('waits while the key is not newer, then wakes on a REST write of that key', async () => {
    const first = await restPut('app/k', 'one');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: first });
    await waitFor(() => parked() === 1);
    const second = await restPut('app/k', 'two');
    // Had it emitted the state at afterIndex, that would have come first.
    expect(await sub.next()).toEqual({ entry: { index: second, entry: { key: 'app/k', value: 'two', modifyIndex: second } } });
  });

  it('is not woken by writes to other keys, even keys it is a prefix of', async () => {
    const first = await restPut('app/k', 'one');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: first });
    await waitFor(() => parked() === 1);
    for (const other of ['app/k2', 'app/', 'app', 'app/k/deeper', 'zzz']) await restPut(other, 'noise');
    const mine = await restPut('app/k', 'two');
    const message = await sub.next();
    expect(message.entry.index).toBe(mine);
    expect(message.entry.entry?.value).toBe('two');
  });

  it('emits entry null at the delete\'s index, then the key again when it is recreated', async () => {
    const first = await restPut('app/k', 'one');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: first });
    const { delete: deleted } = await gqlData(gw, 'mutation { delete(key: "app/k") { ... on Deleted { index } } }');
    expect(await sub.next()).toEqual({ entry: { index: deleted.index, entry: null } });
    await restPut('elsewhere', 'moves the store index, not the key');
    const again = await restPut('app/k', 'back');
    expect(await sub.next()).toEqual({ entry: { index: again, entry: { key: 'app/k', value: 'back', modifyIndex: again } } });
  });

  it('emits every change of the key in order, each once', async () => {
    const start = await restPut('seq', 'v0');
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'seq', after: start });
    const written: string[] = [];
    for (let i = 1; i <= 5; i++) {
      written.push(await restPut('seq', `v${i}`));
      // One write at a time: each is seen before the next (a blocking query may coalesce).
      expect((await sub.next()).entry.index).toBe(written.at(-1));
    }
    expect(sub.pending).toEqual([]);
  });

  it('ends its wait when the client unsubscribes: nothing stays parked', async () => {
    const first = await restPut('app/k', 'one');
    const subs = [1, 2, 3].map(() => subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: first }));
    await waitFor(() => parked() === 3);
    for (const sub of subs) sub.unsubscribe();
    await waitFor(() => parked() === 0);
    // The connection stays usable.
    const sub = subscribe<EntryMessage>(client, ENTRY, { key: 'app/k', after: '0' });
    expect((await sub.next()).entry.index).toBe(first);
  });
});

describe('subscription entry, client gone', () => {
  it('ends its wait when the client\'s socket closes without unsubscribing', async () => {
    const first = await restPut('gone/k', 'one');
    subscribe(client, ENTRY, { key: 'gone/k', after: first });
    subscribe(client, ENTRY, { key: 'gone/k', after: first });
    await waitFor(() => parked() === 2);
    await client.dispose();
    await waitFor(() => parked() === 0);
  });
});

describe('subscription entry over SSE', () => {
  it('ends its wait when the event stream\'s client goes away', async () => {
    const first = await restPut('sse/k', 'one');
    const streams = [1, 2].map(() => eventStream(gw.port, ENTRY, { key: 'sse/k', after: first }, 'POST'));
    await waitFor(() => parked() === 2);
    for (const stream of streams) stream.close();
    await waitFor(() => parked() === 0);
  });
});

describe('watchEntry', () => {
  /** A KvService and BlockingQueries on the test's Redis, with a hub the test publishes to. */
  async function domain(run: (kv: KvService, blocking: BlockingQueries, hub: WatchHub) => Promise<void>): Promise<void> {
    const handle = openRedis({ url: redis.url }, pino({ level: 'silent' }));
    await handle.start(async () => {});
    try {
      const hub = new WatchHub();
      await run(kvService(handle.link).kv, new BlockingQueries(hub), hub);
    } finally {
      await handle.close();
    }
  }

  it('returning the iterator settles a pending next() as done and unparks its blocking query', async () => {
    await domain(async (kv, blocking) => {
      const written = await kv.set(kv.key(Buffer.from('w')), Buffer.from('v'), 0n);
      const watch = watchEntry(kv, blocking, kv.key(Buffer.from('w')), written.index as bigint);
      const pending = watch.next();
      await waitFor(() => blocking.parked === 1);
      await watch.return?.();
      expect(blocking.parked).toBe(0);
      await expect(pending).resolves.toEqual({ value: undefined, done: true });
    });
  });

  it('a consumer slower than the key reads its newest state next, not a backlog', async () => {
    await domain(async (kv, blocking, hub) => {
      const key = kv.key(Buffer.from('slow'));
      const first = await kv.set(key, Buffer.from('v0'), 0n);
      const watch = watchEntry(kv, blocking, key, first.index as bigint);
      await waitFor(() => blocking.parked === 1);
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
      const watch = watchEntry(kv, blocking, kv.key(Buffer.from('d')), written.index as bigint);
      const pending = watch.next();
      await waitFor(() => blocking.parked === 1);
      blocking.drain();
      await expect(pending).resolves.toEqual({ value: undefined, done: true });
      expect(blocking.parked).toBe(0);
    });
  });
});
