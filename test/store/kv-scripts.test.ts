import { beforeEach, describe, expect, it } from 'vitest';
import { isKvError } from '../../src/errors.js';
import type { IndexFence } from '../../src/store/fence.js';
import type { KvStore } from '../../src/store/kv-store.js';
import { dcNames } from '../../src/store/names.js';
import type { RedisLink } from '../../src/store/redis-link.js';
import { SCRIPT_SPECS, scriptSource } from '../../src/store/scripts.js';
import type { TestRedis } from '../support/redis.js';
import { b, dcStores, indexCounter, MAX_UINT64, useStoreRedis } from '../support/store.js';

const names = dcNames('dc1');

let redis: TestRedis;
let link: RedisLink;
let store: KvStore;
let fence: IndexFence;

useStoreRedis((env) => ({ redis, link } = env));
beforeEach(async () => {
  ({ kv: store, fence } = dcStores(link, { scanLimit: 50, feedLength: 1000 }));
});

const feed = async () => (await redis.command(['XRANGE', names.feed, '-', '+'])) as Array<[Buffer, Buffer[]]>;
const feedIds = async () => (await feed()).map(([id]) => id.toString());

describe('kv-set', () => {
  it('creates a key with CreateIndex = ModifyIndex = the new index', async () => {
    const r = await store.set(b('a'), b('v'), 0n, null);
    expect(r).toMatchObject({ ok: true, index: 1n, entry: { createIndex: 1n, modifyIndex: 1n, lockIndex: 0n, session: null } });
    const { result } = await store.get(b('a'));
    expect(result?.value.toString()).toBe('v');
  });

  it('an identical write is a no-op: no new index, no feed entry', async () => {
    await store.set(b('a'), b('v'), 7n, null);
    const again = await store.set(b('a'), b('v'), 7n, null);
    expect(again).toMatchObject({ ok: true, index: 1n });
    expect(await indexCounter(redis)).toBe('1');
    expect(await feedIds()).toEqual(['1-0']);
  });

  it('a write that only changes flags is not a no-op', async () => {
    await store.set(b('a'), b('v'), 0n, null);
    const r = await store.set(b('a'), b('v'), 1n, null);
    expect(r.index).toBe(2n);
    expect((await store.get(b('a'))).result).toMatchObject({ flags: 1n, createIndex: 1n, modifyIndex: 2n });
  });

  it('a plain set keeps the lock holder and CreateIndex and resets LockIndex to 0', async () => {
    await store.set(b('a'), b('v'), 0n, null);
    // The stored form of a key held by session sess-1 after three acquisitions.
    await redis.command(['SET', names.entry(b('a')), '1 1 3 0 sess-1\nv']);
    const r = await store.set(b('a'), b('w'), 0n, null);
    expect(r.entry).toMatchObject({ createIndex: 1n, modifyIndex: 2n, lockIndex: 0n, session: 'sess-1' });
  });

  it('cas=0 creates only when the key is missing', async () => {
    expect((await store.set(b('a'), b('1'), 0n, 0n)).ok).toBe(true);
    expect((await store.set(b('a'), b('2'), 0n, 0n)).ok).toBe(false);
    expect((await store.get(b('a'))).result?.value.toString()).toBe('1');
    expect(await indexCounter(redis)).toBe('1');
  });

  it('cas=N writes only over ModifyIndex N, and never creates', async () => {
    await store.set(b('a'), b('1'), 0n, null);
    expect((await store.set(b('a'), b('2'), 0n, 5n)).ok).toBe(false);
    expect((await store.set(b('a'), b('2'), 0n, 1n)).ok).toBe(true);
    expect((await store.set(b('missing'), b('x'), 0n, 1n)).ok).toBe(false);
    expect((await store.get(b('missing'))).result).toBeNull();
  });

  it('keeps flags of 2^64-1 exact', async () => {
    await store.set(b('big'), b('v'), MAX_UINT64, null);
    expect((await store.get(b('big'))).result?.flags).toBe(MAX_UINT64);
    expect(String(await redis.command(['GET', names.entry(b('big'))]))).toBe('1 1 0 18446744073709551615 \nv');
  });

  it('stores keys and values as bytes', async () => {
    const key = Buffer.from([0x61, 0xff, 0x00, 0x2f, 0xfe]);
    const value = Buffer.from([0, 1, 2, 0xff, 0x80]);
    await store.set(key, value, 0n, null);
    expect((await store.get(key)).result?.value.equals(value)).toBe(true);
    const listed = await store.list(Buffer.from([0x61, 0xff]));
    expect(listed.result.map((e) => e.key.toString('hex'))).toEqual([key.toString('hex')]);
  });

  it('keeps the index exact past 2^53 (string arithmetic, no doubles)', async () => {
    await redis.command(['SET', names.idx, '9007199254740993']);
    const r = await store.set(b('a'), b('v'), 0n, null);
    expect(r.index).toBe(9007199254740994n);
    expect(await indexCounter(redis)).toBe('9007199254740994');
    expect(await feedIds()).toEqual(['9007199254740994-0']);
  });

  it('lifts the counter above the fence after a failover rolled it back', async () => {
    for (let i = 0; i < 5; i++) await store.set(b(`k${i}`), b('v'), 0n, null);
    expect(fence.highest).toBe(5n);
    await redis.command(['SET', names.idx, '2']);
    const r = await store.set(b('after'), b('v'), 0n, null);
    expect(r.index).toBe(6n);
    expect(await indexCounter(redis)).toBe('6');
  });

  it('never lifts the counter to 2^63-1 or beyond, where INCR and stream ids stop', async () => {
    await store.set(b('k'), b('v'), 0n, null);
    await expect(fence.lift((1n << 63n) - 1n)).rejects.toMatchObject({ code: 'INDEX_LIMIT' });
    await expect(fence.lift(18446744073709551615n)).rejects.toMatchObject({ code: 'INDEX_LIMIT' });
    expect(await indexCounter(redis)).toBe('1');
    expect((await store.set(b('k'), b('w'), 0n, null)).index).toBe(2n); // the refused floor was not kept
  });
});

