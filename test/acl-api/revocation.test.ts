import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACL_ON, call, createPolicy, createToken, ROOT } from '../support/acl.js';
import { indexOf } from '../support/consul.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { sleep } from '../support/wait.js';

// A deleted token or a narrowed policy takes effect on every gateway within a second,
// parked blocking queries included.

let redis: TestRedis;
let a: TestGateway;
let b: TestGateway;

beforeAll(async () => {
  redis = await startRedis();
  a = await startGateway(redis.url, ACL_ON);
  b = await startGateway(redis.url, ACL_ON);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
});

/** A blocking GET on gateway b with the token; its answer and when it came. */
function park(path: string, token: string) {
  const sent = Date.now();
  return call(b, 'GET', path, token).then((res) => ({ res, ms: Date.now() - sent }));
}

it('a token deleted on one gateway is refused by the other within a second, parked queries first', async () => {
  await call(a, 'PUT', '/v1/kv/rv/k', ROOT, 'v');
  await createPolicy(a, 'rv', 'key_prefix "rv/" { policy = "read" }');
  const token = await createToken(a, ['rv']);
  const first = await call(b, 'GET', '/v1/kv/rv/k', token.SecretID);
  expect(first.status).toBe(200); // b has resolved and cached the token
  const parked = park(`/v1/kv/rv/k?index=${indexOf(first)}&wait=30s`, token.SecretID);
  await sleep(200);
  const deletedAt = Date.now();
  expect((await call(a, 'DELETE', `/v1/acl/token/${token.AccessorID}`, ROOT)).text).toBe('true');
  const { res } = await parked;
  expect({ status: res.status, text: res.text }).toEqual({ status: 403, text: 'ACL not found' });
  expect(Date.now() - deletedAt).toBeLessThan(1_000);
  expect((await call(b, 'GET', '/v1/kv/rv/k', token.SecretID)).text).toBe('ACL not found');
});

it('a policy narrowed on one gateway ends the other gateway parked reads of what it no longer allows, and filters the rest', async () => {
  for (const k of ['n/open', 'n/secret']) await call(a, 'PUT', `/v1/kv/${k}`, ROOT, 'v');
  const policy = await createPolicy(a, 'narrow', 'key_prefix "n/" { policy = "read" }');
  const token = await createToken(a, ['narrow']);
  const secret = await call(b, 'GET', '/v1/kv/n/secret', token.SecretID);
  const list = await call(b, 'GET', '/v1/kv/n/?recurse', token.SecretID);
  expect([secret.status, JSON.parse(list.text).length]).toEqual([200, 2]);
  const parkedKey = park(`/v1/kv/n/secret?index=${indexOf(secret)}&wait=30s`, token.SecretID);
  const parkedList = park(`/v1/kv/n/?recurse&index=${indexOf(list)}&wait=30s`, token.SecretID);
  await sleep(200);
  const changedAt = Date.now();
  await call(a, 'PUT', `/v1/acl/policy/${policy}`, ROOT, { Name: 'narrow', Rules: 'key_prefix "n/" { policy = "read" }\nkey "n/secret" { policy = "deny" }' });
  const key = await parkedKey;
  expect(key.res.status).toBe(403);
  expect(Date.now() - changedAt).toBeLessThan(1_000);
  // The list has nothing to deny: it waits on, and its next answer leaves the secret out.
  await call(a, 'PUT', '/v1/kv/n/open', ROOT, 'w');
  const { res } = await parkedList;
  expect((JSON.parse(res.text) as Array<{ Key: string }>).map((e) => e.Key)).toEqual(['n/open']);
  expect(res.headers['x-consul-results-filtered-by-acls']).toBe('true');
});
