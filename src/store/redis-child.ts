import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';
import type { RedisTarget } from './redis.js';

/** The Redis settings kvgate ships: append-only durability, no eviction of KV data. */
export const REDIS_CONFIG_PATH = fileURLToPath(new URL('./redis.conf', import.meta.url));

export interface RedisChild {
  target: RedisTarget;
  pid: number;
  /** Stops the server (it flushes its append-only file) and releases the data dir. */
  stop(): Promise<void>;
}

export class RedisChildError extends Error {}

const INSTALL_HINT =
  'redis-server was not found on PATH. kvgate runs its own Redis when no --redis URL is given.\n' +
  '  Install it:  sudo apt-get install redis-server   (Debian/Ubuntu)\n' +
  '               sudo dnf install redis             (Fedora/RHEL)\n' +
  '               brew install redis                 (macOS)\n' +
  '  or point kvgate at a running Redis 7+:  kvgate serve --redis redis://127.0.0.1:6379  (or REDIS_URL)';

/**
 * Starts a private redis-server owned by this process, keeping its data in dataDir so it
 * survives restarts. The data dir is locked against a second kvgate; a redis-server left
 * behind by a kvgate that was killed is shut down first (two servers must never share one
 * append-only file). It listens on a unix socket only (mode 700), never on TCP.
 */
export async function startRedisChild(dataDir: string, log: Logger): Promise<RedisChild> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new RedisChildError(INSTALL_HINT);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const releaseLock = lockDataDir(dataDir);
  try {
    const pidFile = join(dataDir, 'redis.pid');
    await stopOrphan(pidFile, log);
    const socketPath = socketPathFor(dataDir);
    rmSync(socketPath, { force: true });
    const logFile = join(dataDir, 'redis.log');
    const child = spawn(
      binary,
      [
        REDIS_CONFIG_PATH,
        '--dir', dataDir,
        '--port', '0',
        '--unixsocket', socketPath,
        '--unixsocketperm', '700',
        '--pidfile', pidFile,
        '--logfile', logFile,
        '--daemonize', 'no',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitForSocket(socketPath, exited, () => `${stderr}${tail(logFile)}`);
    const killOnExit = () => child.kill('SIGTERM');
    process.once('exit', killOnExit);
    log.info({ pid: child.pid, dataDir, socket: socketPath }, 'started private redis-server');
    return {
      target: { socketPath },
      pid: child.pid as number,
      async stop() {
        process.off('exit', killOnExit);
        await stopChild(child, exited);
        releaseLock();
        log.info({ dataDir }, 'stopped private redis-server');
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** A unix socket path must fit in sun_path (~104 bytes); long data dirs use the temp dir. */
function socketPathFor(dataDir: string): string {
  const inDir = join(dataDir, 'redis.sock');
  if (Buffer.byteLength(inDir) < 100) return inDir;
  return join(tmpdir(), `kvgate-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}.sock`);
}

function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'kvgate.lock');
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(lockFile, 'utf8').trim());
    if (holder !== process.pid && isAlive(holder)) {
      throw new RedisChildError(`data dir ${dataDir} is in use by another kvgate (pid ${holder}); give each instance its own --data-dir or share one Redis with --redis`);
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

async function stopOrphan(pidFile: string, log: Logger): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!isAlive(pid) || !isRedisServer(pid)) return;
  log.warn({ pid }, 'stopping the redis-server a previous kvgate left running on this data dir');
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && isAlive(pid); i++) await sleep(50);
  if (isAlive(pid)) throw new RedisChildError(`redis-server pid ${pid} from a previous run does not stop; stop it and retry`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isRedisServer(pid: number): boolean {
  try {
    return execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).includes('redis-server');
  } catch {
    return false;
  }
}

async function waitForSocket(path: string, exited: Promise<number | null>, diagnostics: () => string): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new RedisChildError(`redis-server exited (code ${exitCode}) while starting:\n${diagnostics().trim()}`);
    }
    if (existsSync(path) && (await canConnect(path))) return;
    await sleep(25);
  }
  throw new RedisChildError(`redis-server did not accept connections within 15s:\n${diagnostics().trim()}`);
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = sleep(10_000).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
