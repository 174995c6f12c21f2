import { afterAll, beforeAll, beforeEach } from 'vitest';
import { defaultServeConfig } from '../../src/config.js';
import { Domain } from '../../src/kv/domain.js';
import { IndexFence } from '../../src/store/fence.js';
import { KvStore } from '../../src/store/kv-store.js';
import { dcNames } from '../../src/store/names.js';
import type { RedisConnection } from '../../src/store/redis-connection.js';
import { createRedisConnection } from '../../src/store/redis-target.js';
import { RedisLink } from '../../src/store/redis-link.js';
import { SessionStore } from '../../src/store/session-store.js';
import { TxnStore } from '../../src/store/txn-store.js';
import { startRedis, type TestRedis } from './redis.js';

/**
 * A Redis and the link the stores run their scripts over, for the whole test file: started
 * before its tests (handed to `started`), emptied before each test, stopped after them.
 */
export function useStoreRedis(started: (env: { redis: TestRedis; link: RedisLink }) => void): void {
  let redis: TestRedis | undefined;
  let conn: RedisConnection | undefined;
  let link: RedisLink | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    conn = createRedisConnection({ url: redis.url }, { onError: () => {} });
    await conn.connect();
    link = new RedisLink(conn, { timeoutMs: 5_000, onStall: () => {} });
    started({ redis, link });
  });
  beforeEach(async () => {
    await redis?.command(['FLUSHALL']);
  });
  afterAll(async () => {
    link?.close();
    await conn?.close();
    await redis?.stop();
  });
}

/** The stores of datacenter dc1 on one link, sharing one index fence as in the gateway. */
export function dcStores(link: RedisLink, options: { scanLimit: number; feedLength: number }) {
  const names = dcNames('dc1');
  const fence = new IndexFence(link, names, options.feedLength);
  return {
    fence,
    kv: new KvStore(link, names, fence, options),
    sessions: new SessionStore(link, names, fence),
    txn: new TxnStore(link, names, fence, options.scanLimit),
  };
}

/** The domain of dc1 on one link (ACLs off), its KV service for no token, its fence, hub and blocking queries. */
export function kvService(link: RedisLink) {
  const settings = defaultServeConfig();
  const { domain, fence, hub } = Domain.build(link, dcNames('dc1'), {
    ...settings,
    acl: { enabled: false, defaultPolicy: 'deny', defaultToken: '', keyListPolicy: false },
  });
  return { kv: domain.kv(''), fence, hub, blocking: domain.deps.blocking };
}

/** The bytes of a string: keys and values as the stores and the watch hub take them. */
export const b = (s: string) => Buffer.from(s);

/** The largest uint64, the top of flags and indexes. */
export const MAX_UINT64 = 18446744073709551615n;

/** The index counter of datacenter dc1 as Redis holds it, as digits. */
export const indexCounter = async (redis: TestRedis) => String(await redis.command(['GET', dcNames('dc1').idx]));