describe('group commit (operations submitted together share one script call)', () => {
  it('gives every write of a batch its own index and feed entry, in submission order', async () => {
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => store.set(b(`g/${i}`), b(`v${i}`), 0n, null)));
    expect(results.map((r) => r.index)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(await feedIds()).toEqual(['1-0', '2-0', '3-0', '4-0', '5-0']);
  });

  it('applies writes of a batch one after another: the second create-only CAS of a key loses', async () => {
    const [first, second] = await Promise.all([store.set(b('once'), b('a'), 0n, 0n), store.set(b('once'), b('b'), 0n, 0n)]);
    expect([first.ok, second.ok]).toEqual([true, false]);
    expect((await store.get(b('once'))).result?.value.toString()).toBe('a');
  });

  it('answers each read of a batch for its own key, missing ones with the KV max index', async () => {
    await store.set(b('here'), b('x'), 0n, null);
    await store.set(b('there'), b('y'), 0n, null);
    const [here, absent, there] = await Promise.all([store.get(b('here')), store.get(b('absent')), store.get(b('there'))]);
    expect([here.result?.value.toString(), here.index]).toEqual(['x', 1n]);
    expect(absent).toEqual({ index: 2n, result: null });
    expect([there.result?.value.toString(), there.index]).toEqual(['y', 2n]);
  });

  it('answers each delete of a batch on its own', async () => {
    await store.set(b('d1'), b('x'), 0n, null);
    await store.set(b('d2'), b('x'), 0n, null);
    const outcomes = await Promise.all([store.delete(b('d1'), null), store.delete(b('d2'), 99n), store.delete(b('nope'), null)]);
    expect(outcomes).toEqual([
      { ok: true, index: 3n },
      { ok: false, index: null },
      { ok: true, index: null },
    ]);
  });
});

