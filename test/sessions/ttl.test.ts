import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dcNames } from '../../src/store/names.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { http } from '../support/http.js';
import { freePort, startRedis, type TestRedis } from '../support/redis.js';

// TTL sessions (spec §5.6, §4.3): expiry 2 x TTL after the last renew on the Redis clock,
// renew keeping a session alive, and the reaper every kvgate runs: each due session is
// invalidated exactly once however many gateways share the Redis, and none is lost when a
// gateway or a client process dies. Sessions here use TTL "1s" (--session-ttl-min 1s).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const names = dcNames('dc1');

let redis: TestRedis;
/** Three gateways on one Redis, each running its reaper. */
let gateways: TestGateway[];
let gw: TestGateway;
/** Processes a test started; killed by PID after it. */
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm test does)`);
  for (const source of ['src/server.ts', 'src/kv/session-reaper.ts', 'src/store/session-store.ts']) {
    if (statSync(join(ROOT, source)).mtimeMs > statSync(BIN).mtimeMs) throw new Error(`${source} is newer than ${BIN}: run "npm run build" first`);
  }
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const get = (path: string, port = gw.port) => http(port, 'GET', path);
const put = (path: string, body = '', port = gw.port) => http(port, 'PUT', path, { body });

async function createSession(body: Record<string, unknown>, port = gw.port): Promise<string> {
  const res = await put('/v1/session/create', JSON.stringify({ LockDelay: '0s', ...body }), port);
  expect({ status: res.status, text: res.text }).toMatchObject({ status: 200 });
  return (JSON.parse(res.text) as { ID: string }).ID;
}
async function acquire(key: string, session: string, value: string, port = gw.port): Promise<void> {
  expect((await put(`/v1/kv/${key}?acquire=${session}`, value, port)).text).toBe('true');
}
const exists = async (id: string) => (await get(`/v1/session/info/${id}`)).text !== '[]';

interface Entry {
  LockIndex: number;
  Value: string | null;
  Session?: string;
  ModifyIndex: number;
}
async function entry(key: string): Promise<Entry | null> {
  const res = await get(`/v1/kv/${key}`);
  return res.status === 404 ? null : ((JSON.parse(res.text) as Entry[])[0] as Entry);
}

/** Polls until the session is gone; returns Date.now() when that was first seen. */
async function goneEventually(id: string, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await exists(id))) return Date.now();
    await sleep(50);
  }
  throw new Error(`session ${id} still exists after ${timeoutMs} ms`);
}

/** The change feed: [index, fields] per entry. */
async function feed(): Promise<Array<{ index: string; fields: Record<string, string> }>> {
  const raw = (await redis.command(['XRANGE', names.feed, '-', '+'])) as Array<[Buffer, Buffer[]]>;
  return raw.map(([id, list]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i < list.length; i += 2) fields[String(list[i])] = String(list[i + 1]);
    return { index: String(id).split('-')[0] as string, fields };
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(child.pid as number, 'SIGKILL');
  });
}

/** Starts `kvgate serve` as its own process on the test Redis; resolves when it serves. */
async function startKvgateProcess(node: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const args = [BIN, 'serve', '--redis', redis.url, '--addr', `127.0.0.1:${port}`, '--node', node, '--session-ttl-min', '1s', '--log-level', 'error'];
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('KVGATE_') || name === 'REDIS_URL') delete env[name];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kvgate exited (${child.exitCode}):\n${output}`);
    const answer = await http(port, 'GET', '/v1/status/leader').catch(() => null);
    if (answer?.status === 200 && answer.text !== '""') return { child, port };
    await sleep(25);
  }
  throw new Error(`kvgate did not become ready:\n${output}`);
}

