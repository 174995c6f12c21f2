import { beforeEach, describe, expect, it } from 'vitest';
import type { KvStore } from '../../src/store/kv-store.js';
import { dcNames } from '../../src/store/names.js';
import type { RedisLink } from '../../src/store/redis-link.js';
import type { SessionStore } from '../../src/store/session-store.js';
import type { TxnStore } from '../../src/store/txn-store.js';
import type { TxnOp, TxnReply } from '../../src/structs/txn.js';
import { txnOpError } from '../../src/kv/txn-messages.js';
import type { TestRedis } from '../support/redis.js';
import { b, dcStores, MAX_UINT64, useStoreRedis } from '../support/store.js';

// The transaction script: every verb, ordering, all-or-nothing, one index.

const names = dcNames('dc1');

let redis: TestRedis;
let link: RedisLink;
let kv: KvStore;
let txn: TxnStore;
let sessions: SessionStore;

useStoreRedis((env) => ({ redis, link } = env));
beforeEach(async () => {
  ({ kv, txn, sessions } = dcStores(link, { scanLimit: 100, feedLength: 1000 }));
  await sessions.registerNode('n1');
});

function op(verb: string, key: string, extra: Partial<TxnOp> = {}): TxnOp {
  return { verb, key: b(key), value: b(''), flags: 0n, index: 0n, session: '', ...extra };
}
/** A run of the script; failures carry the text the domain gives their outcome codes. */
type Run = TxnReply & { ops: TxnOp[] };
const write = async (...ops: TxnOp[]): Promise<Run> => ({ ...(await txn.run(ops, false)), ops });
const readOnly = async (...ops: TxnOp[]): Promise<Run> => ({ ...(await txn.run(ops, true)), ops });
function results(outcome: Run) {
  if (!outcome.committed) throw new Error(`failed: ${JSON.stringify(outcome.failures)}`);
  return outcome.results.map((r) => ({ key: r.entry.key.toString(), value: r.withValue ? r.entry.value.toString() : null, m: r.entry.modifyIndex, c: r.entry.createIndex, flags: r.entry.flags }));
}
function errors(outcome: Run) {
  if (outcome.committed) throw new Error('expected the transaction to fail');
  return outcome.failures.map((f) => [f.opIndex, txnOpError(f, outcome.ops[f.opIndex] as TxnOp).message]);
}
/** Every key of the datacenter with its DUMP, for byte-identical comparisons. */
async function snapshot(): Promise<Map<string, string>> {
  const keys = ((await redis.command(['KEYS', `${names.base}*`])) as Buffer[]).map(String).sort();
  const out = new Map<string, string>();
  for (const k of keys) out.set(k, ((await redis.command(['DUMP', k])) as Buffer).toString('hex'));
  return out;
}

