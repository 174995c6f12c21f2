import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KvService } from '../../src/kv/kv-service.js';
import { openRedis, type RedisHandle } from '../../src/store/connection.js';
import { FeedStore } from '../../src/store/feed.js';
import { dcNames } from '../../src/store/names.js';
import { createRedisConnection } from '../../src/store/redis-target.js';
import { ChangeStreams, type ChangeMessage } from '../../src/watch/change-streams.js';
import { FeedReader } from '../../src/watch/feed-reader.js';
import { WatchHub } from '../../src/watch/watch-hub.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { gqlData, subscribe, wsClient } from '../support/graphql.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { kvService } from '../support/store.js';
import { waitFor } from '../support/wait.js';

// A subscriber that does not keep up gets a bounded buffer, then a resumable end carrying
// the last index it received in full; resuming from there gives exactly the rest.
// The buffer is tested at the ChangeStreams level with a limit of 5 (as the gateway wires it:
// real Redis, real feed reader), and end to end with the gateway's own limit, which one
// write larger than the buffer exceeds at once.

const LIMIT = 5;
const names = dcNames('dc1');
let redis: TestRedis;
let handle: RedisHandle;
let kv: KvService;
let streams: ChangeStreams;
let reader: FeedReader;

beforeAll(async () => {
  redis = await startRedis();
  const log = pino({ level: 'silent' });
  handle = openRedis({ url: redis.url }, log);
  const domain = kvService(handle.link);
  kv = domain.kv;
  streams = new ChangeStreams(new FeedStore(handle.link, names), LIMIT);
  reader = new FeedReader({
    conn: createRedisConnection({ url: redis.url }, { name: 'kvgate-feed', onError: () => {} }),
    feed: names.feed,
    hub: new WatchHub(),
    changes: streams,
    log,
    onIndex: (index) => domain.fence.observe(index),
    fence: (index) => domain.fence.lift(index),
  });
  await handle.start(async () => reader.start());
});
afterAll(async () => {
  await reader?.stop();
  await handle?.close();
  await redis?.stop();
});

let counter = 0;
/** A write under prefix; its index. */
async function write(key: string): Promise<bigint> {
  const written = await kv.set(kv.key(Buffer.from(key)), Buffer.from(`value ${counter++}`), 0n);
  return written.index as bigint;
}

/** Waits until the feed reader has handed everything through index to the streams. */
const delivered = (index: bigint) => waitFor(() => BigInt(reader.position?.split('-')[0] ?? '0') >= index, `the feed reader to pass index ${index}`);

/** Everything a subscription yields until its end, or the first n messages. */
async function drain(sub: AsyncIterableIterator<ChangeMessage>, n = Infinity): Promise<ChangeMessage[]> {
  const out: ChangeMessage[] = [];
  while (out.length < n) {
    const next = await sub.next();
    if (next.done) break;
    out.push(next.value);
    if (next.value.kind !== 'change') break;
  }
  return out;
}

const indexOf = (m: ChangeMessage) => (m.kind === 'change' ? m.event.index : null);

