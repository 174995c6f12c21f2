import { describe, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { b64, createSession, createUndelayedSession, destroySession, expectError, kvDelete, kvEntry, kvGet, kvPut, sessionGet, sessionInfo, type KvEntry } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import type { TestRedis } from '../support/redis.js';
import { indexCounter } from '../support/store.js';
import { waitFor } from '../support/wait.js';

// PUT /v1/kv/<key>?acquire=S and ?release=S over HTTP, lock-delay after a
// session ends (§4.3), and locks being advisory (§14.1).

const NODE = 'n1';
const names = dcNames('dc1');

let redis: TestRedis;
let gw: TestGateway;

useEmptiedGateway((started) => ({ redis, gw } = started), { nodeName: NODE });

/** PUT ?acquire / ?release answering 200 true or false. */
async function acquire(key: string, s: string, value = '', query = ''): Promise<boolean> {
  const res = await kvPut(gw, `${key}?acquire=${encodeURIComponent(s)}${query}`, value);
  expect({ status: res.status, text: res.text }).toMatchObject({ status: 200 });
  return JSON.parse(res.text) as boolean;
}
async function release(key: string, s: string, value = '', query = ''): Promise<boolean> {
  const res = await kvPut(gw, `${key}?release=${encodeURIComponent(s)}${query}`, value);
  expect({ status: res.status, text: res.text }).toMatchObject({ status: 200 });
  return JSON.parse(res.text) as boolean;
}


/** Polls acquire until it answers true; resolves with Date.now() when it did. */
const acquireEventually = (key: string, s: string) => waitFor(() => acquire(key, s), `acquire of ${key} by ${s}`, 15_000);

describe('PUT ?acquire', () => {
  it('locks a missing key: true, LockIndex 1, Session shown, value and flags written', async () => {
    const s = await createUndelayedSession(gw);
    const res = await kvPut(gw, `k?acquire=${s}&flags=42`, 'locked');
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'true' });
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-index']).toBeUndefined();
    const e = await kvEntry(gw, 'k');
    expect(e).toEqual({ LockIndex: 1, Key: 'k', Flags: 42, Value: b64('locked'), Session: s, CreateIndex: e?.ModifyIndex, ModifyIndex: e?.ModifyIndex });
    // Session sits between Value and CreateIndex, as Consul writes it.
    expect((await kvGet(gw, 'k')).text).toBe(
      `[{"LockIndex":1,"Key":"k","Flags":42,"Value":"${b64('locked')}","Session":"${s}","CreateIndex":${e?.CreateIndex},"ModifyIndex":${e?.ModifyIndex}}]`,
    );
  });

  it('locks an existing unlocked key: LockIndex + 1, CreateIndex kept, value replaced', async () => {
    expect((await kvPut(gw, 'k?flags=1', 'plain')).text).toBe('true');
    const before = (await kvEntry(gw, 'k')) as KvEntry;
    const s = await createUndelayedSession(gw);
    expect(await acquire('k', s, 'mine')).toBe(true);
    const after = (await kvEntry(gw, 'k')) as KvEntry;
    expect(after).toMatchObject({ LockIndex: 1, Flags: 0, Value: b64('mine'), Session: s, CreateIndex: before.CreateIndex });
    expect(after.ModifyIndex).toBeGreaterThan(before.ModifyIndex);
  });

  it('lets the holder re-acquire: true, value and flags replaced, LockIndex unchanged', async () => {
    const s = await createUndelayedSession(gw);
    expect(await acquire('k', s, 'v1', '&flags=1')).toBe(true);
    expect(await acquire('k', s, 'v2', '&flags=2')).toBe(true);
    expect(await kvEntry(gw, 'k')).toMatchObject({ LockIndex: 1, Flags: 2, Value: b64('v2'), Session: s });
  });

  it('a re-acquire with the same value and flags changes nothing, not even ModifyIndex', async () => {
    const s = await createUndelayedSession(gw);
    await acquire('k', s, 'v', '&flags=3');
    const before = (await kvEntry(gw, 'k')) as KvEntry;
    const index = await indexCounter(redis);
    expect(await acquire('k', s, 'v', '&flags=3')).toBe(true);
    expect(await kvEntry(gw, 'k')).toEqual(before);
    expect(await indexCounter(redis)).toBe(index);
  });

  it('refuses a key another session holds with false and changes nothing', async () => {
    const [s1, s2] = [await createUndelayedSession(gw), await createUndelayedSession(gw)];
    await acquire('k', s1, 'first');
    const before = await kvEntry(gw, 'k');
    expect(await acquire('k', s2, 'second', '&flags=9')).toBe(false);
    expect(await kvEntry(gw, 'k')).toEqual(before);
  });

  it('counts every fresh acquisition in LockIndex, by any session', async () => {
    const [s1, s2] = [await createUndelayedSession(gw), await createUndelayedSession(gw)];
    await acquire('k', s1);
    await release('k', s1);
    await acquire('k', s2);
    await release('k', s2);
    await acquire('k', s1);
    expect(await kvEntry(gw, 'k')).toMatchObject({ LockIndex: 3, Session: s1 });
  });

  it('finds the session case-insensitively', async () => {
    const s = await createUndelayedSession(gw);
    expect(await acquire('k', s.toUpperCase())).toBe(true);
    expect((await kvEntry(gw, 'k'))?.LockIndex).toBe(1);
  });

  it('an empty session is 500 raft apply failed: missing session', async () => {
    expectError(await kvPut(gw, 'k?acquire'), 500, 'raft apply failed: missing session');
    expectError(await kvPut(gw, 'k?acquire='), 500, 'raft apply failed: missing session');
    expect(await kvEntry(gw, 'k')).toBeNull();
  });

  it('an unknown session is 500 raft apply failed: invalid session "<S>", Go-quoted', async () => {
    expectError(await kvPut(gw, 'k?acquire=nope'), 500, 'raft apply failed: invalid session "nope"');
    expectError(await kvPut(gw, 'k?acquire=a%22b%5Cc'), 500, 'raft apply failed: invalid session "a\\"b\\\\c"');
    const s = await createUndelayedSession(gw);
    await destroySession(gw, s);
    expectError(await kvPut(gw, `k?acquire=${s}`), 500, `raft apply failed: invalid session "${s}"`);
    expect(await kvEntry(gw, 'k')).toBeNull();
  });

  it('rejects ?acquire with ?release or ?cas: 400 Conflicting flags with the sorted query', async () => {
    expectError(await kvPut(gw, 'k?acquire=x&release=y'), 400, 'Conflicting flags: acquire=x&release=y\n');
    expectError(await kvPut(gw, 'k?release=y&cas=0&acquire=x'), 400, 'Conflicting flags: acquire=x&cas=0&release=y\n');
    expectError(await kvPut(gw, 'k?acquire&release'), 400, 'Conflicting flags: acquire=&release=\n');
  });

  it('rejects bad ?flags before looking at the session', async () => {
    expectError(await kvPut(gw, 'k?acquire=nope&flags=-1'), 500, 'strconv.ParseUint: parsing "-1": invalid syntax');
  });
});

