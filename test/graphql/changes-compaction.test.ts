import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { parseFeedEntry } from '../../src/store/feed.js';
import { dcNames } from '../../src/store/names.js';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { gqlData, subscribe, wsClient } from '../support/graphql.js';
import { http } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// changes(afterIndex) when the change feed no longer reaches back that far: a Compacted
// answer with the current index, and nothing else. The feed is trimmed with XADD MAXLEN ~
// every 100th index, which removes whole stream nodes only: the test reads where the feed
// really begins after trimming instead of guessing.

let redis: TestRedis;
let gw: TestGateway;
let client: Client;
const WRITES = 250;

useGateway((started) => ({ redis, gw } = started), { feedLength: 10 });
beforeAll(async () => {
  for (let i = 0; i < WRITES; i += 50) {
    // 50 at a time: one event-loop turn may share a script call, each write still takes its own index.
    await Promise.all(Array.from({ length: 50 }, (_, j) => http(gw.port, 'PUT', `/v1/kv/c/${i + j}`, { body: 'v' })));
  }
});
beforeEach(() => {
  client = wsClient(gw);
});
afterEach(() => client.dispose());

const CHANGES = `subscription($after: Index!) {
  changes(prefix: "c/", afterIndex: $after) { __typename ... on Change { index } ... on Compacted { index } }
}`;
type Message = { changes: { __typename: string; index: string } };

/** Where the trimmed feed begins: its first entry. */
async function feedStart() {
  const [first] = (await redis.command(['XRANGE', dcNames('dc1').feed, '-', '+', 'COUNT', '1'])) as Array<[Buffer, Buffer[]]>;
  if (!first) throw new Error('empty feed');
  return parseFeedEntry(first[0], first[1]);
}

describe('changes over a trimmed feed', () => {
  it('the feed was really trimmed: it starts after index 1 but still holds at least feedLength entries', async () => {
    const start = await feedStart();
    expect(start.index).toBeGreaterThan(1n);
    expect(start.seq).toBe(0n); // single-key writes: a node boundary cannot split one
    expect(Number(await redis.command(['XLEN', dcNames('dc1').feed]))).toBeGreaterThanOrEqual(10);
  });

  it('answers Compacted with the current index, then completes, when afterIndex is before the feed', async () => {
    const start = await feedStart();
    const current = (await gqlData(gw, '{ index }')).index;
    for (const after of ['0', String(start.index - 2n)]) {
      const sub = subscribe<Message>(client, CHANGES, { after });
      expect(await sub.next()).toEqual({ changes: { __typename: 'Compacted', index: current } });
      await sub.ended;
      expect(sub.pending).toEqual([]);
    }
  });

  it('replays exactly the rest when afterIndex is just before the first entry the feed holds', async () => {
    const start = await feedStart();
    const current = BigInt((await gqlData(gw, '{ index }')).index);
    const sub = subscribe<Message>(client, CHANGES, { after: String(start.index - 1n) });
    const count = Number(current - start.index + 1n);
    const indexes = (await sub.take(count)).map((m) => m.changes.__typename === 'Change' && BigInt(m.changes.index));
    expect(indexes).toEqual(Array.from({ length: count }, (_, i) => start.index + BigInt(i)));
  });
});
