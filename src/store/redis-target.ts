import { createClient, RESP_TYPES } from 'redis';
import { createClusterConnection, describeCluster, parseClusterUrl, type ClusterTarget } from './cluster.js';
import { RECONNECT_MAX_MS, type ClientSettings, type ConnectOptions, type RedisConnection } from './redis-connection.js';
import { defineScripts } from './scripts.js';
import { createSentinelConnection, describeSentinel, parseSentinelUrl, type SentinelTarget } from './sentinel.js';

/** Where the Redis server is: a `redis://` / `rediss://` URL, a unix socket path, Sentinel or Cluster. */
export type RedisTarget = { url: string } | { socketPath: string } | { sentinel: SentinelTarget } | { cluster: ClusterTarget };

/**
 * --redis as a connection target: a redis[s]:// URL, unix:///path.sock, redis+sentinel://…/name
 * or redis+cluster://… (whose commands go to the node serving the slot of slotKey).
 * Throws with what is wrong.
 */
export function redisTarget(url: string, slotKey: string): RedisTarget {
  const scheme = /^([a-z+]+):\/\/./.exec(url)?.[1];
  switch (scheme) {
    case 'redis':
    case 'rediss':
      return { url };
    case 'unix':
      return { socketPath: decodeURIComponent(url.slice('unix://'.length)) };
    case 'redis+sentinel':
      return { sentinel: parseSentinelUrl(url) };
    case 'redis+cluster':
      return { cluster: parseClusterUrl(url, slotKey) };
    default:
      throw new Error('must be a redis://, rediss://, unix://, redis+sentinel:// or redis+cluster:// URL');
  }
}

/** Where the target points, for logs: no credentials. */
export function describeTarget(target: RedisTarget): string {
  if ('socketPath' in target) return `unix://${target.socketPath}`;
  if ('sentinel' in target) return describeSentinel(target.sentinel);
  if ('cluster' in target) return describeCluster(target.cluster);
  return target.url.replace(/\/\/[^@/]*@/, '//<credentials>@');
}

/**
 * Creates (does not connect) a client: RESP3, Buffers for every blob string (keys and
 * values are bytes), the kvgate scripts attached, reconnecting with backoff, and failing
 * commands at once while disconnected so a request is answered instead of hanging.
 */
export function createRedisConnection(target: RedisTarget, options: ConnectOptions): RedisConnection {
  const settings = {
    RESP: 3,
    name: options.name,
    disableOfflineQueue: true,
    scripts: defineScripts(),
    // No per-command timer (an AbortSignal per call): RedisLink gives every call its deadline.
    commandOptions: { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer }, timeout: 0 },
    socket: {
      connectTimeout: 5_000,
      keepAlive: true,
      noDelay: true,
      reconnectStrategy: (retries: number) => Math.min(25 * 2 ** retries, RECONNECT_MAX_MS),
    },
  } satisfies ClientSettings;
  if ('sentinel' in target) return createSentinelConnection(target.sentinel, settings, options);
  if ('cluster' in target) return createClusterConnection(target.cluster, settings, options);
  const { socket, ...common } = settings;
  const client = createClient({
    ...('url' in target ? { url: target.url, socket } : { socket: { ...socket, path: target.socketPath } }),
    ...common,
  });
  client.on('error', options.onError);
  return client as unknown as RedisConnection;
}
