import { createCluster, type RedisClusterType } from 'redis';
import { describeNodeList, parseNodeListUrl, type RedisNode } from './node-list-url.js';
import type { ClientSettings, ConnectOptions, RedisConnection } from './redis-connection.js';
import { reopenable } from './reopenable.js';

/** A Redis Cluster: some of its nodes (the rest are discovered) and a key of the datacenter. */
export interface ClusterTarget {
  nodes: RedisNode[];
  username?: string;
  password?: string;
  /**
   * Every kvgate key of a datacenter shares one hash tag, so one slot: commands go to the
   * node serving the slot of this key (keyless ones too — INFO, SCRIPT LOAD).
   */
  slotKey: string;
}

const SCHEME = 'redis+cluster://';

/** `redis+cluster://[[user]:password@]host[:port][,host[:port]…]` (port 6379 by default). */
export function parseClusterUrl(url: string, slotKey: string): ClusterTarget {
  const { nodes, username, password, path } = parseNodeListUrl(url, SCHEME, 6379, 'cluster node');
  if (path !== '') throw new Error(`a cluster has no database or name after the nodes (${SCHEME}host:6379,host:6379)`);
  return { nodes, slotKey, ...(username === undefined ? {} : { username }), ...(password === undefined ? {} : { password }) };
}

/** Where the target points, for logs: no credentials. */
export function describeCluster(target: ClusterTarget): string {
  return describeNodeList(SCHEME, target.nodes);
}

/**
 * A RedisConnection to the cluster node that serves the datacenter's slot, following it
 * through MOVED/ASK redirections and failovers (node-redis' RedisCluster).
 */
export function createClusterConnection(target: ClusterTarget, settings: ClientSettings, options: ConnectOptions): RedisConnection {
  const { socket, RESP, scripts, commandOptions, disableOfflineQueue, name } = settings;
  const create = () =>
    createCluster({
      rootNodes: target.nodes.map((node) => ({ socket: { host: node.host, port: node.port } })),
      RESP,
      scripts,
      commandOptions,
      defaults: { socket, disableOfflineQueue, name, username: target.username, password: target.password },
    }) as unknown as RedisClusterType;
  // A cluster reports each node it (re)connects to; the datacenter's may be among them.
  return reopenable(create, (cluster, args) => cluster.sendCommand(target.slotKey, false, args), { ...options, readyEvent: 'node-ready' });
}
