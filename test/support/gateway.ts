import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { defaultServeConfig, type ServeConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { dcNames } from '../../src/store/names.js';
import { startRedis, type TestRedis } from './redis.js';

/** A kvgate running in this process against a given Redis, on a free port. */
export interface TestGateway {
  readonly port: number;
  readonly base: string;
  readonly server: RunningServer;
  close(): Promise<void>;
}

export async function startGateway(redisUrl: string, overrides: Partial<ServeConfig> = {}, log: Logger = pino({ level: 'silent' })): Promise<TestGateway> {
  const config = defaultServeConfig({ host: '127.0.0.1', port: 0, redisUrl, nodeName: 'test-node', dataDir: '/nonexistent', logLevel: 'silent', ...overrides });
  const server = await startServer(config, log, {
    onFatal: (err) => {
      throw err;
    },
  });
  await server.ready;
  return {
    port: server.address.port,
    base: `http://127.0.0.1:${server.address.port}`,
    server,
    close: () => server.close(),
  };
}

/**
 * Empties the test's Redis between tests. The gateway registered its node when it connected;
 * FLUSHALL wiped that, so it is registered again (sessions need it). Indexes do not restart:
 * the gateway fences the counter above every index it has seen. (Change-feed tests should
 * not flush: the feed reader takes a feed that went back as a failover.)
 */
export async function flushStore(redis: TestRedis, node = 'test-node'): Promise<void> {
  await redis.command(['FLUSHALL']);
  await redis.command(['SADD', dcNames('dc1').nodes, node]);
}

/**
 * A Redis and a gateway on it for the whole test file: started before its tests (handed to
 * `started`), stopped after them.
 */
export function useGateway(started: (env: { redis: TestRedis; gw: TestGateway }) => void, overrides: Partial<ServeConfig> = {}): void {
  let env: { redis: TestRedis; gw: TestGateway } | undefined;
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    env = { redis, gw: await startGateway(redis.url, overrides) };
    started(env);
  });
  afterAll(async () => {
    await env?.gw.close();
    await redis?.stop();
  });
}

/** useGateway, with the store emptied (flushStore) before each of the file's tests. */
export function useEmptiedGateway(started: (env: { redis: TestRedis; gw: TestGateway }) => void, overrides: Partial<ServeConfig> = {}): void {
  let redis: TestRedis | undefined;
  useGateway((env) => {
    redis = env.redis;
    started(env);
  }, overrides);
  beforeEach(() => flushStore(redis as TestRedis, overrides.nodeName));
}
