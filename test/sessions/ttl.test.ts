import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { assertBuilt, CLI_BIN, cliEnv, ROOT, untilServing } from '../support/cli.js';
import { createSessionRaw, createUndelayedSession, kvEntry, kvGet, kvPut, sessionGet, sessionPut, writeKey, type Agent } from '../support/consul.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { freePort, kill, startRedis, type TestRedis } from '../support/redis.js';
import { sleep, waitFor } from '../support/wait.js';

// TTL sessions: expiry 2 x TTL after the last renew on the Redis clock,
// renew keeping a session alive, and the reaper every kvgate runs: each due session is
// invalidated exactly once however many gateways share the Redis, and none is lost when a
// gateway or a client process dies. Sessions here use TTL "1s" (--session-ttl-min 1s).

const names = dcNames('dc1');

let redis: TestRedis;
/** Three gateways on one Redis, each running its reaper. */
let gateways: TestGateway[];
let gw: TestGateway;
/** Processes a test started; killed by PID after it. */
const children: ChildProcess[] = [];

beforeAll(async () => {
  assertBuilt(['src/server.ts', 'src/kv/session-reaper.ts', 'src/store/session-store.ts']);
  redis = await startRedis();
  gateways = await Promise.all(['n1', 'n2', 'n3'].map((nodeName) => startGateway(redis.url, { sessionTtlMinMs: 1000, nodeName })));
  gw = gateways[0] as TestGateway;
});
afterEach(async () => {
  for (const child of children.splice(0)) await kill(child);
});
afterAll(async () => {
  for (const g of gateways ?? []) await g.close();
  await redis?.stop();
});

/** Takes the lock on key for session; it must be granted. */
const acquire = (key: string, session: string, value: string, at: Agent = gw) => writeKey(at, key, value, `?acquire=${session}`);
const exists = async (id: string) => (await sessionGet(gw, `info/${id}`)).text !== '[]';
/** Polls until the session is gone; resolves with Date.now() when that was first seen. */
const goneEventually = (id: string) => waitFor(async () => !(await exists(id)), `session ${id} to be gone`, 15_000);

/** The change feed: [index, fields] per entry. */
async function feed(): Promise<Array<{ index: string; fields: Record<string, string> }>> {
  const raw = (await redis.command(['XRANGE', names.feed, '-', '+'])) as Array<[Buffer, Buffer[]]>;
  return raw.map(([id, list]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i < list.length; i += 2) fields[String(list[i])] = String(list[i + 1]);
    return { index: String(id).split('-')[0] as string, fields };
  });
}

