import { beforeEach, describe, expect, it } from 'vitest';
import { expectEndpointError, kvDelete, kvGet, kvPut, writeKey } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';

// The query parameters and headers every KV request parses, on every method.

let gw: TestGateway;

useEmptiedGateway((started) => ({ gw } = started));
beforeEach(() => writeKey(gw, 'k'));

/** The stored value of k, or null when k is gone. */
async function valueOfK(): Promise<string | null> {
  const res = await kvGet(gw, 'k?raw');
  return res.status === 404 ? null : res.text;
}

const STALE_AND_CONSISTENT = 'Cannot specify ?stale with ?consistent, conflicting semantics.';
const CACHED_AND_CONSISTENT = 'Cannot specify ?cached with ?consistent, conflicting semantics.';

describe('consistency parameters', () => {
  it('rejects ?stale with ?consistent', async () => {
    expectEndpointError(await kvGet(gw, 'k?stale&consistent'), 400, STALE_AND_CONSISTENT);
  });

  it('rejects an unparsable max_stale, quoting the value', async () => {
    expectEndpointError(await kvGet(gw, 'k?max_stale=x'), 400, 'Invalid max_stale value "x"');
    expectEndpointError(await kvGet(gw, 'k?max_stale=10'), 400, 'Invalid max_stale value "10"');
  });

  it('treats a positive max_stale as stale, which conflicts with ?consistent', async () => {
    expectEndpointError(await kvGet(gw, 'k?max_stale=5s&consistent'), 400, STALE_AND_CONSISTENT);
  });

  it('accepts max_stale=0s with ?consistent (zero does not imply stale)', async () => {
    expect((await kvGet(gw, 'k?max_stale=0s&consistent')).status).toBe(200);
  });

  it('rejects ?cached with ?consistent', async () => {
    expectEndpointError(await kvGet(gw, 'k?cached&consistent'), 400, CACHED_AND_CONSISTENT);
  });

  it('serves ?stale, ?consistent, ?leader, ?cached and max_stale alone like a default read', async () => {
    for (const query of ['stale', 'consistent', 'leader', 'cached', 'cached&stale', 'max_stale=1m']) {
      const res = await kvGet(gw, `k?${query}`);
      expect(res.status, query).toBe(200);
      expect(res.headers['x-consul-knownleader'], query).toBe('true');
      expect(res.headers['x-consul-lastcontact'], query).toBe('0');
      expect(res.headers['x-consul-effective-consistency'], query).toBeUndefined();
    }
  });

  it('rejects Cache-Control max-age or stale-if-error that is not a number', async () => {
    expectEndpointError(await kvGet(gw, 'k', { 'Cache-Control': 'max-age=abc' }), 400, 'Invalid Cache-Control header.');
    expectEndpointError(await kvGet(gw, 'k', { 'Cache-Control': 'no-cache, stale-if-error=x' }), 400, 'Invalid Cache-Control header.');
    expect((await kvGet(gw, 'k', { 'Cache-Control': 'max-age=10, no-store' })).status).toBe(200);
  });

  it('reads Cache-Control numbers as Go strconv.Atoi does: signed, within int64', async () => {
    for (const value of ['-1', '+5', '0', '9223372036854775807']) {
      expect((await kvGet(gw, 'k', { 'Cache-Control': `max-age=${value}` })).status, value).toBe(200);
    }
    for (const value of ['', '1.5', '10s', '9223372036854775808']) {
      expectEndpointError(await kvGet(gw, 'k', { 'Cache-Control': `max-age=${value}` }), 400, 'Invalid Cache-Control header.');
    }
  });
});

describe('wait and index', () => {
  it('rejects a wait without a unit', async () => {
    expectEndpointError(await kvGet(gw, 'k?wait=10'), 400, 'Invalid wait time');
  });

  it('accepts Go durations for wait', async () => {
    for (const wait of ['100ms', '10s', '1m30s', '0', '15000ms']) expect((await kvGet(gw, `k?wait=${wait}`)).status, wait).toBe(200);
  });

  it('rejects a negative, non-numeric or too large index with Invalid index', async () => {
    for (const index of ['-1', 'abc', '1.5', '18446744073709551616']) {
      expectEndpointError(await kvGet(gw, `k?index=${index}`), 400, 'Invalid index');
    }
  });

  it('ignores empty index and wait values', async () => {
    expect((await kvGet(gw, 'k?index=&wait=')).status).toBe(200);
  });

  it('answers at once for index=0', async () => {
    expect((await kvGet(gw, 'k?index=0')).status).toBe(200);
  });
});