// Independent sessions and keys: these run side by side to keep the file short.
describe.concurrent('TTL expiry', () => {
  it('a TTL session dies 2 x TTL after its creation and its keys are released', async () => {
    const started = Date.now();
    const id = await createSession({ TTL: '1s', Name: 'expiring' });
    await acquire('ttl/release', id, 'kept');
    expect(await exists(id)).toBe(true);
    const created = (await get('/v1/session/list')).headers['x-consul-index'] as string;
    const gone = await goneEventually(id);
    // Never before 2 x TTL (a slow machine only makes it later).
    expect(gone - started).toBeGreaterThanOrEqual(1950);
    const e = await entry('ttl/release');
    expect(e).toMatchObject({ Value: Buffer.from('kept').toString('base64'), LockIndex: 1 });
    expect(e?.Session).toBeUndefined();
    // One write under one index: the released key's ModifyIndex; the sessions index moved past it.
    const index = expectFeed(await feed(), id, ['ttl/release'], 'unlock');
    expect(String(e?.ModifyIndex)).toBe(index);
    expect(BigInt(index)).toBeGreaterThan(BigInt(created));
    const sessionsIndex = (await get('/v1/session/list')).headers['x-consul-index'] as string;
    expect(BigInt(sessionsIndex)).toBeGreaterThanOrEqual(BigInt(index));
  });

  it('a TTL session with behavior delete deletes its keys when it expires', async () => {
    const id = await createSession({ TTL: '1s', Behavior: 'delete' });
    await acquire('ttl/delete/a', id, 'v');
    await acquire('ttl/delete/b', id, 'v');
    await put('/v1/kv/ttl/delete/c', 'not locked');
    await goneEventually(id);
    expect(await entry('ttl/delete/a')).toBeNull();
    expect(await entry('ttl/delete/b')).toBeNull();
    expect((await get('/v1/kv/ttl/delete/?keys')).text).toBe('["ttl/delete/c"]');
    expectFeed(await feed(), id, ['ttl/delete/a', 'ttl/delete/b'], 'delete');
  });

  it('expiry starts the session’s lock-delay on the keys it held', async () => {
    const id = await createSession({ TTL: '1s', LockDelay: '60s' });
    const other = await createSession({});
    await acquire('ttl/delayed', id, 'v');
    await goneEventually(id);
    expect((await put(`/v1/kv/ttl/delayed?acquire=${other}`)).text).toBe('false');
    await put(`/v1/session/destroy/${other}`);
  });

  it('renewing keeps a session alive past 2 x TTL; it dies once the renewals stop', async () => {
    const id = await createSession({ TTL: '1s' });
    await acquire('ttl/renewed', id, 'v');
    const until = Date.now() + 2_600;
    while (Date.now() < until) {
      const res = await put(`/v1/session/renew/${id}`);
      expect(res.status).toBe(200);
      expect((JSON.parse(res.text) as Array<{ ID: string; TTL: string }>)[0]).toMatchObject({ ID: id, TTL: '1s' });
      await sleep(200);
    }
    expect(await exists(id)).toBe(true);
    expect((await entry('ttl/renewed'))?.Session).toBe(id);
    const lastRenew = Date.now();
    await put(`/v1/session/renew/${id}`);
    const gone = await goneEventually(id);
    expect(gone - lastRenew).toBeGreaterThanOrEqual(1950);
    expect((await entry('ttl/renewed'))?.Session).toBeUndefined();
  });

  it('a session without a TTL never expires', async () => {
    const ttl = await createSession({ TTL: '1s' });
    const forever = await createSession({});
    const zero = await createSession({ TTL: '0s' });
    await goneEventually(ttl);
    expect(await exists(forever)).toBe(true);
    expect(await exists(zero)).toBe(true);
    for (const id of [forever, zero]) await put(`/v1/session/destroy/${id}`);
  });

  it('--session-ttl-min 1s is the smallest TTL accepted, and named in the error', async () => {
    const res = await put('/v1/session/create', JSON.stringify({ TTL: '999ms' }));
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
      const id = await createSession({ TTL: '1s', Name: `shared-${i}` }, port);
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
      const e = await entry(key);
      expect(e?.Session).toBeUndefined();
      expect(String(e?.ModifyIndex)).toBe(index);
    }
    expect(indexes.size).toBe(9);
    for (const g of gateways) expect((await get('/v1/session/list', g.port)).text).toBe('[]');
  });

  it('sessions created through a kvgate process that is killed still expire, reaped by the others', async () => {
    const { child, port } = await startKvgateProcess('n4');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await createSession({ TTL: '1s', Behavior: i === 0 ? 'delete' : 'release' }, port);
      await acquire(`orphan/${i}`, id, 'v', port);
      ids.push(id);
    }
    expect((JSON.parse((await get('/v1/session/node/n4')).text) as unknown[]).length).toBe(3);
    await kill(child);
    expect(child.signalCode).toBe('SIGKILL');
    for (const id of ids) await goneEventually(id);
    expect(await entry('orphan/0')).toBeNull();
    for (const i of [1, 2]) expect((await entry(`orphan/${i}`))?.Session).toBeUndefined();
    const entries = await feed();
    expectFeed(entries, ids[0] as string, ['orphan/0'], 'delete');
    expectFeed(entries, ids[1] as string, ['orphan/1'], 'unlock');
    expect((await get('/v1/session/node/n4')).text).toBe('[]');
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
    expect((await entry('client/leader'))?.Session).toBe(id);
    await kill(child);
    await goneEventually(id);
    const e = await entry('client/leader');
    expect(e?.Session).toBeUndefined();
    expect(e?.Value).toBe(Buffer.from('client-1').toString('base64'));
    // Another client can take the lock now.
    const next = await createSession({ TTL: '1s' });
    expect((await put(`/v1/kv/client/leader?acquire=${next}`, 'client-2')).text).toBe('true');
    await put(`/v1/session/destroy/${next}`);
  });
});
