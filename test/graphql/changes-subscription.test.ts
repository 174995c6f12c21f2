import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { writeAndIndex } from '../support/consul.js';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { gqlData, gqlPut, subscribe, wsClient, type Subscribed } from '../support/graphql.js';
import { waitFor } from '../support/wait.js';

// Subscription changes(prefix, afterIndex) over graphql-ws: every change under the prefix,
// replayed from the change feed, then live; in index order, each once, writes whole.

let gw: TestGateway;
let client: Client;

useGateway((started) => ({ gw } = started));
// No FLUSHALL between tests: the index only grows, as in production; each test has its own keys.
beforeEach(() => {
  client = wsClient(gw);
});
afterEach(() => client.dispose());

const CHANGES = `subscription($prefix: String!, $after: Index!) {
  changes(prefix: $prefix, afterIndex: $after) {
    __typename
    ... on Change { index key op }
    ... on Compacted { index }
    ... on SubscriptionEnded { lastIndex }
  }
}`;
type Event = { __typename: string; index?: string; key?: string; op?: string; lastIndex?: string };
const changes = (prefix: string, after: string): Subscribed<{ changes: Event }> => subscribe(client, CHANGES, { prefix, after });
const take = async (sub: Subscribed<{ changes: Event }>, n: number) => (await sub.take(n)).map((m) => m.changes);

/** One change as the subscription reports it. */
const change = (index: string, key: string, op = 'SET'): Event => ({ __typename: 'Change', index, key, op });

const currentIndex = async (): Promise<string> => (await gqlData(gw, '{ index }')).index;

describe('subscription changes', () => {
  it('replays the writes after afterIndex under the prefix, in index order, each once, then goes on live', async () => {
    const before = await gqlPut(gw, 'app/before');
    const expected: Event[] = [];
    expected.push(change(await gqlPut(gw, 'app/a'), 'app/a'));
    await gqlPut(gw, 'other/x');
    await gqlPut(gw, 'ap'); // a prefix of the prefix, not under it
    expected.push(change(await writeAndIndex(gw, 'app/b'), 'app/b'));
    const { delete: deleted } = await gqlData(gw, 'mutation { delete(key: "app/a") { ... on Deleted { index } } }');
    expected.push(change(deleted.index, 'app/a', 'DELETE'));

    const sub = changes('app/', before);
    expect(await take(sub, 3)).toEqual(expected);
    // Live from here: a REST write, and a GraphQL one.
    await writeAndIndex(gw, 'other/y');
    const live = [change(await writeAndIndex(gw, 'app/c'), 'app/c'), change(await gqlPut(gw, 'app/a'), 'app/a')];
    expect(await take(sub, 2)).toEqual(live);
    expect(sub.pending).toEqual([]);
  });

  it('reports locks and unlocks as LOCK and UNLOCK', async () => {
    const start = await currentIndex();
    const sub = changes('lock/', start);
    const { createSession } = await gqlData(gw, 'mutation { createSession(input: {}) { id } }');
    await gqlData(gw, `mutation { acquireLock(key: "lock/l", session: "${createSession.id}") { __typename } }`);
    await gqlData(gw, `mutation { releaseLock(key: "lock/l", session: "${createSession.id}") { __typename } }`);
    const [locked, unlocked] = await take(sub, 2);
    expect([locked?.op, unlocked?.op]).toEqual(['LOCK', 'UNLOCK']);
    expect(BigInt(unlocked?.index as string)).toBeGreaterThan(BigInt(locked?.index as string));
  });

  it('delivers a txn whole, in op order, under one index (replayed and live alike)', async () => {
    // Values differ from round to round: a write that changes nothing is no write (no index, no event).
    const txn = async (round: number) => {
      const TXN = `mutation { txn(ops: [
        { verb: SET, key: "t/z", value: "z${round}" }, { verb: SET, key: "elsewhere", value: "e${round}" },
        { verb: SET, key: "t/a", value: "a${round}" }, { verb: DELETE, key: "t/m" }, { verb: SET, key: "t/b", value: "b${round}" }
      ]) { ... on TxnCommitted { index } } }`;
      return (await gqlData(gw, TXN)).txn.index as string;
    };
    await gqlPut(gw, 't/m');
    const start = await currentIndex();
    const first = await txn(1);
    const whole = (index: string) => [change(index, 't/z'), change(index, 't/a'), change(index, 't/m', 'DELETE'), change(index, 't/b')];
    const sub = changes('t/', start);
    expect(await take(sub, 4)).toEqual(whole(first));
    await gqlPut(gw, 't/m');
    const second = await txn(2);
    const [recreated, ...rest] = await take(sub, 5);
    expect(recreated).toMatchObject({ key: 't/m', op: 'SET' });
    expect(rest).toEqual(whole(second));
  });

  it('a client that reconnects with afterIndex = the last index it saw gets exactly the writes, none lost or repeated', async () => {
    const start = await currentIndex();
    const writes: Event[] = [];
    let n = 0;
    const write = async (key: string) => {
      const value = `value ${n++}`; // never a no-op write
      const index = n % 2 === 0 ? await gqlPut(gw, key, value) : await writeAndIndex(gw, key, value);
      if (key.startsWith('r/')) writes.push(change(index, key));
    };
    const seen: Event[] = [];
    const first = changes('r/', start);
    for (let i = 0; i < 6; i++) await write(i % 3 === 2 ? `noise/${i}` : `r/${i}`);
    seen.push(...(await take(first, writes.length)));
    await client.dispose();

    // Offline: more writes, including to keys already seen.
    for (let i = 0; i < 6; i++) await write(i % 2 === 0 ? `r/${i}` : `noise/${i}`);
    client = wsClient(gw);
    const second = changes('r/', seen.at(-1)?.index as string);
    for (let i = 6; i < 9; i++) await write(`r/${i}`);
    seen.push(...(await take(second, writes.length - seen.length)));

    expect(seen).toEqual(writes);
    const indexes = seen.map((e) => BigInt(e.index as string));
    expect(indexes).toEqual([...indexes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(indexes).size).toBe(indexes.length);
    expect(second.pending).toEqual([]);
  });

  it('ends on unsubscribe: the stream leaves the gateway', async () => {
    const start = await currentIndex();
    const subs = [changes('u/', start), changes('', start), changes('u/deeper/', start)];
    await gqlPut(gw, 'u/deeper/x');
    for (const sub of subs) await sub.next(); // each one is open and past its replay
    expect(gw.server.stats.changeSubscriptions).toBe(3);
    for (const sub of subs) sub.unsubscribe();
    await waitFor(() => gw.server.stats.changeSubscriptions === 0, 'the unsubscribed streams to leave the gateway');
  });
});
