import { beforeEach, describe, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { flushStore, type TestGateway, useGateway } from '../support/gateway.js';
import { http, type RawResponse } from '../support/http.js';
import type { TestRedis } from '../support/redis.js';

// PUT /v1/kv/<key>?acquire=S and ?release=S over HTTP (spec §4.1, §4.2), lock-delay after a
// session ends (§4.3), and locks being advisory (§14.1).

const NODE = 'n1';
const names = dcNames('dc1');

let redis: TestRedis;
let gw: TestGateway;

useGateway((started) => ({ redis, gw } = started), { nodeName: NODE });
beforeEach(() => flushStore(redis, NODE));

const get = (path: string) => http(gw.port, 'GET', path);
const put = (path: string, body = '') => http(gw.port, 'PUT', path, { body });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A new session; LockDelay 0s unless the body says otherwise, so tests do not wait on it. */
async function session(body: Record<string, unknown> = {}): Promise<string> {
  const res = await put('/v1/session/create', JSON.stringify({ LockDelay: '0s', ...body }));
  expect(res.status).toBe(200);
  return (JSON.parse(res.text) as { ID: string }).ID;
}
const destroy = async (id: string) => expect((await put(`/v1/session/destroy/${id}`)).text).toBe('true');

/** PUT ?acquire / ?release answering 200 true or false. */
async function acquire(key: string, s: string, value = '', query = ''): Promise<boolean> {
  const res = await put(`/v1/kv/${key}?acquire=${encodeURIComponent(s)}${query}`, value);
  expect({ status: res.status, text: res.text }).toMatchObject({ status: 200 });
  return JSON.parse(res.text) as boolean;
}
async function release(key: string, s: string, value = '', query = ''): Promise<boolean> {
  const res = await put(`/v1/kv/${key}?release=${encodeURIComponent(s)}${query}`, value);
  expect({ status: res.status, text: res.text }).toMatchObject({ status: 200 });
  return JSON.parse(res.text) as boolean;
}

interface Entry {
  LockIndex: number;
  Key: string;
  Flags: number;
  Value: string | null;
  Session?: string;
  CreateIndex: number;
  ModifyIndex: number;
}
/** The entry of GET /v1/kv/<key>, or null on 404. */
async function entry(key: string): Promise<Entry | null> {
  const res = await get(`/v1/kv/${key}`);
  if (res.status === 404) return null;
  return (JSON.parse(res.text) as Entry[])[0] as Entry;
}
const counter = async () => String(await redis.command(['GET', names.idx]));

function expectError(res: RawResponse, status: number, text: string): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text });
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
}

/** Polls acquire until it answers true; returns when (Date.now()) it did. */
async function acquireEventually(key: string, s: string): Promise<number> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await acquire(key, s)) return Date.now();
    await sleep(50);
  }
  throw new Error(`acquire of ${key} was still refused after 15 s`);
}

