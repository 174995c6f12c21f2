import { beforeEach, describe, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { gql } from '../support/graphql.js';
import { http } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// Nothing a client sends may move the index fence, and the counter never goes where the
// change feed (stream ids) and INCR cannot follow.

const MAX_UINT64 = '18446744073709551615';
const names = dcNames('dc1');

let redis: TestRedis;
let gw: TestGateway;

useGateway((started) => ({ redis, gw } = started));
beforeEach(async () => {
  await http(gw.port, 'PUT', '/v1/kv/seed', { body: 'v' });
});

const counter = async () => String(await redis.command(['GET', names.idx]));

describe('a read-only transaction echoing a huge Index', () => {
  it('over REST leaves every later write working and the counter where it was', async () => {
    const before = BigInt(await counter());
    const read = await http(gw.port, 'PUT', '/v1/txn', { body: `[{"KV":{"Verb":"get-or-empty","Key":"missing","Index":${MAX_UINT64}}}]` });
    expect(read.status).toBe(200);
    expect(read.text).toContain(`"ModifyIndex":${MAX_UINT64}`); // Consul echoes the op's Index
    const put = await http(gw.port, 'PUT', '/v1/kv/after', { body: 'v' });
    expect({ status: put.status, text: put.text }).toEqual({ status: 200, text: 'true' });
    expect(BigInt(await counter())).toBe(before + 1n);
    expect((await http(gw.port, 'PUT', '/v1/txn', { body: '[{"KV":{"Verb":"set","Key":"t","Value":"dg=="}}]' })).status).toBe(200);
    expect((await http(gw.port, 'PUT', '/v1/session/create', { body: '{}' })).status).toBe(200);
  });

  it('over GraphQL leaves every later write working', async () => {
    const before = BigInt(await counter());
    const read = await gql(gw, `mutation { txn(ops: [{ verb: GET_OR_EMPTY, key: "missing", index: "${MAX_UINT64}" }]) { __typename } }`);
    expect(read.data).toEqual({ txn: { __typename: 'TxnCommitted' } });
    const put = await gql(gw, 'mutation { put(key: "after-gql", value: "v") { __typename } }');
    expect(put.data).toEqual({ put: { __typename: 'PutSuccess' } });
    expect(BigInt(await counter())).toBe(before + 1n);
  });
});

describe('the counter at its limit', () => {
  it('a write that would take an index past 2^63-1 fails before it changes anything', async () => {
    const limit = (1n << 63n) - 1n;
    await redis.command(['SET', names.idx, String(limit)]);
    const feedBefore = Number(await redis.command(['XLEN', names.feed]));
    const put = await http(gw.port, 'PUT', '/v1/kv/over', { body: 'v' });
    expect(put.status).toBe(500);
    expect(put.text).not.toMatch(/Invalid stream ID|not an integer|@user_script|f_[0-9a-f]{40}/);
    expect(await counter()).toBe(String(limit));
    expect(Number(await redis.command(['XLEN', names.feed]))).toBe(feedBefore);
    expect((await http(gw.port, 'GET', '/v1/kv/over')).status).toBe(404);
  });
});
