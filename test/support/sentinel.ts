import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort, kill } from './redis.js';

/** A Redis Sentinel this test owns, monitoring one primary as `name`, quorum 1. */
export interface TestSentinel {
  readonly port: number;
  readonly url: string;
  command(args: string[]): Promise<unknown>;
  /** The primary's port as the sentinel names it now. */
  primaryPort(): Promise<number>;
  stop(): Promise<void>;
}

export async function startSentinel(name: string, primaryPort: number, port?: number): Promise<TestSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'kvgate-test-sentinel-'));
  port ??= await freePort();
  const config = join(dir, 'sentinel.conf');
  // Sentinel rewrites its config file as it learns, so it gets a file of its own.
  writeFileSync(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 5000`,
    ].join('\n') + '\n',
  );
  const child: ChildProcess = spawn('redis-server', [config, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('+monitor master')) resolve();
    });
    child.stderr?.resume();
    child.once('exit', (code) => reject(new Error(`redis-server --sentinel exited (${code}): ${output}`)));
  });
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on('error', () => {});
  await client.connect();
  return {
    port,
    url: `redis+sentinel://127.0.0.1:${port}/${name}`,
    command: (args) => client.sendCommand(args),
    async primaryPort() {
      const [, primary] = (await client.sendCommand(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name])) as [string, string];
      return Number(primary);
    },
    async stop() {
      await client.close().catch(() => {});
      await kill(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