describe('write verbs', () => {
  it('set and cas write under one index shared by every op, results without values', async () => {
    await kv.set(b('old'), b('o'), 0n, null);
    const outcome = await write(op('set', 'a', { value: b('1'), flags: MAX_UINT64 }), op('cas', 'old', { value: b('2'), index: 1n }), op('cas', 'new', { value: b('3'), index: 0n }));
    expect(results(outcome)).toEqual([
      { key: 'a', value: null, m: 2n, c: 2n, flags: MAX_UINT64 },
      { key: 'old', value: null, m: 2n, c: 1n, flags: 0n },
      { key: 'new', value: null, m: 2n, c: 2n, flags: 0n },
    ]);
    expect((await kv.get(b('a'))).result).toMatchObject({ value: b('1'), flags: MAX_UINT64, modifyIndex: 2n });
    expect(String(await redis.command(['GET', names.idx]))).toBe('2');
  });

  it('delete, delete-cas and delete-tree produce no results and one tombstone each', async () => {
    for (const k of ['x', 'y', 't/1', 't/2']) await kv.set(b(k), b('v'), 0n, null);
    const outcome = await write(op('delete', 'x'), op('delete-cas', 'y', { index: 2n }), op('delete-tree', 't/'), op('delete', 'missing'));
    expect(results(outcome)).toEqual([]);
    expect((await kv.keys(b(''), b(''))).result).toEqual([]);
    expect(((await redis.command(['ZRANGE', names.tomb, '0', '-1'])) as Buffer[]).map(String)).toEqual(['t/', 'x', 'y']);
  });

  it('lock and unlock need an existing session and follow the acquire/release rules', async () => {
    const s = 'aaaaaaaa-0000-0000-0000-000000000001';
    await sessions.create({ id: s, name: '', node: 'n1', lockDelayNs: 0n, behavior: 'release', ttl: '', nodeChecks: [], serviceChecks: null, delayMs: 0, ttlMs: 0, missingCheck: '' });
    expect(results(await write(op('lock', 'l', { value: b('held'), session: s })))).toEqual([{ key: 'l', value: null, m: 2n, c: 2n, flags: 0n }]);
    expect((await kv.get(b('l'))).result).toMatchObject({ session: s, lockIndex: 1n });
    expect(errors(await write(op('lock', 'l', { session: 'nope' })))).toEqual([[0, 'invalid session "nope"']]);
    expect(errors(await write(op('lock', 'l')))).toEqual([[0, 'missing session']]);
    expect(errors(await write(op('unlock', 'l', { session: 'other' })))).toEqual([[0, `failed to unlock key "l", lock isn't held, or is held by another session`]]);
    results(await write(op('unlock', 'l', { value: b('free'), session: s })));
    expect((await kv.get(b('l'))).result).toMatchObject({ session: null, value: b('free') });
  });

  it('lock into a lock-delay fails before any op runs', async () => {
    await redis.command(['SET', `${names.base}lockdelay:l`, '1', 'PX', '10000']);
    const outcome = await write(op('set', 'other', { value: b('v') }), op('lock', 'l', { session: 's' }));
    expect(outcome).toMatchObject({ committed: false, precheck: true });
    expect(errors(outcome)).toEqual([[1, 'failed to lock key "l" due to lock delay']]);
    expect((await kv.get(b('other'))).result).toBeNull();
  });
});

describe('read verbs', () => {
  beforeEach(async () => {
    await kv.set(b('r/a'), b('A'), 5n, null);
    await kv.set(b('r/b'), b('B'), 0n, null);
  });

  it('get, get-tree and get-or-empty report values; checks report entries without', async () => {
    const outcome = await readOnly(
      op('get', 'r/a'),
      op('get-tree', 'r/'),
      op('get-or-empty', 'r/none', { flags: 3n, index: 9n }),
      op('check-index', 'r/a', { index: 1n }),
      op('check-session', 'r/b', { session: '' }),
      op('check-not-exists', 'r/none'),
    );
    expect(results(outcome)).toEqual([
      { key: 'r/a', value: 'A', m: 1n, c: 1n, flags: 5n },
      { key: 'r/a', value: 'A', m: 1n, c: 1n, flags: 5n },
      { key: 'r/b', value: 'B', m: 2n, c: 2n, flags: 0n },
      { key: 'r/none', value: '', m: 9n, c: 0n, flags: 3n },
      { key: 'r/a', value: null, m: 1n, c: 1n, flags: 5n },
      { key: 'r/b', value: null, m: 2n, c: 2n, flags: 0n },
    ]);
  });

  it('reports every failing op with Consul text', async () => {
    const outcome = await readOnly(
      op('get', 'nope'),
      op('check-index', 'r/a', { index: 7n }),
      op('check-index', 'nope'),
      op('check-session', 'r/a', { session: 'abc' }),
      op('check-session', 'nope'),
      op('check-not-exists', 'r/b'),
    );
    expect(outcome).toMatchObject({ precheck: false });
    expect(errors(outcome)).toEqual([
      [0, 'key "nope" doesn\'t exist'],
      [1, 'failed index check for key "r/a", current modify index 1 != 7'],
      [2, 'failed to check index, key "nope" doesn\'t exist'],
      [3, 'failed session check for key "r/a", current session "" != "abc"'],
      [4, 'failed to check session, key "nope" doesn\'t exist'],
      [5, 'key "r/b" exists'],
    ]);
  });

  it('phase 1 rejects empty keys (but for delete-tree) and unknown verbs, and nothing else runs', async () => {
    const outcome = await readOnly(op('get', ''), op('bogus', 'k'), op('', 'k'), op('get', 'nope'));
    expect(outcome).toMatchObject({ precheck: true });
    expect(errors(outcome)).toEqual([
      [0, 'Must provide key'],
      [1, 'unknown KV operation: bogus'],
      [2, 'unknown KV operation: '],
    ]);
  });
});

