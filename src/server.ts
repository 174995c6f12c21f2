import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServeConfig } from './config.js';
import { createGraphQLServer, GRAPHQL_PATH, graphqlRequestLimit, type GraphQLServer } from './graphql/server.js';
import { closeHttp, listenHttp, serveAsPlainHttp } from './http-server.js';
import { initializeAcl } from './kv/acl-init.js';
import { Domain } from './kv/domain.js';
import { reapIntervalMs, SessionReaper } from './kv/session-reaper.js';
import { redactUrl, type Logger } from './log.js';
import { aclRoutes } from './rest/acl-endpoint.js';
import { kvEndpoint } from './rest/kv-endpoint.js';
import { createRouter } from './rest/router.js';
import { sessionRoutes } from './rest/session-endpoint.js';
import { reportedServerAddress, statusRoutes } from './rest/status-endpoint.js';
import { txnRequestLimit, txnRoute } from './rest/txn-endpoint.js';
import { sendText } from './rest/wire.js';
import { openRedis } from './store/connection.js';
import { dcNames } from './store/names.js';
import { startRedisChild, type RedisChild } from './store/redis-child.js';
import { createRedisConnection, redisTarget } from './store/redis-target.js';
import { FeedStore } from './store/feed.js';
import { VERSION } from './version.js';
import { ChangeStreams } from './watch/change-streams.js';
import { FeedReader } from './watch/feed-reader.js';

export interface RunningServer {
  /** Where the HTTP API listens (the real port when 0 was asked for). */
  readonly address: { host: string; port: number };
  /** Resolves once Redis answered and the scripts are loaded. */
  readonly ready: Promise<void>;
  /** The GraphQL face without a socket: requests to /graphql as a WHATWG fetch. */
  readonly graphql: Pick<GraphQLServer, 'fetch'>;
  /** Live counts, read at each access (for tests and metrics). */
  readonly stats: ServerStats;
  /** Graceful stop: no new connections, in-flight requests finish, Redis child stopped. */
  close(): Promise<void>;
}

export interface ServerStats {
  /** Requests waiting in a blocking query (REST ?index= and GraphQL entry subscriptions). */
  readonly parkedQueries: number;
  /** Open GraphQL `changes` subscriptions. */
  readonly changeSubscriptions: number;
}

export interface ServerHooks {
  /** Called when the gateway cannot go on (e.g. Redis too old); the process should exit. */
  onFatal(err: Error): void;
}

/**
 * The composition root: Redis (given, or a private child), the stores, the domain, the
 * REST router on one node:http server. Listens at once; until Redis answers, requests
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
  const names = dcNames(config.datacenter, config.keyPrefix);
  const target = child?.target ?? redisTarget(config.redisUrl as string, names.idx);
  const redis = openRedis(target, log.child({ component: 'redis' }), config.redisTimeoutMs);

  const { domain, fence, hub } = Domain.build(redis.link, names, {
    ...config,
    acl: {
      enabled: config.aclEnabled,
      defaultPolicy: config.aclDefaultPolicy,
      defaultToken: config.aclDefaultToken,
      keyListPolicy: config.aclEnableKeyListPolicy,
    },
  });
  const { blocking, sessionStore, aclStore } = domain.deps;
  const changes = new ChangeStreams(new FeedStore(redis.link, names));
  const feedLog = log.child({ component: 'feed' });
  const feed = new FeedReader({
    conn: createRedisConnection(target, { name: 'kvgate-feed', onError: () => {} }),
    feed: names.feed,
    hub,
    changes,
    log: feedLog,
    onIndex: (index) => fence.observe(index),
    fence: (index) => fence.lift(index),
    onAclChange: () => domain.aclChanged(),
  });
  const reaper = new SessionReaper(sessionStore, log.child({ component: 'sessions' }), reapIntervalMs(config.sessionTtlMinMs));

  const httpLog = log.child({ component: 'http' });
  const route = createRouter(
    [
      { pattern: '/v1/kv/', methods: ['GET', 'PUT', 'DELETE'], handler: kvEndpoint(domain) },
      ...sessionRoutes(domain, config.maxValueSize),
      txnRoute(domain, txnRequestLimit(config.maxValueSize)),
      ...aclRoutes(domain, config.nodeName),
      ...statusRoutes(domain.deps.datacenter, {
        nodeName: config.nodeName,
        serverAddress: reportedServerAddress(config.host),
        version: VERSION,
        isReady: redis.isReady,
        mayReadAgent: (token) => domain.mayReadAgent(token),
      }),
    ],
    {
      defaultAclPolicy: config.aclEnabled ? config.aclDefaultPolicy : 'allow',
      onUnexpectedError: (err, req) => httpLog.error({ err, method: req.method, url: redactUrl(req.url ?? '') }, 'request failed'),
      index: (ex) => sendText(ex, 200, `kvgate ${VERSION}: Consul's KV, session and transaction API at /v1/ (datacenter ${config.datacenter})\n`),
    },
  );
  const graphql = createGraphQLServer({ kv: domain.kv(''), sessions: domain.sessions(''), txns: domain.txns(''), blocking, changes }, log.child({ component: 'graphql' }), {
    graphiql: config.graphiql,
    maxRequestBytes: graphqlRequestLimit(config.maxValueSize),
  });
  // One node:http server: /graphql goes to yoga (and its WebSocket upgrades to graphql-ws), everything else to the REST router.
  const isGraphQL = (url = '') => url === GRAPHQL_PATH || url.startsWith(`${GRAPHQL_PATH}?`) || url.startsWith(`${GRAPHQL_PATH}/`);
  // Listen before Redis is up: when the port is taken, nothing is left open to keep the process alive.
  const server = await listenHttp(config.host, config.port, (req, res) => (isGraphQL(req.url) ? graphql.handle(req, res) : route(req, res)));
  // Only WebSockets on /graphql are upgraded; any other Upgrade header is ignored, as Consul ignores it.
  const isWebSocket = (req: IncomingMessage) => req.headers.upgrade?.toLowerCase() === 'websocket';
  server.on('upgrade', (req, socket, head) => (isGraphQL(req.url) && isWebSocket(req) ? graphql.upgrade(req, socket, head) : serveAsPlainHttp(server, req, socket, head)));
  server.maxConnections = config.maxConnections;
  const bound = server.address() as AddressInfo;
  log.info({ addr: `${config.host}:${bound.port}`, dc: config.datacenter, node: config.nodeName }, 'kvgate listening');
  const ready = redis.start(async () => {
    await sessionStore.registerNode(config.nodeName);
    if (aclStore) await initializeAcl(aclStore, config.aclInitialManagementToken || config.aclInitialManagementTokenFile);
    reaper.start();
    feed.start();
  });
  ready.catch((err: Error) => hooks.onFatal(err));

  return {
    address: { host: config.host, port: bound.port },
    ready,
    graphql: { fetch: graphql.fetch },
    stats: {
      get parkedQueries() {
        return blocking.parked;
      },
      get changeSubscriptions() {
        return changes.subscribers;
      },
    },
    async close() {
      // Subscribers are told to go elsewhere (WebSockets close with 1001, event streams are
      // cut) before their subscriptions end, so their clients retry rather than stop; parked
      // blocking queries answer at once with what is current; then in-flight requests finish.
      graphql.close();
      blocking.drain();
      changes.end();
      await closeHttp(server);
      reaper.stop();
      await feed.stop();
      await redis.close();
      await child?.stop();
    },
  };
}