describe('PUT ?acquire', () => {
  it('locks a missing key: true, LockIndex 1, Session shown, value and flags written', async () => {
    const s = await session();
    const res = await put(`/v1/kv/k?acquire=${s}&flags=42`, 'locked');
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'true' });
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-consul-index']).toBeUndefined();
    const e = await entry('k');
    expect(e).toEqual({ LockIndex: 1, Key: 'k', Flags: 42, Value: b64('locked'), Session: s, CreateIndex: e?.ModifyIndex, ModifyIndex: e?.ModifyIndex });
    // Session sits between Value and CreateIndex, as Consul writes it.
    expect((await get('/v1/kv/k')).text).toBe(
      `[{"LockIndex":1,"Key":"k","Flags":42,"Value":"${b64('locked')}","Session":"${s}","CreateIndex":${e?.CreateIndex},"ModifyIndex":${e?.ModifyIndex}}]`,
    );
  });

  it('locks an existing unlocked key: LockIndex + 1, CreateIndex kept, value replaced', async () => {
    expect((await put('/v1/kv/k?flags=1', 'plain')).text).toBe('true');
    const before = (await entry('k')) as Entry;
    const s = await session();
    expect(await acquire('k', s, 'mine')).toBe(true);
    const after = (await entry('k')) as Entry;
    expect(after).toMatchObject({ LockIndex: 1, Flags: 0, Value: b64('mine'), Session: s, CreateIndex: before.CreateIndex });
    expect(after.ModifyIndex).toBeGreaterThan(before.ModifyIndex);
  });

  it('lets the holder re-acquire: true, value and flags replaced, LockIndex unchanged', async () => {
    const s = await session();
    expect(await acquire('k', s, 'v1', '&flags=1')).toBe(true);
    expect(await acquire('k', s, 'v2', '&flags=2')).toBe(true);
    expect(await entry('k')).toMatchObject({ LockIndex: 1, Flags: 2, Value: b64('v2'), Session: s });
  });

  it('a re-acquire with the same value and flags changes nothing, not even ModifyIndex', async () => {
    const s = await session();
    await acquire('k', s, 'v', '&flags=3');
    const before = (await entry('k')) as Entry;
    const index = await counter();
    expect(await acquire('k', s, 'v', '&flags=3')).toBe(true);
    expect(await entry('k')).toEqual(before);
    expect(await counter()).toBe(index);
  });

  it('refuses a key another session holds with false and changes nothing', async () => {
    const [s1, s2] = [await session(), await session()];
    await acquire('k', s1, 'first');
    const before = await entry('k');
    expect(await acquire('k', s2, 'second', '&flags=9')).toBe(false);
    expect(await entry('k')).toEqual(before);
  });

  it('counts every fresh acquisition in LockIndex, by any session', async () => {
    const [s1, s2] = [await session(), await session()];
    await acquire('k', s1);
    await release('k', s1);
    await acquire('k', s2);
    await release('k', s2);
    await acquire('k', s1);
    expect(await entry('k')).toMatchObject({ LockIndex: 3, Session: s1 });
  });

  it('finds the session case-insensitively', async () => {
    const s = await session();
    expect(await acquire('k', s.toUpperCase())).toBe(true);
    expect((await entry('k'))?.LockIndex).toBe(1);
  });

  it('an empty session is 500 raft apply failed: missing session', async () => {
    expectError(await put('/v1/kv/k?acquire'), 500, 'raft apply failed: missing session');
    expectError(await put('/v1/kv/k?acquire='), 500, 'raft apply failed: missing session');
    expect(await entry('k')).toBeNull();
  });

  it('an unknown session is 500 raft apply failed: invalid session "<S>", Go-quoted', async () => {
    expectError(await put('/v1/kv/k?acquire=nope'), 500, 'raft apply failed: invalid session "nope"');
    expectError(await put('/v1/kv/k?acquire=a%22b%5Cc'), 500, 'raft apply failed: invalid session "a\\"b\\\\c"');
    const s = await session();
    await destroy(s);
    expectError(await put(`/v1/kv/k?acquire=${s}`), 500, `raft apply failed: invalid session "${s}"`);
    expect(await entry('k')).toBeNull();
  });

  it('rejects ?acquire with ?release or ?cas: 400 Conflicting flags with the sorted query', async () => {
    expectError(await put('/v1/kv/k?acquire=x&release=y'), 400, 'Conflicting flags: acquire=x&release=y\n');
    expectError(await put('/v1/kv/k?release=y&cas=0&acquire=x'), 400, 'Conflicting flags: acquire=x&cas=0&release=y\n');
    expectError(await put('/v1/kv/k?acquire&release'), 400, 'Conflicting flags: acquire=&release=\n');
  });

  it('rejects bad ?flags before looking at the session', async () => {
    expectError(await put('/v1/kv/k?acquire=nope&flags=-1'), 500, 'strconv.ParseUint: parsing "-1": invalid syntax');
  });
});

