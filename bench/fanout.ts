import { connect, type Socket } from 'node:net';
import type { BenchServer } from './servers.js';

export interface FanoutResult {
  waiters: number;
  /** From the write to the last answer, ms. */
  allAnsweredMs: number;
  /** Median time from the write to an answer, ms. */
  medianMs: number;
  /** kvgate's RSS growth while the waiters were parked, per waiter, bytes. */
  rssPerWaiter: number;
  /** Requests that did not answer 200. */
  errors: number;
}

/**
 * N clients park a blocking GET on one key (each on its own connection); one PUT changes
 * the key; how long until every client has its answer, and what parking cost in memory.
 */
export async function fanout(kvgate: BenchServer, waiters: number): Promise<FanoutResult> {
  const key = `bench/watch/${waiters}`;
  const base = `http://127.0.0.1:${kvgate.port}/v1/kv/${key}`;
  await fetch(base, { method: 'PUT', body: 'before' });
  const index = (await fetch(base)).headers.get('x-consul-index') as string;
  global.gc?.();
  await settle();
  const rssBefore = kvgate.rss();

  const request = `GET /v1/kv/${key}?index=${index}&wait=120s HTTP/1.1\r\nHost: bench\r\n\r\n`;
  const answers: Array<{ at: number; ok: boolean }> = [];
  const sockets: Socket[] = [];
  for (let i = 0; i < waiters; i++) {
    const socket = connect(kvgate.port, '127.0.0.1');
    socket.setNoDelay(true);
    socket.once('connect', () => socket.write(request));
    socket.once('data', (chunk: Buffer) => answers.push({ at: performance.now(), ok: chunk.toString('latin1', 0, 12) === 'HTTP/1.1 200' }));
    socket.on('error', () => answers.push({ at: performance.now(), ok: false }));
    sockets.push(socket);
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  // Every request parked: give the gateway time to read them all, then measure.
  await settle(2_000);
  const rssParked = kvgate.rss();
  const early = answers.length;

  const start = performance.now();
  await fetch(base, { method: 'PUT', body: 'after' });
  const deadline = start + 30_000;
  while (answers.length < waiters && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  for (const socket of sockets) socket.destroy();

  const times = answers.map((a) => a.at - start).sort((a, b) => a - b);
  return {
    waiters,
    allAnsweredMs: answers.length < waiters ? Number.POSITIVE_INFINITY : (times[times.length - 1] as number),
    medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
    rssPerWaiter: (rssParked - rssBefore) / waiters,
    errors: answers.filter((a) => !a.ok).length + early + (waiters - answers.length),
  };
}

function settle(ms = 500): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
