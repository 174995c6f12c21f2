import { connect, type Socket } from 'node:net';
import { expect, it } from 'vitest';
import { type TestGateway, useGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import { waitFor } from '../support/wait.js';

// --max-connections: one client cannot hold every socket the process has.

let gw: TestGateway;
useGateway((started) => ({ gw } = started), { maxConnections: 4 });

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

it('connections past --max-connections are closed at once, and accepted again when one goes away', async () => {
  const held = await Promise.all([1, 2, 3, 4].map(() => open(gw.port)));
  const extra = await open(gw.port);
  const closed = new Promise<void>((resolve) => extra.once('close', () => resolve()));
  extra.on('error', () => {});
  await closed;
  held[0]!.destroy();
  await waitFor(async () => (await http(gw.port, 'GET', '/v1/status/leader').catch(() => ({ status: 0 }))).status === 200, 'a connection to be accepted again', 5_000);
  for (const socket of held) socket.destroy();
  expect(extra.destroyed).toBe(true);
});
