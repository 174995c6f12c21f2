import { beforeEach, describe, expect, it } from 'vitest';
import type { KvStore } from '../../src/store/kv-store.js';
import { dcNames } from '../../src/store/names.js';
import type { RedisLink } from '../../src/store/redis-link.js';
import type { SessionStore } from '../../src/store/session-store.js';
import type { NewSession } from '../../src/structs/session.js';
import type { TestRedis } from '../support/redis.js';
import { b, dcStores, indexCounter, useStoreRedis } from '../support/store.js';

// The lock and session scripts on their own: acquire/release state machine,
// lock-delay, and invalidation in one write under one index.

const names = dcNames('dc1');

let redis: TestRedis;
let link: RedisLink;
let kv: KvStore;
let sessions: SessionStore;

useStoreRedis((env) => ({ redis, link } = env));
beforeEach(async () => {
  ({ kv, sessions } = dcStores(link, { scanLimit: 100, feedLength: 1000 }));
  await sessions.registerNode('node-1');
});

let counter = 0;
async function session(overrides: Partial<NewSession> = {}): Promise<string> {
  const id = `00000000-0000-0000-0000-${String(++counter).padStart(12, '0')}`;
  const outcome = await sessions.create({
    id,
    name: '',
    node: 'node-1',
    lockDelayNs: 0n,
    behavior: 'release',
    ttl: '',
    nodeChecks: ['serfHealth'],
    serviceChecks: null,
    delayMs: 0,
    ttlMs: 0,
    missingCheck: '',
    ...overrides,
  });
  expect(outcome.status).toBe('ok');
  return id;
}
const read = async (key: string) => (await kv.get(b(key))).result;

describe('acquire', () => {
  it('creates a missing key locked by the session with LockIndex 1', async () => {
    const s = await session();
    const r = await kv.acquire(b('k'), b('v'), 7n, s);
    expect(r.status).toBe('ok');
    expect(await read('k')).toMatchObject({ value: b('v'), flags: 7n, lockIndex: 1n, session: s });
  });

  it('refuses a key another session holds and changes nothing', async () => {
    const [s1, s2] = [await session(), await session()];
    await kv.acquire(b('k'), b('v1'), 0n, s1);
    const before = await indexCounter(redis);
    expect((await kv.acquire(b('k'), b('v2'), 0n, s2)).status).toBe('lock-held');
    expect(await read('k')).toMatchObject({ value: b('v1'), session: s1 });
    expect(await indexCounter(redis)).toBe(before);
  });

  it('lets the holder re-acquire: value and flags replaced, LockIndex kept', async () => {
    const s = await session();
    await kv.acquire(b('k'), b('v1'), 0n, s);
    expect((await kv.acquire(b('k'), b('v2'), 9n, s)).status).toBe('ok');
    expect(await read('k')).toMatchObject({ value: b('v2'), flags: 9n, lockIndex: 1n, session: s });
  });

  it('counts every fresh acquisition in LockIndex and keeps CreateIndex', async () => {
    const s = await session();
    await kv.set(b('k'), b('v'), 0n, null);
    const created = (await read('k'))?.createIndex;
    await kv.acquire(b('k'), b('v'), 0n, s);
    await kv.release(b('k'), b('v'), 0n, s);
    await kv.acquire(b('k'), b('v'), 0n, s);
    expect(await read('k')).toMatchObject({ lockIndex: 2n, createIndex: created });
  });

  it('re-acquiring with the same value and flags is a no-op write', async () => {
    const s = await session();
    await kv.acquire(b('k'), b('v'), 0n, s);
    const before = await indexCounter(redis);
    expect((await kv.acquire(b('k'), b('v'), 0n, s)).status).toBe('ok');
    expect(await indexCounter(redis)).toBe(before);
  });

  it('reports an empty session and an unknown one', async () => {
    expect((await kv.acquire(b('k'), b('v'), 0n, '')).status).toBe('no-session');
    expect((await kv.acquire(b('k'), b('v'), 0n, 'nope')).status).toBe('invalid-session');
    expect(await read('k')).toBeNull();
  });

  it('finds the session case-insensitively', async () => {
    const s = await session();
    expect((await kv.acquire(b('k'), b('v'), 0n, s.toUpperCase())).status).toBe('ok');
  });
});

