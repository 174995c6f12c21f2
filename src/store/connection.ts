import type { Logger } from '../log.js';
import type { RedisConnection } from './redis-connection.js';
import { createRedisConnection, describeTarget, type RedisTarget } from './redis-target.js';
import { RedisLink } from './redis-link.js';
import { fromRedisError, prepareRedis } from './redis.js';
import { SCRIPT_SPECS, scriptSource } from './scripts.js';

/** How long a call may wait for Redis by default (--redis-timeout), ms. */
export const DEFAULT_REDIS_TIMEOUT_MS = 1_000;

/** kvgate's connection to Redis, ready or not. */
export interface RedisHandle {
  readonly conn: RedisConnection;
  readonly link: RedisLink;
  /**
   * Connects in the background (retrying), checks the server and loads the scripts, then
   * runs onReady — again after every reconnect, since a restarted Redis may have lost what
   * it set up. Resolves after the first setup.
   */
  start(onReady: () => Promise<void>): Promise<void>;
  /** True while connected after the first successful setup and Redis answers within its deadline. */
  isReady(): boolean;
  close(): Promise<void>;
}

/** A Redis connection that does nothing until start(); outages are logged at most every few seconds. */
export function openRedis(target: RedisTarget, log: Logger, timeoutMs = DEFAULT_REDIS_TIMEOUT_MS): RedisHandle {
  const conn = createRedisConnection(target, {
    name: 'kvgate',
    onError: throttled((err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'redis connection error')),
  });
  const link = new RedisLink(conn, {
    timeoutMs,
    onStall: throttled(() => log.error(`Redis has not answered within ${timeoutMs} ms; reconnecting (pending requests fail with "No cluster leader")`)),
  });
  let prepared = false;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  return {
    conn,
    link,
    async start(onReady) {
      // A server can accept connections before it serves (LOADING an append-only file, a
      // cluster node still joining, a replica not yet promoted): each setup step is retried
      // every second while Redis answers like a Consul without a leader.
      const warn = throttled((err) => log.warn({ err: err.message }, 'Redis is not serving yet; retrying every second'));
      const untilServing = async <T>(step: () => Promise<T>): Promise<T> => {
        for (;;) {
          try {
            return await step();
          } catch (err) {
            if (closed || fromRedisError(err).code !== 'NO_LEADER') throw err;
            warn(err as Error);
            await new Promise((resolve) => (retry = setTimeout(resolve, 1_000)));
          }
        }
      };
      conn.on('ready', () => {
        if (!prepared) return;
        log.info('redis connection restored');
        untilServing(onReady).catch((err: Error) => closed || log.error({ err: err.message }, 'setup after reconnect failed'));
      });
      await conn.connect();
      const info = await untilServing(() => prepareRedis(conn, Object.values(SCRIPT_SPECS).map((s) => scriptSource(s.file))));
      if (info.maxmemoryPolicy !== 'noeviction') {
        log.warn({ policy: info.maxmemoryPolicy }, 'Redis maxmemory-policy is not noeviction: Redis may silently evict KV data');
      }
      await untilServing(onReady);
      prepared = true;
      log.info({ version: info.version, target: describeTarget(target) }, 'redis ready');
    },
    isReady: () => prepared && conn.isReady && link.answering,
    async close() {
      closed = true;
      clearTimeout(retry);
      link.close();
      await conn.close().catch(() => conn.destroy());
    },
  };
}

/** At most one call per interval, so a Redis outage does not flood the log. */
function throttled(fn: (err: Error) => void, intervalMs = 5_000): (err?: Error) => void {
  let last = 0;
  return (err = new Error('')) => {
    const now = Date.now();
    if (now - last >= intervalMs) {
      last = now;
      fn(err);
    }
  };
}
