import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRedisConnection, redisTarget } from '../../src/store/redis-target.js';
import { entries, indexOf, modifyIndexOf, value, writeKey } from '../support/consul.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import { freePort, startRedis, type TestRedis } from '../support/redis.js';
import { startSentinel, type TestSentinel } from '../support/sentinel.js';
import { sleep, waitFor } from '../support/wait.js';
import { park } from './helpers.js';

// --redis redis+sentinel://…/name: the gateway finds the primary through Sentinel and
// follows it when Sentinel promotes the replica — writes go on, parked watchers answer,
// and indexes keep climbing.

const NAME = 'kvgate-primary';

let primary: TestRedis;
let replica: TestRedis;
let sentinel: TestSentinel;
let gw: TestGateway;

const role = async (redis: TestRedis) => /role:(\w+)/.exec(String(await redis.command(['INFO', 'replication'])))?.[1];

beforeAll(async () => {
  primary = await startRedis();
  replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
  await waitFor(async () => /master_link_status:up/.test(String(await replica.command(['INFO', 'replication']))), 'the replica to sync', 10_000);
  sentinel = await startSentinel(NAME, primary.port);
  // A failover needs a replica the sentinel knows and considers healthy.
  const knowsReplica = async () => {
    const replicas = (await sentinel.command(['SENTINEL', 'REPLICAS', NAME])) as Array<Record<string, string>>;
    return replicas.some((fields) => fields.port === String(replica.port) && fields.flags === 'slave');
  };
  await waitFor(knowsReplica, 'the sentinel to know the replica', 15_000);
  gw = await startGateway(sentinel.url);
}, 40_000);

afterAll(async () => {
  await gw?.close();
  await sentinel?.stop();
  await replica?.stop();
  await primary?.stop();
});

it('reads and writes the primary the sentinels name', async () => {
  await writeKey(gw.port, 'app/color', 'blue');
  expect(value(entries(await http(gw.port, 'GET', '/v1/kv/app/color'))[0])).toBe('blue');
  expect(await primary.command(['EXISTS', 'kvgate:{dc1}:e:app/color'])).toBe(1);
  expect(await sentinel.primaryPort()).toBe(primary.port);
});

it('a gateway started before any sentinel answers waits for them, then serves', async () => {
  const port = await freePort();
  const starting = startGateway(`redis+sentinel://127.0.0.1:${port}/late`);
  await sleep(500); // the gateway is retrying by now
  const late = await startSentinel('late', primary.port, port);
  const early = await starting;
  try {
    await writeKey(early.port, 'late/key', 'served');
    expect(value(entries(await http(early.port, 'GET', '/v1/kv/late/key'))[0])).toBe('served');
  } finally {
    await early.close();
    await late.stop();
  }
}, 30_000);

it('a connection dropped by the stall watchdog (destroy, then connect) comes back through the sentinels', async () => {
  const errors: Error[] = [];
  const conn = createRedisConnection(redisTarget(sentinel.url, 'kvgate:{dc1}:idx'), { onError: (err) => errors.push(err) });
  await conn.connect();
  expect(String(await conn.sendCommand(['PING']))).toBe('PONG');
  conn.destroy();
  await expect(conn.sendCommand(['PING'])).rejects.toThrow();
  await conn.connect();
  expect(String(await conn.sendCommand(['PING']))).toBe('PONG');
  // Scripts run through it too (EVALSHA, loaded again where missing).
  const [, packed] = (await conn.kvGet(['kvgate:{dc1}:idx', 'kvgate:{dc1}:e:app/color'], [])) as [unknown, Buffer];
  expect(packed.toString()).toMatch(/\nblue$/);
  await conn.close();
});

it('follows a failover: parked watchers answer, writes go to the promoted replica, indexes never go back', async () => {
  await writeKey(gw.port, 'app/leader', 'one');
  const before = await modifyIndexOf(gw.port, 'app/leader');
  // The replica has the write before the switch (a failover may lose unreplicated writes).
  expect(Number(await primary.command(['WAIT', '1', '5000']))).toBe(1);
  const parked = await park(gw.port, `/v1/kv/app/leader?index=${before}&wait=30s`);

  expect(await sentinel.command(['SENTINEL', 'FAILOVER', NAME])).toBe('OK');
  await waitFor(async () => (await sentinel.primaryPort()) === replica.port && (await role(replica)) === 'master', 'the sentinel to promote the replica', 20_000);

  // Writes fail like a Consul without a leader while the gateway moves, then land.
  await waitFor(async () => (await http(gw.port, 'PUT', '/v1/kv/app/leader', { body: 'two' })).text === 'true', 'a write after the failover', 20_000);
  expect(await replica.command(['EXISTS', 'kvgate:{dc1}:e:app/leader'])).toBe(1);

  const { res } = await parked.answer;
  expect(res.status).toBe(200);
  expect(indexOf(res)).toBeGreaterThan(before);
  const now = await http(gw.port, 'GET', '/v1/kv/app/leader');
  expect(value(entries(now)[0])).toBe('two');
  expect(BigInt(entries(now)[0]!.ModifyIndex)).toBeGreaterThan(before);
  // The data written before the failover came along.
  expect(value(entries(await http(gw.port, 'GET', '/v1/kv/app/color'))[0])).toBe('blue');

  // The change feed follows too: a watcher parked now is woken by the next write (a
  // timeout would answer 'two' at the same index).
  const after = await modifyIndexOf(gw.port, 'app/leader');
  const next = await park(gw.port, `/v1/kv/app/leader?index=${after}&wait=30s`);
  await writeKey(gw.port, 'app/leader', 'three');
  const woken = (await next.answer).res;
  expect(value(entries(woken)[0])).toBe('three');
  expect(indexOf(woken)).toBeGreaterThan(after);
}, 60_000);
