import { beforeEach, describe, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { gql } from '../support/graphql.js';
import { http } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// One PUT must not cost Redis memory with the square of its key's length, and keys are
// bounded in every face.

const names = dcNames('dc1');
let redis: TestRedis;
let gw: TestGateway;

useGateway((started) => ({ redis, gw } = started));
beforeEach(async () => {
  await redis.command(['FLUSHALL']);
});

const memory = async (key: string) => Number((await redis.command(['MEMORY', 'USAGE', key])) ?? 0);
const index = (res: { headers: Record<string, string | string[] | undefined> }) => BigInt(res.headers['x-consul-index'] as string);

describe('the prefix index of a deep key', () => {
  it('a key of 2 000 segments (4 KB) costs the prefix index kilobytes, not megabytes', async () => {
    const key = `${'a/'.repeat(2000)}x`;
    expect((await http(gw.port, 'PUT', `/v1/kv/${key}`, { body: 'v' })).text).toBe('true');
    expect(await memory(names.dirs)).toBeLessThan(100 * 1024);
  });

  it('X-Consul-Index of a directory deeper than the index still follows writes and deletes under it', async () => {
    const deep = `${'d/'.repeat(24)}`;
    await http(gw.port, 'PUT', `/v1/kv/${deep}k1`, { body: 'v' });
    const put = await http(gw.port, 'PUT', `/v1/kv/${deep}sub/k2`, { body: 'v' });
    expect(put.text).toBe('true');
    await http(gw.port, 'PUT', '/v1/kv/elsewhere', { body: 'v' });
    const afterPut = await http(gw.port, 'GET', `/v1/kv/${deep}k2?index=0`);
    expect(afterPut.status).toBe(404);
    const listed = await http(gw.port, 'GET', `/v1/kv/${deep}?recurse`);
    const entries = JSON.parse(listed.text) as Array<{ ModifyIndex: number }>;
    expect(index(listed)).toBe(BigInt(Math.max(...entries.map((e) => e.ModifyIndex))));
    const sub = await http(gw.port, 'GET', `/v1/kv/${deep}s?keys`);
    expect(index(sub)).toBe(BigInt(entries[1]!.ModifyIndex));

    await http(gw.port, 'DELETE', `/v1/kv/${deep}sub/k2`);
    await http(gw.port, 'PUT', '/v1/kv/elsewhere', { body: 'w' });
    const deleted = await http(gw.port, 'GET', `/v1/kv/${deep}?keys`);
    const now = BigInt((await gql(gw, '{ index }')).data!.index);
    expect(index(deleted)).toBe(now - 1n); // the delete, not the later write elsewhere
  });
});

describe('key length', () => {
  const long = 'k'.repeat(8193);
  it('a key longer than --max-key-size is refused by REST, GraphQL and transactions, and nothing is written', async () => {
    const rest = await http(gw.port, 'PUT', `/v1/kv/${long}`, { body: 'v' });
    expect({ status: rest.status, text: rest.text }).toEqual({ status: 400, text: 'invalid key name, the key is 8193 bytes, more than the 8192 allowed (--max-key-size)' });
    const txn = await http(gw.port, 'PUT', '/v1/txn', { body: JSON.stringify([{ KV: { Verb: 'set', Key: long, Value: 'dg==' } }]) });
    expect(txn.status).toBe(400);
    expect((await gql(gw, 'mutation($k: String!) { put(key: $k, value: "v") { __typename } }', { k: long })).errors?.[0]?.extensions?.code).toBe('KEY_TOO_LARGE');
    expect(Number(await redis.command(['ZCARD', names.keys]))).toBe(0);
  });

  it('a key of exactly --max-key-size is written', async () => {
    expect((await http(gw.port, 'PUT', `/v1/kv/${long.slice(1)}`, { body: 'v' })).text).toBe('true');
  });
});
