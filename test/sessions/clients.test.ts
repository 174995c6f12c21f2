import Consul from 'consul';
import { describe, expect, it } from 'vitest';
import { createSessionRaw, failureOf, sessionInfo } from '../support/consul.js';
import { type TestGateway, useEmptiedGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import { sleep } from '../support/wait.js';

// Sessions and locks as real clients use them: the npm `consul` client (node-consul 2.0.1)
// through its session and kv calls, and the request shapes Patroni and python-consul send.

const NODE = 'n1';

let gw: TestGateway;
let consul: Consul;

useEmptiedGateway((started) => {
  gw = started.gw;
  consul = new Consul({ host: '127.0.0.1', port: gw.port });
}, { nodeName: NODE });

/** What node-consul resolves when Consul answers `false`: papi drops falsy bodies. */
const REFUSED = undefined;

describe('node-consul session calls', () => {
  it('create without options gives a session with Consul’s defaults', async () => {
    const { ID } = await consul.session.create();
    expect(ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const s = await consul.session.info(ID);
    expect(s).toEqual({
      ID,
      Name: '',
      Node: NODE,
      LockDelay: 15_000_000_000,
      Behavior: 'release',
      TTL: '',
      NodeChecks: ['serfHealth'],
      ServiceChecks: null,
      CreateIndex: s.CreateIndex,
      ModifyIndex: s.CreateIndex,
    });
    expect(s.CreateIndex).toBeGreaterThan(0);
  });

  it('create passes name, node, lockdelay, behavior, ttl and checks', async () => {
    const { ID } = await consul.session.create({ name: 'svc', node: NODE, lockdelay: '5s', behavior: 'delete', ttl: '30s', checks: [] });
    expect(await consul.session.info(ID)).toMatchObject({ Name: 'svc', Node: NODE, LockDelay: 5_000_000_000, Behavior: 'delete', TTL: '30s', NodeChecks: [] });
  });

  it('create surfaces Consul’s 500 texts', async () => {
    expect(await failureOf(consul.session.create({ ttl: '5s' }))).toEqual({
      status: 500,
      message: "Invalid Session TTL '5000000000', must be between [10s=24h0m0s]",
    });
    expect(await failureOf(consul.session.create({ node: 'elsewhere' }))).toEqual({ status: 500, message: 'apply failed: Missing node registration' });
    expect((await failureOf(consul.session.create({ checks: ['service:web'] }))).message).toBe("apply failed: Missing check 'service:web' registration");
  });

  it('info of an unknown id resolves to undefined (Consul answers [])', async () => {
    expect(await consul.session.info('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('renew answers the session in an array; an unknown id fails with 404', async () => {
    const { ID } = await consul.session.create({ ttl: '10s' });
    const renewed = await consul.session.renew(ID);
    expect(renewed).toEqual([await consul.session.info(ID)]);
    expect(await failureOf(consul.session.renew('00000000-0000-0000-0000-000000000000'))).toEqual({
      status: 404,
      message: "Session id '00000000-0000-0000-0000-000000000000' not found",
    });
  });

  it('list and node answer every session sorted by id', async () => {
    const ids = [(await consul.session.create()).ID, (await consul.session.create()).ID, (await consul.session.create()).ID].sort();
    expect((await consul.session.list()).map((s) => s.ID)).toEqual(ids);
    expect((await consul.session.node(NODE)).map((s) => s.ID)).toEqual(ids);
    expect(await consul.session.node('nobody')).toEqual([]);
  });

  it('destroy resolves and the session is gone; destroying it again also succeeds', async () => {
    const { ID } = await consul.session.create();
    await expect(consul.session.destroy(ID)).resolves.toBeUndefined();
    expect(await consul.session.info(ID)).toBeUndefined();
    await expect(consul.session.destroy(ID)).resolves.toBeUndefined();
    expect(await consul.session.list()).toEqual([]);
  });
});

describe('node-consul locks through kv.set', () => {
  it('acquire takes a free lock; another session is refused; the holder re-acquires', async () => {
    const a = (await consul.session.create({ lockdelay: '0s' })).ID;
    const b = (await consul.session.create({ lockdelay: '0s' })).ID;
    expect(await consul.kv.set({ key: 'service/leader', value: 'a', acquire: a })).toBe(true);
    expect(await consul.kv.set({ key: 'service/leader', value: 'b', acquire: b })).toBe(REFUSED);
    expect(await consul.kv.set({ key: 'service/leader', value: 'a2', acquire: a })).toBe(true);
    expect(await consul.kv.get('service/leader')).toMatchObject({ Value: 'a2', Session: a, LockIndex: 1 });
  });

  it('release unlocks with the value sent; then another session acquires (LockIndex 2)', async () => {
    const a = (await consul.session.create({ lockdelay: '0s' })).ID;
    const b = (await consul.session.create({ lockdelay: '0s' })).ID;
    await consul.kv.set({ key: 'job', value: 'running', acquire: a, flags: 7 });
    expect(await consul.kv.set({ key: 'job', value: 'done', release: b })).toBe(REFUSED);
    expect(await consul.kv.set({ key: 'job', value: 'done', release: a })).toBe(true);
    const released = await consul.kv.get('job');
    expect(released).toMatchObject({ Value: 'done', Flags: 0, LockIndex: 1 });
    expect(released).not.toHaveProperty('Session');
    expect(await consul.kv.set({ key: 'job', value: 'b', acquire: b })).toBe(true);
    expect(await consul.kv.get('job')).toMatchObject({ Session: b, LockIndex: 2 });
  });

  it('an unknown session fails with 500 raft apply failed: invalid session', async () => {
    expect(await failureOf(consul.kv.set({ key: 'k', value: 'v', acquire: 'not-a-session' }))).toEqual({
      status: 500,
      message: 'raft apply failed: invalid session "not-a-session"',
    });
  });

  it('destroying the holder frees the lock, then lock-delay refuses others until it ends', async () => {
    const a = (await consul.session.create({ lockdelay: '1s' })).ID;
    const b = (await consul.session.create({ lockdelay: '0s' })).ID;
    await consul.kv.set({ key: 'delayed', value: 'a', acquire: a });
    await consul.session.destroy(a);
    expect(await consul.kv.get('delayed')).not.toHaveProperty('Session');
    expect(await consul.kv.set({ key: 'delayed', value: 'b', acquire: b })).toBe(REFUSED);
    const deadline = Date.now() + 15_000;
    let acquired: unknown = REFUSED;
    while (acquired === REFUSED && Date.now() < deadline) {
      await sleep(50);
      acquired = await consul.kv.set({ key: 'delayed', value: 'b', acquire: b });
    }
    expect(acquired).toBe(true);
  });
});

describe('Patroni and python-consul request shapes', () => {
  const idOf = (text: string) => (JSON.parse(text) as { ID: string }).ID;

  it('Patroni’s lowercase create: TTL kept as "15.0s", lockdelay "0.001s" is 1 ms, behavior delete', async () => {
    const res = await createSessionRaw(gw, { name: 'batman-postgresql0', ttl: '15.0s', lockdelay: '0.001s', behavior: 'delete' });
    expect(res.status).toBe(200);
    const id = idOf(res.text);
    expect(await sessionInfo(gw, id)).toMatchObject({
      ID: id,
      Name: 'batman-postgresql0',
      Node: NODE,
      LockDelay: 1_000_000,
      Behavior: 'delete',
      TTL: '15.0s',
      NodeChecks: ['serfHealth'],
    });
  });

  it('Patroni with checks: [] gets NodeChecks []', async () => {
    const res = await createSessionRaw(gw, { name: 'batman-postgresql1', checks: [], lockdelay: '0.001s', behavior: 'delete', ttl: '15.0s' });
    expect((await sessionInfo(gw, idOf(res.text)))?.['NodeChecks']).toEqual([]);
  });

  it('Patroni’s leader lock: acquire, renew, then destroy deletes the leader key; the 1 ms lock-delay soon ends', async () => {
    const id = idOf((await createSessionRaw(gw, { name: 'batman-postgresql0', ttl: '15.0s', lockdelay: '0.001s', behavior: 'delete' })).text);
    const other = idOf((await createSessionRaw(gw, { name: 'batman-postgresql1', ttl: '15.0s', lockdelay: '0.001s', behavior: 'delete' })).text);
    const acquire = (s: string, value: string) => http(gw.port, 'PUT', `/v1/kv/service/batman/leader?acquire=${s}`, { body: value });
    expect((await acquire(id, 'postgresql0')).text).toBe('true');
    expect((await acquire(other, 'postgresql1')).text).toBe('false');
    expect((await http(gw.port, 'PUT', `/v1/session/renew/${id}`)).status).toBe(200);
    expect((await http(gw.port, 'PUT', `/v1/session/destroy/${id}`)).text).toBe('true');
    expect((await http(gw.port, 'GET', '/v1/kv/service/batman/leader')).status).toBe(404);
    const deadline = Date.now() + 15_000;
    let answer = '';
    while (answer !== 'true' && Date.now() < deadline) {
      answer = (await acquire(other, 'postgresql1')).text;
      if (answer !== 'true') await sleep(20);
    }
    expect(answer).toBe('true');
    const leader = JSON.parse((await http(gw.port, 'GET', '/v1/kv/service/batman/leader')).text) as Array<Record<string, unknown>>;
    expect(leader[0]).toMatchObject({ Session: other, LockIndex: 1, Value: Buffer.from('postgresql1').toString('base64') });
  });

  it('python-consul’s create {"LockDelay":"15s","Behavior":"release","TTL":"10s","Checks":[]} gives NodeChecks []', async () => {
    const res = await createSessionRaw(gw, { LockDelay: '15s', Behavior: 'release', TTL: '10s', Checks: [] });
    expect(res.status).toBe(200);
    expect(await sessionInfo(gw, idOf(res.text))).toMatchObject({ LockDelay: 15_000_000_000, Behavior: 'release', TTL: '10s', NodeChecks: [], ServiceChecks: null });
  });

  it('python-consul’s numeric lock delay in seconds, {"LockDelay": 5}, is 5 s', async () => {
    const res = await createSessionRaw(gw, { LockDelay: 5 });
    expect((await sessionInfo(gw, idOf(res.text)))?.['LockDelay']).toBe(5_000_000_000);
  });
});
