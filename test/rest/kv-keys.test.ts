import { describe, expect, it } from 'vitest';
import { kvDelete, kvGet, modifyIndexOf, writeKey, writeKeys } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';

// GET /v1/kv/<prefix>?keys[&separator=].

let gw: TestGateway;

useEmptiedGateway((started) => ({ gw } = started));

async function remove(key: string): Promise<void> {
  expect((await kvDelete(gw, key)).text).toBe('true');
}
describe('GET ?keys', () => {
  it('answers 200 [] on the root of an empty store, with the index headers', async () => {
    const res = await kvGet(gw, '?keys');
    expect(res.status).toBe(200);
    expect(res.text).toBe('[]');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-index']).toMatch(/^[1-9]\d*$/);
    expect(res.headers['x-consul-knownleader']).toBe('true');
    expect(res.headers['x-consul-lastcontact']).toBe('0');
    expect(res.headers['x-consul-query-backend']).toBe('blocking-query');
  });

  it('answers 404 with an empty body and the index headers for any other empty prefix', async () => {
    await writeKey(gw, 'other');
    const res = await kvGet(gw, 'nothing/?keys');
    expect(res.status).toBe(404);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.headers['x-consul-index']).toMatch(/^[1-9]\d*$/);
    expect(res.headers['x-consul-knownleader']).toBe('true');
  });

  it('lists every key under the plain string prefix in byte order when no separator is given', async () => {
    await writeKeys(gw, 'a/b/c', 'ab', 'a/d', 'b', 'a%EF%BD%A1', 'a%F0%9F%98%80');
    const res = await kvGet(gw, 'a?keys');
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe('["a/b/c","a/d","ab","a\u{FF61}","a\u{1F600}"]');
  });

  it('folds keys at the first separator found after the prefix, keeping the separator', async () => {
    await writeKeys(gw, 'a/b/c', 'a/d', 'ab', 'b');
    expect((await kvGet(gw, 'a?keys&separator=/')).text).toBe('["a/","ab"]');
    expect((await kvGet(gw, 'a/?keys&separator=/')).text).toBe('["a/b/","a/d"]');
    expect((await kvGet(gw, '?keys&separator=/')).text).toBe('["a/","ab","b"]');
  });

  it('honours the historic misspelling ?seperator', async () => {
    await writeKeys(gw, 'a/b/c', 'a/d', 'ab');
    expect((await kvGet(gw, 'a?keys&seperator=/')).text).toBe('["a/","ab"]');
  });

  it('uses ?separator when both spellings are given, even when it is empty', async () => {
    await writeKeys(gw, 'a-x/1', 'a-x/2', 'a/y-z');
    expect((await kvGet(gw, 'a?keys&seperator=/&separator=-')).text).toBe('["a-","a/y-"]');
    expect((await kvGet(gw, 'a?keys&separator=-&seperator=/')).text).toBe('["a-","a/y-"]');
    expect((await kvGet(gw, 'a?keys&seperator=/&separator=')).text).toBe('["a-x/1","a-x/2","a/y-z"]');
  });

  it('treats an empty separator as none', async () => {
    await writeKeys(gw, 'a/b/c', 'a/d');
    expect((await kvGet(gw, 'a?keys&separator=')).text).toBe('["a/b/c","a/d"]');
  });

  it('supports multi-character separators', async () => {
    await writeKeys(gw, 'm-', 'm--x', 'm--y', 'm-z', 'm-z--q');
    expect((await kvGet(gw, 'm?keys&separator=--')).text).toBe('["m-","m--","m-z","m-z--"]');
  });

  it('wins over ?recurse and ?raw: the answer is a JSON list of key names', async () => {
    await writeKeys(gw, 'k/1', 'k/2');
    const res = await kvGet(gw, 'k/?recurse&raw&keys');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.text).toBe('["k/1","k/2"]');
  });

  it('escapes <, > and & in key names as Go does', async () => {
    await writeKey(gw, 't/%3C%26%3E');
    expect((await kvGet(gw, 't/?keys')).text).toBe('["t/\\u003c\\u0026\\u003e"]');
  });

  it('writes key bytes that are not valid UTF-8 as \\ufffd escapes', async () => {
    await writeKeys(gw, 'u/%E2%82', 'u/ok');
    expect((await kvGet(gw, 'u/?keys')).text).toBe('["u/ok","u/\\ufffd\\ufffd"]');
  });

  it('indents with ?pretty', async () => {
    await writeKeys(gw, 'p/1', 'p/2');
    expect((await kvGet(gw, 'p/?keys&pretty')).text).toBe('[\n    "p/1",\n    "p/2"\n]\n');
  });
});

describe('X-Consul-Index of ?keys', () => {
  it('is the last change under the prefix, not the global index', async () => {
    await writeKeys(gw, 'a/1', 'a/2', 'b');
    const res = await kvGet(gw, 'a/?keys');
    expect(BigInt(res.headers['x-consul-index'] as string)).toBe(await modifyIndexOf(gw, 'a/2'));
    expect(await modifyIndexOf(gw, 'b')).toBeGreaterThan(await modifyIndexOf(gw, 'a/2'));
  });

  it('moves forward when a key under the prefix is deleted', async () => {
    await writeKeys(gw, 'a/1', 'a/2', 'b');
    const before = BigInt((await kvGet(gw, 'a/?keys')).headers['x-consul-index'] as string);
    await remove('a/1');
    const after = await kvGet(gw, 'a/?keys');
    expect(after.text).toBe('["a/2"]');
    const index = BigInt(after.headers['x-consul-index'] as string);
    expect(index).toBeGreaterThan(before);
    expect(index).toBeGreaterThan(await modifyIndexOf(gw, 'b'));
    // The delete was the last write, so the prefix index is the global KV index.
    expect(String(index)).toBe((await kvGet(gw, 'absent')).headers['x-consul-index']);
  });

  it('moves forward on a delete even when the prefix becomes empty', async () => {
    await writeKeys(gw, 'gone/1', 'other');
    const before = BigInt((await kvGet(gw, 'gone/?keys')).headers['x-consul-index'] as string);
    await remove('gone/1');
    const res = await kvGet(gw, 'gone/?keys');
    expect(res.status).toBe(404);
    expect(BigInt(res.headers['x-consul-index'] as string)).toBeGreaterThan(before);
  });
});
