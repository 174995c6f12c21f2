import { createSentinel, type RedisScripts, type RedisSentinelType } from 'redis';
import type { ConnectOptions, RedisConnection } from './redis.js';
import { SCRIPT_SPECS, type ScriptName } from './scripts.js';

/** A primary found through Redis Sentinel: the monitored name and where the sentinels are. */
export interface SentinelTarget {
  name: string;
  sentinels: Array<{ host: string; port: number }>;
  /** Credentials for the primary (the sentinels themselves are asked without). */
  username?: string;
  password?: string;
}

const SCHEME = 'redis+sentinel://';
const SENTINEL_PORT = 26379;

/**
 * `redis+sentinel://[[user]:password@]host[:port][,host[:port]…]/name`: the sentinels to ask
 * (port 26379 by default) and the name of the primary they monitor. Throws with what is wrong.
 */
export function parseSentinelUrl(url: string): SentinelTarget {
  if (!url.startsWith(SCHEME)) throw new Error(`a Sentinel URL starts with ${SCHEME}`);
  const rest = url.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const name = slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1).replace(/[?#].*$/, ''));
  if (name === '' || name.includes('/')) throw new Error(`the primary's name goes after the sentinels (${SCHEME}host:26379/mymaster)`);
  let hosts = slash < 0 ? rest : rest.slice(0, slash);
  const target: SentinelTarget = { name, sentinels: [] };
  const at = hosts.lastIndexOf('@');
  if (at >= 0) {
    const [user, password] = hosts.slice(0, at).split(':', 2) as [string, string | undefined];
    if (password === undefined) target.password = decodeURIComponent(user);
    else {
      if (user !== '') target.username = decodeURIComponent(user);
      target.password = decodeURIComponent(password);
    }
    hosts = hosts.slice(at + 1);
  }
  for (const hostPort of hosts.split(',')) {
    const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostPort);
    const port = match?.[2] === undefined ? SENTINEL_PORT : Number(match[2]);
    if (!match || port < 1 || port > 65535) throw new Error(`"${hostPort}" is not a sentinel address (host or host:port)`);
    target.sentinels.push({ host: (match[1] as string).replace(/^\[(.*)\]$/, '$1'), port });
  }
  return target;
}

/** Where the target points, for logs: no credentials. */
export function describeSentinel(target: SentinelTarget): string {
  return `${SCHEME}${target.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}/${target.name}`;
}

/** The client settings every kvgate connection uses (see createRedisConnection). */
export interface ClientSettings {
  RESP: 3;
  name: string | undefined;
  disableOfflineQueue: boolean;
  scripts: RedisScripts;
  commandOptions: object;
  socket: object;
}

/**
 * A RedisConnection to whichever server the sentinels name as primary, following
 * failovers: node-redis' RedisSentinel asks the sentinels, connects to the primary, and
 * moves to the new one when they promote a replica (pending commands are retried there).
 * Every command goes to the primary: kvgate reads what it writes.
 */
export function createSentinelConnection(target: SentinelTarget, settings: ClientSettings, options: ConnectOptions): RedisConnection {
  const { socket, RESP, scripts, commandOptions, disableOfflineQueue, name } = settings;
  const create = () =>
    createSentinel({
      name: target.name,
      sentinelRootNodes: target.sentinels,
      RESP,
      scripts,
      commandOptions,
      nodeClientOptions: { socket, disableOfflineQueue, name, username: target.username, password: target.password },
      sentinelClientOptions: { socket },
      passthroughClientErrorEvents: true,
    });
  return new SentinelConnection(create, options) as unknown as RedisConnection;
}

/** Adapts RedisSentinel to RedisConnection; destroy() drops it and connect() starts a fresh one. */
class SentinelConnection {
  #sentinel: RedisSentinelType;
  #closed = false;
  readonly #listeners: Array<[string, Listener]> = [];

  constructor(
    private readonly create: () => RedisSentinelType,
    options: ConnectOptions,
  ) {
    this.#sentinel = this.#open();
    this.on('error', options.onError);
    // The script methods (kvSet, txn, …), run by whichever RedisSentinel is current.
    for (const script of Object.keys(SCRIPT_SPECS) as ScriptName[]) {
      Object.defineProperty(this, script, { value: (keys: unknown, args: unknown) => (this.#sentinel as unknown as ScriptCalls)[script](keys, args) });
    }
  }

  #open(): RedisSentinelType {
    const sentinel = this.create();
    for (const [event, listener] of this.#listeners) sentinel.on(event, listener);
    return sentinel;
  }

  get isReady(): boolean {
    return this.#sentinel.isReady;
  }

  on(event: string, listener: Listener): this {
    this.#listeners.push([event, listener]);
    this.#sentinel.on(event, listener);
    return this;
  }

  sendCommand(args: Array<string | Buffer>): Promise<unknown> {
    return this.#sentinel.sendCommand(false, args);
  }

  scriptLoad(script: string): Promise<unknown> {
    return this.#sentinel.sendCommand(false, ['SCRIPT', 'LOAD', script]);
  }

  async connect(): Promise<unknown> {
    if (this.#closed) this.#sentinel = this.#open();
    this.#closed = false;
    if (!this.#sentinel.isOpen) await this.#sentinel.connect();
    return this;
  }

  close(): Promise<void> {
    this.#closed = true;
    return this.#sentinel.close();
  }

  destroy(): void {
    this.#closed = true;
    this.#sentinel.destroy().catch(() => {});
  }
}

type Listener = Parameters<RedisSentinelType['on']>[1];
type ScriptCalls = Record<ScriptName, (keys: unknown, args: unknown) => Promise<unknown>>;