describe('PUT ?release', () => {
  it('unlocks the holder’s key: true, Session gone, LockIndex kept, value and flags replaced', async () => {
    const s = await createUndelayedSession(gw);
    await acquire('k', s, 'locked', '&flags=5');
    const locked = (await kvEntry(gw, 'k')) as KvEntry;
    const res = await kvPut(gw, `k?release=${s}&flags=6`, 'released');
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'true' });
    const e = (await kvEntry(gw, 'k')) as KvEntry;
    expect(e).toEqual({ LockIndex: 1, Key: 'k', Flags: 6, Value: b64('released'), CreateIndex: locked.CreateIndex, ModifyIndex: e.ModifyIndex });
    expect(e.ModifyIndex).toBeGreaterThan(locked.ModifyIndex);
    expect((await kvGet(gw, 'k')).text).not.toContain('"Session"');
  });

  it('an empty body wipes the value and omitted flags reset them to 0', async () => {
    const s = await createUndelayedSession(gw);
    await acquire('k', s, 'locked', '&flags=5');
    expect(await release('k', s)).toBe(true);
    expect(await kvEntry(gw, 'k')).toMatchObject({ Value: null, Flags: 0, LockIndex: 1 });
  });

  it('answers false for a missing key, an unlocked key, another session and an unknown one', async () => {
    const [s1, s2] = [await createUndelayedSession(gw), await createUndelayedSession(gw)];
    expect(await release('missing', s1)).toBe(false);
    expect(await kvEntry(gw, 'missing')).toBeNull();
    await kvPut(gw, 'free', 'v');
    expect(await release('free', s1, 'x')).toBe(false);
    await acquire('k', s1, 'held');
    const before = await kvEntry(gw, 'k');
    expect(await release('k', s2, 'x')).toBe(false);
    // No session-existence check on release: an unknown session is just not the holder.
    expect(await release('k', 'no-such-session', 'x')).toBe(false);
    expect(await release('k', s1.toUpperCase(), 'x')).toBe(false);
    expect(await kvEntry(gw, 'k')).toEqual(before);
    expect((await kvEntry(gw, 'free'))?.Value).toBe(b64('v'));
  });

  it('an empty session is 500 raft apply failed: missing session', async () => {
    expectError(await kvPut(gw, 'k?release='), 500, 'raft apply failed: missing session');
    expectError(await kvPut(gw, 'k?release'), 500, 'raft apply failed: missing session');
  });

  it('lets another session acquire at once: release never starts a lock-delay', async () => {
    const [s1, s2] = [await createUndelayedSession(gw, { LockDelay: '60s' }), await createUndelayedSession(gw)];
    await acquire('k', s1);
    expect(await release('k', s1)).toBe(true);
    expect(await acquire('k', s2)).toBe(true);
    expect(await kvEntry(gw, 'k')).toMatchObject({ Session: s2, LockIndex: 2 });
  });
});

