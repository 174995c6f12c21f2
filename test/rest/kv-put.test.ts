import { describe, expect, it } from 'vitest';
import { b64, expectEndpointError, kvGet, kvPut } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';

// PUT /v1/kv/<key>: answers, flags, CAS, parameter errors, value size limits.

let gw: TestGateway;

useEmptiedGateway((started) => ({ gw } = started));

const MAX = 524288;

interface Entry {
  Flags: string;
  Value: string | null;
  CreateIndex: string;
  ModifyIndex: string;
}
/** The one entry of GET /v1/kv/<key>, numbers kept as digit strings; null on 404. */
async function entry(key: string): Promise<Entry | null> {
  const res = await kvGet(gw, key);
  if (res.status === 404) return null;
  const digits = (name: string) => new RegExp(`"${name}":(\\d+)`).exec(res.text)?.[1] as string;
  const value = /"Value":(null|"[^"]*")/.exec(res.text)?.[1] as string;
  return {
    Flags: digits('Flags'),
    Value: value === 'null' ? null : value.slice(1, -1),
    CreateIndex: digits('CreateIndex'),
    ModifyIndex: digits('ModifyIndex'),
  };
}

describe('PUT', () => {
  it('answers true as JSON, without index or leader headers', async () => {
    const res = await kvPut(gw, 'foo', 'bar');
    expect(res.status).toBe(200);
    expect(res.text).toBe('true');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['x-consul-default-acl-policy']).toBe('allow');
    for (const name of ['x-consul-index', 'x-consul-knownleader', 'x-consul-lastcontact', 'x-consul-query-backend']) {
      expect(res.headers[name], name).toBeUndefined();
    }
    expect((await entry('foo'))?.Value).toBe(b64('bar'));
  });

  it('stores ?flags and returns them on GET', async () => {
    await kvPut(gw, 'f?flags=42', 'v');
    expect((await entry('f'))?.Flags).toBe('42');
  });

  it('accepts flags of 2^64-1 exactly', async () => {
    expect((await kvPut(gw, 'f?flags=18446744073709551615', 'v')).text).toBe('true');
    expect((await entry('f'))?.Flags).toBe('18446744073709551615');
  });

  it('resets flags to 0 when a later PUT has no ?flags', async () => {
    await kvPut(gw, 'f?flags=42', 'v');
    await kvPut(gw, 'f', 'v');
    expect((await entry('f'))?.Flags).toBe('0');
  });

  it('stores an empty body as a null value', async () => {
    await kvPut(gw, 'e', 'something');
    await kvPut(gw, 'e');
    expect((await entry('e'))?.Value).toBeNull();
  });

  it('round-trips a binary body through ?raw', async () => {
    const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await kvPut(gw, 'bin', value);
    expect((await kvGet(gw, 'bin?raw')).body.equals(value)).toBe(true);
  });

  it('keeps CreateIndex and moves ModifyIndex on a real change', async () => {
    await kvPut(gw, 'k', 'one');
    const first = (await entry('k')) as Entry;
    await kvPut(gw, 'k', 'two');
    const second = (await entry('k')) as Entry;
    expect(second.CreateIndex).toBe(first.CreateIndex);
    expect(BigInt(second.ModifyIndex)).toBeGreaterThan(BigInt(first.ModifyIndex));
  });

  it('keeps ModifyIndex on a no-op rewrite of the same value and flags', async () => {
    await kvPut(gw, 'k?flags=3', 'same');
    const first = (await entry('k')) as Entry;
    expect((await kvPut(gw, 'k?flags=3', 'same')).text).toBe('true');
    expect((await entry('k'))?.ModifyIndex).toBe(first.ModifyIndex);
    // Nothing else moved either: a missing key still reports the same global index.
    expect((await kvGet(gw, 'absent')).headers['x-consul-index']).toBe(first.ModifyIndex);
  });

  it('answers PUT /v1/kv/ with 400 Missing key name', async () => {
    expectEndpointError(await kvPut(gw, '', 'v'), 400, 'Missing key name');
  });

  it('accepts request heads far longer than Node’s default 16 KiB, as Go’s 1 MiB limit does', async () => {
    const key = `long/${'k'.repeat(8192 - 5)}`; // the longest key --max-key-size allows by default
    expect((await kvPut(gw, `${key}?padding=${'p'.repeat(100_000)}`, 'v')).text).toBe('true');
    expect((await entry(key))?.Value).toBe(b64('v'));
  });
});

describe('PUT ?cas', () => {
  it('PUT ?cas=0 on an existing key answers false and leaves it unchanged', async () => {
    await kvPut(gw, 'k', 'old');
    const res = await kvPut(gw, 'k?cas=0', 'new');
    expect(res.status).toBe(200);
    expect(res.text).toBe('false');
    expect((await entry('k'))?.Value).toBe(b64('old'));
  });

  it('PUT ?cas=0 on a missing key creates it and answers true', async () => {
    expect((await kvPut(gw, 'k?cas=0', 'new')).text).toBe('true');
    expect((await entry('k'))?.Value).toBe(b64('new'));
  });

  it('PUT ?cas=N writes only when N is the current ModifyIndex', async () => {
    await kvPut(gw, 'k', 'old');
    const index = BigInt(((await entry('k')) as Entry).ModifyIndex);
    expect((await kvPut(gw, `k?cas=${index + 1000n}`, 'stale')).text).toBe('false');
    expect((await entry('k'))?.Value).toBe(b64('old'));
    expect((await kvPut(gw, `k?cas=${index}`, 'new')).text).toBe('true');
    expect((await entry('k'))?.Value).toBe(b64('new'));
    expect((await kvPut(gw, `k?cas=${index}`, 'again')).text).toBe('false');
  });

  it('PUT ?cas=N on a missing key answers false and creates nothing', async () => {
    expect((await kvPut(gw, 'missing?cas=5', 'v')).text).toBe('false');
    expect(await entry('missing')).toBeNull();
  });
});

