import { afterAll, beforeAll, beforeEach } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { createRedisConnection, RedisLink, type RedisConnection } from '../../src/store/redis.js';
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
    link = new RedisLink(conn, { stallSeconds: 5, onStall: () => {} });
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

/** The bytes of a string: keys and values as the stores and the watch hub take them. */
export const b = (s: string) => Buffer.from(s);

/** The largest uint64, the top of flags and indexes. */
export const MAX_UINT64 = 18446744073709551615n;

/** The index counter of datacenter dc1 as Redis holds it, as digits. */
export const indexCounter = async (redis: TestRedis) => String(await redis.command(['GET', dcNames('dc1').idx]));
