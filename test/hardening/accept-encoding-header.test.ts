import { beforeAll, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http } from '../support/http.js';

// Accept-Encoding is parsed to choose gzip; a value longer than any real one is not parsed.

let gw: TestGateway;
useGateway((started) => ({ gw } = started));
beforeAll(async () => {
  expect((await http(gw.port, 'PUT', '/v1/kv/big', { body: 'x'.repeat(4_000) })).text).toBe('true');
});

const get = (acceptEncoding: string) => http(gw.port, 'GET', '/v1/kv/big', { headers: { 'Accept-Encoding': acceptEncoding } });

it('a large answer to a client that accepts gzip is compressed', async () => {
  expect((await get('deflate, gzip;q=0.5')).headers['content-encoding']).toBe('gzip');
});

it('an Accept-Encoding header longer than 8 KiB is answered uncompressed, at once', async () => {
  const started = performance.now();
  const res = await get(`${'identity;q=0.1,'.repeat(600)}gzip`);
  expect(res.status).toBe(200);
  expect(res.headers['content-encoding']).toBeUndefined();
  expect(performance.now() - started).toBeLessThan(2_000);
});