describe('ordering and atomicity', () => {
  it('later ops see earlier ones: set then get, delete then check-not-exists, get-tree over pending keys', async () => {
    await kv.set(b('p/old'), b('o'), 0n, null);
    const outcome = await write(
      op('set', 'p/new', { value: b('n') }),
      op('get', 'p/new'),
      op('delete', 'p/old'),
      op('check-not-exists', 'p/old'),
      op('get-tree', 'p/'),
      op('check-index', 'p/new', { index: 2n }),
    );
    expect(results(outcome)).toEqual([
      { key: 'p/new', value: null, m: 2n, c: 2n, flags: 0n },
      { key: 'p/new', value: 'n', m: 2n, c: 2n, flags: 0n },
      { key: 'p/new', value: 'n', m: 2n, c: 2n, flags: 0n },
      { key: 'p/new', value: null, m: 2n, c: 2n, flags: 0n },
    ]);
  });

  it('get-tree merges keys created in the transaction in byte order', async () => {
    await kv.set(b('m/b'), b('1'), 0n, null);
    await kv.set(b('m/\u00ff'), b('2'), 0n, null);
    const outcome = await write(op('set', 'm/a', { value: b('x') }), op('set', 'm/\u00e9', { value: b('y') }), op('get-tree', 'm/'));
    expect(results(outcome).slice(2).map((r) => r.key)).toEqual(['m/a', 'm/b', 'm/\u00e9', 'm/\u00ff']);
  });

  it('a failing op leaves Redis byte-identical, whatever the earlier ops did', async () => {
    await kv.set(b('keep'), b('k'), 1n, null);
    await kv.set(b('t/1'), b('v'), 0n, null);
    const before = await snapshot();
    const outcome = await write(
      op('set', 'keep', { value: b('changed') }),
      op('delete-tree', 't/'),
      op('set', 'brand/new', { value: b('n') }),
      op('cas', 'keep', { value: b('x'), index: 99n }),
    );
    expect(errors(outcome)).toEqual([[3, 'failed to set key "keep", index is stale']]);
    expect(await snapshot()).toEqual(before);
  });

  it('writes one feed entry per changed key, all under the transaction index', async () => {
    const outcome = await write(op('set', 'f/1', { value: b('a') }), op('set', 'f/1', { value: b('b') }), op('set', 'f/2', { value: b('c') }), op('delete', 'f/2'));
    expect(outcome).toMatchObject({ committed: true, index: 1n });
    const feed = (await redis.command(['XRANGE', names.feed, '-', '+'])) as Array<[Buffer, Buffer[]]>;
    expect(feed.map(([id, f]) => `${id} ${f.map(String).join(' ')}`)).toEqual(['1-0 n 2 op set key f/1', '1-1 op delete key f/2']);
  });

  it('a transaction that changes nothing takes no index', async () => {
    await kv.set(b('same'), b('v'), 0n, null);
    const outcome = await write(op('set', 'same', { value: b('v') }), op('delete', 'absent'));
    expect(outcome).toMatchObject({ committed: true, index: null });
    expect(String(await redis.command(['GET', names.idx]))).toBe('1');
  });

  it('keeps flags of 2^64-1 and indexes exact', async () => {
    await redis.command(['SET', names.idx, '9007199254740993']);
    const outcome = await write(op('set', 'big', { value: b('v'), flags: MAX_UINT64 }));
    expect(results(outcome)).toEqual([{ key: 'big', value: null, m: 9007199254740994n, c: 9007199254740994n, flags: MAX_UINT64 }]);
    expect(results(await readOnly(op('check-index', 'big', { index: 9007199254740994n })))).toHaveLength(1);
  });
});