describe('change feed', () => {
  it('is trimmed to about the configured length, never losing the newest entries', async () => {
    const short = dcStores(link, { scanLimit: 50, feedLength: 10 }).kv;
    for (let i = 0; i < 1000; i++) await short.set(b('k'), b(String(i)), 0n, null);
    const length = Number(await redis.command(['XLEN', names.feed]));
    // MAXLEN ~ drops whole stream nodes (100 entries) every 100th index: bounded, not exact.
    expect(length).toBeLessThan(400);
    const newest = (await redis.command(['XREVRANGE', names.feed, '+', '-', 'COUNT', '1'])) as Array<[Buffer]>;
    expect(String(newest[0]?.[0])).toBe('1000-0');
  });
});

describe('kv-delete', () => {
  it('deleting a missing key changes nothing and succeeds', async () => {
    expect(await store.delete(b('nope'), null)).toEqual({ ok: true, index: null });
    expect(await redis.command(['EXISTS', names.idx])).toBe(0);
  });

  it('deletes and leaves a tombstone at the delete index', async () => {
    await store.set(b('d/x'), b('v'), 0n, null);
    expect(await store.delete(b('d/x'), null)).toEqual({ ok: true, index: 2n });
    expect((await store.get(b('d/x'))).result).toBeNull();
    expect(String(await redis.command(['HGET', names.tombidx, 'd/x']))).toBe('2');
    expect((await store.list(b('d/'))).index).toBe(2n);
  });

  it('delete with cas: only at the ModifyIndex; cas=0 never deletes; missing key succeeds', async () => {
    await store.set(b('a'), b('v'), 0n, null);
    expect((await store.delete(b('a'), 0n)).ok).toBe(false);
    expect((await store.delete(b('a'), 9n)).ok).toBe(false);
    expect((await store.delete(b('a'), 1n)).ok).toBe(true);
    expect((await store.delete(b('a'), 1n)).ok).toBe(true);
  });
});

describe('kv-delete-tree', () => {
  it('deletes every key with the byte prefix and tombstones the prefix once', async () => {
    for (const k of ['p/a', 'p/b/c', 'pq', 'other']) await store.set(b(k), b('v'), 0n, null);
    const r = await store.deleteTree(b('p'));
    expect(r).toEqual({ ok: true, index: 5n });
    expect((await store.keys(b(''), b(''))).result.map(String)).toEqual(['other']);
    expect((await redis.command(['ZRANGE', names.tomb, '0', '-1'])) as Buffer[]).toEqual([b('p')]);
    expect((await feed()).map(([id, f]) => [id.toString(), f.map(String)])).toEqual([
      ['1-0', ['n', '1', 'op', 'set', 'key', 'p/a']],
      ['2-0', ['n', '1', 'op', 'set', 'key', 'p/b/c']],
      ['3-0', ['n', '1', 'op', 'set', 'key', 'pq']],
      ['4-0', ['n', '1', 'op', 'set', 'key', 'other']],
      ['5-0', ['n', '3', 'op', 'delete', 'key', 'p/a']],
      ['5-1', ['op', 'delete', 'key', 'p/b/c']],
      ['5-2', ['op', 'delete', 'key', 'pq']],
    ]);
  });

  it('an empty prefix wipes the store without a tombstone; a prefix matching nothing is a no-op', async () => {
    await store.set(b('x'), b('v'), 0n, null);
    expect((await store.deleteTree(b('zzz'))).index).toBeNull();
    expect((await store.deleteTree(b(''))).index).toBe(2n);
    expect(await redis.command(['ZCARD', names.keys])).toBe(0);
    expect(await redis.command(['ZCARD', names.tomb])).toBe(0);
  });

  it('refuses more keys than the scan limit and deletes nothing', async () => {
    for (let i = 0; i < 51; i++) await store.set(b(`many/${i}`), b('v'), 0n, null);
    await expect(store.deleteTree(b('many/'))).rejects.toSatisfy((e) => isKvError(e) && e.code === 'SCAN_LIMIT');
    expect(await redis.command(['ZCARD', names.keys])).toBe(51);
  });
});

