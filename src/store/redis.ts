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
  // A socket error surfacing from a command in flight (`read ECONNRESET`) is an outage too.
  if (SOCKET_ERRORS.has((err as NodeJS.ErrnoException | null)?.code ?? '')) return kvError('NO_LEADER');
  return kvError('INTERNAL', `kvgate: ${err instanceof Error ? err.message : String(err)}`);
}

const SOCKET_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTCONN', 'EAI_AGAIN']);

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
