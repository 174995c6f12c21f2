import { describe, expect, it } from 'vitest';
import { ACL_ON, call, ROOT, tokenWithRules } from '../support/acl.js';
import { b64 } from '../support/consul.js';
import { type TestGateway, useGateway } from '../support/gateway.js';

// What a token may do with keys, transactions, sessions and the agent, with Consul's texts.

let gw: TestGateway;
useGateway((started) => ({ gw } = started), ACL_ON);

const ANON_READ = (key: string) =>
  `Permission denied: anonymous token lacks permission 'key:read' on "${key}". The anonymous token is used implicitly when a request does not specify a token.`;
const denied = (accessor: string, perm: string, segment: string) => `Permission denied: token with AccessorID '${accessor}' lacks permission '${perm}' on "${segment}"`;

describe('keys', () => {
  it('without a token, the anonymous token reads nothing under default deny, even a missing key', async () => {
    await call(gw, 'PUT', '/v1/kv/app/x', ROOT, 'v');
    expect(await call(gw, 'GET', '/v1/kv/app/x', '')).toMatchObject({ status: 403, text: ANON_READ('app/x') });
    expect(await call(gw, 'GET', '/v1/kv/app/missing', '')).toMatchObject({ status: 403, text: ANON_READ('app/missing') });
    expect((await call(gw, 'GET', '/v1/kv/app/x', '')).headers['x-consul-default-acl-policy']).toBe('deny');
  });

  it('an unknown secret is "ACL not found" (403) on every endpoint, whatever it asks', async () => {
    for (const [method, path] of [['GET', '/v1/kv/a'], ['PUT', '/v1/kv/a'], ['GET', '/v1/kv/?recurse'], ['PUT', '/v1/txn'], ['GET', '/v1/session/list'], ['GET', '/v1/agent/self']] as const) {
      const res = await call(gw, method, path, 'd2a3c2f1-0000-4000-8000-000000000000', method === 'PUT' && path === '/v1/txn' ? '[]' : undefined);
      expect({ path, status: res.status, text: res.text }).toEqual({ path, status: 403, text: 'ACL not found' });
    }
  });

  it('key_prefix write allows reads and writes under it; outside it the named token is denied with its AccessorID', async () => {
    const t = await tokenWithRules(gw, 'app-write', 'key_prefix "app/" { policy = "write" }');
    expect((await call(gw, 'PUT', '/v1/kv/app/y', t.SecretID, 'v')).text).toBe('true');
    expect((await call(gw, 'GET', '/v1/kv/app/y', t.SecretID)).status).toBe(200);
    expect(await call(gw, 'PUT', '/v1/kv/other', t.SecretID, 'v')).toMatchObject({ status: 403, text: denied(t.AccessorID, 'key:write', 'other') });
    expect(await call(gw, 'DELETE', '/v1/kv/other', t.SecretID)).toMatchObject({ status: 403, text: denied(t.AccessorID, 'key:write', 'other') });
  });

  it('exact beats prefix: a key rule can deny one key inside a writable prefix', async () => {
    const t = await tokenWithRules(gw, 'exact', 'key_prefix "e/" { policy = "write" }\nkey "e/secret" { policy = "deny" }');
    expect((await call(gw, 'PUT', '/v1/kv/e/open', t.SecretID, 'v')).status).toBe(200);
    expect(await call(gw, 'GET', '/v1/kv/e/secret', t.SecretID)).toMatchObject({ status: 403, text: denied(t.AccessorID, 'key:read', 'e/secret') });
  });

  it('recurse and keys are filtered silently, with X-Consul-Results-Filtered-By-ACLs', async () => {
    for (const k of ['f/a', 'f/b', 'f/hidden/c']) await call(gw, 'PUT', `/v1/kv/${k}`, ROOT, 'v');
    const t = await tokenWithRules(gw, 'filter', 'key_prefix "f/" { policy = "read" }\nkey_prefix "f/hidden/" { policy = "deny" }');
    const list = await call(gw, 'GET', '/v1/kv/f/?recurse', t.SecretID);
    expect((JSON.parse(list.text) as Array<{ Key: string }>).map((e) => e.Key)).toEqual(['f/a', 'f/b']);
    expect(list.headers['x-consul-results-filtered-by-acls']).toBe('true');
    const keys = await call(gw, 'GET', '/v1/kv/f/?keys', t.SecretID);
    expect(JSON.parse(keys.text)).toEqual(['f/a', 'f/b']);
    expect(keys.headers['x-consul-results-filtered-by-acls']).toBe('true');
    const all = await call(gw, 'GET', '/v1/kv/f/?recurse', ROOT);
    expect(all.headers['x-consul-results-filtered-by-acls']).toBeUndefined();
    // Filtered to nothing: answered like an empty prefix; the anonymous token's header is left out.
    expect((await call(gw, 'GET', '/v1/kv/f/hidden/?recurse', t.SecretID)).status).toBe(404);
    const root = await call(gw, 'GET', '/v1/kv/?keys', '');
    expect({ status: root.status, text: root.text, header: root.headers['x-consul-results-filtered-by-acls'] }).toEqual({ status: 200, text: '[]', header: undefined });
  });

  it('a recursive delete needs write on everything under the prefix', async () => {
    const t = await tokenWithRules(gw, 'tree', 'key_prefix "" { policy = "write" }\nkey "t/keep" { policy = "deny" }');
    await call(gw, 'PUT', '/v1/kv/t/keep', ROOT, 'v');
    expect(await call(gw, 'DELETE', '/v1/kv/t/?recurse', t.SecretID)).toMatchObject({ status: 403, text: denied(t.AccessorID, 'key:write', 't/') });
    expect((await call(gw, 'DELETE', '/v1/kv/t/other', t.SecretID)).text).toBe('true');
    expect((await call(gw, 'GET', '/v1/kv/t/keep', ROOT)).status).toBe(200);
  });

  it('the token travels in ?token, X-Consul-Token or Authorization: Bearer, in that order', async () => {
    const t = await tokenWithRules(gw, 'travel', 'key "travel" { policy = "write" }');
    await call(gw, 'PUT', '/v1/kv/travel', ROOT, 'v');
    expect((await call(gw, 'GET', `/v1/kv/travel?token=${t.SecretID}`, '')).status).toBe(200);
    const bearer = await call(gw, 'GET', '/v1/kv/travel', '');
    expect(bearer.status).toBe(403);
    const { http } = await import('../support/http.js');
    expect((await http(gw.port, 'GET', '/v1/kv/travel', { headers: { authorization: `Bearer ${t.SecretID}` } })).status).toBe(200);
    expect((await http(gw.port, 'GET', `/v1/kv/travel?token=${t.SecretID}`, { headers: { 'x-consul-token': 'nope' } })).status).toBe(200);
  });
});

