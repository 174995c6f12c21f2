import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startRedis, type TestRedis } from './redis.js';

/** A Redis Cluster this test owns: masters only, the slots split evenly by redis-cli. */
export interface TestCluster {
  readonly nodes: TestRedis[];
  /** redis+cluster:// URL naming the first node (the rest are discovered). */
  readonly url: string;
  /** The node serving the slot of key. */
  nodeFor(key: string): Promise<TestRedis>;
  /** Kills a node (losing its data) and starts it again after downMs, back in the cluster. */
  restart(node: TestRedis, downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(size = 3): Promise<TestCluster> {
  const nodes: TestRedis[] = [];
  const stop = async () => {
    for (const node of nodes) await node.stop();
  };
  try {
    for (let i = 0; i < size; i++) {
      nodes.push(await startRedis({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'] }));
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
    async restart(node, downMs = 0) {
      await node.restart(downMs);
      await untilOk(node);
    },
    stop,
  };
}

/** Waits until the node sees every slot covered (the gossip needs a moment after create). */
async function untilOk(node: TestRedis): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (/cluster_state:ok/.test(String(await node.command(['CLUSTER', 'INFO'])))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`cluster node ${node.port} never reached cluster_state:ok`);
}