describe('PUT ?release', () => {
  it('unlocks the holder’s key: true, Session gone, LockIndex kept, value and flags replaced', async () => {
    const s = await session();
    await acquire('k', s, 'locked', '&flags=5');
    const locked = (await entry('k')) as Entry;
    const res = await put(`/v1/kv/k?release=${s}&flags=6`, 'released');
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'true' });
    const e = (await entry('k')) as Entry;
    expect(e).toEqual({ LockIndex: 1, Key: 'k', Flags: 6, Value: b64('released'), CreateIndex: locked.CreateIndex, ModifyIndex: e.ModifyIndex });
    expect(e.ModifyIndex).toBeGreaterThan(locked.ModifyIndex);
    expect((await get('/v1/kv/k')).text).not.toContain('"Session"');
  });

  it('an empty body wipes the value and omitted flags reset them to 0', async () => {
    const s = await session();
    await acquire('k', s, 'locked', '&flags=5');
    expect(await release('k', s)).toBe(true);
    expect(await entry('k')).toMatchObject({ Value: null, Flags: 0, LockIndex: 1 });
  });

  it('answers false for a missing key, an unlocked key, another session and an unknown one', async () => {
    const [s1, s2] = [await session(), await session()];
    expect(await release('missing', s1)).toBe(false);
    expect(await entry('missing')).toBeNull();
    await put('/v1/kv/free', 'v');
    expect(await release('free', s1, 'x')).toBe(false);
    await acquire('k', s1, 'held');
    const before = await entry('k');
    expect(await release('k', s2, 'x')).toBe(false);
    // No session-existence check on release: an unknown session is just not the holder.
    expect(await release('k', 'no-such-session', 'x')).toBe(false);
    expect(await release('k', s1.toUpperCase(), 'x')).toBe(false);
    expect(await entry('k')).toEqual(before);
    expect((await entry('free'))?.Value).toBe(b64('v'));
  });

  it('an empty session is 500 raft apply failed: missing session', async () => {
    expectError(await put('/v1/kv/k?release='), 500, 'raft apply failed: missing session');
    expectError(await put('/v1/kv/k?release'), 500, 'raft apply failed: missing session');
  });

  it('lets another session acquire at once: release never starts a lock-delay', async () => {
    const [s1, s2] = [await session({ LockDelay: '60s' }), await session()];
    await acquire('k', s1);
    expect(await release('k', s1)).toBe(true);
    expect(await acquire('k', s2)).toBe(true);
    expect(await entry('k')).toMatchObject({ Session: s2, LockIndex: 2 });
  });
});

describe('a lock is advisory', () => {
  it('a plain PUT on a locked key works, keeps the holder and resets LockIndex to 0', async () => {
    const s = await session();
    await acquire('k', s, 'locked');
    expect((await put('/v1/kv/k?flags=8', 'overwritten')).text).toBe('true');
    expect(await entry('k')).toMatchObject({ Value: b64('overwritten'), Flags: 8, Session: s, LockIndex: 0 });
    // The holder still holds it and can release it.
    expect(await release('k', s, 'done')).toBe(true);
    expect((await entry('k'))?.Session).toBeUndefined();
  });

  it('a CAS PUT on a locked key works', async () => {
    const s = await session();
    await acquire('k', s, 'locked');
    const e = (await entry('k')) as Entry;
    expect((await put(`/v1/kv/k?cas=${e.ModifyIndex}`, 'cas')).text).toBe('true');
    expect(await entry('k')).toMatchObject({ Value: b64('cas'), Session: s });
  });

  it('a DELETE on a locked key works; destroying the session later leaves the key deleted', async () => {
    const s = await session();
    await acquire('k', s, 'locked');
    expect((await http(gw.port, 'DELETE', '/v1/kv/k')).text).toBe('true');
    expect(await entry('k')).toBeNull();
    await destroy(s);
    expect(await entry('k')).toBeNull();
  });
});

describe('session invalidation (destroy)', () => {
  it('release behaviour: every held key is unlocked under one index; value, flags, LockIndex and CreateIndex kept', async () => {
    const s = await session();
    await acquire('a', s, 'va', '&flags=1');
    await acquire('b/c', s, 'vb', '&flags=2');
    await put('/v1/kv/other', 'x');
    const before = await Promise.all(['a', 'b/c', 'other'].map(entry));
    await destroy(s);
    const after = await Promise.all(['a', 'b/c', 'other'].map(entry));
    const index = after[0]?.ModifyIndex;
    expect(after[0]).toEqual({ ...before[0], Session: undefined, ModifyIndex: index });
    expect(after[1]).toEqual({ ...before[1], Session: undefined, ModifyIndex: index });
    expect(after[0]).not.toHaveProperty('Session');
    expect(after[2]).toEqual(before[2]);
    expect(String(index)).toBe(await counter());
    expect((await get('/v1/session/list')).headers['x-consul-index']).toBe(String(index));
  });

  it('delete behaviour: every held key is deleted', async () => {
    const s = await session({ Behavior: 'delete' });
    await acquire('d/1', s, 'v');
    await acquire('d/2', s, 'v');
    await put('/v1/kv/d/3', 'kept');
    await destroy(s);
    expect(await entry('d/1')).toBeNull();
    expect(await entry('d/2')).toBeNull();
    const keys = await get('/v1/kv/d/?keys');
    expect(keys.text).toBe('["d/3"]');
    expect(keys.headers['x-consul-index']).toBe(await counter());
  });

  it('keys the session released before are left alone', async () => {
    const [s1, s2] = [await session({ Behavior: 'delete' }), await session()];
    await acquire('k', s1);
    await release('k', s1, 'v');
    await acquire('k', s2, 'v');
    await destroy(s1);
    expect(await entry('k')).toMatchObject({ Session: s2, Value: b64('v') });
  });
});

