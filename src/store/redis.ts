import {
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  createClient,
  DisconnectsClientError,
  ErrorReply,
  ReconnectStrategyError,
  RESP_TYPES,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
  type RedisScripts,
  type TypeMapping,
} from 'redis';
import { kvError, KvError } from '../errors.js';
import { createClusterConnection, type ClusterTarget } from './cluster.js';
import { defineScripts, type ScriptName } from './scripts.js';
import { createSentinelConnection, type SentinelTarget } from './sentinel.js';

/** Where the Redis server is: a `redis://` / `rediss://` URL, a unix socket path, Sentinel or Cluster. */
export type RedisTarget = { url: string } | { socketPath: string } | { sentinel: SentinelTarget } | { cluster: ClusterTarget };

/** The slice of the node-redis client the store uses; blob strings arrive as Buffers. */
export type ScriptRunner = {
  [N in ScriptName]: (keys: Array<string | Buffer>, args: Array<string | Buffer>) => Promise<unknown>;
};
export interface RedisConnection extends ScriptRunner {
  sendCommand(args: Array<string | Buffer>): Promise<unknown>;
  scriptLoad(script: string): Promise<unknown>;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'ready' | 'end', listener: () => void): unknown;
  readonly isReady: boolean;
}

/** The client settings every kvgate connection uses, whatever it connects to. */
export interface ClientSettings {
  RESP: 3;
  name: string | undefined;
  disableOfflineQueue: boolean;
  scripts: RedisScripts;
  commandOptions: { typeMapping: TypeMapping; timeout: number };
  socket: { connectTimeout: number; keepAlive: boolean; noDelay: boolean; reconnectStrategy(retries: number): number };
}

export interface ConnectOptions {
  onError(err: Error): void;
  /** Client name shown by CLIENT LIST. */
  name?: string;
}

/**
 * Creates (does not connect) a client: RESP3, Buffers for every blob string (keys and
 * values are bytes), the kvgate scripts attached, reconnecting with backoff, and failing
 * commands at once while disconnected so a request is answered instead of hanging.
 */
export function createRedisConnection(target: RedisTarget, options: ConnectOptions): RedisConnection {
  const settings = {
    RESP: 3,
    name: options.name,
    disableOfflineQueue: true,
    scripts: defineScripts(),
    // No per-command timer (an AbortSignal per call); RedisLink's watchdog covers a hung server.
    commandOptions: { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer }, timeout: 0 },
    socket: {
      connectTimeout: 5_000,
      keepAlive: true,
      noDelay: true,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
  } satisfies ClientSettings;
  if ('sentinel' in target) return createSentinelConnection(target.sentinel, settings, options);
  if ('cluster' in target) return createClusterConnection(target.cluster, settings, options);
  const { socket, ...common } = settings;
  const client = createClient({
    ...('url' in target ? { url: target.url, socket } : { socket: { ...socket, path: target.socketPath } }),
    ...common,
  });
  client.on('error', options.onError);
  return client as unknown as RedisConnection;
}

/**
 * Runs kvgate's scripts over one connection: maps every failure through fromRedisError,
 * and watches for a server that stopped answering (node-redis has no reply deadline once
 * its per-command timers are off): when calls are in flight and none completes for
 * `stallSeconds`, the connection is dropped — pending calls fail at once, like a Consul
 * without a leader — and opened again.
 */
export class RedisLink {
  #inFlight = 0;
  #completed = 0;
  #lastCompleted = 0;
  #stalledSeconds = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly conn: RedisConnection,
    private readonly options: { stallSeconds: number; onStall(): void },
  ) {
    this.#timer = setInterval(() => this.#watch(), 1_000);
    this.#timer.unref();
  }

  /** Runs a script with its KEYS and ARGV; blob strings arrive as Buffers, nil as null. */
  run(script: ScriptName, keys: Array<string | Buffer>, args: Array<string | Buffer>): Promise<unknown[]> {
    return this.#track(this.conn[script](keys, args)) as Promise<unknown[]>;
  }

  /** A plain command (not a script), with the same error mapping and watchdog. */
  command(args: Array<string | Buffer>): Promise<unknown> {
    return this.#track(this.conn.sendCommand(args));
  }

  async #track(reply: Promise<unknown>): Promise<unknown> {
    this.#inFlight++;
    try {
      return await reply;
    } catch (err) {
      throw fromRedisError(err);
    } finally {
      this.#inFlight--;
      this.#completed++;
    }
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #watch(): void {
    const progressed = this.#completed !== this.#lastCompleted;
    this.#lastCompleted = this.#completed;
    this.#stalledSeconds = this.#inFlight > 0 && !progressed ? this.#stalledSeconds + 1 : 0;
    if (this.#stalledSeconds < this.options.stallSeconds) return;
    this.#stalledSeconds = 0;
    this.options.onStall();
    this.conn.destroy();
    this.conn.connect().catch(() => {});
  }
}

const MIN_REDIS_MAJOR = 7;

/** Checks the server can run kvgate's scripts and loads them (so EVALSHA hits). */
export async function prepareRedis(conn: RedisConnection, scripts: readonly string[]): Promise<{ version: string; maxmemoryPolicy: string }> {
  const info = String(await conn.sendCommand(['INFO', 'server']));
  const version = /redis_version:([\d.]+)/.exec(info)?.[1] ?? 'unknown';
  if (Number.parseInt(version, 10) < MIN_REDIS_MAJOR) {
    throw new Error(`Redis ${version} is too old: kvgate needs Redis ${MIN_REDIS_MAJOR}.0 or newer (script flags, EVALSHA_RO)`);
  }
  for (const script of scripts) await conn.scriptLoad(script);
  const policy = (await conn.sendCommand(['CONFIG', 'GET', 'maxmemory-policy']).catch(() => null)) as unknown;
  return { version, maxmemoryPolicy: configValue(policy) ?? 'unknown' };
}

function configValue(reply: unknown): string | undefined {
  if (reply instanceof Map) return [...reply.values()][0]?.toString();
  if (Array.isArray(reply)) return reply[1]?.toString();
  if (reply && typeof reply === 'object') return Object.values(reply)[0]?.toString();
  return undefined;
}

/**
 * The one place Redis failures become kvgate errors: our scripts' domain codes, states in
 * which Redis cannot serve now (answered like Consul without a leader, which clients
 * retry), and everything else as an internal error carrying Redis' text.
 */
export function fromRedisError(err: unknown): KvError {
  if (err instanceof KvError) return err;
  if (err instanceof ErrorReply) {
    const message = err.message;
    const scanLimit = /^SCANLIMIT (\d+)/.exec(message);
    if (scanLimit) return kvError('SCAN_LIMIT', Number(scanLimit[1]));
    if (/^(LOADING|READONLY|MASTERDOWN|BUSY|CLUSTERDOWN|TRYAGAIN)\b/.test(message)) return kvError('NO_LEADER');
    if (message.startsWith('OOM')) return kvError('INTERNAL', `kvgate: Redis is out of memory and refuses writes (${message})`);
    return kvError('INTERNAL', `kvgate: Redis error: ${message}`);
  }
  if (UNREACHABLE.some((type) => err instanceof type)) return kvError('NO_LEADER');
  return kvError('INTERNAL', `kvgate: ${err instanceof Error ? err.message : String(err)}`);
}

const UNREACHABLE = [
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
];
