import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startRedis, type TestRedis } from './redis.js';
import { waitFor } from './wait.js';

/** A Redis Cluster this test owns: masters only, the slots split evenly by redis-cli. */
export interface TestCluster {
  readonly nodes: TestRedis[];
  /** redis+cluster:// URL naming the first node (the rest are discovered). */
  readonly url: string;
  /** The node serving the slot of key. */
  nodeFor(key: string): Promise<TestRedis>;
  /** Starts a node and makes it a replica of primary, in sync when this resolves. */
  addReplica(primary: TestRedis): Promise<TestRedis>;
  /** Kills a node (losing its data) and starts it again after downMs, back in the cluster. */
  restart(node: TestRedis, downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const CLUSTER_NODE = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'];

export async function startCluster(size = 3): Promise<TestCluster> {
  const nodes: TestRedis[] = [];
  const stop = async () => {
    for (const node of nodes) await node.stop();
  };
  try {
    for (let i = 0; i < size; i++) {
      nodes.push(await startRedis({ args: CLUSTER_NODE }));
    }
    await promisify(execFile)('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    for (const node of nodes) await untilOk(node);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes,
    url: `redis+cluster://127.0.0.1:${nodes[0]!.port}`,
    async nodeFor(key) {
      const slot = Number(await nodes[0]!.command(['CLUSTER', 'KEYSLOT', key]));
      const ranges = (await nodes[0]!.command(['CLUSTER', 'SLOTS'])) as Array<[number, number, [Buffer, number]]>;
      const port = ranges.find(([from, to]) => from <= slot && slot <= to)?.[2][1];
      return nodes.find((n) => n.port === Number(port)) as TestRedis;
    },
    async addReplica(primary) {
      const replica = await startRedis({ args: CLUSTER_NODE });
      nodes.push(replica);
      const id = String(await primary.command(['CLUSTER', 'MYID']));
      await replica.command(['CLUSTER', 'MEET', '127.0.0.1', String(primary.port)]);
      await waitFor(async () => String(await replica.command(['CLUSTER', 'NODES'])).includes(id), `node ${replica.port} to meet ${primary.port}`, 10_000);
      await replica.command(['CLUSTER', 'REPLICATE', id]);
      await waitFor(async () => /master_link_status:up/.test(String(await replica.command(['INFO', 'replication']))), `replica ${replica.port} to sync`, 10_000);
      await untilOk(replica);
      return replica;
    },
    async restart(node, downMs = 0) {
      await node.restart(downMs);
      await untilOk(node);
    },
    stop,
  };
}

/** Waits until the node sees every slot covered (the gossip needs a moment after create). */
async function untilOk(node: TestRedis): Promise<void> {
  await waitFor(async () => /cluster_state:ok/.test(String(await node.command(['CLUSTER', 'INFO']))), `cluster node ${node.port} to reach cluster_state:ok`, 10_000);
}
