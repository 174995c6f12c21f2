import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';
import type { RedisTarget } from './redis-target.js';

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
export async function startRedisChild(dataDirArg: string, log: Logger): Promise<RedisChild> {
  // redis-server chdirs into --dir before it opens the log, pid file and socket.
  const dataDir = resolvePath(dataDirArg);
  const binary = findOnPath('redis-server');
  if (!binary) throw new RedisChildError(INSTALL_HINT);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const releaseLock = lockDataDir(dataDir);
  try {
    const pidFile = join(dataDir, 'redis.pid');
    const socketPath = socketPathFor(dataDir);
    await stopOrphan(pidFile, socketPath, log);
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
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      // spawn failures (EACCES, ENOENT) arrive as 'error' without an 'exit'.
      child.once('error', (err) => {
        stderr += `${err.message}\n`;
        resolve(null);
      });
    });
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
    if (dir && isExecutableFile(join(dir, name))) return join(dir, name);
  }
  return null;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
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
      throw new RedisChildError(
        `data dir ${dataDir} is in use by another kvgate (pid ${holder}); give each instance its own --data-dir or share one Redis with --redis` +
          ` (if no kvgate runs there, remove ${lockFile})`,
      );
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

/**
 * Stops the redis-server named by a pid file a killed kvgate left behind, but only when that
 * process is still the server of this data dir: after a reboot the pid may belong to
 * another program, or to another Redis that must not be touched.
 */
async function stopOrphan(pidFile: string, socketPath: string, log: Logger): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!isAlive(pid) || !isOurRedisServer(pid, socketPath)) return;
  log.warn({ pid }, 'stopping the redis-server a previous kvgate left running on this data dir');
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && isAlive(pid); i++) await sleep(50);
  if (isAlive(pid)) throw new RedisChildError(`redis-server pid ${pid} from a previous run does not stop; stop it and retry`);
}

/** True while `pid` runs; an exited process its parent has not reaped yet (zombie) is gone. */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false; // no procfs (macOS): kill(pid, 0) is all we know
  }
}

/** Our child's process title is `redis-server unixsocket:<socketPath>` (proc-title-template). */
function isOurRedisServer(pid: number, socketPath: string): boolean {
  try {
    const args = execFileSync('ps', ['-ww', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    return args.includes('redis-server') && args.includes(socketPath);
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
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 10_000)));
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer); // a pending timer would keep a failed start alive for 10 s
  if (outcome === 'timeout') {
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
