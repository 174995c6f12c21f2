import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServeConfig } from './config.js';
import { KvService } from './kv/kv-service.js';
import type { Logger } from './log.js';
import { redactUrl } from './log.js';
import { kvEndpoint } from './rest/kv-endpoint.js';
import { createRouter, type Route } from './rest/router.js';
import { sendText } from './rest/wire.js';
import { statusRoutes } from './rest/status-endpoint.js';
import { KvStore } from './store/kv-store.js';
import { dcNames } from './store/names.js';
import { startRedisChild, type RedisChild } from './store/redis-child.js';
import { createRedisConnection, prepareRedis, RedisLink, type RedisTarget } from './store/redis.js';
import { SCRIPT_SPECS, scriptSource } from './store/scripts.js';
import { VERSION } from './version.js';

export interface RunningServer {
  /** Where the HTTP API listens (the real port when 0 was asked for). */
  readonly address: { host: string; port: number };
  /** Resolves once Redis answered and the scripts are loaded. */
  readonly ready: Promise<void>;
  /** Graceful stop: no new connections, in-flight requests finish, Redis child stopped. */
  close(): Promise<void>;
}

export interface ServerHooks {
  /** Called when the gateway cannot go on (e.g. Redis too old); the process should exit. */
  onFatal(err: Error): void;
}

/**
 * The composition root: Redis (given, or a private child), the store, the domain, the
 * REST router on one node:http server. Listens at once; until Redis answers, KV requests
 * fail like a Consul without a leader and /v1/status/leader answers "".
 */
export async function startServer(config: ServeConfig, log: Logger, hooks: ServerHooks): Promise<RunningServer> {
  const child = config.redisUrl === null ? await startRedisChild(config.dataDir, log) : null;
  try {
    return await assemble(config, log, hooks, child);
  } catch (err) {
    await child?.stop();
    throw err;
  }
}

async function assemble(config: ServeConfig, log: Logger, hooks: ServerHooks, child: RedisChild | null): Promise<RunningServer> {
  const target = child?.target ?? redisTarget(config.redisUrl as string);
  const redisLog = log.child({ component: 'redis' });
  const conn = createRedisConnection(target, { name: 'kvgate', onError: throttled((err) => redisLog.warn({ err: err.message }, 'redis connection error')) });
  const link = new RedisLink(conn, {
    stallSeconds: 5,
    onStall: () => redisLog.error('Redis has not answered for 5s; reconnecting (pending requests fail)'),
  });
  const store = new KvStore(link, dcNames(config.datacenter, config.keyPrefix), config);
  const kv = new KvService(store, config.datacenter, config.maxValueSize);

  let prepared = false;

  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const routes: Route[] = [
    { pattern: '/v1/kv/', methods: ['GET', 'PUT', 'DELETE'], handler: kvEndpoint(kv) },
    ...statusRoutes({
      datacenter: config.datacenter,
      nodeName: config.nodeName,
      serverAddress: `${host.includes(':') ? `[${host}]` : host}:8300`,
      version: VERSION,
      isReady: () => prepared && conn.isReady,
      checkDatacenter: (dc) => kv.checkDatacenter(dc),
    }),
  ];
  const httpLog = log.child({ component: 'http' });
  const route = createRouter(routes, {
    onUnexpectedError: (err, req) => httpLog.error({ err, method: req.method, url: redactUrl(req.url ?? '') }, 'request failed'),
    index: (ex) => sendText(ex, 200, `kvgate ${VERSION}: Consul's KV, session and transaction API at /v1/ (datacenter ${config.datacenter})\n`),
  });
  // Keys ride in the URL: allow request heads up to 1 MiB like Go's server (Node's default is 16 KiB).
  const server = createServer({ keepAliveTimeout: 65_000, maxHeaderSize: 1 << 20 }, route);
  // Listen before connecting: when the port is taken, nothing is left open to keep the process alive.
  await listen(server, config.host, config.port);
  const bound = server.address() as AddressInfo;
  log.info({ addr: `${config.host}:${bound.port}`, dc: config.datacenter, node: config.nodeName }, 'kvgate listening');

  const ready = (async () => {
    await conn.connect();
    const info = await prepareRedis(conn, Object.values(SCRIPT_SPECS).map((s) => scriptSource(s.file)));
    if (info.maxmemoryPolicy !== 'noeviction') {
      redisLog.warn({ policy: info.maxmemoryPolicy }, 'Redis maxmemory-policy is not noeviction: Redis may silently evict KV data');
    }
    prepared = true;
    redisLog.info({ version: info.version, target: describe(target) }, 'redis ready');
  })();
  ready.catch((err: Error) => hooks.onFatal(err));
  conn.on('ready', () => prepared && redisLog.info('redis connection restored'));

  return {
    address: { host: config.host, port: bound.port },
    ready,
    async close() {
      await closeHttp(server);
      link.close();
      await conn.close().catch(() => conn.destroy());
      await child?.stop();
    },
  };
}

function redisTarget(url: string): RedisTarget {
  return url.startsWith('unix://') ? { socketPath: decodeURIComponent(url.slice('unix://'.length)) } : { url };
}

function describe(target: RedisTarget): string {
  return 'socketPath' in target ? `unix://${target.socketPath}` : target.url.replace(/\/\/[^@/]*@/, '//<credentials>@');
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new Error(`address ${host}:${port} is already in use (a Consul agent or another kvgate?); choose another with --addr`));
      else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
}

/** Stops accepting, lets in-flight requests finish for a few seconds, then cuts the rest. */
async function closeHttp(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => server.closeAllConnections(), 5_000);
  await closed;
  clearTimeout(deadline);
}

/** At most one call per interval, so a Redis outage does not flood the log. */
function throttled(fn: (err: Error) => void, intervalMs = 5_000): (err: Error) => void {
  let last = 0;
  return (err) => {
    const now = Date.now();
    if (now - last >= intervalMs) {
      last = now;
      fn(err);
    }
  };
}
