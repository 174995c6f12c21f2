import { afterAll, beforeAll, expect, it } from 'vitest';
import { b64 } from '../support/consul.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// Transactions from several clients through two gateways on one Redis never interleave.

let redis: TestRedis;
let gateways: TestGateway[];

beforeAll(async () => {
  redis = await startRedis();
  gateways = [await startGateway(redis.url), await startGateway(redis.url)];
});
afterAll(async () => {
  for (const gw of gateways ?? []) await gw.close();
  await redis?.stop();
});

const KEYS = Array.from({ length: 8 }, (_, i) => `shared/k${i}`);

it('concurrent transactions over the same keys apply whole, one after another', async () => {
  const clients = Array.from({ length: 4 }, (_, c) => c);
  await Promise.all(
    clients.map(async (c) => {
      const gw = gateways[c % 2] as TestGateway;
      for (let n = 0; n < 25; n++) {
        const ops = KEYS.map((key) => ({ KV: { Verb: 'set', Key: key, Value: b64(`client${c}-txn${n}`) } }));
        expect((await http(gw.port, 'PUT', '/v1/txn', { body: JSON.stringify(ops) })).status).toBe(200);
      }
    }),
  );
  // The last transaction wrote every key: one value, one index.
  const entries = JSON.parse((await http(gateways[0]!.port, 'GET', '/v1/kv/shared/?recurse')).text) as Array<{ Value: string; ModifyIndex: number }>;
  expect(new Set(entries.map((e) => e.Value)).size).toBe(1);
  expect(new Set(entries.map((e) => e.ModifyIndex)).size).toBe(1);
  // The feed: every index names exactly the eight keys, in op order, 100 indexes in all.
  const feed = (await redis.command(['XRANGE', 'kvgate:{dc1}:feed', '-', '+'])) as Array<[Buffer, Buffer[]]>;
  const byIndex = new Map<string, string[]>();
  for (const [id, fields] of feed) {
    const [index] = String(id).split('-');
    const key = fields[fields.findIndex((f) => String(f) === 'key') + 1];
    byIndex.set(index as string, [...(byIndex.get(index as string) ?? []), String(key)]);
  }
  expect(byIndex.size).toBe(100);
  for (const keys of byIndex.values()) expect(keys).toEqual(KEYS);
});

it('guarded transfers keep the total: every CAS race is lost whole or won whole', async () => {
  const gw0 = gateways[0] as TestGateway;
  await http(gw0.port, 'PUT', '/v1/kv/bank/a', { body: '1000' });
  await http(gw0.port, 'PUT', '/v1/kv/bank/b', { body: '0' });
  let transfers = 0;
  await Promise.all(
    [0, 1, 2, 3].map(async (c) => {
      const gw = gateways[c % 2] as TestGateway;
      for (let done = 0; done < 10; ) {
        const read = JSON.parse((await http(gw.port, 'GET', '/v1/kv/bank/?recurse')).text) as Array<{ Key: string; Value: string; ModifyIndex: number }>;
        const [a, b] = read.map((e) => ({ value: Number(Buffer.from(e.Value, 'base64').toString()), index: e.ModifyIndex }));
        const ops = [
          { KV: { Verb: 'cas', Key: 'bank/a', Value: b64(String(a!.value - 1)), Index: a!.index } },
          { KV: { Verb: 'cas', Key: 'bank/b', Value: b64(String(b!.value + 1)), Index: b!.index } },
        ];
        const res = await http(gw.port, 'PUT', '/v1/txn', { body: JSON.stringify(ops) });
        expect([200, 409]).toContain(res.status);
        if (res.status === 200) {
          done++;
          transfers++;
        }
      }
    }),
  );
  const final = JSON.parse((await http(gw0.port, 'GET', '/v1/kv/bank/?recurse')).text) as Array<{ Value: string }>;
  const [a, b] = final.map((e) => Number(Buffer.from(e.Value, 'base64').toString()));
  expect(transfers).toBe(40);
  expect([a, b]).toEqual([1000 - 40, 40]);
});
