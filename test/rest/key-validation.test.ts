import { beforeEach, describe, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http, type RawResponse } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// How the key of /v1/kv/<key> is extracted, cleaned and validated (spec §3.1, Consul 1.22).

let redis: TestRedis;
let gw: TestGateway;

useGateway((started) => ({ redis, gw } = started));
beforeEach(async () => {
  await redis.command(['FLUSHALL']);
});

const SPACES = 'invalid key name, leading/trailing spaces are not allowed';
const TRAVERSAL = 'invalid key name, path traversal is not allowed';

const put = (path: string, body = 'v') => http(gw.port, 'PUT', path, { body });
/** Every key in the store, through the API. */
async function allKeys(): Promise<string[]> {
  return JSON.parse((await http(gw.port, 'GET', '/v1/kv/?keys')).text) as string[];
}
function expectError(res: RawResponse, status: number, text: string): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text });
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
}

describe('rejected keys', () => {
  for (const [label, key] of [
    ['a leading space', '%20x'],
    ['a trailing space', 'x%20'],
    ['only a space', '%20'],
  ]) {
    it(`answers a key with ${label} with 500 and the spaces message`, async () => {
      expectError(await put(`/v1/kv/${key}`), 500, SPACES);
      expect(await allKeys()).toEqual([]);
    });
  }

  for (const key of ['..%2Fx', '%2E%2E', '%2E%2E%2F', 'a%2F..%2F..%2Fx']) {
    it(`answers ${key}, which still climbs above the root after cleaning, with 500 and the traversal message`, async () => {
      expectError(await put(`/v1/kv/${key}`), 500, TRAVERSAL);
      expect(await allKeys()).toEqual([]);
    });
  }

  it('rejects a key holding the literal text %20 (sent as %2520) with the spaces message', async () => {
    expectError(await put('/v1/kv/a%2520b'), 500, SPACES);
  });

  it('rejects a key holding the literal text %2E%2E with the traversal message', async () => {
    expectError(await put('/v1/kv/a%252E%252Eb'), 500, TRAVERSAL);
  });

  it('validates on GET, ?keys, ?recurse and DELETE as well', async () => {
    expectError(await http(gw.port, 'GET', '/v1/kv/%20x'), 500, SPACES);
    expectError(await http(gw.port, 'GET', '/v1/kv/%20x?keys'), 500, SPACES);
    expectError(await http(gw.port, 'GET', '/v1/kv/..%2F?recurse'), 500, TRAVERSAL);
    expectError(await http(gw.port, 'DELETE', '/v1/kv/..%2Fx?recurse'), 500, TRAVERSAL);
    expectError(await http(gw.port, 'DELETE', '/v1/kv/x%20'), 500, SPACES);
  });

  it('reports key validation before the missing-body and number checks of PUT', async () => {
    expectError(await put('/v1/kv/%20x?flags=abc'), 500, SPACES);
    expectError(await put('/v1/kv/..%2Fx?cas=0&acquire=s'), 500, TRAVERSAL);
  });
});

describe('accepted keys', () => {
  it('accepts spaces inside a key', async () => {
    expect((await put('/v1/kv/a%20b')).text).toBe('true');
    expect(await allKeys()).toEqual(['a b']);
  });

  it('accepts dots that are not a .. segment', async () => {
    for (const key of ['a..b', '..a', 'a/..b', '.hidden', '...']) expect((await put(`/v1/kv/${key}`)).text, key).toBe('true');
    expect(await allKeys()).toEqual(['...', '..a', '.hidden', 'a..b', 'a/..b']);
  });

  it('accepts a literal % that does not decode again (100%25 is the key 100%)', async () => {
    expect((await put('/v1/kv/100%25')).text).toBe('true');
    expect((await put('/v1/kv/%2541')).text).toBe('true');
    expect(await allKeys()).toEqual(['%41', '100%']);
  });
});

describe('key cleaning', () => {
  it('resolves x/%2E%2E/y to y', async () => {
    expect((await put('/v1/kv/x/%2E%2E/y', 'resolved')).text).toBe('true');
    expect(await allKeys()).toEqual(['y']);
    expect((await http(gw.port, 'GET', '/v1/kv/x/%2E%2E/y?raw')).text).toBe('resolved');
  });

  it('collapses encoded slashes and drops encoded . segments', async () => {
    await put('/v1/kv/a%2F%2Fb');
    await put('/v1/kv/c/%2E/d');
    expect(await allKeys()).toEqual(['a/b', 'c/d']);
  });

  it('keeps dir/ and dir as different keys', async () => {
    await put('/v1/kv/dir', 'file');
    await put('/v1/kv/dir/', 'folder');
    expect(await allKeys()).toEqual(['dir', 'dir/']);
    expect((await http(gw.port, 'GET', '/v1/kv/dir?raw')).text).toBe('file');
    expect((await http(gw.port, 'GET', '/v1/kv/dir/?raw')).text).toBe('folder');
  });

  it('keeps the trailing slash through cleaning (dir%2F%2F is dir/)', async () => {
    await put('/v1/kv/dir%2F%2F');
    expect(await allKeys()).toEqual(['dir/']);
  });

  it('turns %2F%2F into the key /', async () => {
    expect((await put('/v1/kv/%2F%2F', 'slash')).text).toBe('true');
    expect(await allKeys()).toEqual(['/']);
    expect((await http(gw.port, 'GET', '/v1/kv/%2F?raw')).text).toBe('slash');
  });

  it('keeps a leading / reached through %2F', async () => {
    await put('/v1/kv/%2Fa');
    expect(await allKeys()).toEqual(['/a']);
  });

  it('cleans the prefix of ?recurse and DELETE too', async () => {
    await put('/v1/kv/p/1');
    await put('/v1/kv/q');
    expect((await http(gw.port, 'GET', '/v1/kv/p%2F%2F?keys')).text).toBe('["p/1"]');
    expect((await http(gw.port, 'DELETE', '/v1/kv/z/%2E%2E/q')).text).toBe('true');
    expect(await allKeys()).toEqual(['p/1']);
  });
});