describe('a lock is advisory', () => {
  it('a plain PUT on a locked key works, keeps the holder and resets LockIndex to 0', async () => {
    const s = await createUndelayedSession(gw);
    await acquire('k', s, 'locked');
    expect((await kvPut(gw, 'k?flags=8', 'overwritten')).text).toBe('true');
    expect(await kvEntry(gw, 'k')).toMatchObject({ Value: b64('overwritten'), Flags: 8, Session: s, LockIndex: 0 });
    // The holder still holds it and can release it.
    expect(await release('k', s, 'done')).toBe(true);
    expect((await kvEntry(gw, 'k'))?.Session).toBeUndefined();
  });

  it('a CAS PUT on a locked key works', async () => {
    const s = await createUndelayedSession(gw);
    await acquire('k', s, 'locked');
    const e = (await kvEntry(gw, 'k')) as KvEntry;
    expect((await kvPut(gw, `k?cas=${e.ModifyIndex}`, 'cas')).text).toBe('true');
    expect(await kvEntry(gw, 'k')).toMatchObject({ Value: b64('cas'), Session: s });
  });

  it('a DELETE on a locked key works; destroying the session later leaves the key deleted', async () => {
    const s = await createUndelayedSession(gw);
    await acquire('k', s, 'locked');
    expect((await kvDelete(gw, 'k')).text).toBe('true');
    expect(await kvEntry(gw, 'k')).toBeNull();
    await destroySession(gw, s);
    expect(await kvEntry(gw, 'k')).toBeNull();
  });
});

describe('session invalidation (destroy)', () => {
  it('release behaviour: every held key is unlocked under one index; value, flags, LockIndex and CreateIndex kept', async () => {
    const s = await createUndelayedSession(gw);
    await acquire('a', s, 'va', '&flags=1');
    await acquire('b/c', s, 'vb', '&flags=2');
    await kvPut(gw, 'other', 'x');
    const before = await Promise.all(['a', 'b/c', 'other'].map((key) => kvEntry(gw, key)));
    await destroySession(gw, s);
    const after = await Promise.all(['a', 'b/c', 'other'].map((key) => kvEntry(gw, key)));
    const index = after[0]?.ModifyIndex;
    expect(after[0]).toEqual({ ...before[0], Session: undefined, ModifyIndex: index });
    expect(after[1]).toEqual({ ...before[1], Session: undefined, ModifyIndex: index });
    expect(after[0]).not.toHaveProperty('Session');
    expect(after[2]).toEqual(before[2]);
    expect(String(index)).toBe(await indexCounter(redis));
    expect((await sessionGet(gw, 'list')).headers['x-consul-index']).toBe(String(index));
  });

  it('delete behaviour: every held key is deleted', async () => {
    const s = await createUndelayedSession(gw, { Behavior: 'delete' });
    await acquire('d/1', s, 'v');
    await acquire('d/2', s, 'v');
    await kvPut(gw, 'd/3', 'kept');
    await destroySession(gw, s);
    expect(await kvEntry(gw, 'd/1')).toBeNull();
    expect(await kvEntry(gw, 'd/2')).toBeNull();
    const keys = await kvGet(gw, 'd/?keys');
    expect(keys.text).toBe('["d/3"]');
    expect(keys.headers['x-consul-index']).toBe(await indexCounter(redis));
  });

  it('keys the session released before are left alone', async () => {
    const [s1, s2] = [await createUndelayedSession(gw, { Behavior: 'delete' }), await createUndelayedSession(gw)];
    await acquire('k', s1);
    await release('k', s1, 'v');
    await acquire('k', s2, 'v');
    await destroySession(gw, s1);
    expect(await kvEntry(gw, 'k')).toMatchObject({ Session: s2, Value: b64('v') });
  });
});