describe('transactions', () => {
  it('a denied op fails the transaction with 409 and Consul text per op; reads are filtered', async () => {
    await call(gw, 'PUT', '/v1/kv/tx/in', ROOT, 'v');
    await call(gw, 'PUT', '/v1/kv/secret', ROOT, 's');
    const t = await tokenWithRules(gw, 'txn', 'key_prefix "tx/" { policy = "write" }');
    const failed = await call(gw, 'PUT', '/v1/txn', t.SecretID, [
      { KV: { Verb: 'set', Key: 'tx/a', Value: b64('1') } },
      { KV: { Verb: 'set', Key: 'nope', Value: b64('1') } },
      { KV: { Verb: 'check-index', Key: 'secret', Index: 1 } },
    ]);
    expect(failed.status).toBe(409);
    expect(JSON.parse(failed.text).Errors).toEqual([
      { OpIndex: 1, What: denied(t.AccessorID, 'key:write', 'nope') },
      { OpIndex: 2, What: denied(t.AccessorID, 'key:read', 'secret') },
    ]);
    expect((await call(gw, 'GET', '/v1/kv/tx/a', ROOT)).status).toBe(404);
    const read = await call(gw, 'PUT', '/v1/txn', t.SecretID, [{ KV: { Verb: 'get', Key: 'tx/in' } }, { KV: { Verb: 'get', Key: 'secret' } }]);
    const body = JSON.parse(read.text);
    expect(body.Results.map((r: { KV: { Key: string } }) => r.KV.Key)).toEqual(['tx/in']);
    expect(body.ResultsFilteredByACLs).toBe(true);
  });
});

describe('sessions and the agent', () => {
  it('creating a session needs session:write on its node; lists are filtered by session:read', async () => {
    const none = await tokenWithRules(gw, 'no-session', 'key_prefix "" { policy = "read" }');
    expect(await call(gw, 'PUT', '/v1/session/create', none.SecretID, '{}')).toMatchObject({ status: 403, text: denied(none.AccessorID, 'session:write', 'test-node') });
    const writer = await tokenWithRules(gw, 'sessions', 'session_prefix "" { policy = "write" }');
    const created = await call(gw, 'PUT', '/v1/session/create', writer.SecretID, '{}');
    expect(created.status).toBe(200);
    const list = await call(gw, 'GET', '/v1/session/list', none.SecretID);
    expect({ body: list.text, header: list.headers['x-consul-results-filtered-by-acls'] }).toEqual({ body: '[]', header: 'true' });
    expect(JSON.parse((await call(gw, 'GET', '/v1/session/list', writer.SecretID)).text)).toHaveLength(1);
  });

  it('/v1/agent/self needs agent:read on the node; /v1/status/leader needs nothing', async () => {
    expect((await call(gw, 'GET', '/v1/agent/self', '')).status).toBe(403);
    const agent = await tokenWithRules(gw, 'agent', 'agent_prefix "" { policy = "read" }');
    expect((await call(gw, 'GET', '/v1/agent/self', agent.SecretID)).status).toBe(200);
    expect((await call(gw, 'GET', '/v1/status/leader', '')).status).toBe(200);
  });
});
