import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { RedisConnection } from '../../src/store/redis-connection.js';
import { createRedisConnection } from '../../src/store/redis-target.js';
import { RedisLink } from '../../src/store/redis.js';
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