describe('Enterprise selectors on Consul CE', () => {
  it('rejects a non-empty ?ns', async () => {
    expectEndpointError(await kvGet(gw, 'k?ns=team'), 400, 'Invalid query parameter: "ns" - Namespaces are a Consul Enterprise feature');
  });

  it('rejects a non-empty ?partition', async () => {
    expectEndpointError(await kvGet(gw, 'k?partition=p'), 400, 'Invalid query parameter: "partition" - Partitions are a Consul Enterprise feature');
  });

  it('rejects the X-Consul-Namespace and X-Consul-Partition headers', async () => {
    expectEndpointError(await kvGet(gw, 'k', { 'X-Consul-Namespace': 'team' }), 400, 'Invalid header: "X-Consul-Namespace" - Namespaces are a Consul Enterprise feature');
    expectEndpointError(await kvGet(gw, 'k', { 'X-Consul-Partition': 'p' }), 400, 'Invalid header: "X-Consul-Partition" - Partitions are a Consul Enterprise feature');
  });

  it('ignores empty ?ns and ?partition values', async () => {
    expect((await kvGet(gw, 'k?ns=&partition=')).status).toBe(200);
  });

  it('rejects them on ?keys, ?recurse, PUT and DELETE too', async () => {
    expect((await kvGet(gw, '?keys&ns=x')).status).toBe(400);
    expect((await kvGet(gw, '?recurse&partition=x')).status).toBe(400);
    expect((await kvPut(gw, 'k?ns=x', 'new')).status).toBe(400);
    expect((await kvDelete(gw, 'k?partition=x')).status).toBe(400);
    expect(await valueOfK()).toBe('v');
  });
});

describe('check order', () => {
  it('reports the consistency conflict before a bad wait', async () => {
    expectEndpointError(await kvGet(gw, 'k?stale&consistent&wait=zz'), 400, STALE_AND_CONSISTENT);
  });

  it('reports a bad max_stale before the stale/consistent conflict and a bad index', async () => {
    expectEndpointError(await kvGet(gw, 'k?index=zz&stale&consistent&max_stale=q'), 400, 'Invalid max_stale value "q"');
  });

  it('reports a bad Cache-Control before a bad wait', async () => {
    expectEndpointError(await kvGet(gw, 'k?wait=zz', { 'Cache-Control': 'max-age=x' }), 400, 'Invalid Cache-Control header.');
  });

  it('reports a bad wait before a bad index', async () => {
    expectEndpointError(await kvGet(gw, 'k?wait=zz&index=zz'), 400, 'Invalid wait time');
  });

  it('reports a bad wait before key validation', async () => {
    expectEndpointError(await kvGet(gw, '%20k?wait=zz'), 400, 'Invalid wait time');
  });

  it('reports key validation before the Enterprise checks', async () => {
    expectEndpointError(await kvGet(gw, '%20k?ns=team'), 500, 'invalid key name, leading/trailing spaces are not allowed');
  });

  it('reports a bad wait before an unknown datacenter', async () => {
    expectEndpointError(await kvGet(gw, 'k?dc=other&wait=zz'), 400, 'Invalid wait time');
  });

  it('checks the shared parameters on PUT and DELETE too, before touching anything', async () => {
    expectEndpointError(await kvPut(gw, 'k?wait=zz', 'new'), 400, 'Invalid wait time');
    expectEndpointError(await kvPut(gw, 'k?stale&consistent', 'new'), 400, STALE_AND_CONSISTENT);
    expectEndpointError(await kvDelete(gw, 'k?index=-1'), 400, 'Invalid index');
    expect(await valueOfK()).toBe('v');
  });
});

describe('presence flags', () => {
  it('treats ?recurse=false, ?keys=0, ?raw=no and ?pretty=false as present', async () => {
    expect((await kvGet(gw, 'k?recurse=false')).text).toMatch(/^\[\{"LockIndex":0,"Key":"k",/);
    expect((await kvGet(gw, 'k?keys=0')).text).toBe('["k"]');
    expect((await kvGet(gw, 'k?raw=no')).text).toBe('v');
    expect((await kvGet(gw, 'k?keys&pretty=false')).text).toBe('[\n    "k"\n]\n');
  });

  it('parses and ignores ?filter', async () => {
    expect((await kvGet(gw, 'k?filter=Key%20%3D%3D%20%22x%22')).status).toBe(200);
  });
});

describe('tokens', () => {
  it('accepts a token from ?token, X-Consul-Token or Authorization: Bearer', async () => {
    expect((await kvGet(gw, 'k?token=secret')).status).toBe(200);
    expect((await kvGet(gw, 'k', { 'X-Consul-Token': 'secret' })).status).toBe(200);
    expect((await kvGet(gw, 'k', { Authorization: 'Bearer secret' })).status).toBe(200);
    expect((await kvPut(gw, 'k?token=secret', 'w', { headers: { 'X-Consul-Token': 'other' } })).text).toBe('true');
    expect(await valueOfK()).toBe('w');
  });
});
