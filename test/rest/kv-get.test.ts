import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { kvGet, modifyIndexOf, writeKey } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import type { RawResponse } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// GET /v1/kv/<key> in all its read forms, byte for byte.

let redis: TestRedis;
let gw: TestGateway;

useEmptiedGateway((started) => ({ redis, gw } = started));

/**
 * Marks a stored key as held by `session`, as a successful ?acquire would, by writing the
 * entry directly: a hash with the field `s`, or the packed string
 * '<CreateIndex> <ModifyIndex> <LockIndex> <Flags> <Session>\n<value>'.
 */
async function simulateLock(key: string, session: string): Promise<void> {
  const name = dcNames('dc1').entry(Buffer.from(key));
  if (String(await redis.command(['TYPE', name])) === 'hash') {
    await redis.command(['HSET', name, 's', session]);
    return;
  }
  const packed = (await redis.command(['GET', name])) as Buffer;
  const newline = packed.indexOf(10);
  const header = packed.toString('latin1', 0, newline).split(' ').slice(0, 4).concat(session).join(' ');
  await redis.command(['SET', name, Buffer.concat([Buffer.from(header, 'latin1'), packed.subarray(newline)])]);
}
const ENTRY = /^\[\{"LockIndex":0,"Key":"foo","Flags":0,"Value":"YmFy","CreateIndex":(\d+),"ModifyIndex":(\d+)\}\]$/;

function expectQueryMeta(res: RawResponse): void {
  expect(res.headers['x-consul-index']).toMatch(/^[1-9]\d*$/);
  expect(res.headers['x-consul-knownleader']).toBe('true');
  expect(res.headers['x-consul-lastcontact']).toBe('0');
  expect(res.headers['x-consul-query-backend']).toBe('blocking-query');
}

