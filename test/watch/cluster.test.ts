import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../support/cluster.js';
import { entries, indexOf, modifyIndexOf, value, writeKey } from '../support/consul.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import type { TestRedis } from '../support/redis.js';
import { http } from '../support/http.js';
import { sleep, waitFor } from '../support/wait.js';
import { park } from './helpers.js';

// --redis redis+cluster://…: each datacenter's keys share one hash tag, so one slot, and
// the gateway sends every command to the node serving it — scripts, the change feed,
// blocking queries, transactions and sessions work as on a single Redis.

let cluster: TestCluster;
let dc1: TestGateway;
let dc2: TestGateway;

beforeAll(async () => {
  cluster = await startCluster(3);
  dc1 = await startGateway(cluster.url, { datacenter: 'dc1', nodeName: 'test-node' });
  dc2 = await startGateway(cluster.url, { datacenter: 'dc2', nodeName: 'test-node' });
}, 30_000);

afterAll(async () => {
  await dc1?.close();
  await dc2?.close();
  await cluster?.stop();
});

it('keeps each datacenter on the node that serves its slot', async () => {
  const [home1, home2] = [await cluster.nodeFor('dc1'), await cluster.nodeFor('dc2')];
  expect(home1.port).not.toBe(home2.port); // the test means something only if they differ
  await writeKey(dc1.port, 'app/name', 'one');
  await writeKey(dc2.port, 'app/name', 'two');
  expect(value(entries(await http(dc1.port, 'GET', '/v1/kv/app/name'))[0])).toBe('one');
  expect(value(entries(await http(dc2.port, 'GET', '/v1/kv/app/name'))[0])).toBe('two');
  expect(await home1.command(['EXISTS', 'kvgate:{dc1}:e:app/name'])).toBe(1);
  expect(await home2.command(['EXISTS', 'kvgate:{dc2}:e:app/name'])).toBe(1);
  for (const node of cluster.nodes.filter((n) => n !== home1)) expect(await node.command(['KEYS', 'kvgate:{dc1}:*'])).toEqual([]);
});

it('runs transactions, sessions, locks and recursive reads', async () => {
  const txn = await http(dc1.port, 'PUT', '/v1/txn', {
    body: JSON.stringify([
      { KV: { Verb: 'set', Key: 'cfg/a', Value: Buffer.from('1').toString('base64') } },
      { KV: { Verb: 'set', Key: 'cfg/b', Value: Buffer.from('2').toString('base64') } },
    ]),
  });
  expect(txn.status).toBe(200);
  expect(entries(await http(dc1.port, 'GET', '/v1/kv/cfg/?recurse')).map(value)).toEqual(['1', '2']);
  const session = JSON.parse((await http(dc1.port, 'PUT', '/v1/session/create', { body: '{"Name":"leader"}' })).text) as { ID: string };
  expect((await http(dc1.port, 'PUT', `/v1/kv/cfg/lock?acquire=${session.ID}`, { body: 'me' })).text).toBe('true');
  expect(entries(await http(dc1.port, 'GET', '/v1/kv/cfg/lock'))[0]?.Session).toBe(session.ID);
});

it('wakes a blocking query through the change feed on the slot node', async () => {
  await writeKey(dc2.port, 'watch/me', 'before');
  const index = await modifyIndexOf(dc2.port, 'watch/me');
  const parked = await park(dc2.port, `/v1/kv/watch/me?index=${index}&wait=30s`);
  await writeKey(dc2.port, 'watch/me', 'after');
  const { res } = await parked.answer;
  expect(value(entries(res)[0])).toBe('after');
  expect(indexOf(res)).toBeGreaterThan(index);
});

it('sets a restarted node up again: after it lost everything, sessions can be created', async () => {
  const home = await cluster.nodeFor('dc1');
  await cluster.restart(home); // no persistence: the node registration is gone with the rest
  expect(await home.command(['EXISTS', 'kvgate:{dc1}:nodes'])).toBe(0);
  await waitFor(async () => (await http(dc1.port, 'PUT', '/v1/session/create', { body: '{}' })).status === 200, 'a session create after the node lost its data', 15_000);
  expect(await home.command(['SISMEMBER', 'kvgate:{dc1}:nodes', 'test-node'])).toBe(1);
});

it('a gateway started while its seed node is down waits for it, then serves', async () => {
  const seed = cluster.nodes[1] as TestRedis;
  const outage = cluster.restart(seed, 1_500);
  await sleep(200); // the node is down now
  const starting = startGateway(`redis+cluster://127.0.0.1:${seed.port}`, { datacenter: 'dc3' });
  await outage;
  const dc3 = await starting;
  try {
    await writeKey(dc3.port, 'late/key', 'served');
    expect(value(entries(await http(dc3.port, 'GET', '/v1/kv/late/key'))[0])).toBe('served');
  } finally {
    await dc3.close();
  }
}, 30_000);

it('follows a failover of its slot to a replica: writes land there, watchers wake, indexes climb', async () => {
  const home = await cluster.nodeFor('dc2');
  const replica = await cluster.addReplica(home);
  await writeKey(dc2.port, 'fo/key', 'before');
  const before = await modifyIndexOf(dc2.port, 'fo/key');
  expect(Number(await home.command(['WAIT', '1', '5000']))).toBe(1);
  const parked = await park(dc2.port, `/v1/kv/fo/key?index=${before}&wait=30s`);

  expect(String(await replica.command(['CLUSTER', 'FAILOVER']))).toBe('OK');
  await waitFor(async () => (await cluster.nodeFor('dc2')).port === replica.port, 'the replica to serve the slot of dc2', 15_000);
  await waitFor(async () => (await http(dc2.port, 'PUT', '/v1/kv/fo/key', { body: 'after' })).text === 'true', 'a write to dc2 after the failover', 15_000);
  expect(await replica.command(['EXISTS', 'kvgate:{dc2}:e:fo/key'])).toBe(1);

  const { res } = await parked.answer;
  expect(indexOf(res)).toBeGreaterThan(before);
  // The change feed moved along: a watcher parked now is woken by the next write.
  const after = await modifyIndexOf(dc2.port, 'fo/key');
  const next = await park(dc2.port, `/v1/kv/fo/key?index=${after}&wait=30s`);
  await writeKey(dc2.port, 'fo/key', 'again');
  const woken = (await next.answer).res;
  expect(value(entries(woken)[0])).toBe('again');
  expect(indexOf(woken)).toBeGreaterThan(after);
}, 60_000);
