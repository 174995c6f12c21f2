import { describe, expect, it } from 'vitest';
import { allKeys, expectError, kvDelete, kvGet, kvPut } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';

// How the key of /v1/kv/<key> is extracted, cleaned and validated (Consul 1.22).

let gw: TestGateway;

useEmptiedGateway((started) => ({ gw } = started));

const SPACES = 'invalid key name, leading/trailing spaces are not allowed';
const TRAVERSAL = 'invalid key name, path traversal is not allowed';

describe('rejected keys', () => {
  for (const [label, key] of [
    ['a leading space', '%20x'],
    ['a trailing space', 'x%20'],
    ['only a space', '%20'],
  ] as const) {
    it(`answers a key with ${label} with 500 and the spaces message`, async () => {
      expectError(await kvPut(gw, key, 'v'), 500, SPACES);
      expect(await allKeys(gw)).toEqual([]);
    });
  }

  for (const key of ['..%2Fx', '%2E%2E', '%2E%2E%2F', 'a%2F..%2F..%2Fx']) {
    it(`answers ${key}, which still climbs above the root after cleaning, with 500 and the traversal message`, async () => {
      expectError(await kvPut(gw, key, 'v'), 500, TRAVERSAL);
      expect(await allKeys(gw)).toEqual([]);
    });
  }

  it('rejects a key holding the literal text %20 (sent as %2520) with the spaces message', async () => {
    expectError(await kvPut(gw, 'a%2520b', 'v'), 500, SPACES);
  });

  it('rejects a key holding the literal text %2E%2E with the traversal message', async () => {
    expectError(await kvPut(gw, 'a%252E%252Eb', 'v'), 500, TRAVERSAL);
  });

  it('validates on GET, ?keys, ?recurse and DELETE as well', async () => {
    expectError(await kvGet(gw, '%20x'), 500, SPACES);
    expectError(await kvGet(gw, '%20x?keys'), 500, SPACES);
    expectError(await kvGet(gw, '..%2F?recurse'), 500, TRAVERSAL);
    expectError(await kvDelete(gw, '..%2Fx?recurse'), 500, TRAVERSAL);
    expectError(await kvDelete(gw, 'x%20'), 500, SPACES);
  });

  it('reports key validation before the missing-body and number checks of PUT', async () => {
    expectError(await kvPut(gw, '%20x?flags=abc', 'v'), 500, SPACES);
    expectError(await kvPut(gw, '..%2Fx?cas=0&acquire=s', 'v'), 500, TRAVERSAL);
  });
});

describe('accepted keys', () => {
  it('accepts spaces inside a key', async () => {
    expect((await kvPut(gw, 'a%20b', 'v')).text).toBe('true');
    expect(await allKeys(gw)).toEqual(['a b']);
  });

  it('accepts dots that are not a .. segment', async () => {
    for (const key of ['a..b', '..a', 'a/..b', '.hidden', '...']) expect((await kvPut(gw, key, 'v')).text, key).toBe('true');
    expect(await allKeys(gw)).toEqual(['...', '..a', '.hidden', 'a..b', 'a/..b']);
  });

  it('accepts a literal % that does not decode again (100%25 is the key 100%)', async () => {
    expect((await kvPut(gw, '100%25', 'v')).text).toBe('true');
    expect((await kvPut(gw, '%2541', 'v')).text).toBe('true');
    expect(await allKeys(gw)).toEqual(['%41', '100%']);
  });
});

describe('key cleaning', () => {
  it('resolves x/%2E%2E/y to y', async () => {
    expect((await kvPut(gw, 'x/%2E%2E/y', 'resolved')).text).toBe('true');
    expect(await allKeys(gw)).toEqual(['y']);
    expect((await kvGet(gw, 'x/%2E%2E/y?raw')).text).toBe('resolved');
  });

  it('collapses encoded slashes and drops encoded . segments', async () => {
    await kvPut(gw, 'a%2F%2Fb', 'v');
    await kvPut(gw, 'c/%2E/d', 'v');
    expect(await allKeys(gw)).toEqual(['a/b', 'c/d']);
  });

  it('keeps dir/ and dir as different keys', async () => {
    await kvPut(gw, 'dir', 'file');
    await kvPut(gw, 'dir/', 'folder');
    expect(await allKeys(gw)).toEqual(['dir', 'dir/']);
    expect((await kvGet(gw, 'dir?raw')).text).toBe('file');
    expect((await kvGet(gw, 'dir/?raw')).text).toBe('folder');
  });

  it('keeps the trailing slash through cleaning (dir%2F%2F is dir/)', async () => {
    await kvPut(gw, 'dir%2F%2F', 'v');
    expect(await allKeys(gw)).toEqual(['dir/']);
  });

  it('turns %2F%2F into the key /', async () => {
    expect((await kvPut(gw, '%2F%2F', 'slash')).text).toBe('true');
    expect(await allKeys(gw)).toEqual(['/']);
    expect((await kvGet(gw, '%2F?raw')).text).toBe('slash');
  });

  it('keeps a leading / reached through %2F', async () => {
    await kvPut(gw, '%2Fa', 'v');
    expect(await allKeys(gw)).toEqual(['/a']);
  });

  it('cleans the prefix of ?recurse and DELETE too', async () => {
    await kvPut(gw, 'p/1', 'v');
    await kvPut(gw, 'q', 'v');
    expect((await kvGet(gw, 'p%2F%2F?keys')).text).toBe('["p/1"]');
    expect((await kvDelete(gw, 'z/%2E%2E/q')).text).toBe('true');
    expect(await allKeys(gw)).toEqual(['p/1']);
  });
});
