import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { pino } from 'pino';
import { closeHttp, listenHttp } from '../../src/http-server.js';
import { BlockingQueries } from '../../src/kv/blocking.js';
import { kvEndpoint } from '../../src/rest/kv-endpoint.js';
import { createRouter } from '../../src/rest/router.js';
import { openRedis } from '../../src/store/connection.js';
import { dcNames } from '../../src/store/names.js';
import { FeedStore } from '../../src/store/feed.js';
import { createRedisConnection } from '../../src/store/redis-target.js';
import { ChangeStreams } from '../../src/watch/change-streams.js';
import { FeedReader } from '../../src/watch/feed-reader.js';
import { WatchHub } from '../../src/watch/watch-hub.js';
import { http, type RawResponse } from '../support/http.js';
import { kvService } from '../support/store.js';

/** How long a test gives a blocking GET to reach the gateway and park before it writes. */
export const PARK_MS = 250;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** X-Consul-Index of a response. */
export function indexOf(res: RawResponse): bigint {
  const header = res.headers['x-consul-index'];
  if (header === undefined) throw new Error(`no X-Consul-Index (status ${res.status}: ${res.text})`);
  return BigInt(header);
}

export interface Timed {
  res: RawResponse;
  /** ms from sending the request to the whole answer. */
  ms: number;
}

/** A GET that may block; resolves with the answer and how long it took. */
export function timedGet(port: number, path: string): Promise<Timed> {
  const started = performance.now();
  return http(port, 'GET', path).then((res) => ({ res, ms: performance.now() - started }));
}

/** A blocking GET on its way; `answer` settles when the gateway answers. */
export interface Parked {
  answer: Promise<Timed>;
}

/** Sends a blocking GET and gives it PARK_MS to park. */
export async function park(port: number, path: string): Promise<Parked> {
  const answer = timedGet(port, path);
  answer.catch(() => {}); // awaited by the caller; avoid an unhandled rejection meanwhile
  await sleep(PARK_MS);
  return { answer };
}

/** Waits (polling) until check() holds; false when it never did within ms. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(20);
  }
  return check();
}

/** PUT /v1/kv/<key>; the body must be true. */
export async function putKey(port: number, key: string, value: string, query = ''): Promise<RawResponse> {
  const res = await http(port, 'PUT', `/v1/kv/${key}${query}`, { body: value });
  if (res.status !== 200) throw new Error(`PUT ${key}${query}: ${res.status} ${res.text}`);
  return res;
}

/** The entry's ModifyIndex (GET /v1/kv/<key>). */
export async function modifyIndex(port: number, key: string): Promise<bigint> {
  const res = await http(port, 'GET', `/v1/kv/${key}`);
  if (res.status !== 200) throw new Error(`GET ${key}: ${res.status}`);
  return BigInt((JSON.parse(res.text) as Array<{ ModifyIndex: number }>)[0]!.ModifyIndex);
}

/** The KV max index: what a GET of a key that never existed reports. */
export async function kvMaxIndex(port: number): Promise<bigint> {
  const res = await http(port, 'GET', '/v1/kv/__never__/written');
  if (res.status !== 404) throw new Error(`expected 404, got ${res.status}`);
  return indexOf(res);
}

export interface Entry {
  Key: string;
  Value: string | null;
  ModifyIndex: number;
  CreateIndex: number;
  LockIndex: number;
  Session?: string;
}

export const entries = (res: RawResponse) => JSON.parse(res.text) as Entry[];
export const value = (e: Entry | undefined) => (e?.Value === null || e === undefined ? null : Buffer.from(e.Value, 'base64').toString());

/**
 * A GET whose client goes away after PARK_MS: resolves once the socket is closed.
 * (The server never answers it: its answer, if any, is lost.)
 */
export function abandonedGet(port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path, agent: false });
    req.on('error', () => {});
    req.on('close', () => resolve());
    req.end();
    setTimeout(() => req.destroy(), PARK_MS);
  });
}

/**
 * A KV-only gateway assembled from kvgate's own classes (as src/server.ts wires them), so a
 * test can see how many requests are parked.
 */
export interface WatchGateway {
  readonly port: number;
  readonly blocking: BlockingQueries;
  close(): Promise<void>;
}

export async function startWatchGateway(redisUrl: string): Promise<WatchGateway> {
  const log = pino({ level: 'silent' });
  const names = dcNames('dc1');
  const redis = openRedis({ url: redisUrl }, log);
  const { kv, fence } = kvService(redis.link);
  const hub = new WatchHub();
  const blocking = new BlockingQueries(hub);
  const feed = new FeedReader({
    conn: createRedisConnection({ url: redisUrl }, { name: 'kvgate-feed', onError: () => {} }),
    feed: names.feed,
    hub,
    changes: new ChangeStreams(new FeedStore(redis.link, names)),
    log,
    onIndex: (index) => fence.observe(index),
    fence: (index) => fence.lift(index),
  });
  const route = createRouter([{ pattern: '/v1/kv/', methods: ['GET', 'PUT', 'DELETE'], handler: kvEndpoint(kv, blocking) }], {
    onUnexpectedError: () => {},
    index: () => {},
  });
  const server = await listenHttp('127.0.0.1', 0, route);
  await redis.start(async () => feed.start());
  return {
    port: (server.address() as AddressInfo).port,
    blocking,
    async close() {
      blocking.drain();
      await closeHttp(server);
      await feed.stop();
      await redis.close();
    },
  };
}
