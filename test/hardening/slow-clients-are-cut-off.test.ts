import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS_TIMEOUT_MS, listenHttp } from '../../src/http-server.js';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { RawSocket } from '../support/raw-socket.js';

// A client that sends its request slowly (slowloris) is cut off once the head or the whole
// request is overdue; the time the server takes to answer (a blocking query waits up to
// 10 minutes) is not limited.

let gw: TestGateway;
useGateway((started) => ({ gw } = started));

let client: RawSocket | undefined;
afterEach(() => client?.close());

/** Writes `text` one byte per `everyMs` until done or the connection is gone; resolves the bytes written. */
async function dribble(socket: RawSocket, text: string, everyMs: number): Promise<number> {
  let sent = 0;
  for (const byte of text) {
    if (!(await socket.write(byte))) break;
    sent++;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return sent;
}

it(`a client sending its headers one byte per second is cut off within ${HEADERS_TIMEOUT_MS / 1000} s and a little`, { timeout: HEADERS_TIMEOUT_MS + 20_000 }, async () => {
  client = await RawSocket.open(gw.port);
  const started = Date.now();
  void dribble(client, `GET /v1/kv/k HTTP/1.1\r\nHost: kvgate\r\nX-Slow: ${'x'.repeat(200)}\r\n\r\n`, 1_000);
  const how = await Promise.race([client.closed, new Promise<string>((resolve) => setTimeout(() => resolve('still open'), HEADERS_TIMEOUT_MS + 5_000))]);
  expect(how).not.toBe('still open');
  expect(Date.now() - started).toBeLessThan(HEADERS_TIMEOUT_MS + 5_000);
});

describe('the deadlines, with short ones (the same server setup)', () => {
  let server: Server;
  let port: number;
  const timeouts = { headersMs: 1_000, requestMs: 2_000, keepAliveMs: 5_000, checkEveryMs: 200 };
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeAll(async () => {
    server = await listenHttp('127.0.0.1', 0, (req, res) => {
      // Answers after 3 s: longer than both deadlines, as a blocking query may.
      req.resume();
      req.on('end', () => setTimeout(() => res.end('late answer'), 3_000));
    }, timeouts);
    port = (server.address() as { port: number }).port;
  });

  it('slow headers are cut off after the headers deadline', async () => {
    client = await RawSocket.open(port);
    const started = Date.now();
    void dribble(client, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: xxxxxxxxxxxxxxxxxxxx\r\n\r\n', 100);
    await client.closed;
    expect(Date.now() - started).toBeLessThan(timeouts.headersMs + 1_000);
  });

  it('a body sent slowly is cut off after the request deadline', async () => {
    client = await RawSocket.open(port);
    const started = Date.now();
    await client.write('PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n');
    void dribble(client, 'x'.repeat(100), 100);
    await client.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(timeouts.requestMs - 100);
    expect(Date.now() - started).toBeLessThan(timeouts.requestMs + 1_000);
  });

  it('an answer that takes longer than both deadlines, once the request is in, is delivered', async () => {
    client = await RawSocket.open(port);
    await client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await client.response(10_000)).toMatchObject({ status: 200, body: 'late answer' });
  });
});
