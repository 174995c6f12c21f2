import { describe, expect, it } from 'vitest';
import { allKeys, expectError, kvDelete, modifyIndexOf, writeKey, writeKeys } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';

// DELETE /v1/kv/<key>[?recurse | ?cas=N].

let gw: TestGateway;

useEmptiedGateway((started) => ({ gw } = started));

describe('DELETE', () => {
  it('deletes the key and answers true as JSON, without index headers', async () => {
    await writeKeys(gw, 'k', 'kk');
    const res = await kvDelete(gw, 'k');
    expect(res.status).toBe(200);
    expect(res.text).toBe('true');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-index']).toBeUndefined();
    expect(res.headers['x-consul-knownleader']).toBeUndefined();
    expect(res.headers['x-consul-default-acl-policy']).toBe('allow');
    expect(await allKeys(gw)).toEqual(['kk']);
  });

  it('answers true for a missing key', async () => {
    const res = await kvDelete(gw, 'missing');
    expect(res.status).toBe(200);
    expect(res.text).toBe('true');
  });

  it('deletes only the exact key, not keys it prefixes', async () => {
    await writeKeys(gw, 'dir', 'dir/', 'dir/x');
    await kvDelete(gw, 'dir');
    expect(await allKeys(gw)).toEqual(['dir/', 'dir/x']);
  });

  it('answers DELETE /v1/kv/ without ?recurse with 400 Missing key name', async () => {
    await writeKey(gw, 'k');
    expectError(await kvDelete(gw, ''), 400, 'Missing key name');
    expect(await allKeys(gw)).toEqual(['k']);
  });
});

describe('DELETE ?cas', () => {
  it('deletes and answers true when N is the current ModifyIndex', async () => {
    await writeKey(gw, 'k');
    expect((await kvDelete(gw, `k?cas=${await modifyIndexOf(gw, 'k')}`)).text).toBe('true');
    expect(await allKeys(gw)).toEqual([]);
  });

  it('answers false and deletes nothing when N is not the current ModifyIndex', async () => {
    await writeKey(gw, 'k');
    expect((await kvDelete(gw, `k?cas=${(await modifyIndexOf(gw, 'k')) + 1000n}`)).text).toBe('false');
    expect(await allKeys(gw)).toEqual(['k']);
  });

  it('DELETE ?cas=0 on an existing key answers false and deletes nothing', async () => {
    await writeKey(gw, 'k');
    expect((await kvDelete(gw, 'k?cas=0')).text).toBe('false');
    expect(await allKeys(gw)).toEqual(['k']);
  });

  it('answers true for a missing key, whatever N is', async () => {
    expect((await kvDelete(gw, 'missing?cas=7')).text).toBe('true');
    expect((await kvDelete(gw, 'missing?cas=0')).text).toBe('true');
  });

  it('answers a bad ?cas with 500 and the strconv text', async () => {
    await writeKey(gw, 'k');
    expectError(await kvDelete(gw, 'k?cas=-1'), 500, 'strconv.ParseUint: parsing "-1": invalid syntax');
    expectError(await kvDelete(gw, 'k?cas='), 500, 'strconv.ParseUint: parsing "": invalid syntax');
    expect(await allKeys(gw)).toEqual(['k']);
  });

  it('reports the missing key name before a bad ?cas', async () => {
    expectError(await kvDelete(gw, '?cas=abc'), 400, 'Missing key name');
  });
});

describe('DELETE ?recurse', () => {
  it('deletes every key starting with the string, not only path children', async () => {
    await writeKeys(gw, 'foo', 'foo/x', 'foo/y/z', 'foobar', 'fop', 'fo');
    const res = await kvDelete(gw, 'foo?recurse');
    expect(res.text).toBe('true');
    expect(await allKeys(gw)).toEqual(['fo', 'fop']);
  });

  it('answers true when nothing matches', async () => {
    await writeKey(gw, 'k');
    expect((await kvDelete(gw, 'nothing/?recurse')).text).toBe('true');
    expect(await allKeys(gw)).toEqual(['k']);
  });

  it('wipes the whole store for the empty key', async () => {
    await writeKeys(gw, 'a', 'b/c', 'd');
    expect((await kvDelete(gw, '?recurse')).text).toBe('true');
    expect(await allKeys(gw)).toEqual([]);
  });

  it('answers ?recurse together with ?cas with 400 and the sorted query', async () => {
    await writeKey(gw, 'k');
    expectError(await kvDelete(gw, 'k?recurse&cas=5'), 400, 'Conflicting flags: cas=5&recurse=\n');
    expect(await allKeys(gw)).toEqual(['k']);
  });
});
