import Consul from 'consul';
import { describe, expect, it } from 'vitest';
import { failureOf } from './support/consul.js';
import { useEmptiedGateway } from './support/gateway.js';

// Black-box: the npm `consul` client (node-consul) talks to kvgate as it would to a Consul agent.

let consul: Consul;

useEmptiedGateway(({ gw }) => {
  consul = new Consul({ host: '127.0.0.1', port: gw.port });
});

/**
 * What node-consul 2.0.1 resolves when Consul answers `false` (a lost CAS): papi drops falsy
 * results, so the caller sees undefined, with a real Consul as with kvgate.
 */
const LOST = undefined;

describe('node-consul against kvgate', () => {
  it('finds a leader, as clients check before using the KV store', async () => {
    expect(await consul.status.leader()).toBe('127.0.0.1:8300');
  });

  it('set then get returns the value and the entry metadata', async () => {
    expect(await consul.kv.set('app/name', 'kvgate')).toBe(true);
    const entry = await consul.kv.get('app/name');
    expect(entry).toEqual({ LockIndex: 0, Key: 'app/name', Flags: 0, Value: 'kvgate', CreateIndex: expect.any(Number), ModifyIndex: expect.any(Number) });
    expect(entry?.CreateIndex).toBe(entry?.ModifyIndex);
  });

  it('get of a missing key resolves to undefined', async () => {
    expect(await consul.kv.get('no/such/key')).toBeUndefined();
  });

  it('an update keeps CreateIndex and moves ModifyIndex forward', async () => {
    await consul.kv.set('counter', '1');
    const first = await consul.kv.get('counter');
    await consul.kv.set('counter', '2');
    const second = await consul.kv.get('counter');
    expect(second?.Value).toBe('2');
    expect(second?.CreateIndex).toBe(first?.CreateIndex);
    expect(second?.ModifyIndex).toBeGreaterThan(first?.ModifyIndex ?? Infinity);
  });

  it('stores an empty value as null', async () => {
    expect(await consul.kv.set('empty', '')).toBe(true);
    expect(await consul.kv.get('empty')).toMatchObject({ Key: 'empty', Value: null });
  });

  it('round-trips UTF-8 and binary values', async () => {
    await consul.kv.set('text', 'grüße 日本 😀');
    expect((await consul.kv.get('text'))?.Value).toBe('grüße 日本 😀');
    const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80]);
    await consul.kv.set('binary', bytes);
    const raw = (await consul.kv.get({ key: 'binary', buffer: true } as { key: string }))?.Value as unknown;
    expect(Buffer.isBuffer(raw) && raw.equals(bytes)).toBe(true);
  });

  it('keeps flags and resets them to 0 on a write without flags', async () => {
    await consul.kv.set({ key: 'flagged', value: 'v', flags: 42 });
    expect((await consul.kv.get('flagged'))?.Flags).toBe(42);
    await consul.kv.set('flagged', 'w');
    expect((await consul.kv.get('flagged'))?.Flags).toBe(0);
  });

  it('rejects bad flags with a 500 carrying Go strconv text', async () => {
    await expect(consul.kv.set({ key: 'flagged', value: 'v', flags: -1 })).rejects.toThrow('strconv.ParseUint: parsing "-1": invalid syntax');
    expect((await failureOf(consul.kv.set({ key: 'flagged', value: 'v', flags: -1 }))).status).toBe(500);
    expect(await consul.kv.get('flagged')).toBeUndefined();
  });

  it('get with recurse lists every key under a prefix in byte order', async () => {
    for (const key of ['web/b', 'web/a', 'web/a/deep', 'webserver', 'api/x']) await consul.kv.set(key, key.toUpperCase());
    const entries = await consul.kv.get({ key: 'web/', recurse: true });
    expect(Array.isArray(entries)).toBe(true);
    expect((entries as Array<{ Key: string; Value: string }>).map((e) => [e.Key, e.Value])).toEqual([
      ['web/a', 'WEB/A'],
      ['web/a/deep', 'WEB/A/DEEP'],
      ['web/b', 'WEB/B'],
    ]);
  });

  it('recurse matches a plain string prefix, not path segments', async () => {
    for (const key of ['web/a', 'webserver']) await consul.kv.set(key, 'v');
    const entries = (await consul.kv.get({ key: 'web', recurse: true })) as Array<{ Key: string }>;
    expect(entries.map((e) => e.Key)).toEqual(['web/a', 'webserver']);
  });

  it('get with recurse of an empty prefix resolves to undefined', async () => {
    await consul.kv.set('other', 'v');
    expect(await consul.kv.get({ key: 'nothing/', recurse: true })).toBeUndefined();
  });

  it('keys lists key names under a prefix', async () => {
    for (const key of ['cfg/a', 'cfg/b/c', 'cfg/b/d', 'other']) await consul.kv.set(key, 'v');
    expect(await consul.kv.keys('cfg/')).toEqual(['cfg/a', 'cfg/b/c', 'cfg/b/d']);
  });

  it('keys with a separator folds deeper keys into their "folder" up to the separator', async () => {
    for (const key of ['cfg/a', 'cfg/b/c', 'cfg/b/d', 'cfgx', 'other/x']) await consul.kv.set(key, 'v');
    expect(await consul.kv.keys({ key: 'cfg/', separator: '/' })).toEqual(['cfg/a', 'cfg/b/']);
    expect(await consul.kv.keys({ key: '', separator: '/' })).toEqual(['cfg/', 'cfgx', 'other/']);
    expect(await consul.kv.keys({ key: 'cfg', separator: '/' })).toEqual(['cfg/', 'cfgx']);
  });

  it('keys of an empty prefix fails with 404, but the empty root lists []', async () => {
    expect((await failureOf(consul.kv.keys('nothing/'))).status).toBe(404);
    expect(await consul.kv.keys('')).toEqual([]);
  });

  it('cas=0 creates a key only if it does not exist', async () => {
    expect(await consul.kv.set({ key: 'lock', value: 'first', cas: 0 })).toBe(true);
    expect(await consul.kv.set({ key: 'lock', value: 'second', cas: 0 })).toBe(LOST);
    expect((await consul.kv.get('lock'))?.Value).toBe('first');
  });

  it('cas=ModifyIndex succeeds once; a stale index loses', async () => {
    await consul.kv.set('doc', 'v1');
    const seen = await consul.kv.get('doc');
    const index = seen?.ModifyIndex as number;
    expect(await consul.kv.set({ key: 'doc', value: 'v2', cas: index })).toBe(true);
    expect(await consul.kv.set({ key: 'doc', value: 'v3', cas: index })).toBe(LOST);
    expect((await consul.kv.get('doc'))?.Value).toBe('v2');
  });

  it('cas with an index never creates a missing key', async () => {
    expect(await consul.kv.set({ key: 'ghost', value: 'v', cas: 5 })).toBe(LOST);
    expect(await consul.kv.get('ghost')).toBeUndefined();
  });

  it('del removes one key and leaves its neighbours', async () => {
    await consul.kv.set('d/a', '1');
    await consul.kv.set('d/ab', '2');
    expect(await consul.kv.del('d/a')).toBe(true);
    expect(await consul.kv.get('d/a')).toBeUndefined();
    expect((await consul.kv.get('d/ab'))?.Value).toBe('2');
  });

  it('del of a missing key succeeds', async () => {
    expect(await consul.kv.del('never/was')).toBe(true);
  });

  it('del with recurse removes every key under the prefix and nothing else', async () => {
    for (const key of ['tree/a', 'tree/b/c', 'treetop', 'keep/me']) await consul.kv.set(key, 'v');
    expect(await consul.kv.del({ key: 'tree/', recurse: true })).toBe(true);
    expect(await consul.kv.get({ key: 'tree/', recurse: true })).toBeUndefined();
    expect(await consul.kv.keys('')).toEqual(['keep/me', 'treetop']);
  });

  it('del with cas deletes only at the current ModifyIndex', async () => {
    await consul.kv.set('guarded', 'v');
    const index = (await consul.kv.get('guarded'))?.ModifyIndex as number;
    expect(await consul.kv.del({ key: 'guarded', cas: index + 1 })).toBe(LOST);
    expect((await consul.kv.get('guarded'))?.Value).toBe('v');
    expect(await consul.kv.del({ key: 'guarded', cas: index })).toBe(true);
    expect(await consul.kv.get('guarded')).toBeUndefined();
  });
});
