import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { gql } from '../support/graphql.js';
import { http } from '../support/http.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// A Redis that stops answering (SIGSTOP: a stuck fork, a network black hole) fails every
// request fast and clearly; a Redis that comes back serves again at once.

const TIMEOUT_MS = 1_000; // --redis-timeout's default
let redis: TestRedis;
let gw: TestGateway;

beforeAll(async () => {
  redis = await startRedis({ appendonly: true });
  gw = await startGateway(redis.url);
  await http(gw.port, 'PUT', '/v1/kv/k', { body: 'v' });
});
afterAll(async () => {
  try {
    process.kill(redis.pid(), 'SIGCONT');
  } catch {
    // already gone
  }
  await gw?.close();
  await redis?.stop();
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Polls GET /v1/kv/k until it answers 200; ms from now. */
async function untilServed(limitMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if ((await http(gw.port, 'GET', '/v1/kv/k')).status === 200) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Infinity;
}

describe('a frozen Redis', () => {
  it('fails requests with "No cluster leader" by their deadline, reports no leader, and serves at once when it thaws', async () => {
    process.kill(redis.pid(), 'SIGSTOP');
    try {
      const first = await timed(() => http(gw.port, 'GET', '/v1/kv/k'));
      expect({ status: first.value.status, text: first.value.text }).toEqual({ status: 500, text: 'No cluster leader' });
      expect(first.ms).toBeLessThan(TIMEOUT_MS + 500);
      const write = await timed(() => http(gw.port, 'PUT', '/v1/kv/k', { body: 'w' }));
      expect(write.value.status).toBe(500);
      expect(write.ms).toBeLessThan(TIMEOUT_MS + 500);
      const graphql = await timed(() => gql(gw, '{ entry(key: "k") { value } }'));
      expect(graphql.value.errors?.[0]).toMatchObject({ message: 'No cluster leader', extensions: { code: 'NO_LEADER' } });
      expect(graphql.ms).toBeLessThan(TIMEOUT_MS + 500);
      expect((await http(gw.port, 'GET', '/v1/status/leader')).text).toBe('""');
    } finally {
      process.kill(redis.pid(), 'SIGCONT');
    }
    expect(await untilServed(5_000)).toBeLessThan(2_000);
    expect((await http(gw.port, 'GET', '/v1/status/leader')).text).not.toBe('""');
  });

  it('requests in flight when the connection is reset answer "No cluster leader", not the socket error', async () => {
    process.kill(redis.pid(), 'SIGSTOP');
    const pending = http(gw.port, 'GET', '/v1/kv/k');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await redis.restart(); // SIGKILL: the kernel resets the connection under the pending call
    const res = await pending;
    expect({ status: res.status, text: res.text }).toEqual({ status: 500, text: 'No cluster leader' });
    expect(await untilServed(5_000)).toBeLessThan(2_000);
  });
});

describe('a Redis that restarts', () => {
  it('is served again within 500 ms of accepting connections, however long it was down', async () => {
    await redis.restart(4_000); // long enough for any reconnect backoff to reach its ceiling
    const ms = await untilServed(5_000);
    expect(ms).toBeLessThan(500);
  });
});