describe('lock-delay', () => {
  it('after destroy, acquire answers false until the delay ends, then true', async () => {
    const [s1, s2] = [await session({ LockDelay: '1s' }), await session()];
    await acquire('k', s1, 'v');
    const destroyed = Date.now();
    await destroy(s1);
    expect(await acquire('k', s2)).toBe(false);
    expect((await entry('k'))?.Session).toBeUndefined();
    const acquired = await acquireEventually('k', s2);
    // The delay is not shorter than asked (a slow machine only makes it look longer).
    expect(acquired - destroyed).toBeGreaterThanOrEqual(950);
    expect(await entry('k')).toMatchObject({ Session: s2, LockIndex: 2 });
  });

  it('is checked before the session: an unknown or empty session gets false, not a 500', async () => {
    const s1 = await session({ LockDelay: '60s' });
    await acquire('k', s1);
    await destroy(s1);
    expect(await acquire('k', 'no-such-session')).toBe(false);
    const empty = await put('/v1/kv/k?acquire=');
    expect({ status: empty.status, text: empty.text }).toEqual({ status: 200, text: 'false' });
    // Other keys are not delayed.
    expectError(await put('/v1/kv/other?acquire=no-such-session'), 500, 'raft apply failed: invalid session "no-such-session"');
  });

  it('refuses only acquire: plain PUT, CAS, DELETE and reads work during the delay', async () => {
    const s1 = await session({ LockDelay: '60s' });
    const s2 = await session();
    await acquire('k', s1, 'v');
    await destroy(s1);
    expect((await put('/v1/kv/k', 'plain')).text).toBe('true');
    const e = (await entry('k')) as Entry;
    expect(e.Value).toBe(b64('plain'));
    expect((await put(`/v1/kv/k?cas=${e.ModifyIndex}`, 'cas')).text).toBe('true');
    expect((await http(gw.port, 'DELETE', '/v1/kv/k')).text).toBe('true');
    expect(await acquire('k', s2)).toBe(false);
    expect(await entry('k')).toBeNull();
  });

  it('LockDelay "0s" disables it', async () => {
    const [s1, s2] = [await session({ LockDelay: '0s' }), await session()];
    await acquire('k', s1);
    await destroy(s1);
    expect(await acquire('k', s2)).toBe(true);
  });

  it('after a delete-behaviour session the key is gone, but acquire is refused until the delay ends', async () => {
    const [s1, s2] = [await session({ LockDelay: '1s', Behavior: 'delete' }), await session()];
    await acquire('k', s1, 'v');
    const destroyed = Date.now();
    await destroy(s1);
    expect(await entry('k')).toBeNull();
    expect(await acquire('k', s2, 'new')).toBe(false);
    expect(await entry('k')).toBeNull();
    const acquired = await acquireEventually('k', s2);
    expect(acquired - destroyed).toBeGreaterThanOrEqual(950);
    // A fresh key: LockIndex starts again at 1.
    expect(await entry('k')).toMatchObject({ Session: s2, LockIndex: 1 });
  });

  it('starts on every key the session held', async () => {
    const [s1, s2] = [await session({ LockDelay: '60s' }), await session()];
    for (const key of ['x/1', 'x/2', 'x/3']) await acquire(key, s1);
    await destroy(s1);
    for (const key of ['x/1', 'x/2', 'x/3']) expect(await acquire(key, s2), key).toBe(false);
    expect(await acquire('x/4', s2)).toBe(true);
  });

  it('a LockDelay over 60 s is stored as given but applied capped at 60 s', async () => {
    const s1 = await session({ LockDelay: '90s' });
    const info = JSON.parse((await get(`/v1/session/info/${s1}`)).text) as Array<{ LockDelay: number }>;
    expect(info[0]?.LockDelay).toBe(90_000_000_000);
    await acquire('k', s1);
    await destroy(s1);
    const pttl = Number(await redis.command(['PTTL', `${names.base}lockdelay:k`]));
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('the default LockDelay is 15 s', async () => {
    const res = await put('/v1/session/create');
    const s1 = (JSON.parse(res.text) as { ID: string }).ID;
    const s2 = await session();
    await acquire('k', s1);
    await destroy(s1);
    expect(await acquire('k', s2)).toBe(false);
    const pttl = Number(await redis.command(['PTTL', `${names.base}lockdelay:k`]));
    expect(pttl).toBeGreaterThan(5_000);
    expect(pttl).toBeLessThanOrEqual(15_000);
  });
});