describe('release', () => {
  it('clears the session, keeps LockIndex and writes the request value and flags', async () => {
    const s = await session();
    await kv.acquire(b('k'), b('locked'), 1n, s);
    expect((await kv.release(b('k'), b(''), 0n, s)).status).toBe('ok');
    expect(await read('k')).toMatchObject({ value: b(''), flags: 0n, lockIndex: 1n, session: null });
  });

  it('answers not-held for a missing key, an unlocked key and another session', async () => {
    const [s1, s2] = [await session(), await session()];
    expect((await kv.release(b('none'), b(''), 0n, s1)).status).toBe('not-held');
    await kv.set(b('free'), b('v'), 0n, null);
    expect((await kv.release(b('free'), b(''), 0n, s1)).status).toBe('not-held');
    await kv.acquire(b('k'), b('v'), 0n, s1);
    expect((await kv.release(b('k'), b(''), 0n, s2)).status).toBe('not-held');
    expect((await kv.release(b('k'), b(''), 0n, '')).status).toBe('no-session');
  });
});

describe('a lock is advisory', () => {
  it('a plain PUT on a locked key succeeds, keeps the holder and resets LockIndex to 0', async () => {
    const s = await session();
    await kv.acquire(b('k'), b('v'), 0n, s);
    await kv.set(b('k'), b('other'), 0n, null);
    expect(await read('k')).toMatchObject({ value: b('other'), session: s, lockIndex: 0n });
  });
});

describe('lock-delay', () => {
  it('refuses acquisitions of the keys a destroyed session held, until the delay ends', async () => {
    const s1 = await session({ delayMs: 400 });
    const s2 = await session();
    await kv.acquire(b('k'), b('v'), 0n, s1);
    await sessions.destroy(s1);
    expect((await kv.acquire(b('k'), b('v'), 0n, s2)).status).toBe('lock-delay');
    // Checked before the session: even an empty one is just refused.
    expect((await kv.acquire(b('k'), b('v'), 0n, '')).status).toBe('lock-delay');
    const pttl = Number(await redis.command(['PTTL', `${names.base}lockdelay:k`]));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(400);
    await redis.command(['PEXPIRE', `${names.base}lockdelay:k`, '1']);
    await new Promise((r) => setTimeout(r, 20));
    expect((await kv.acquire(b('k'), b('v'), 0n, s2)).status).toBe('ok');
  });

  it('does not start on release, and a zero delay disables it', async () => {
    const s1 = await session({ delayMs: 10_000 });
    const s2 = await session();
    await kv.acquire(b('a'), b('v'), 0n, s1);
    await kv.release(b('a'), b('v'), 0n, s1);
    expect((await kv.acquire(b('a'), b('v'), 0n, s2)).status).toBe('ok');
    const s3 = await session({ delayMs: 0 });
    await kv.acquire(b('z'), b('v'), 0n, s3);
    await sessions.destroy(s3);
    expect((await kv.acquire(b('z'), b('v'), 0n, s2)).status).toBe('ok');
  });

  it('does not refuse plain writes, CAS or deletes', async () => {
    const s = await session({ delayMs: 10_000 });
    await kv.acquire(b('k'), b('v'), 0n, s);
    await sessions.destroy(s);
    expect((await kv.set(b('k'), b('w'), 0n, null)).ok).toBe(true);
    expect((await kv.delete(b('k'), null)).ok).toBe(true);
  });
});

