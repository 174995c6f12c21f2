import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dcNames } from '../../src/store/names.js';
import { type TestGateway, useGateway } from '../support/gateway.js';
import type { TestRedis } from '../support/redis.js';

// A graphql-ws frame may be as large as a POST body to /graphql (2 MiB here) and no
// larger: a bigger frame, whatever its message, closes the socket with 1009 (message too
// big) before anything in it runs.

let redis: TestRedis;
let gw: TestGateway;
useGateway((started) => ({ redis, gw } = started), { maxValueSize: 524_288 });

const LIMIT = 2 * 1024 * 1024;
let ws: WebSocket | undefined;
afterEach(() => ws?.terminate());

async function open(): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${gw.port}/graphql`, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}
/** The close code, or -1 when the socket is still open after 5 s. */
const closed = (socket: WebSocket) =>
  new Promise<number>((resolve) => {
    const timer = setTimeout(() => resolve(-1), 5_000);
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
const next = (socket: WebSocket) => new Promise<Record<string, any>>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
const putMessage = (key: string, padding: number) =>
  JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `mutation { put(key: "${key}", value: "v") { __typename } }`, variables: { pad: 'x'.repeat(padding) } } });
const exists = async (key: string) => (await redis.command(['EXISTS', dcNames('dc1').entry(Buffer.from(key))])) === 1;

it('a subscribe frame over the POST body limit closes the socket with 1009 and runs nothing', async () => {
  ws = await open();
  ws.send(JSON.stringify({ type: 'connection_init' }));
  expect((await next(ws)).type).toBe('connection_ack');
  const code = closed(ws);
  ws.send(putMessage('ws-big', LIMIT));
  expect(await code).toBe(1009);
  expect(await exists('ws-big')).toBe(false);
});

it('an oversized connection_init closes the socket with 1009', async () => {
  ws = await open();
  const code = closed(ws);
  ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(LIMIT) } }));
  expect(await code).toBe(1009);
});

it('a subscribe frame within the limit runs', async () => {
  ws = await open();
  ws.send(JSON.stringify({ type: 'connection_init' }));
  expect((await next(ws)).type).toBe('connection_ack');
  ws.send(putMessage('ws-small', LIMIT - 4_096));
  expect(await next(ws)).toMatchObject({ id: '1', type: 'next', payload: { data: { put: { __typename: expect.any(String) } } } });
  expect(await exists('ws-small')).toBe(true);
});