describe('GET a single key', () => {
  it('answers a one-element JSON array with the fields in Consul order and base64 value', async () => {
    await writeKey(gw, 'foo', 'bar');
    const res = await kvGet(gw, 'foo');
    expect(res.status).toBe(200);
    const m = ENTRY.exec(res.text);
    expect(m, res.text).not.toBeNull();
    expect(m?.[1]).toBe(m?.[2]);
  });

  it('carries the JSON type, the query meta headers with X-Consul-Index = ModifyIndex, Vary and the ACL policy', async () => {
    await writeKey(gw, 'foo', 'bar');
    const res = await kvGet(gw, 'foo');
    const modifyIndex = ENTRY.exec(res.text)?.[2];
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-index']).toBe(modifyIndex);
    expect(res.headers['x-consul-knownleader']).toBe('true');
    expect(res.headers['x-consul-lastcontact']).toBe('0');
    expect(res.headers['x-consul-query-backend']).toBe('blocking-query');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['x-consul-default-acl-policy']).toBe('allow');
    expect(res.headers['x-consul-effective-consistency']).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(res.body.length));
  });

  it('spells the Consul headers as Go canonicalises them', async () => {
    await writeKey(gw, 'foo', 'bar');
    const res = await kvGet(gw, 'foo');
    expect(res.rawHeaderNames).toEqual(
      expect.arrayContaining([
        'X-Consul-Index',
        'X-Consul-Knownleader',
        'X-Consul-Lastcontact',
        'X-Consul-Query-Backend',
        'X-Consul-Default-Acl-Policy',
        'Vary',
        'Content-Type',
      ]),
    );
  });

  it('reports the ModifyIndex of the key, not the newer global index', async () => {
    await writeKey(gw, 'foo', 'bar');
    const fooIndex = await modifyIndexOf(gw, 'foo');
    await writeKey(gw, 'other', 'x');
    const res = await kvGet(gw, 'foo');
    expect(res.headers['x-consul-index']).toBe(String(fooIndex));
    expect(await modifyIndexOf(gw, 'other')).toBeGreaterThan(fooIndex);
  });

  it('renders an empty value as "Value":null', async () => {
    await writeKey(gw, 'empty', '');
    const res = await kvGet(gw, 'empty');
    expect(res.text).toMatch(/^\[\{"LockIndex":0,"Key":"empty","Flags":0,"Value":null,"CreateIndex":\d+,"ModifyIndex":\d+\}\]$/);
  });

  it('writes flags of 2^64-1 as exact decimal digits', async () => {
    await writeKey(gw, 'big', 'v', '?flags=18446744073709551615');
    const res = await kvGet(gw, 'big');
    expect(res.text).toContain('"Flags":18446744073709551615,');
  });

  it('escapes <, > and & in keys as Go does (\\u003c, \\u003e, \\u0026)', async () => {
    await writeKey(gw, 'a%3Cb%3E%26c', 'v');
    const res = await kvGet(gw, 'a%3Cb%3E%26c');
    expect(res.status).toBe(200);
    expect(res.text).toContain('"Key":"a\\u003cb\\u003e\\u0026c"');
  });

  it('writes non-ASCII keys as raw UTF-8 in the JSON', async () => {
    await writeKey(gw, 'caf%C3%A9', 'v');
    const res = await kvGet(gw, 'caf%C3%A9');
    expect(res.body.includes(Buffer.from('"Key":"café"'))).toBe(true);
  });

  it('writes each key byte that is not valid UTF-8 as the escape \\ufffd, as Go does', async () => {
    await writeKey(gw, 'a%FFb', 'v');
    const res = await kvGet(gw, 'a%FFb');
    expect(res.status).toBe(200);
    expect(res.text).toContain('"Key":"a\\ufffdb"');
  });

  it('includes Session, between Value and CreateIndex, only while the key is locked', async () => {
    await writeKey(gw, 'locked', 'v');
    const before = await kvGet(gw, 'locked');
    expect(before.text).not.toContain('Session');
    await simulateLock('locked', 'adf4238a-882b-9ddc-4a9d-5b6758e4159e');
    const after = await kvGet(gw, 'locked');
    expect(after.text).toMatch(
      /^\[\{"LockIndex":0,"Key":"locked","Flags":0,"Value":"dg==","Session":"adf4238a-882b-9ddc-4a9d-5b6758e4159e","CreateIndex":\d+,"ModifyIndex":\d+\}\]$/,
    );
  });

  it('answers a missing key with 404, an empty body, no Content-Type and the index headers', async () => {
    await writeKey(gw, 'present', 'v');
    const res = await kvGet(gw, 'absent');
    expect(res.status).toBe(404);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toBeUndefined();
    expectQueryMeta(res);
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['x-consul-default-acl-policy']).toBe('allow');
  });

  it('reports the global KV index for a missing key', async () => {
    await writeKey(gw, 'one', 'v');
    await writeKey(gw, 'two', 'v');
    const res = await kvGet(gw, 'absent');
    expect(res.headers['x-consul-index']).toBe(String(await modifyIndexOf(gw, 'two')));
  });

  it('never reports X-Consul-Index 0, even on an empty store', async () => {
    const res = await kvGet(gw, 'absent');
    expect(res.status).toBe(404);
    expect(res.headers['x-consul-index']).toMatch(/^[1-9]\d*$/);
  });

  it('answers GET /v1/kv/ without ?recurse with 400 Missing key name', async () => {
    const res = await kvGet(gw, '');
    expect(res.status).toBe(400);
    expect(res.text).toBe('Missing key name');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['x-consul-default-acl-policy']).toBe('allow');
  });
});

describe('GET ?raw', () => {
  it('answers the stored bytes verbatim as text/plain with nosniff, sandbox and the index headers', async () => {
    const value = Buffer.from([0x00, 0xff, 0x80, 0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e, 0x0a]);
    await writeKey(gw, 'bin', value);
    const res = await kvGet(gw, 'bin?raw');
    expect(res.status).toBe(200);
    expect(res.body.equals(value)).toBe(true);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(value.length));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe('sandbox');
    expect(res.headers['x-consul-index']).toBe(String(await modifyIndexOf(gw, 'bin')));
    expectQueryMeta(res);
  });

  it('answers an empty value with 200 and an empty body', async () => {
    await writeKey(gw, 'empty', '');
    const res = await kvGet(gw, 'empty?raw');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-length']).toBe('0');
  });

  it('answers a missing key with 404 and an empty body', async () => {
    const res = await kvGet(gw, 'absent?raw');
    expect(res.status).toBe(404);
    expect(res.body.length).toBe(0);
    expect(res.headers['x-content-type-options']).toBeUndefined();
  });

  it('is ignored together with ?recurse (JSON is returned)', async () => {
    await writeKey(gw, 'foo', 'bar');
    const res = await kvGet(gw, 'foo?recurse&raw');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.text).toMatch(ENTRY);
  });
});

