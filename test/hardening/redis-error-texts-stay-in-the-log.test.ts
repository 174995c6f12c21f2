import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { gql, subscribe, wsClient } from '../support/graphql.js';
import { http } from '../support/http.js';
import { captureLog } from '../support/log-capture.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// What Redis says when it fails (script names and lines, `WRONGTYPE ...`, `ERR ...`) is for
// the operator: clients get a stable text, the log gets the detail with the request.

let redis: TestRedis;
let gw: TestGateway;
const captured = captureLog();

beforeAll(async () => {
  redis = await startRedis();
  gw = await startGateway(redis.url, {}, captured.log);
});
afterAll(async () => {
  await gw?.close();
  await redis?.stop();
});
beforeEach(async () => {
  // An entry whose Redis value has the wrong type: every script that reads it fails.
  await redis.command(['DEL', dcNames('dc1').entry(Buffer.from('broken'))]);
  await redis.command(['RPUSH', dcNames('dc1').entry(Buffer.from('broken')), 'x']);
  captured.lines.length = 0;
});

const LEAKS = /WRONGTYPE|user_script|Redis/;

it('a REST read that Redis fails is answered 500 kvgate: internal error, the detail logged with the request', async () => {
  const res = await http(gw.port, 'GET', '/v1/kv/broken?token=secret');
  expect({ status: res.status, text: res.text }).toEqual({ status: 500, text: 'kvgate: internal error' });
  const line = captured.lines.find((l) => l.msg === 'request failed');
  expect(line?.err?.message).toMatch(/WRONGTYPE/);
  expect(line).toMatchObject({ method: 'GET', url: '/v1/kv/broken?token=<hidden>' });
});

it('a REST write and a transaction that Redis fails answer the same stable text', async () => {
  for (const res of [
    await http(gw.port, 'PUT', '/v1/kv/broken', { body: 'v' }),
    await http(gw.port, 'PUT', '/v1/txn', { body: '[{"KV":{"Verb":"get","Key":"broken"}}]' }),
  ]) {
    expect(res.status).toBe(500);
    expect(res.text).toBe('kvgate: internal error');
  }
  expect(captured.lines.filter((l) => l.msg === 'request failed')).toHaveLength(2);
});

it('a GraphQL read that Redis fails is masked, the detail logged', async () => {
  const reply = await gql(gw, '{ entry(key: "broken") { key } }');
  expect(JSON.stringify(reply.errors)).not.toMatch(LEAKS);
  expect(reply.errors?.[0]?.message).toBe('Unexpected error.');
  const line = captured.lines.find((l) => l.msg === 'GraphQL operation failed');
  expect(line?.err?.message).toMatch(/WRONGTYPE/);
  expect(line?.path).toBe('entry');
});

it('a GraphQL subscription over WebSocket whose read Redis fails is masked too', async () => {
  const client = wsClient(gw);
  try {
    const sub = subscribe(client, 'subscription { entry(key: "broken") { index } }');
    const failure = await sub.ended.then(() => 'completed', (err: unknown) => JSON.stringify(err));
    expect(failure).toContain('Unexpected error.');
    expect(failure).not.toMatch(LEAKS);
    expect(captured.text()).toMatch(/WRONGTYPE/);
  } finally {
    await client.dispose();
  }
});

it('a GraphQL error is masked even when NODE_ENV says development', async () => {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'development';
  try {
    const reply = await gql(gw, '{ entry(key: "broken") { key } }');
    expect(reply.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(reply.errors)).not.toMatch(LEAKS);
  } finally {
    process.env.NODE_ENV = before;
  }
});
