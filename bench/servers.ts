import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A server process under test. */
export interface BenchServer {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** Resident set size in bytes, from /proc (0 where /proc is missing). */
  rss(): number;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server for the run: no persistence, so disks do not blur the ratio. */
export async function startBenchRedis(): Promise<BenchServer & { url: string }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
  });
  child.stdout?.resume();
  return { ...wrap('redis', port, child), url: `redis://127.0.0.1:${port}` };
}

/** kvgate as users run it: the built CLI against the given Redis. */
export async function startKvgate(redisUrl: string, extraArgs: string[] = []): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [`${ROOT}/dist/cli/main.js`, 'serve', '--addr', `127.0.0.1:${port}`, '--redis', redisUrl, '--log-level', 'warn', ...extraArgs], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForLeader(port);
  return wrap('kvgate', port, child);
}

export function startBaseline(redisUrl: string): Promise<BenchServer> {
  return startScript('baseline', 'baseline.mjs', [redisUrl]);
}

/** graphql-yoga serving `{ hello }`, nothing else. */
export function startYogaHello(): Promise<BenchServer> {
  return startScript('yoga { hello }', 'yoga-hello.mjs', []);
}

/** A bench/*.mjs server that takes its port first and says when it listens. */
async function startScript(name: string, script: string, args: string[]): Promise<BenchServer> {
  const port = await freePort();
  const child = fork(`${ROOT}/bench/${script}`, [String(port), ...args], { stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${name} exited (${code})`)));
  });
  return wrap(name, port, child);
}

async function waitForLeader(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const leader = await fetch(`http://127.0.0.1:${port}/v1/status/leader`).then((r) => r.text()).catch(() => '');
    if (leader.length > 2) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('kvgate did not become ready');
}

function wrap(name: string, port: number, child: ChildProcess): BenchServer {
  return {
    name,
    port,
    pid: child.pid as number,
    rss() {
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return Number(kb ?? 0) * 1024;
      } catch {
        return 0;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
