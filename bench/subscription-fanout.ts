import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { FanoutResult } from './fanout.js';
import type { BenchServer } from './servers.js';

const QUERY = 'subscription ($key: String!, $after: Index!) { entry(key: $key, afterIndex: $after) { index entry { value } } }';

/**
 * N graphql-ws clients, each on its own WebSocket, subscribe to `entry` on one key from its
 * current index; one PUT changes the key; how long until every client has its `next`, and
 * what the subscriptions cost kvgate in memory. The clients speak just enough WebSocket and
 * graphql-ws over raw sockets (handshake, masked text frames, spotting the `next`) that the
 * bench process — sharing the machine with kvgate — stays light at 10 000 sockets.
 */
export async function subscriptionFanout(kvgate: BenchServer, subscribers: number): Promise<FanoutResult> {
  const key = `bench/subscribe/${subscribers}`;
  const base = `http://127.0.0.1:${kvgate.port}/v1/kv/${key}`;
  await fetch(base, { method: 'PUT', body: 'before' });
  const index = (await fetch(base)).headers.get('x-consul-index') as string;
  await settle(500);
  const rssBefore = kvgate.rss();

  const answers: Array<{ at: number; ok: boolean }> = [];
  const sockets: Socket[] = [];
  let subscribed = 0;
  let failed = 0;
  const init = frame('{"type":"connection_init"}');
  const subscribe = frame(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY, variables: { key, after: index } } }));
  const handshake = `GET /graphql HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`;
  for (let i = 0; i < subscribers; i++) {
    const socket = connect(kvgate.port, '127.0.0.1');
    let stage: 'upgrade' | 'init' | 'subscribed' = 'upgrade';
    socket.setNoDelay(true);
    socket.once('connect', () => socket.write(handshake));
    socket.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (stage === 'upgrade' && text.startsWith('HTTP/1.1 101')) {
        stage = 'init';
        socket.write(init);
      }
      if (stage === 'init' && text.includes('"connection_ack"')) {
        stage = 'subscribed';
        socket.write(subscribe);
        subscribed++;
      } else if (stage === 'subscribed') answers.push({ at: performance.now(), ok: text.includes('"type":"next"') });
    });
    socket.on('error', () => failed++);
    sockets.push(socket);
    // Let handshakes complete in batches instead of queueing 10 000 at once.
    if (i % 200 === 199) while (subscribed < i - 400 && failed === 0) await settle(5);
  }
  const deadline = performance.now() + 60_000;
  while (subscribed + failed < subscribers && performance.now() < deadline) await settle(10);
  // Every subscription sent: give the gateway time to start them all, then measure.
  await settle(2_000);
  const rssSubscribed = kvgate.rss();
  const early = answers.length;

  const start = performance.now();
  await fetch(base, { method: 'PUT', body: 'after' });
  const end = start + 30_000;
  while (answers.length < subscribers && performance.now() < end) await settle(5);
  for (const socket of sockets) socket.destroy();
  await settle(500);

  const times = answers.map((a) => a.at - start).sort((a, b) => a - b);
  return {
    waiters: subscribers,
    allAnsweredMs: answers.length < subscribers ? Number.POSITIVE_INFINITY : (times[times.length - 1] as number),
    medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
    rssPerWaiter: (rssSubscribed - rssBefore) / subscribers,
    errors: answers.filter((a) => !a.ok).length + early + failed + (subscribers - answers.length),
  };
}

/** A client's WebSocket text frame: FIN, opcode 1, masked (clients must mask; a zero mask keeps the bytes). */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

function settle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
