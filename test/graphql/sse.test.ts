import { describe, expect, it } from 'vitest';
import { writeAndIndex } from '../support/consul.js';
import { startGateway, type TestGateway, useGateway } from '../support/gateway.js';
import { eventStream, subscribe, wsClient } from '../support/graphql.js';
import { http } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// Subscriptions over server-sent events (yoga serves them at /graphql to `Accept:
// text/event-stream`), and what shutdown does to open subscriptions.

let redis: TestRedis;
let gw: TestGateway;

useGateway((started) => ({ redis, gw } = started));

const ENTRY = 'subscription($key: String!, $after: Index!) { entry(key: $key, afterIndex: $after) { index entry { value } } }';

describe('subscriptions over SSE', () => {
  for (const method of ['POST', 'GET'] as const) {
    it(`entry over ${method} with Accept: text/event-stream receives an event after a REST write`, async () => {
      const first = await writeAndIndex(gw, `sse/${method}`, 'one');
      const stream = eventStream(gw.port, ENTRY, { key: `sse/${method}`, after: first }, method);
      try {
        expect(await stream.status).toBe(200);
        const second = await writeAndIndex(gw, `sse/${method}`, 'two');
        expect(await stream.next()).toEqual({ data: { entry: { index: second, entry: { value: 'two' } } } });
      } finally {
        stream.close();
      }
    });
  }
});

describe('shutdown', () => {
  it('cuts event streams and closes WebSockets with 1001, and no subscription keeps reading Redis', async () => {
    const own = await startGateway(redis.url, { keyPrefix: 'shutdown:' });
    const key = 'watched';
    await http(own.port, 'PUT', `/v1/kv/${key}`, { body: 'v' });
    const sse = eventStream(own.port, ENTRY, { key, after: '0' }, 'POST');
    let closedWith = 0;
    const client = wsClient(own, { on: { closed: (event) => (closedWith = (event as { code: number }).code) } });
    const ws = subscribe(client, ENTRY, { key, after: '0' });
    const changes = subscribe(client, 'subscription { changes(prefix: "", afterIndex: "0") { __typename } }');
    await sse.next();
    await ws.next();
    await changes.next();

    const calls = async () => {
      const stats = String(await redis.command(['INFO', 'commandstats']));
      return [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    const before = await calls();
    await own.close();
    // A subscription that kept waiting on a draining gateway would re-read the key in a loop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await calls()) - before).toBeLessThan(50);
    expect(await sse.end).toBe('cut'); // `complete` would tell the client its subscription is over
    await expect(ws.ended).rejects.toBeDefined(); // no `complete`: the client should resubscribe elsewhere
    expect(closedWith).toBe(1001);
    await client.dispose();
  });
});
