import { beforeEach, describe, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// GET /v1/kv/<prefix>?keys[&separator=] (spec §3.4, §2).

let redis: TestRedis;
let gw: TestGateway;

useGateway((started) => ({ redis, gw } = started));
beforeEach(async () => {
  await redis.command(['FLUSHALL']);
});

const get = (path: string) => http(gw.port, 'GET', path);
async function put(...keys: string[]): Promise<void> {
  for (const key of keys) expect((await http(gw.port, 'PUT', `/v1/kv/${key}`, { body: 'v' })).text).toBe('true');
}
async function remove(key: string): Promise<void> {
  expect((await http(gw.port, 'DELETE', `/v1/kv/${key}`)).text).toBe('true');
}
async function modifyIndexOf(key: string): Promise<bigint> {
  return BigInt(/"ModifyIndex":(\d+)/.exec((await get(`/v1/kv/${key}`)).text)?.[1] as string);
}

describe('GET ?keys', () => {
  it('answers 200 [] on the root of an empty store, with the index headers', async () => {
    const res = await get('/v1/kv/?keys');
    expect(res.status).toBe(200);
    expect(res.text).toBe('[]');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-index']).toMatch(/^[1-9]\d*$/);
    expect(res.headers['x-consul-knownleader']).toBe('true');
    expect(res.headers['x-consul-lastcontact']).toBe('0');
    expect(res.headers['x-consul-query-backend']).toBe('blocking-query');
  });

  it('answers 404 with an empty body and the index headers for any other empty prefix', async () => {
    await put('other');
    const res = await get('/v1/kv/nothing/?keys');
    expect(res.status).toBe(404);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.headers['x-consul-index']).toMatch(/^[1-9]\d*$/);
    expect(res.headers['x-consul-knownleader']).toBe('true');
  });

  it('lists every key under the plain string prefix in byte order when no separator is given', async () => {
    await put('a/b/c', 'ab', 'a/d', 'b', 'a%EF%BD%A1', 'a%F0%9F%98%80');
    const res = await get('/v1/kv/a?keys');
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe('["a/b/c","a/d","ab","a\u{FF61}","a\u{1F600}"]');
  });

  it('folds keys at the first separator found after the prefix, keeping the separator', async () => {
    await put('a/b/c', 'a/d', 'ab', 'b');
    expect((await get('/v1/kv/a?keys&separator=/')).text).toBe('["a/","ab"]');
    expect((await get('/v1/kv/a/?keys&separator=/')).text).toBe('["a/b/","a/d"]');
    expect((await get('/v1/kv/?keys&separator=/')).text).toBe('["a/","ab","b"]');
  });

  it('honours the historic misspelling ?seperator', async () => {
    await put('a/b/c', 'a/d', 'ab');
    expect((await get('/v1/kv/a?keys&seperator=/')).text).toBe('["a/","ab"]');
  });

  it('uses ?separator when both spellings are given, even when it is empty', async () => {
    await put('a-x/1', 'a-x/2', 'a/y-z');
    expect((await get('/v1/kv/a?keys&seperator=/&separator=-')).text).toBe('["a-","a/y-"]');
    expect((await get('/v1/kv/a?keys&separator=-&seperator=/')).text).toBe('["a-","a/y-"]');
    expect((await get('/v1/kv/a?keys&seperator=/&separator=')).text).toBe('["a-x/1","a-x/2","a/y-z"]');
  });

  it('treats an empty separator as none', async () => {
    await put('a/b/c', 'a/d');
    expect((await get('/v1/kv/a?keys&separator=')).text).toBe('["a/b/c","a/d"]');
  });

  it('supports multi-character separators', async () => {
    await put('m-', 'm--x', 'm--y', 'm-z', 'm-z--q');
    expect((await get('/v1/kv/m?keys&separator=--')).text).toBe('["m-","m--","m-z","m-z--"]');
  });

  it('wins over ?recurse and ?raw: the answer is a JSON list of key names', async () => {
    await put('k/1', 'k/2');
    const res = await get('/v1/kv/k/?recurse&raw&keys');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.text).toBe('["k/1","k/2"]');
  });

  it('escapes <, > and & in key names as Go does', async () => {
    await put('t/%3C%26%3E');
    expect((await get('/v1/kv/t/?keys')).text).toBe('["t/\\u003c\\u0026\\u003e"]');
  });

  it('writes key bytes that are not valid UTF-8 as \\ufffd escapes', async () => {
    await put('u/%E2%82', 'u/ok');
    expect((await get('/v1/kv/u/?keys')).text).toBe('["u/ok","u/\\ufffd\\ufffd"]');
  });

  it('indents with ?pretty', async () => {
    await put('p/1', 'p/2');
    expect((await get('/v1/kv/p/?keys&pretty')).text).toBe('[\n    "p/1",\n    "p/2"\n]\n');
  });
});

describe('X-Consul-Index of ?keys', () => {
  it('is the last change under the prefix, not the global index', async () => {
    await put('a/1', 'a/2', 'b');
    const res = await get('/v1/kv/a/?keys');
    expect(BigInt(res.headers['x-consul-index'] as string)).toBe(await modifyIndexOf('a/2'));
    expect(await modifyIndexOf('b')).toBeGreaterThan(await modifyIndexOf('a/2'));
  });

  it('moves forward when a key under the prefix is deleted', async () => {
    await put('a/1', 'a/2', 'b');
    const before = BigInt((await get('/v1/kv/a/?keys')).headers['x-consul-index'] as string);
    await remove('a/1');
    const after = await get('/v1/kv/a/?keys');
    expect(after.text).toBe('["a/2"]');
    const index = BigInt(after.headers['x-consul-index'] as string);
    expect(index).toBeGreaterThan(before);
    expect(index).toBeGreaterThan(await modifyIndexOf('b'));
    // The delete was the last write, so the prefix index is the global KV index.
    expect(String(index)).toBe((await get('/v1/kv/absent')).headers['x-consul-index']);
  });

  it('moves forward on a delete even when the prefix becomes empty', async () => {
    await put('gone/1', 'other');
    const before = BigInt((await get('/v1/kv/gone/?keys')).headers['x-consul-index'] as string);
    await remove('gone/1');
    const res = await get('/v1/kv/gone/?keys');
    expect(res.status).toBe(404);
    expect(BigInt(res.headers['x-consul-index'] as string)).toBeGreaterThan(before);
  });
});
