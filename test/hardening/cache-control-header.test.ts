import { beforeAll, describe, expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http } from '../support/http.js';

// Cache-Control is read as Consul's parseCacheControl (agent/http.go) reads it, in time
// linear in the header whatever its shape.

let gw: TestGateway;
useGateway((started) => ({ gw } = started));
beforeAll(async () => {
  expect((await http(gw.port, 'PUT', '/v1/kv/k', { body: 'v' })).text).toBe('true');
});

const get = (cacheControl: string) => http(gw.port, 'GET', '/v1/kv/k', { headers: { 'Cache-Control': cacheControl } });

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe('Cache-Control', () => {
  it('a Cache-Control header with 90 000 spaces before a letter is answered within 2 s', async () => {
    const { result, ms } = await timed(() => get(`max-age=${' '.repeat(90_000)}a`));
    expect({ status: result.status, text: result.text }).toEqual({ status: 400, text: 'Invalid Cache-Control header.' });
    expect(ms).toBeLessThan(2_000);
  });

  it('a Cache-Control header of 90 000 spaces between directives is answered within 2 s', async () => {
    const { result, ms } = await timed(() => get(`no-cache,${' '.repeat(90_000)}stale-if-error=1${' '.repeat(90_000)}x`));
    expect(result.status).toBe(400);
    expect(ms).toBeLessThan(2_000);
  });

  it('directives are trimmed before they are read, values are not trimmed inside', async () => {
    expect((await get('no-cache ,\t max-age=5 \t, stale-if-error=7')).status).toBe(200);
    expect((await get('max-age= 5')).status).toBe(400);
    expect((await get('max-age=5 5')).status).toBe(400);
  });

  it('directive names are read case-insensitively', async () => {
    expect((await get('MAX-AGE=x')).status).toBe(400);
    expect((await get('Stale-If-Error=1')).status).toBe(200);
  });

  it('UTF-8 white space around a directive is trimmed as Go trims it', async () => {
    // "max-age=5" followed by a no-break space, sent as its UTF-8 bytes.
    expect((await get(Buffer.from('max-age=5\u00a0', 'utf8').toString('latin1'))).status).toBe(200);
  });

  it('a Cache-Control header longer than 8 KiB is refused as invalid', async () => {
    const long = `max-age=5,${'no-cache,'.repeat(1_000)}`;
    expect(long.length).toBeGreaterThan(8_192);
    expect(await get(long)).toMatchObject({ status: 400, text: 'Invalid Cache-Control header.' });
  });
});
