import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_LINGER_BYTES } from '../../src/http-server.js';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { RawSocket } from '../support/raw-socket.js';

// A request body refused for its size (413) is not read, and the connection closes after
// the answer. A client still sending must read that answer rather than a reset: the server
// reads and drops the rest (within a bound) before it closes, as Go's server lingers.

let gw: TestGateway;
useGateway((started) => ({ gw } = started), { maxValueSize: 524_288 });

let client: RawSocket | undefined;
afterEach(() => client?.close());

/**
 * Sends a whole body in 64 KiB writes 10 ms apart, reading nothing until it is sent (as
 * curl and many clients do), then reads the answer. Chunked when `declared` is null.
 */
async function sendSlowlyThenRead(method: string, path: string, size: number, declared: number | null) {
  client = await RawSocket.open(gw.port, { readLater: true });
  const framing = declared === null ? 'Transfer-Encoding: chunked' : `Content-Length: ${declared}`;
  await client.write(`${method} ${path} HTTP/1.1\r\nHost: kvgate\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`);
  let sent = 0;
  while (sent < size) {
    const n = Math.min(65_536, size - sent);
    const bytes = 'x'.repeat(n);
    if (!(await client.write(declared === null ? `${n.toString(16)}\r\n${bytes}\r\n` : bytes))) break;
    sent += n;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (declared === null) await client.write('0\r\n\r\n');
  return { sent, response: await client.response(), closed: await client.closed };
}

describe('a client that reads only after sending a 2 MB body reads the 413', () => {
  it('PUT /v1/kv with a Content-Length over the limit', async () => {
    const { sent, response, closed } = await sendSlowlyThenRead('PUT', '/v1/kv/big', 2_000_000, 2_000_000);
    expect(sent).toBe(2_000_000);
    expect(response.status).toBe(413);
    expect(response.body).toMatch(/^Request body\(2000000 bytes\) too large, max size: 524288 bytes/);
    expect(response.headers.connection).toBe('close');
    expect(closed).toBe('end');
  });

  it('PUT /v1/kv chunked', async () => {
    const { response, closed } = await sendSlowlyThenRead('PUT', '/v1/kv/big', 2_000_000, null);
    expect(response).toMatchObject({ status: 413, body: 'Request body too large. Max allowed is 524288 bytes.' });
    expect(closed).toBe('end');
  });

  it('PUT /v1/txn chunked', async () => {
    const { response } = await sendSlowlyThenRead('PUT', '/v1/txn', 2_000_000, null);
    expect(response.status).toBe(413);
  });

  it('POST /graphql with a Content-Length over the limit', async () => {
    const { response } = await sendSlowlyThenRead('POST', '/graphql', 3_000_000, 3_000_000);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });
});

it('a PUT whose path has a malformed escape reads its 400 (Go refuses the request line and closes)', async () => {
  const { response, closed } = await sendSlowlyThenRead('PUT', '/v1/kv/%zz', 2_000_000, 2_000_000);
  expect(response).toMatchObject({ status: 400, body: '400 Bad Request' });
  expect(closed).toBe('end');
});

it(`a client that goes on sending past ${CLOSE_LINGER_BYTES >> 20} MiB after the 413 is cut off`, async () => {
  client = await RawSocket.open(gw.port);
  await client.write(`PUT /v1/kv/big HTTP/1.1\r\nHost: kvgate\r\nContent-Length: ${1 << 30}\r\n\r\n`);
  const chunk = Buffer.alloc(1 << 20, 'x');
  let sent = 0;
  const started = Date.now();
  while ((await client.write(chunk)) && Date.now() - started < 20_000) sent += chunk.length;
  expect((await client.response()).status).toBe(413);
  expect(sent).toBeLessThan(CLOSE_LINGER_BYTES + (16 << 20));
});
