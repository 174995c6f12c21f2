import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI_BIN, cliEnv, removeTempDirs, ROOT, tempDir, untilServing } from '../support/cli.js';
import { b64, kvEntry, writeKey } from '../support/consul.js';
import { http } from '../support/http.js';
import { freePort, startRedis, type TestRedis, useRedis } from '../support/redis.js';
import { sleep } from '../support/wait.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A kvgate process this file started; killed by PID after each test. */
interface Kvgate {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

const processes: Kvgate[] = [];
/** redis-server children of the kvgates above, which outlive a kvgate killed with SIGKILL. */
const redisPids: number[] = [];

beforeAll(() => assertBuilt(['src/cli/main.ts', 'src/cli/serve.ts', 'src/config.ts', 'src/server.ts', 'src/store/redis-child.ts']));

afterEach(async () => {
  for (const proc of processes.splice(0)) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
  }
  for (const pid of redisPids.splice(0)) {
    if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
  removeTempDirs();
});

function launch(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Kvgate {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const proc = { child, pid: child.pid as number, exited, stdout: () => out, stderr: () => err };
  processes.push(proc);
  return proc;
}

/** Runs a kvgate command that is expected to finish by itself. */
async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = launch(args, env);
  const { code } = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

/** Resolves once proc serves on port (its Redis answers). */
const waitReady = (proc: Kvgate, port: number) => untilServing(proc.child, port, () => `${proc.stderr()}${proc.stdout()}`);

/** Starts `kvgate serve` on a free port and waits until it serves. */
async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ proc: Kvgate; port: number }> {
  const port = await freePort();
  const proc = launch(['serve', '--addr', `127.0.0.1:${port}`, ...args], env);
  await waitReady(proc, port);
  return { proc, port };
}

/** Starts `kvgate serve` with its own redis-server in dataDir; returns that server's pid too. */
async function serveOwn(dataDir: string): Promise<{ proc: Kvgate; port: number; redisPid: number }> {
  const started = await serve(['--data-dir', dataDir]);
  const redisPid = Number(readFileSync(join(dataDir, 'redis.pid'), 'utf8').trim());
  redisPids.push(redisPid);
  return { ...started, redisPid };
}

async function terminate(proc: Kvgate, signal: NodeJS.Signals = 'SIGTERM') {
  proc.child.kill(signal);
  return proc.exited;
}

/** True while the process runs (an exited, unreaped zombie does not count). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true;
  }
}

describe('kvgate command line', () => {
  it('--version prints the package version and exits 0', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `kvgate ${VERSION}\n`, stderr: '' });
    expect((await run(['version'])).stdout).toBe(`kvgate ${VERSION}\n`);
  });

  it('--help lists the commands and exits 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: kvgate <command> [options]');
    expect(stdout).toMatch(/^ {2}serve +run the gateway/m);
    expect(stderr).toBe('');
  });

  it('without a command prints the usage on stderr and exits 2', async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: kvgate <command> [options]');
  });

  it('an unknown command exits 2 and names it on stderr', async () => {
    const { code, stdout, stderr } = await run(['sevre']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('kvgate: unknown command "sevre"');
    expect(stderr).toContain('Usage: kvgate <command> [options]');
  });

  it('serve --help prints every option with its variable and default, and exits 0', async () => {
    const { code, stdout } = await run(['serve', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: kvgate serve [options]');
    for (const [flag, env] of [
      ['--addr HOST:PORT', 'KVGATE_ADDR'],
      ['--redis URL', 'REDIS_URL'],
      ['--dc NAME', 'KVGATE_DC'],
      ['--node NAME', 'KVGATE_NODE'],
      ['--data-dir DIR', 'KVGATE_DATA_DIR'],
      ['--max-value-size BYTES', 'KVGATE_MAX_VALUE_SIZE'],
      ['--scan-limit N', 'KVGATE_SCAN_LIMIT'],
      ['--feed-length N', 'KVGATE_FEED_LENGTH'],
      ['--key-prefix PREFIX', 'KVGATE_KEY_PREFIX'],
      ['--log-level LEVEL', 'KVGATE_LOG_LEVEL'],
    ]) {
      expect(stdout).toMatch(new RegExp(`^ {2}${flag} +${env} +\\S`, 'm'));
    }
    expect(stdout).toContain('(default 127.0.0.1:8500)');
  });

  it('serve with an unknown flag exits 2 and says what is wrong on stderr', async () => {
    const { code, stdout, stderr } = await run(['serve', '--port', '8500']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("kvgate serve: Unknown option '--port'");
    expect(stderr).toContain('Run "kvgate serve --help" for the options.');
  });

  it('serve with bad values exits 2 and lists every problem, from flags and environment', async () => {
    const { code, stderr } = await run(['serve', '--addr', '127.0.0.1:99999', '--dc', 'a b'], { KVGATE_LOG_LEVEL: 'loud' });
    expect(code).toBe(2);
    expect(stderr).toContain('kvgate serve: invalid configuration:');
    expect(stderr).toContain('--addr (KVGATE_ADDR) "127.0.0.1:99999"');
    expect(stderr).toContain('--dc (KVGATE_DC) "a b"');
    expect(stderr).toContain('--log-level (KVGATE_LOG_LEVEL) "loud"');
  });
});

describe('kvgate serve with its own redis-server', () => {
  it('serves the Consul API, and on SIGTERM exits 0 and stops its redis-server', async () => {
    const dataDir = join(tempDir('own'), 'data');
    const { proc, port, redisPid } = await serveOwn(dataDir);
    expect(isRunning(redisPid)).toBe(true);

    expect((await http(port, 'GET', '/v1/status/leader')).text).toBe('"127.0.0.1:8300"');
    await writeKey(port, 'app/config', 'hello', '?flags=42');
    expect(await kvEntry(port, 'app/config')).toMatchObject({ Value: b64('hello'), Flags: 42 });
    expect(await kvEntry(port, 'missing')).toBeNull();

    expect(await terminate(proc)).toEqual({ code: 0, signal: null });
    expect(isRunning(redisPid)).toBe(false);
    expect(existsSync(join(dataDir, 'kvgate.lock'))).toBe(false);
  });

  it('keeps the data across a restart on the same --data-dir', async () => {
    const dataDir = tempDir('restart');
    const first = await serveOwn(dataDir);
    await writeKey(first.port, 'kept', 'v1', '?flags=7');
    const before = await kvEntry(first.port, 'kept');
    expect(await terminate(first.proc)).toMatchObject({ code: 0 });

    const second = await serveOwn(dataDir);
    expect(second.redisPid).not.toBe(first.redisPid);
    expect(await kvEntry(second.port, 'kept')).toEqual(before);
    await writeKey(second.port, 'next', 'v2');
    const next = await kvEntry(second.port, 'next');
    expect(next?.ModifyIndex).toBeGreaterThan(before?.ModifyIndex ?? Infinity);
  });

  it('keeps an acknowledged write when kvgate and its redis-server are both killed (append-only file)', async () => {
    const dataDir = tempDir('crash');
    const first = await serveOwn(dataDir);
    await writeKey(first.port, 'durable', 'yes');
    await terminate(first.proc, 'SIGKILL');
    process.kill(first.redisPid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (isRunning(first.redisPid) && Date.now() < deadline) await sleep(20);
    expect(isRunning(first.redisPid)).toBe(false);

    const second = await serveOwn(dataDir);
    expect(await kvEntry(second.port, 'durable')).toMatchObject({ Value: b64('yes') });
  });

  it('refuses a second kvgate on a data dir that a running kvgate uses, and the first keeps serving', async () => {
    const dataDir = tempDir('shared');
    const first = await serveOwn(dataDir);
    await writeKey(first.port, 'k', 'v');

    const port = await freePort();
    const second = await run(['serve', '--addr', `127.0.0.1:${port}`, '--data-dir', dataDir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`data dir ${dataDir} is in use by another kvgate (pid ${first.proc.pid})`);

    expect(isRunning(first.redisPid)).toBe(true);
    expect(await kvEntry(first.port, 'k')).toMatchObject({ Value: b64('v') });
  });

  it('after a kvgate was killed with SIGKILL, the next start stops the orphaned redis-server and serves its data', async () => {
    const dataDir = tempDir('orphan');
    const first = await serveOwn(dataDir);
    await writeKey(first.port, 'survivor', 'still here');
    expect(await terminate(first.proc, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isRunning(first.redisPid)).toBe(true); // left behind, still holding the data dir

    const second = await serveOwn(dataDir);
    expect(isRunning(first.redisPid)).toBe(false);
    expect(second.redisPid).not.toBe(first.redisPid);
    expect(second.proc.stdout()).toContain('stopping the redis-server a previous kvgate left running on this data dir');
    expect(await kvEntry(second.port, 'survivor')).toMatchObject({ Value: b64('still here') });
    expect(await terminate(second.proc)).toMatchObject({ code: 0 });
  });

  it('does not stop an unrelated redis-server whose pid a stale redis.pid happens to name', async () => {
    const other = await startRedis();
    try {
      const dataDir = tempDir('stale');
      writeFileSync(join(dataDir, 'redis.pid'), `${other.pid()}\n`);
      const { proc, port } = await serveOwn(dataDir);
      await writeKey(port, 'k', 'v');
      expect(isRunning(other.pid())).toBe(true);
      expect(await other.command(['PING'])).toBe('PONG');
      expect(await terminate(proc)).toMatchObject({ code: 0 });
    } finally {
      await other.stop();
    }
  });

  it('accepts a relative --data-dir', async () => {
    const base = tempDir('relative');
    const port = await freePort();
    const proc = launch(['serve', '--addr', `127.0.0.1:${port}`, '--data-dir', 'state'], {}, base);
    await waitReady(proc, port);
    redisPids.push(Number(readFileSync(join(base, 'state', 'redis.pid'), 'utf8')));
    await writeKey(port, 'k', 'v');
    expect(existsSync(join(base, 'state', 'appendonlydir'))).toBe(true);
    expect(await terminate(proc)).toMatchObject({ code: 0 });
  });

  it('without redis-server on PATH exits 1 and says how to install it or use --redis', async () => {
    const bin = tempDir('path');
    symlinkSync(process.execPath, join(bin, 'node'));
    const dataDir = join(bin, 'data');
    const port = await freePort();
    const { code, stderr } = await run(['serve', '--addr', `127.0.0.1:${port}`, '--data-dir', dataDir], { PATH: bin });
    expect(code).toBe(1);
    expect(stderr).toContain('redis-server was not found on PATH');
    expect(stderr).toContain('apt-get install redis-server');
    expect(stderr).toContain('brew install redis');
    expect(stderr).toContain('--redis redis://');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('ignores a redis-server on PATH that is not an executable file', async () => {
    const bin = tempDir('path-noexec');
    mkdirSync(join(bin, 'redis-server'));
    const { code, stderr } = await run(['serve', '--addr', `127.0.0.1:${await freePort()}`, '--data-dir', join(bin, 'data')], {
      PATH: `${bin}:${dirname(process.execPath)}-not-there`,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('redis-server was not found on PATH');
  });

  describe('when the HTTP port is taken', () => {
    let blocker: Server;
    let port: number;
    beforeAll(async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      port = (blocker.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    it('exits 1 with the reason on stderr and stops the redis-server it started', async () => {
      const dataDir = tempDir('busy');
      const { code, stderr } = await run(['serve', '--addr', `127.0.0.1:${port}`, '--data-dir', dataDir]);
      expect(code).toBe(1);
      expect(stderr).toContain(`address 127.0.0.1:${port} is already in use`);
      // redis-server removes its pid file when it shuts down cleanly.
      expect(existsSync(join(dataDir, 'redis.pid'))).toBe(false);
      expect(existsSync(join(dataDir, 'kvgate.lock'))).toBe(false);
    });

    it('exits 1 with the reason on stderr when it uses --redis', async () => {
      const { code, stderr } = await run(['serve', '--addr', `127.0.0.1:${port}`, '--redis', 'redis://127.0.0.1:1']);
      expect(code).toBe(1);
      expect(stderr).toContain(`address 127.0.0.1:${port} is already in use`);
    });
  });
});

describe('kvgate serve --redis', () => {
  let redis: TestRedis;
  useRedis((started) => (redis = started));

  it('serves from the given Redis, starts no redis-server of its own, and leaves that Redis running on SIGTERM', async () => {
    await redis.command(['FLUSHALL']);
    const dataDir = join(tempDir('given'), 'unused');
    const { proc, port } = await serve(['--redis', redis.url, '--data-dir', dataDir]);
    await writeKey(port, 'shared/key', 'from kvgate');
    expect(await kvEntry(port, 'shared/key')).toMatchObject({ Value: b64('from kvgate') });
    const keys = (await redis.command(['KEYS', 'kvgate:{dc1}:*'])) as Buffer[];
    expect(keys.length).toBeGreaterThan(0);
    expect(existsSync(dataDir)).toBe(false);

    expect(await terminate(proc)).toEqual({ code: 0, signal: null });
    expect(await redis.command(['PING'])).toBe('PONG');
  });

  it('takes the Redis from REDIS_URL, and a second gateway on the same Redis sees the same data', async () => {
    await redis.command(['FLUSHALL']);
    const a = await serve([], { REDIS_URL: redis.url });
    const b = await serve([], { REDIS_URL: redis.url });
    await writeKey(a.port, 'seen/by/both', 'x');
    expect(await kvEntry(b.port, 'seen/by/both')).toMatchObject({ Value: b64('x') });
  });
});
