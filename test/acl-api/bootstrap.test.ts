import { describe, expect, it } from 'vitest';
import { ACL_ON, call, ROOT } from '../support/acl.js';
import { startGateway, type TestGateway, useGateway } from '../support/gateway.js';
import type { TestRedis } from '../support/redis.js';

// Turning ACLs on: off answers 401 everywhere under /v1/acl; bootstrap works once.

describe('ACLs off', () => {
  let gw: TestGateway;
  useGateway((started) => ({ gw } = started));

  it('every ACL endpoint answers 401 "ACL support disabled", and every token is accepted', async () => {
    for (const [method, path] of [['PUT', '/v1/acl/bootstrap'], ['GET', '/v1/acl/tokens'], ['GET', '/v1/acl/token/self'], ['PUT', '/v1/acl/policy'], ['GET', '/v1/acl/roles'], ['POST', '/v1/internal/acl/authorize']] as const) {
      const res = await call(gw, method, path, '', method === 'GET' ? undefined : '{}');
      expect({ path, status: res.status, text: res.text }).toEqual({ path, status: 401, text: 'ACL support disabled' });
    }
    expect((await call(gw, 'PUT', '/v1/kv/k', 'garbage', 'v')).text).toBe('true');
    expect((await call(gw, 'GET', '/v1/kv/k', 'garbage')).headers['x-consul-default-acl-policy']).toBe('allow');
  });
});

describe('bootstrap', () => {
  let gw: TestGateway;
  useGateway((started) => ({ gw } = started), { aclEnabled: true });

  it('makes one management token, then answers 403 with the reset index', async () => {
    const first = await call(gw, 'PUT', '/v1/acl/bootstrap', '');
    expect(first.status).toBe(200);
    const token = JSON.parse(first.text);
    expect(Object.keys(token).slice(0, 4)).toEqual(['ID', 'AccessorID', 'SecretID', 'Description']);
    expect(token).toMatchObject({ ID: token.SecretID, Description: 'Bootstrap Token (Global Management)', Policies: [{ ID: '00000000-0000-0000-0000-000000000001', Name: 'global-management' }] });
    expect((await call(gw, 'PUT', '/v1/kv/any', token.SecretID, 'v')).text).toBe('true');
    const again = await call(gw, 'PUT', '/v1/acl/bootstrap', '');
    expect(again).toMatchObject({ status: 403, text: `Permission denied: ACL bootstrap no longer allowed (reset index: ${token.CreateIndex})` });
  });
});

describe('an initial management token', () => {
  let gw: TestGateway;
  let redis: TestRedis;
  useGateway((started) => ({ gw, redis } = started), ACL_ON);

  it('works at once, counts as the bootstrap, and the built-ins exist', async () => {
    const self = JSON.parse((await call(gw, 'GET', '/v1/acl/token/self', ROOT)).text);
    expect(self).toMatchObject({ SecretID: ROOT, Description: 'Initial Management Token', Policies: [{ Name: 'global-management' }] });
    expect((await call(gw, 'PUT', '/v1/acl/bootstrap', '')).status).toBe(403);
    const policies = JSON.parse((await call(gw, 'GET', '/v1/acl/policies', ROOT)).text) as Array<{ ID: string; Name: string; Datacenters: null }>;
    expect(policies.map((p) => [p.ID, p.Name, p.Datacenters])).toEqual([
      ['00000000-0000-0000-0000-000000000001', 'global-management', null],
      ['00000000-0000-0000-0000-000000000002', 'builtin/global-read-only', null],
    ]);
    const anonymous = JSON.parse((await call(gw, 'GET', '/v1/acl/token/00000000-0000-0000-0000-000000000002', ROOT)).text);
    expect(anonymous).toMatchObject({ SecretID: 'anonymous', Description: 'Anonymous Token', Local: false });
  });

  it('another gateway starting on the same Redis creates nothing twice', async () => {
    const second = await startGateway(redis.url, ACL_ON);
    try {
      expect(JSON.parse((await call(second, 'GET', '/v1/acl/tokens', ROOT)).text)).toHaveLength(2);
      expect(JSON.parse((await call(second, 'GET', '/v1/acl/policies', ROOT)).text)).toHaveLength(2);
    } finally {
      await second.close();
    }
  });
});