/** Starts `kvgate serve` as its own process on the test Redis; resolves when it serves. */
async function startKvgateProcess(node: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const args = [CLI_BIN, 'serve', '--redis', redis.url, '--addr', `127.0.0.1:${port}`, '--node', node, '--session-ttl-min', '1s', '--log-level', 'error'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await untilServing(child, port, () => output);
  return { child, port };
}

// Independent sessions and keys: these run side by side to keep the file short.
describe.concurrent('TTL expiry', () => {
  it('a TTL session dies 2 x TTL after its creation and its keys are released', async () => {
    const started = Date.now();
    const id = await createUndelayedSession(gw, { TTL: '1s', Name: 'expiring' });
    await acquire('ttl/release', id, 'kept');
    expect(await exists(id)).toBe(true);
    const created = (await sessionGet(gw, 'list')).headers['x-consul-index'] as string;
    const gone = await goneEventually(id);
    // Never before 2 x TTL (a slow machine only makes it later).
    expect(gone - started).toBeGreaterThanOrEqual(1950);
    const e = await kvEntry(gw, 'ttl/release');
    expect(e).toMatchObject({ Value: Buffer.from('kept').toString('base64'), LockIndex: 1 });
    expect(e?.Session).toBeUndefined();
    // One write under one index: the released key's ModifyIndex; the sessions index moved past it.
    const index = expectFeed(await feed(), id, ['ttl/release'], 'unlock');
    expect(String(e?.ModifyIndex)).toBe(index);
    expect(BigInt(index)).toBeGreaterThan(BigInt(created));
    const sessionsIndex = (await sessionGet(gw, 'list')).headers['x-consul-index'] as string;
    expect(BigInt(sessionsIndex)).toBeGreaterThanOrEqual(BigInt(index));
  });

  it('a TTL session with behavior delete deletes its keys when it expires', async () => {
    const id = await createUndelayedSession(gw, { TTL: '1s', Behavior: 'delete' });
    await acquire('ttl/delete/a', id, 'v');
    await acquire('ttl/delete/b', id, 'v');
    await kvPut(gw, 'ttl/delete/c', 'not locked');
    await goneEventually(id);
    expect(await kvEntry(gw, 'ttl/delete/a')).toBeNull();
    expect(await kvEntry(gw, 'ttl/delete/b')).toBeNull();
    expect((await kvGet(gw, 'ttl/delete/?keys')).text).toBe('["ttl/delete/c"]');
    expectFeed(await feed(), id, ['ttl/delete/a', 'ttl/delete/b'], 'delete');
  });

  it('expiry starts the session’s lock-delay on the keys it held', async () => {
    const id = await createUndelayedSession(gw, { TTL: '1s', LockDelay: '60s' });
    const other = await createUndelayedSession(gw);
    await acquire('ttl/delayed', id, 'v');
    await goneEventually(id);
    expect((await kvPut(gw, `ttl/delayed?acquire=${other}`)).text).toBe('false');
    await sessionPut(gw, `destroy/${other}`);
  });

  it('renewing keeps a session alive past 2 x TTL; it dies once the renewals stop', async () => {
    const id = await createUndelayedSession(gw, { TTL: '1s' });
    await acquire('ttl/renewed', id, 'v');
    const until = Date.now() + 2_600;
    while (Date.now() < until) {
      const res = await sessionPut(gw, `renew/${id}`);
      expect(res.status).toBe(200);
      expect((JSON.parse(res.text) as Array<{ ID: string; TTL: string }>)[0]).toMatchObject({ ID: id, TTL: '1s' });
      await sleep(200);
    }
    expect(await exists(id)).toBe(true);
    expect((await kvEntry(gw, 'ttl/renewed'))?.Session).toBe(id);
    const lastRenew = Date.now();
    await sessionPut(gw, `renew/${id}`);
    const gone = await goneEventually(id);
    expect(gone - lastRenew).toBeGreaterThanOrEqual(1950);
    expect((await kvEntry(gw, 'ttl/renewed'))?.Session).toBeUndefined();
  });

  it('a session without a TTL never expires', async () => {
    const ttl = await createUndelayedSession(gw, { TTL: '1s' });
    const forever = await createUndelayedSession(gw);
    const zero = await createUndelayedSession(gw, { TTL: '0s' });
    await goneEventually(ttl);
    expect(await exists(forever)).toBe(true);
    expect(await exists(zero)).toBe(true);
    for (const id of [forever, zero]) await sessionPut(gw, `destroy/${id}`);
  });

  it('--session-ttl-min 1s is the smallest TTL accepted, and named in the error', async () => {
    const res = await createSessionRaw(gw, { TTL: '999ms' });
    expect({ status: res.status, text: res.text }).toEqual({ status: 500, text: "Invalid Session TTL '999000000', must be between [1s=24h0m0s]" });
  });
});

/**
 * The session's invalidation is in the feed exactly once, and is one write: its
 * 'session-destroy' entry and one `op` entry per held key share one index, which is the
 * keys' ModifyIndex (for released keys).
 */
function expectFeed(entries: Awaited<ReturnType<typeof feed>>, id: string, keys: string[], op: 'unlock' | 'delete'): string {
  const destroys = entries.filter((e) => e.fields['op'] === 'session-destroy' && e.fields['session'] === id);
  expect(destroys).toHaveLength(1);
  const index = destroys[0]?.index as string;
  const sameWrite = entries.filter((e) => e.index === index && e.fields['op'] !== 'session-destroy');
  expect(sameWrite.map((e) => `${e.fields['op']} ${e.fields['key']}`).sort()).toEqual(keys.map((k) => `${op} ${k}`).sort());
  for (const key of keys) {
    expect(entries.filter((e) => e.fields['key'] === key && e.fields['op'] === op), key).toHaveLength(1);
  }
  return index;
}

describe('several gateways on one Redis', () => {
  it('three gateways reaping the same sessions invalidate each exactly once, one index each', async () => {
    const sessions: Array<{ id: string; key: string }> = [];
    for (let i = 0; i < 9; i++) {
      const port = (gateways[i % 3] as TestGateway).port;
      const id = await createUndelayedSession(port, { TTL: '1s', Name: `shared-${i}` });
      const key = `shared/${i}`;
      await acquire(key, id, `v${i}`, port);
      sessions.push({ id, key });
    }
    const before = BigInt(String(await redis.command(['GET', names.idx])));
    for (const { id } of sessions) await goneEventually(id);
    // Give every reaper a few more rounds to do something twice, if it were going to.
    await sleep(500);
    const after = BigInt(String(await redis.command(['GET', names.idx])));
    expect(after - before).toBe(9n);
    const entries = await feed();
    const indexes = new Set<string>();
    for (const { id, key } of sessions) {
      const index = expectFeed(entries, id, [key], 'unlock');
      indexes.add(index);
      const e = await kvEntry(gw, key);
      expect(e?.Session).toBeUndefined();
      expect(String(e?.ModifyIndex)).toBe(index);
    }
    expect(indexes.size).toBe(9);
    for (const g of gateways) expect((await sessionGet(g, 'list')).text).toBe('[]');
  });

  it('sessions created through a kvgate process that is killed still expire, reaped by the others', async () => {
    const { child, port } = await startKvgateProcess('n4');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await createUndelayedSession(port, { TTL: '1s', Behavior: i === 0 ? 'delete' : 'release' });
      await acquire(`orphan/${i}`, id, 'v', port);
      ids.push(id);
    }
    expect((JSON.parse((await sessionGet(gw, 'node/n4')).text) as unknown[]).length).toBe(3);
    await kill(child);
    expect(child.signalCode).toBe('SIGKILL');
    for (const id of ids) await goneEventually(id);
    expect(await kvEntry(gw, 'orphan/0')).toBeNull();
    for (const i of [1, 2]) expect((await kvEntry(gw, `orphan/${i}`))?.Session).toBeUndefined();
    const entries = await feed();
    expectFeed(entries, ids[0] as string, ['orphan/0'], 'delete');
    expectFeed(entries, ids[1] as string, ['orphan/1'], 'unlock');
    expect((await sessionGet(gw, 'node/n4')).text).toBe('[]');
  });

  it('a client process that holds a lock and is killed loses it 2 x TTL after its last renew', async () => {
    // The client: creates a TTL session, takes the lock, then renews every 250 ms until killed.
    const script = `
      const base = process.env.KVGATE_TEST_BASE;
      const put = (path, body) => fetch(base + path, { method: 'PUT', body }).then((r) => r.text());
      const { ID } = JSON.parse(await put('/v1/session/create', JSON.stringify({ Name: 'client', TTL: '1s', LockDelay: '0s' })));
      const acquired = await put('/v1/kv/client/leader?acquire=' + ID, 'client-1');
      process.stdout.write(JSON.stringify({ id: ID, acquired }) + '\\n');
      setInterval(() => { put('/v1/session/renew/' + ID).catch(() => {}); }, 250);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, KVGATE_TEST_BASE: gw.base },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] as string);
      });
      child.once('exit', (code) => reject(new Error(`client exited (${code}): ${stderr}`)));
    });
    const { id, acquired } = JSON.parse(line) as { id: string; acquired: string };
    expect(acquired).toBe('true');
    // Alive well past 2 x TTL while the client renews.
    await sleep(2_500);
    expect(await exists(id)).toBe(true);
    expect((await kvEntry(gw, 'client/leader'))?.Session).toBe(id);
    await kill(child);
    await goneEventually(id);
    const e = await kvEntry(gw, 'client/leader');
    expect(e?.Session).toBeUndefined();
    expect(e?.Value).toBe(Buffer.from('client-1').toString('base64'));
    // Another client can take the lock now.
    const next = await createUndelayedSession(gw, { TTL: '1s' });
    expect((await kvPut(gw, `client/leader?acquire=${next}`, 'client-2')).text).toBe('true');
    await sessionPut(gw, `destroy/${next}`);
  });
});