describe('kv-list and kv-keys', () => {
  beforeEach(async () => {
    for (const k of ['a/b/c', 'a/d', 'ab', 'b']) await store.set(b(k), b(k.toUpperCase()), 0n, null);
  });

  it('lists entries with the byte prefix (not path segments) in byte order', async () => {
    const { result } = await store.list(b('a'));
    expect(result.map((e) => e.key.toString())).toEqual(['a/b/c', 'a/d', 'ab']);
    expect(result[2]).toMatchObject({ value: b('AB'), createIndex: 3n, modifyIndex: 3n });
  });

  it('folds keys at the first separator after the prefix, as Consul does', async () => {
    expect((await store.keys(b('a'), b('/'))).result.map(String)).toEqual(['a/', 'ab']);
    expect((await store.keys(b('a/'), b('/'))).result.map(String)).toEqual(['a/b/', 'a/d']);
    expect((await store.keys(b(''), b('/'))).result.map(String)).toEqual(['a/', 'ab', 'b']);
    expect((await store.keys(b(''), b(''))).result.map(String)).toEqual(['a/b/c', 'a/d', 'ab', 'b']);
  });

  it('supports multi-character separators', async () => {
    for (const k of ['m-', 'm--x', 'm--y', 'm-z']) await store.set(b(k), b('v'), 0n, null);
    expect((await store.keys(b('m'), b('--'))).result.map(String)).toEqual(['m-', 'm--', 'm-z']);
  });

  it('skips over groups larger than one read batch', async () => {
    for (let i = 0; i < 300; i++) await store.set(b(`g/big/${String(i).padStart(3, '0')}`), b('v'), 0n, null);
    await store.set(b('g/small'), b('v'), 0n, null);
    await store.set(b('g/zz/1'), b('v'), 0n, null);
    const wide = dcStores(link, { scanLimit: 10, feedLength: 1000 }).kv;
    expect((await wide.keys(b('g/'), b('/'))).result.map(String)).toEqual(['g/big/', 'g/small', 'g/zz/']);
  });

  it('reports the prefix index: the last change under the prefix, tombstones included', async () => {
    expect((await store.list(b('a/'))).index).toBe(2n);
    expect((await store.keys(b('a'), b('/'))).index).toBe(3n);
    await store.set(b('b'), b('changed'), 0n, null);
    expect((await store.list(b('a/'))).index).toBe(2n);
    await store.delete(b('a/d'), null);
    expect((await store.list(b('a/'))).index).toBe(6n);
    expect((await store.keys(b('a'), b('/'))).index).toBe(6n);
    await store.delete(b('ab'), null);
    expect((await store.list(b('a'))).index).toBe(7n);
  });

  it('a prefix with nothing under it reports the KV max index', async () => {
    const empty = await store.list(b('none/'));
    expect(empty).toEqual({ index: 4n, result: [] });
    expect((await store.get(b('none'))).index).toBe(4n);
  });

  it('refuses to list more entries than the scan limit', async () => {
    const small = dcStores(link, { scanLimit: 2, feedLength: 1000 }).kv;
    await expect(small.list(b(''))).rejects.toSatisfy((e) => isKvError(e) && e.code === 'SCAN_LIMIT');
    await expect(small.keys(b(''), b(''))).rejects.toSatisfy((e) => isKvError(e) && e.code === 'SCAN_LIMIT');
    expect((await small.keys(b('a'), b('/'))).result.map(String)).toEqual(['a/', 'ab']);
  });
});

describe('argument checks', () => {
  it('kv-set refuses non-decimal flags before writing anything', async () => {
    await expect(
      redis.command(['EVALSHA', await sha('kvSet'), '2', names.idx, names.entry(b('x')), '0', '1000', 'v', '1e3', '']),
    ).rejects.toThrow(/BADARG/);
    expect(await redis.command(['EXISTS', names.idx, names.entry(b('x'))])).toBe(0);
  });
});

async function sha(script: 'kvSet'): Promise<string> {
  return String(await redis.command(['SCRIPT', 'LOAD', scriptSource(SCRIPT_SPECS[script].file)]));
}