describe('ChangeStreams with a buffer of 5', () => {
  it('buffers at most 5 entries for a subscriber that stops reading, then ends it; resuming from lastIndex gives exactly the rest', async () => {
    const start = await write('other');
    const slow = streams.subscribe(Buffer.from('s/'), start);
    const first = slow.next(); // registers the subscriber, then waits for live writes
    const writes = [await write('s/0')];
    expect(indexOf((await first).value as ChangeMessage)).toBe(writes[0]);
    for (let i = 1; i <= 10; i++) writes.push(await write(`s/${i}`)); // not read meanwhile
    await delivered(writes.at(-1) as bigint);

    const received = await drain(slow);
    const ended = received.pop();
    // At most the buffer (one entry fewer when the first write also reached the buffer while
    // the replay was delivering it: live writes queue from before the replay is read).
    expect(received.length).toBeLessThanOrEqual(LIMIT);
    expect(received.length).toBeGreaterThanOrEqual(LIMIT - 1);
    expect(received.map(indexOf)).toEqual(writes.slice(1, 1 + received.length));
    expect(ended).toEqual({ kind: 'ended', lastIndex: writes[received.length], reason: expect.any(String) });
    expect(await slow.next()).toEqual({ value: undefined, done: true });
    expect(streams.subscribers).toBe(0);

    const resumed = streams.subscribe(Buffer.from('s/'), (ended as { lastIndex: bigint }).lastIndex);
    const rest = await drain(resumed, writes.length - 1 - received.length);
    expect([...received, ...rest].map(indexOf)).toEqual(writes.slice(1));
    await resumed.return?.();
  });

  it('a write with more entries than the buffer ends a live subscriber at once; the resumed replay delivers it whole', async () => {
    for (let i = 0; i <= LIMIT; i++) await write(`big/${i}`);
    const sub = streams.subscribe(Buffer.from('big/'), await write('other'));
    const pending = sub.next();
    const seed = await write('big/seed'); // once it arrives live, the replay is behind the subscriber
    expect(indexOf((await pending).value as ChangeMessage)).toBe(seed);
    const tree = await kv.deleteTree(kv.prefix(Buffer.from('big/'))); // 7 entries in one write
    expect(await drain(sub)).toEqual([{ kind: 'ended', lastIndex: seed, reason: expect.any(String) }]);

    const resumed = streams.subscribe(Buffer.from('big/'), seed);
    const rest = await drain(resumed, LIMIT + 2);
    expect(rest.map((m) => (m.kind === 'change' ? [m.event.index, m.event.op, m.event.key?.toString()] : m))).toEqual(
      ['big/0', 'big/1', 'big/2', 'big/3', 'big/4', 'big/5', 'big/seed'].map((key) => [tree.index, 'delete', key]),
    );
    await resumed.return?.();
  });
});

describe('end to end (graphql-ws, the gateway\'s own buffer)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway(redis.url, { txnMaxOps: 20_000, keyPrefix: 'e2e:' });
  });
  afterAll(() => gw?.close());

  it('a txn larger than the buffer ends the subscription with SubscriptionEnded; resuming from lastIndex delivers the txn whole', async () => {
    const OPS = 10_001; // ChangeStreams' default buffer is 10 000 entries
    const client = wsClient(gw);
    try {
      const CHANGES = `subscription($after: Index!) { changes(prefix: "bulk/", afterIndex: $after) {
        __typename ... on Change { index key } ... on SubscriptionEnded { lastIndex } } }`;
      const start = (await gqlData(gw, 'mutation { put(key: "bulk/first", value: "1") { ... on PutSuccess { entry { modifyIndex } } } }')).put.entry.modifyIndex;
      const before = String(BigInt(start) - 1n);
      const live = subscribe(client, CHANGES, { after: before });
      expect((await live.next()).changes).toEqual({ __typename: 'Change', index: start, key: 'bulk/first' });
      const ops = Array.from({ length: OPS }, (_, i) => ({ verb: 'SET', key: `bulk/${String(i).padStart(5, '0')}`, value: 'v' }));
      const { txn } = await gqlData(gw, 'mutation($ops: [TxnOpInput!]!) { txn(ops: $ops) { ... on TxnCommitted { index } } }', { ops });
      expect((await live.next(30_000)).changes).toEqual({ __typename: 'SubscriptionEnded', lastIndex: start });
      await live.ended;

      const resumed = subscribe(client, CHANGES, { after: start });
      const rest = (await resumed.take(OPS, 60_000)).map((m) => m.changes);
      expect(rest.every((c) => c.index === txn.index)).toBe(true);
      expect(rest.map((c) => c.key)).toEqual(ops.map((op) => op.key));
      resumed.unsubscribe();
    } finally {
      await client.dispose();
    }
  });
});
