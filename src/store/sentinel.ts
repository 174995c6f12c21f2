import { createSentinel, type RedisSentinelType } from 'redis';
import { describeNodeList, parseNodeListUrl, type RedisNode } from './node-list-url.js';
import type { ClientSettings, ConnectOptions, RedisConnection } from './redis-connection.js';
import { reopenable } from './reopenable.js';

/** A primary found through Redis Sentinel: the monitored name and where the sentinels are. */
export interface SentinelTarget {
  name: string;
  sentinels: RedisNode[];
  /** Credentials for the primary (the sentinels themselves are asked without). */
  username?: string;
  password?: string;
}

const SCHEME = 'redis+sentinel://';

/**
 * `redis+sentinel://[[user]:password@]host[:port][,host[:port]…]/name`: the sentinels to ask
 * (port 26379 by default) and the name of the primary they monitor. Throws with what is wrong.
 */
export function parseSentinelUrl(url: string): SentinelTarget {
  const { nodes, username, password, path } = parseNodeListUrl(url, SCHEME, 26379, 'sentinel');
  if (path === '' || path.includes('/')) throw new Error(`the primary's name goes after the sentinels (${SCHEME}host:26379/mymaster)`);
  return { name: path, sentinels: nodes, ...(username === undefined ? {} : { username }), ...(password === undefined ? {} : { password }) };
}

/** Where the target points, for logs: no credentials. */
export function describeSentinel(target: SentinelTarget): string {
  return describeNodeList(SCHEME, target.sentinels, target.name);
}

/**
 * A RedisConnection to whichever server the sentinels name as primary, following
 * failovers: node-redis' RedisSentinel asks the sentinels, connects to the primary, and
 * moves to the new one when they promote a replica (pending commands are retried there).
 * Every command goes to the primary: kvgate reads what it writes.
 */
export function createSentinelConnection(target: SentinelTarget, settings: ClientSettings, options: ConnectOptions): RedisConnection {
  const { socket, RESP, scripts, commandOptions, disableOfflineQueue, name } = settings;
  const create = () =>
    createSentinel({
      name: target.name,
      sentinelRootNodes: target.sentinels,
      RESP,
      scripts,
      commandOptions,
      nodeClientOptions: { socket, disableOfflineQueue, name, username: target.username, password: target.password },
      sentinelClientOptions: { socket },
      passthroughClientErrorEvents: true,
    }) as unknown as RedisSentinelType;
  return reopenable(create, (sentinel, args) => sentinel.sendCommand(false, args), { ...options, readyEvent: 'ready' });
}