describe('GET ?recurse', () => {
  it('lists every key with the plain string prefix, sorted by UTF-8 bytes', async () => {
    // U+FF61 sorts before U+1F600 in UTF-8 bytes but after it in JS (UTF-16) order.
    for (const key of ['foo/%F0%9F%98%80', 'foo/%EF%BD%A1', 'foobar', 'foo', 'foo/x', 'fop', 'fo']) await writeKey(gw, key, 'v');
    const res = await kvGet(gw, 'foo?recurse');
    expect(res.status).toBe(200);
    const keys = (JSON.parse(res.text) as Array<{ Key: string }>).map((e) => e.Key);
    expect(keys).toEqual(['foo', 'foo/x', 'foo/\u{FF61}', 'foo/\u{1F600}', 'foobar']);
  });

  it('writes the entries in Consul field order, comma-separated, as one JSON array', async () => {
    await writeKey(gw, 'd/a', 'A');
    await writeKey(gw, 'd/b', '');
    const res = await kvGet(gw, 'd/?recurse');
    expect(res.text).toMatch(
      /^\[\{"LockIndex":0,"Key":"d\/a","Flags":0,"Value":"QQ==","CreateIndex":\d+,"ModifyIndex":\d+\},\{"LockIndex":0,"Key":"d\/b","Flags":0,"Value":null,"CreateIndex":\d+,"ModifyIndex":\d+\}\]$/,
    );
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-index']).toBe(String(await modifyIndexOf(gw, 'd/b')));
  });

  it('answers 404 with an empty body and the index headers when nothing matches', async () => {
    await writeKey(gw, 'other', 'v');
    const res = await kvGet(gw, 'nothing/?recurse');
    expect(res.status).toBe(404);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-type']).toBeUndefined();
    expectQueryMeta(res);
  });

  it('answers 404 for an empty store, even on the root', async () => {
    const res = await kvGet(gw, '?recurse');
    expect(res.status).toBe(404);
    expect(res.headers['x-consul-index']).toMatch(/^[1-9]\d*$/);
  });

  it('treats ?recurse=false as a presence flag and still recurses', async () => {
    await writeKey(gw, 'p/a', 'v');
    await writeKey(gw, 'p/b', 'v');
    const res = await kvGet(gw, 'p/?recurse=false');
    expect((JSON.parse(res.text) as Array<{ Key: string }>).map((e) => e.Key)).toEqual(['p/a', 'p/b']);
  });

  it('lists the whole store for the empty key', async () => {
    for (const key of ['b', 'a/x', 'c']) await writeKey(gw, key, 'v');
    const res = await kvGet(gw, '?recurse');
    expect((JSON.parse(res.text) as Array<{ Key: string }>).map((e) => e.Key)).toEqual(['a/x', 'b', 'c']);
  });
});

describe('GET ?pretty', () => {
  it('indents with 4 spaces and ends with a newline', async () => {
    await writeKey(gw, 'foo', 'bar');
    const res = await kvGet(gw, 'foo?pretty');
    const index = res.headers['x-consul-index'];
    expect(res.text).toBe(
      '[\n' +
        '    {\n' +
        '        "LockIndex": 0,\n' +
        '        "Key": "foo",\n' +
        '        "Flags": 0,\n' +
        '        "Value": "YmFy",\n' +
        `        "CreateIndex": ${index},\n` +
        `        "ModifyIndex": ${index}\n` +
        '    }\n' +
        ']\n',
    );
    expect(res.headers['content-type']).toBe('application/json');
  });
});

describe('gzip', () => {
  const big = 'x'.repeat(1400);

  it('gzips a body of 1400 bytes or more when the client accepts gzip', async () => {
    await writeKey(gw, 'big', big);
    const res = await kvGet(gw, 'big?raw', { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(gunzipSync(res.body).toString()).toBe(big);
  });

  it('gzips JSON answers too', async () => {
    await writeKey(gw, 'big', big);
    const res = await kvGet(gw, 'big', { 'Accept-Encoding': 'gzip, deflate' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toContain(`"Value":"${Buffer.from(big).toString('base64')}"`);
  });

  it('does not gzip a body of 1399 bytes', async () => {
    await writeKey(gw, 'small', big.slice(1));
    const res = await kvGet(gw, 'small?raw', { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.text).toBe(big.slice(1));
  });

  it('does not gzip when the client does not accept it', async () => {
    await writeKey(gw, 'big', big);
    const res = await kvGet(gw, 'big?raw');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.text).toBe(big);
  });
});