describe('PUT parameter errors', () => {
  const cases: Array<[string, string]> = [
    ['', 'strconv.ParseUint: parsing "": invalid syntax'],
    ['-1', 'strconv.ParseUint: parsing "-1": invalid syntax'],
    ['abc', 'strconv.ParseUint: parsing "abc": invalid syntax'],
    ['18446744073709551616', 'strconv.ParseUint: parsing "18446744073709551616": value out of range'],
  ];
  for (const name of ['flags', 'cas']) {
    for (const [value, message] of cases) {
      it(`?${name}=${value} answers 500 "${message}" and writes nothing`, async () => {
        expectEndpointError(await kvPut(gw, `k?${name}=${value}`, 'v'), 500, message);
        expect(await entry('k')).toBeNull();
      });
    }
  }

  it('reports a bad ?flags before a bad ?cas', async () => {
    expectEndpointError(await kvPut(gw, 'k?cas=x&flags=y', 'v'), 500, 'strconv.ParseUint: parsing "y": invalid syntax');
  });

  it('answers more than one of cas, acquire and release with 400 and the sorted query', async () => {
    expectEndpointError(await kvPut(gw, 'k?cas=0&acquire=x', 'v'), 400, 'Conflicting flags: acquire=x&cas=0\n');
    expectEndpointError(await kvPut(gw, 'k?release&flags=3&cas=1', 'v'), 400, 'Conflicting flags: cas=1&flags=3&release=\n');
    expect(await entry('k')).toBeNull();
  });

  it('reports conflicting flags before number errors', async () => {
    expectEndpointError(await kvPut(gw, 'k?flags=zz&cas=0&release=s', 'v'), 400, 'Conflicting flags: cas=0&flags=zz&release=s\n');
  });

  it('answers ?wait=zz with 400 Invalid wait time', async () => {
    expectEndpointError(await kvPut(gw, 'k?wait=zz', 'v'), 400, 'Invalid wait time');
    expect(await entry('k')).toBeNull();
  });
});

describe('PUT ?dc', () => {
  it('accepts the local datacenter', async () => {
    expect((await kvPut(gw, 'k?dc=dc1', 'v')).text).toBe('true');
    expect((await entry('k'))?.Value).toBe(b64('v'));
  });

  it('answers another datacenter with 500 No path to datacenter and writes nothing', async () => {
    expectEndpointError(await kvPut(gw, 'k?dc=other', 'v'), 500, 'No path to datacenter');
    expect(await entry('k')).toBeNull();
  });

  it('lets ?datacenter win over ?dc', async () => {
    expect((await kvPut(gw, 'k?datacenter=dc1&dc=other', 'v')).text).toBe('true');
    expectEndpointError(await kvPut(gw, 'k?dc=dc1&datacenter=other', 'v'), 500, 'No path to datacenter');
  });
});

describe('PUT value size', () => {
  it('accepts a value of exactly 524288 bytes', async () => {
    const value = Buffer.alloc(MAX, 0x61);
    expect((await kvPut(gw, 'big', value)).text).toBe('true');
    const back = await kvGet(gw, 'big?raw');
    expect(back.body.length).toBe(MAX);
    expect(back.body.equals(value)).toBe(true);
  });

  it('accepts a chunked value of exactly 524288 bytes', async () => {
    const value = Buffer.alloc(MAX, 0x62);
    expect((await kvPut(gw, 'big', value, { chunked: true })).text).toBe('true');
    expect((await kvGet(gw, 'big?raw')).body.length).toBe(MAX);
  });

  it('answers Content-Length 524289 with 413 and Consul kv_max_value_size text', async () => {
    const res = await kvPut(gw, 'big', Buffer.alloc(MAX + 1, 0x61));
    expectEndpointError(
      res,
      413,
      'Request body(524289 bytes) too large, max size: 524288 bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.',
    );
    expect(await entry('big')).toBeNull();
  });

  it('answers a chunked body of 524289 bytes with 413 Request body too large', async () => {
    const res = await kvPut(gw, 'big', Buffer.alloc(MAX + 1, 0x61), { chunked: true });
    expectEndpointError(res, 413, 'Request body too large. Max allowed is 524288 bytes.');
    expect(await entry('big')).toBeNull();
  });

  it('keeps serving after refusing a large body', async () => {
    await kvPut(gw, 'big', Buffer.alloc(MAX + 1, 0x61));
    await kvPut(gw, 'big', Buffer.alloc(MAX + 1, 0x61), { chunked: true });
    expect((await kvPut(gw, 'small', 'ok')).text).toBe('true');
  });
});
