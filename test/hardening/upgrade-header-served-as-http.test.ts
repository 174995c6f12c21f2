import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { RawSocket } from '../support/raw-socket.js';

// Go's server (and so Consul) ignores an Upgrade header it does not act on: `curl --http2`
// sends `Upgrade: h2c` and gets an HTTP/1.1 answer. Only a WebSocket upgrade of /graphql
// is upgraded; any other request with Upgrade is served as the plain request it also is.

let gw: TestGateway;
useGateway((started) => ({ gw } = started));

let client: RawSocket | undefined;
afterEach(() => client?.close());

const H2C = 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n';

it('a KV write and read with Upgrade: h2c (curl --http2) are answered over HTTP/1.1 on one connection', async () => {
  client = await RawSocket.open(gw.port);
  await client.write(`PUT /v1/kv/h2c HTTP/1.1\r\nHost: kvgate\r\n${H2C}Content-Length: 5\r\n\r\nhel`);
  await client.write('lo');
  expect(await client.response()).toMatchObject({ status: 200, body: 'true' });
  await client.write(`GET /v1/kv/h2c?raw HTTP/1.1\r\nHost: kvgate\r\n${H2C}\r\n`);
  expect(await client.response()).toMatchObject({ status: 200, body: 'hello' });
});

it('Upgrade: websocket on a REST path is ignored, as Consul ignores it', async () => {
  client = await RawSocket.open(gw.port);
  await client.write('GET /v1/status/leader HTTP/1.1\r\nHost: kvgate\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
  expect(await client.response()).toMatchObject({ status: 200, body: '"127.0.0.1:8300"' });
});

it('Upgrade: h2c on /graphql is served by GraphQL over HTTP', async () => {
  client = await RawSocket.open(gw.port);
  await client.write(`GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: kvgate\r\n${H2C}\r\n`);
  expect(await client.response()).toMatchObject({ status: 200, body: '{"data":{"__typename":"Query"}}' });
});

it('a WebSocket upgrade of /graphql still opens a graphql-transport-ws socket', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${gw.port}/graphql`, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  expect(ws.protocol).toBe('graphql-transport-ws');
  ws.close();
});
