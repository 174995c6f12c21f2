import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, RESP_TYPES } from 'redis';
import { afterAll, beforeAll } from 'vitest';

/** A redis-server this test owns: its own loopback port and directory, killed by PID. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  pid(): number;
  /** Raw commands, blob strings as Buffers. */
  command(args: Array<string | Buffer>): Promise<unknown>;
  /** Kills the server (SIGKILL, no save) and starts it again on the same port and dir, after downMs. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(options: { appendonly?: boolean; args?: string[] } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'kvgate-test-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    child = await launch(port, dir, options).catch(() => undefined);
  }
  if (!child) throw new Error('could not start redis-server for the test');
  const client = createClient({ url: `redis://127.0.0.1:${port}`, RESP: 3, commandOptions: { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } } });
  client.on('error', () => {});
  await client.connect();
  const self: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: () => child?.pid as number,
    command: (args) => client.sendCommand(args),
    async restart(downMs = 0) {
      await kill(child as ChildProcess);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await launch(port, dir, options);
    },
    async stop() {
      await client.close().catch(() => {});
      if (child) await kill(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** A redis-server for the whole test file (or describe block): started before its tests, handed to `started`, stopped after them. */
export function useRedis(started: (redis: TestRedis) => void): void {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    started(redis);
  });
  afterAll(async () => {
    await redis?.stop();
  });
}

function launch(port: number, dir: string, options: { appendonly?: boolean; args?: string[] }): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', options.appendonly ? 'yes' : 'no', '--maxmemory-policy', 'noeviction', ...(options.args ?? [])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
}

/** SIGKILL, resolved once the process is gone. */
export function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