describe('lock-delay', () => {
  it('after destroy, acquire answers false until the delay ends, then true', async () => {
    const [s1, s2] = [await createUndelayedSession(gw, { LockDelay: '1s' }), await createUndelayedSession(gw)];
    await acquire('k', s1, 'v');
    const destroyed = Date.now();
    await destroySession(gw, s1);
    expect(await acquire('k', s2)).toBe(false);
    expect((await kvEntry(gw, 'k'))?.Session).toBeUndefined();
    const acquired = await acquireEventually('k', s2);
    // The delay is not shorter than asked (a slow machine only makes it look longer).
    expect(acquired - destroyed).toBeGreaterThanOrEqual(950);
    expect(await kvEntry(gw, 'k')).toMatchObject({ Session: s2, LockIndex: 2 });
  });

  it('is checked before the session: an unknown or empty session gets false, not a 500', async () => {
    const s1 = await createUndelayedSession(gw, { LockDelay: '60s' });
    await acquire('k', s1);
    await destroySession(gw, s1);
    expect(await acquire('k', 'no-such-session')).toBe(false);
    const empty = await kvPut(gw, 'k?acquire=');
    expect({ status: empty.status, text: empty.text }).toEqual({ status: 200, text: 'false' });
    // Other keys are not delayed.
    expectError(await kvPut(gw, 'other?acquire=no-such-session'), 500, 'raft apply failed: invalid session "no-such-session"');
  });

  it('refuses only acquire: plain PUT, CAS, DELETE and reads work during the delay', async () => {
    const s1 = await createUndelayedSession(gw, { LockDelay: '60s' });
    const s2 = await createUndelayedSession(gw);
    await acquire('k', s1, 'v');
    await destroySession(gw, s1);
    expect((await kvPut(gw, 'k', 'plain')).text).toBe('true');
    const e = (await kvEntry(gw, 'k')) as KvEntry;
    expect(e.Value).toBe(b64('plain'));
    expect((await kvPut(gw, `k?cas=${e.ModifyIndex}`, 'cas')).text).toBe('true');
    expect((await kvDelete(gw, 'k')).text).toBe('true');
    expect(await acquire('k', s2)).toBe(false);
    expect(await kvEntry(gw, 'k')).toBeNull();
  });

  it('LockDelay "0s" disables it', async () => {
    const [s1, s2] = [await createUndelayedSession(gw, { LockDelay: '0s' }), await createUndelayedSession(gw)];
    await acquire('k', s1);
    await destroySession(gw, s1);
    expect(await acquire('k', s2)).toBe(true);
  });

  it('after a delete-behaviour session the key is gone, but acquire is refused until the delay ends', async () => {
    const [s1, s2] = [await createUndelayedSession(gw, { LockDelay: '1s', Behavior: 'delete' }), await createUndelayedSession(gw)];
    await acquire('k', s1, 'v');
    const destroyed = Date.now();
    await destroySession(gw, s1);
    expect(await kvEntry(gw, 'k')).toBeNull();
    expect(await acquire('k', s2, 'new')).toBe(false);
    expect(await kvEntry(gw, 'k')).toBeNull();
    const acquired = await acquireEventually('k', s2);
    expect(acquired - destroyed).toBeGreaterThanOrEqual(950);
    // A fresh key: LockIndex starts again at 1.
    expect(await kvEntry(gw, 'k')).toMatchObject({ Session: s2, LockIndex: 1 });
  });

  it('starts on every key the session held', async () => {
    const [s1, s2] = [await createUndelayedSession(gw, { LockDelay: '60s' }), await createUndelayedSession(gw)];
    for (const key of ['x/1', 'x/2', 'x/3']) await acquire(key, s1);
    await destroySession(gw, s1);
    for (const key of ['x/1', 'x/2', 'x/3']) expect(await acquire(key, s2), key).toBe(false);
    expect(await acquire('x/4', s2)).toBe(true);
  });

  it('a LockDelay over 60 s is stored as given but applied capped at 60 s', async () => {
    const s1 = await createUndelayedSession(gw, { LockDelay: '90s' });
    expect((await sessionInfo(gw, s1)).LockDelay).toBe(90_000_000_000);
    await acquire('k', s1);
    await destroySession(gw, s1);
    const pttl = Number(await redis.command(['PTTL', `${names.base}lockdelay:k`]));
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('the default LockDelay is 15 s', async () => {
    const s1 = await createSession(gw);
    const s2 = await createUndelayedSession(gw);
    await acquire('k', s1);
    await destroySession(gw, s1);
    expect(await acquire('k', s2)).toBe(false);
    const pttl = Number(await redis.command(['PTTL', `${names.base}lockdelay:k`]));
    expect(pttl).toBeGreaterThan(5_000);
    expect(pttl).toBeLessThanOrEqual(15_000);
  });
});