describe('session invalidation', () => {
  it('releases every held key under one index, with one feed entry per key and one for the session', async () => {
    const s = await session();
    for (const k of ['a', 'b', 'c']) await kv.acquire(b(k), b(k), 0n, s);
    await kv.set(b('unrelated'), b('x'), 0n, null);
    expect(await sessions.destroy(s)).toBe(true);
    const entries = await Promise.all(['a', 'b', 'c'].map(read));
    const index = entries[0]?.modifyIndex;
    for (const e of entries) expect(e).toMatchObject({ session: null, lockIndex: 1n, modifyIndex: index });
    expect(entries.map((e) => e?.value.toString())).toEqual(['a', 'b', 'c']);
    const feed = (await redis.command(['XRANGE', names.feed, `${index}-0`, `${index}-99`])) as Array<[Buffer, Buffer[]]>;
    // The first entry of the write also counts its entries.
    expect(feed.map(([, f]) => f.map(String).join(' ').replace(/^n 4 /, '')).sort()).toEqual([
      'op session-destroy session ' + s,
      'op unlock key a',
      'op unlock key b',
      'op unlock key c',
    ]);
    expect(feed[0]?.[1].slice(0, 2).map(String)).toEqual(['n', '4']);
    expect(await redis.command(['EXISTS', names.session(s), `${names.base}held:${s}`])).toBe(0);
  });

  it('deletes held keys (with tombstones) when the behavior is delete', async () => {
    const s = await session({ behavior: 'delete' });
    await kv.acquire(b('d/1'), b('v'), 0n, s);
    await kv.acquire(b('d/2'), b('v'), 0n, s);
    await sessions.destroy(s);
    expect(await read('d/1')).toBeNull();
    expect((await kv.list(b('d/'))).result).toEqual([]);
    expect(String(await redis.command(['HGET', names.tombidx, 'd/1']))).toBe(await indexCounter(redis));
  });

  it('leaves keys the session no longer holds alone', async () => {
    const [s1, s2] = [await session(), await session()];
    await kv.acquire(b('k'), b('v'), 0n, s1);
    await kv.release(b('k'), b('v'), 0n, s1);
    await kv.acquire(b('k'), b('v'), 0n, s2);
    await sessions.destroy(s1);
    expect((await read('k'))?.session).toBe(s2);
  });

  it('destroying an unknown session changes nothing', async () => {
    const before = await indexCounter(redis);
    expect(await sessions.destroy('no-such-session')).toBe(false);
    expect(await indexCounter(redis)).toBe(before);
  });

  it('moves the sessions index on create and destroy, not on renew', async () => {
    const s = await session({ ttl: '10s', ttlMs: 10_000 });
    const created = (await sessions.read('info', s)).index;
    await sessions.renew(s);
    expect((await sessions.read('list')).index).toBe(created);
    await sessions.destroy(s);
    expect((await sessions.read('list')).index).toBeGreaterThan(created);
  });
});

describe('TTL expiry', () => {
  it('reaps a session 2 x TTL after its last renew, exactly once', async () => {
    await sessions.reap(10); // first call on this server: records its run id
    const s = await session({ ttl: '1s', ttlMs: 1000, behavior: 'release' });
    await kv.acquire(b('k'), b('v'), 0n, s);
    const deadline = Number(await redis.command(['ZSCORE', names.deadlines, s]));
    const [seconds, micros] = (await redis.command(['TIME'])) as Buffer[];
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    expect(deadline - now).toBeGreaterThan(1000);
    expect(deadline - now).toBeLessThanOrEqual(2000);
    expect((await sessions.reap(10)).reaped).toBe(0);
    await redis.command(['ZADD', names.deadlines, '0', s]); // as if 2 x TTL had passed
    const results = await Promise.all([sessions.reap(10), sessions.reap(10), sessions.reap(10)]);
    expect(results.map((r) => r.reaped).sort()).toEqual([0, 0, 1]);
    expect((await read('k'))?.session).toBeNull();
    expect((await sessions.read('info', s)).result).toEqual([]);
  });

  it('renew moves the deadline; sessions without TTL have none', async () => {
    const s = await session({ ttl: '1s', ttlMs: 1000 });
    await redis.command(['ZADD', names.deadlines, '5', s]);
    expect(await sessions.renew(s)).toMatchObject({ id: s, ttl: '1s' });
    expect(Number(await redis.command(['ZSCORE', names.deadlines, s]))).toBeGreaterThan(5);
    const forever = await session();
    expect(await redis.command(['ZSCORE', names.deadlines, forever])).toBeNull();
    expect(await sessions.renew('missing')).toBeNull();
  });

  it('gives every TTL session a fresh 2 x TTL on a new Redis server instead of reaping', async () => {
    const s = await session({ ttl: '1s', ttlMs: 1000 });
    await redis.command(['ZADD', names.deadlines, '0', s]);
    await redis.command(['HSET', names.meta, 'runid', 'an-older-server']);
    expect(await sessions.reap(10)).toEqual({ reaped: 0, refreshed: true });
    expect(Number(await redis.command(['ZSCORE', names.deadlines, s]))).toBeGreaterThan(0);
    expect((await sessions.read('info', s)).result).toHaveLength(1);
  });
});
