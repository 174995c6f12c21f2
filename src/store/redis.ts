import {
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ErrorReply,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from 'redis';
import { kvError, KvError } from '../errors.js';
import type { RedisConnection } from './redis-connection.js';
import type { ScriptName } from './scripts.js';

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
    if (message.startsWith('INDEXLIMIT')) return kvError('INDEX_LIMIT');
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
