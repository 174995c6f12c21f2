import { beforeEach, describe, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http, type RawResponse } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// DELETE /v1/kv/<key>[?recurse | ?cas=N] (spec §3.6).

let redis: TestRedis;
let gw: TestGateway;

useGateway((started) => ({ redis, gw } = started));
beforeEach(async () => {
  await redis.command(['FLUSHALL']);
});

const del = (path: string) => http(gw.port, 'DELETE', path);
async function put(...keys: string[]): Promise<void> {
  for (const key of keys) expect((await http(gw.port, 'PUT', `/v1/kv/${key}`, { body: 'v' })).text).toBe('true');
}
/** Every key in the store, through the API. */
async function allKeys(): Promise<string[]> {
  return JSON.parse((await http(gw.port, 'GET', '/v1/kv/?keys')).text) as string[];
}
async function modifyIndexOf(key: string): Promise<bigint> {
  return BigInt(/"ModifyIndex":(\d+)/.exec((await http(gw.port, 'GET', `/v1/kv/${key}`)).text)?.[1] as string);
}

function expectError(res: RawResponse, status: number, text: string): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text });
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
}

describe('DELETE', () => {
  it('deletes the key and answers true as JSON, without index headers', async () => {
    await put('k', 'kk');
    const res = await del('/v1/kv/k');
    expect(res.status).toBe(200);
    expect(res.text).toBe('true');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-index']).toBeUndefined();
    expect(res.headers['x-consul-knownleader']).toBeUndefined();
    expect(res.headers['x-consul-default-acl-policy']).toBe('allow');
    expect(await allKeys()).toEqual(['kk']);
  });

  it('answers true for a missing key', async () => {
    const res = await del('/v1/kv/missing');
    expect(res.status).toBe(200);
    expect(res.text).toBe('true');
  });

  it('deletes only the exact key, not keys it prefixes', async () => {
    await put('dir', 'dir/', 'dir/x');
    await del('/v1/kv/dir');
    expect(await allKeys()).toEqual(['dir/', 'dir/x']);
  });

  it('answers DELETE /v1/kv/ without ?recurse with 400 Missing key name', async () => {
    await put('k');
    expectError(await del('/v1/kv/'), 400, 'Missing key name');
    expect(await allKeys()).toEqual(['k']);
  });
});

describe('DELETE ?cas', () => {
  it('deletes and answers true when N is the current ModifyIndex', async () => {
    await put('k');
    expect((await del(`/v1/kv/k?cas=${await modifyIndexOf('k')}`)).text).toBe('true');
    expect(await allKeys()).toEqual([]);
  });

  it('answers false and deletes nothing when N is not the current ModifyIndex', async () => {
    await put('k');
    expect((await del(`/v1/kv/k?cas=${(await modifyIndexOf('k')) + 1000n}`)).text).toBe('false');
    expect(await allKeys()).toEqual(['k']);
  });

  it('DELETE ?cas=0 on an existing key answers false and deletes nothing', async () => {
    await put('k');
    expect((await del('/v1/kv/k?cas=0')).text).toBe('false');
    expect(await allKeys()).toEqual(['k']);
  });

  it('answers true for a missing key, whatever N is', async () => {
    expect((await del('/v1/kv/missing?cas=7')).text).toBe('true');
    expect((await del('/v1/kv/missing?cas=0')).text).toBe('true');
  });

  it('answers a bad ?cas with 500 and the strconv text', async () => {
    await put('k');
    expectError(await del('/v1/kv/k?cas=-1'), 500, 'strconv.ParseUint: parsing "-1": invalid syntax');
    expectError(await del('/v1/kv/k?cas='), 500, 'strconv.ParseUint: parsing "": invalid syntax');
    expect(await allKeys()).toEqual(['k']);
  });

  it('reports the missing key name before a bad ?cas', async () => {
    expectError(await del('/v1/kv/?cas=abc'), 400, 'Missing key name');
  });
});

describe('DELETE ?recurse', () => {
  it('deletes every key starting with the string, not only path children', async () => {
    await put('foo', 'foo/x', 'foo/y/z', 'foobar', 'fop', 'fo');
    const res = await del('/v1/kv/foo?recurse');
    expect(res.text).toBe('true');
    expect(await allKeys()).toEqual(['fo', 'fop']);
  });

  it('answers true when nothing matches', async () => {
    await put('k');
    expect((await del('/v1/kv/nothing/?recurse')).text).toBe('true');
    expect(await allKeys()).toEqual(['k']);
  });

  it('wipes the whole store for the empty key', async () => {
    await put('a', 'b/c', 'd');
    expect((await del('/v1/kv/?recurse')).text).toBe('true');
    expect(await allKeys()).toEqual([]);
  });

  it('answers ?recurse together with ?cas with 400 and the sorted query', async () => {
    await put('k');
    expectError(await del('/v1/kv/k?recurse&cas=5'), 400, 'Conflicting flags: cas=5&recurse=\n');
    expect(await allKeys()).toEqual(['k']);
  });
});
