import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { dcNames } from '../../src/store/names.js';
import { scriptSource } from '../../src/store/scripts.js';
import { entries, indexOf, kvMaxIndex, modifyIndexOf, value, writeKey } from '../support/consul.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { http, type RawResponse } from '../support/http.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { sleep, waitFor } from '../support/wait.js';
import { LONG, LONG_MS, park, PARK_MS, settled } from './helpers.js';

// Watches survive what happens to Redis and to the feed: other gateways writing, the feed
// connection dropped, entries trimmed before they were read, Redis restarted, and a
// failover that loses writes (after which no index is handed out twice).

const FEED = 'kvgate:{dc1}:feed';
const names = dcNames('dc1');

/** Ids of the feed readers' connections (named kvgate-feed), from CLIENT LIST. */
async function feedConnections(redis: TestRedis): Promise<string[]> {
  const list = String(await redis.command(['CLIENT', 'LIST']));
  return list
    .split('\n')
    .filter((line) => / name=kvgate-feed /.test(line))
    .map((line) => (/^id=(\d+)/.exec(line) as RegExpExecArray)[1] as string);
}

async function killFeedConnections(redis: TestRedis): Promise<string[]> {
  const ids = await feedConnections(redis);
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(Number(await redis.command(['CLIENT', 'KILL', 'ID', id]))).toBe(1);
  return ids;
}

describe('one Redis, two gateways', () => {
  let redis: TestRedis;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    redis = await startRedis();
    a = await startGateway(redis.url);
    b = await startGateway(redis.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it('a write through one gateway wakes watchers parked on the other', async () => {
    await writeKey(a.port, 'two/k', 'v1');
    const n = await modifyIndexOf(b.port, 'two/k');
    const missing = indexOf(await http(b.port, 'GET', '/v1/kv/two/new'));
    const sessions = indexOf(await http(b.port, 'GET', '/v1/session/list'));
    const key = await park(b.port, `/v1/kv/two/k?index=${n}&wait=${LONG}`);
    const created = await park(b.port, `/v1/kv/two/new?index=${missing}&wait=${LONG}`);
    const list = await park(b.port, `/v1/session/list?index=${sessions}&wait=${LONG}`);
    await writeKey(a.port, 'two/k', 'v2');
    await writeKey(a.port, 'two/new', 'hello');
    await http(a.port, 'PUT', '/v1/session/create', { body: '{}' });
    for (const { ms } of await Promise.all([key.answer, created.answer, list.answer])) expect(ms).toBeLessThan(LONG_MS);
    expect(value(entries((await key.answer).res)[0])).toBe('v2');
    expect((await created.answer).res.status).toBe(200);
    expect(indexOf((await list.answer).res)).toBeGreaterThan(sessions);
  });

  it('waiters still wake after the feed connection was killed (change made while it reconnects)', async () => {
    await writeKey(a.port, 'killed/k', 'v1');
    const n = await modifyIndexOf(a.port, 'killed/k');
    const onA = await park(a.port, `/v1/kv/killed/k?index=${n}&wait=${LONG}`);
    const onB = await park(b.port, `/v1/kv/killed/?recurse&index=${n}&wait=${LONG}`);
    const killed = await killFeedConnections(redis);
    await writeKey(b.port, 'killed/k', 'v2'); // most likely before the readers are back
    for (const { res, ms } of await Promise.all([onA.answer, onB.answer])) {
      expect(ms).toBeLessThan(LONG_MS);
      expect(value(entries(res)[0])).toBe('v2');
    }
    // The readers came back on new connections.
    await waitFor(async () => (await feedConnections(redis)).filter((id) => !killed.includes(id)).length === 2, 'the feed readers to come back');
  });

  it('waiters still wake after the feed connection was killed (change made once it is back)', async () => {
    await writeKey(a.port, 'killed/k2', 'v1');
    const n = await modifyIndexOf(a.port, 'killed/k2');
    const onA = await park(a.port, `/v1/kv/killed/k2?index=${n}&wait=${LONG}`);
    const onB = await park(b.port, `/v1/kv/killed/k2?index=${n}&wait=${LONG}`);
    const killed = await killFeedConnections(redis);
    await waitFor(async () => (await feedConnections(redis)).filter((id) => !killed.includes(id)).length === 2, 'the feed readers to come back');
    await sleep(PARK_MS); // the readers are blocked in XREAD again
    expect(await settled(onA)).toBe(false);
    await writeKey(a.port, 'killed/k2', 'v2');
    for (const { res, ms } of await Promise.all([onA.answer, onB.answer])) {
      expect(ms).toBeLessThan(LONG_MS);
      expect(value(entries(res)[0])).toBe('v2');
    }
  });

  it('waiters still wake after every client connection was killed (CLIENT KILL TYPE normal)', async () => {
    await writeKey(a.port, 'killed/all', 'v1');
    const n = await modifyIndexOf(a.port, 'killed/all');
    const onA = await park(a.port, `/v1/kv/killed/all?index=${n}&wait=${LONG}`);
    const onB = await park(b.port, `/v1/kv/killed/all?index=${n}&wait=${LONG}`);
    const before = await feedConnections(redis);
    expect(Number(await redis.command(['CLIENT', 'KILL', 'TYPE', 'normal']))).toBeGreaterThanOrEqual(4); // both gateways' two connections
    // Writes fail (like a Consul without a leader) until the gateway has reconnected.
    await waitFor(async () => (await http(b.port, 'PUT', '/v1/kv/killed/all', { body: 'v2' })).status === 200, 'gateway b to take writes again');
    for (const { res, ms } of await Promise.all([onA.answer, onB.answer])) {
      expect(ms).toBeLessThan(LONG_MS);
      expect(value(entries(res)[0])).toBe('v2');
    }
    await waitFor(async () => (await feedConnections(redis)).filter((id) => !before.includes(id)).length === 2, 'the feed readers to come back');
  });

  it('a wake whose re-read fails (the gateway’s own connection is down) is not lost', async () => {
    await writeKey(a.port, 'reread/k', 'v1');
    const n = await modifyIndexOf(a.port, 'reread/k');
    const onA = await park(a.port, `/v1/kv/reread/k?index=${n}&wait=${LONG}`);
    const onB = await park(b.port, `/v1/kv/reread/?recurse&index=${n}&wait=${LONG}`);
    // Drop the gateways' data connections (not their feed readers), then write with the
    // gateway's own script straight away: the wake-ups arrive while the re-reads cannot run.
    const list = String(await redis.command(['CLIENT', 'LIST']));
    const main = list.split('\n').filter((line) => / name=kvgate /.test(line)).map((line) => (/^id=(\d+)/.exec(line) as RegExpExecArray)[1] as string);
    expect(main.length).toBe(2);
    const kvSet = scriptSource('kv-set.lua');
    const keys = [names.idx, names.entry(Buffer.from('reread/k'))];
    for (const id of main) await redis.command(['CLIENT', 'KILL', 'ID', id]);
    await redis.command(['EVAL', kvSet, String(keys.length), ...keys, '0', '100000', 'v2', '0', '']);
    for (const { res, ms } of await Promise.all([onA.answer, onB.answer])) {
      expect(ms).toBeLessThan(LONG_MS);
      expect(value(entries(res)[0])).toBe('v2');
    }
  });

  it('writes whose feed entries were trimmed before anyone read them wake every waiter through the gap', async () => {
    await writeKey(a.port, 'trim/k', 'v1');
    await writeKey(a.port, 'trim/dir/x', 'v1');
    const n = await kvMaxIndex(a.port);
    const waiters = [
      await park(a.port, `/v1/kv/trim/k?index=${await modifyIndexOf(a.port, 'trim/k')}&wait=${LONG}`),
      await park(b.port, `/v1/kv/trim/dir/?recurse&index=${n}&wait=${LONG}`),
      await park(b.port, `/v1/kv/trim/?keys&separator=/&index=${n}&wait=${LONG}`),
    ];
    // Woken by the gap too, but still missing: it waits on, answering at its wait.
    const missing = await park(a.port, `/v1/kv/trim/missing?index=${n}&wait=1500ms`);
    // Two real writes (the gateway's own script) and a trim in one transaction: the readers,
    // blocked in XREAD, wake to an empty stream and never see those entries.
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const kvSet = scriptSource('kv-set.lua');
      const keys = [names.idx, names.entry(Buffer.from('trim/k')), names.entry(Buffer.from('trim/dir/x'))];
      const args = ['0', '100000', 'behind the feed', '0', '', 'also behind', '0', ''];
      await client.multi().addCommand(['EVAL', kvSet, String(keys.length), ...keys, ...args]).addCommand(['XTRIM', FEED, 'MAXLEN', '0']).exec();
    } finally {
      await client.close();
    }
    await sleep(PARK_MS);
    for (const w of waiters) expect(await settled(w)).toBe(false);
    // The next write, anywhere: its index jumps over the trimmed ones.
    await writeKey(a.port, 'elsewhere/after-trim', 'x');
    const [key, list, keyList] = await Promise.all(waiters.map((w) => w.answer));
    for (const { ms } of [key!, list!, keyList!]) expect(ms).toBeLessThan(LONG_MS);
    expect(value(entries(key!.res)[0])).toBe('behind the feed');
    expect(value(entries(list!.res)[0])).toBe('also behind');
    expect(indexOf(keyList!.res)).toBeGreaterThan(n);
    expect(await settled(missing)).toBe(false);
    const stillMissing = await missing.answer;
    expect(stillMissing.ms).toBeGreaterThanOrEqual(1500);
    expect(stillMissing.res.status).toBe(404);
    expect(indexOf(stillMissing.res)).toBe(await kvMaxIndex(a.port));
  });

  it('a gap wakes waiters who re-read: those whose data did not change stay parked until their wait', async () => {
    await writeKey(a.port, 'gap/k', 'v');
    const n = await modifyIndexOf(a.port, 'gap/k');
    const started = performance.now();
    const parked = await park(a.port, `/v1/kv/gap/k?index=${n}&wait=1200ms`);
    // An entry far ahead: the reader sees a jump and wakes everyone.
    const top = BigInt(String(await redis.command(['GET', names.idx])));
    await redis.command(['XADD', FEED, `${top + 1000n}-0`, 'n', '1', 'op', 'set', 'key', 'gap/other']);
    await sleep(PARK_MS);
    expect(await settled(parked)).toBe(false);
    const { res } = await parked.answer;
    expect(performance.now() - started).toBeGreaterThanOrEqual(1200);
    expect(indexOf(res)).toBe(n);
    // Writes after the jump are indexed above it and wake their watchers as before.
    const again = await park(b.port, `/v1/kv/gap/k?index=${n}&wait=${LONG}`);
    await writeKey(b.port, 'gap/k', 'v2');
    const woken = await again.answer;
    expect(woken.ms).toBeLessThan(LONG_MS);
    expect(indexOf(woken.res)).toBeGreaterThan(top + 1000n);
  });

  it('after a failover that lost writes (FLUSHALL), no gateway hands out an index it already served', async () => {
    const served: bigint[] = [];
    const note = (res: RawResponse) => {
      served.push(indexOf(res));
      for (const e of res.status === 200 && res.text.startsWith('[{') ? entries(res) : []) served.push(BigInt(e.ModifyIndex));
      return res;
    };
    for (let i = 0; i < 5; i++) await writeKey(a.port, `lost/${i}`, `v${i}`);
    note(await http(a.port, 'GET', '/v1/kv/lost/?recurse'));
    note(await http(b.port, 'GET', '/v1/kv/lost/4'));
    note(await http(b.port, 'GET', '/v1/kv/?recurse'));
    const highest = served.reduce((m, i) => (i > m ? i : m), 0n);
    expect(highest).toBeGreaterThan(5n);

    await redis.command(['FLUSHALL']);
    await writeKey(a.port, 'lost/after-a', 'x');
    const fromA = await modifyIndexOf(a.port, 'lost/after-a');
    await writeKey(b.port, 'lost/after-b', 'x');
    const fromB = await modifyIndexOf(b.port, 'lost/after-b');
    expect(fromA).toBeGreaterThan(highest);
    expect(fromB).toBeGreaterThan(fromA);
    expect(indexOf(await http(a.port, 'GET', '/v1/kv/lost/?recurse'))).toBe(fromB);
  });

  it('after a failover to a replica that lagged (counter and feed rolled back), indexes stay unique and watchers wake', async () => {
    await writeKey(a.port, 'lag/k', 'v0');
    const dump = async (key: string) => (await redis.command(['DUMP', key])) as Buffer;
    const [oldIdx, oldFeed] = [await dump(names.idx), await dump(FEED)];
    for (let i = 1; i <= 5; i++) await writeKey(a.port, 'lag/k', `v${i}`);
    const served = await modifyIndexOf(b.port, 'lag/k');
    for (const [key, payload] of [[names.idx, oldIdx], [FEED, oldFeed]] as const) await redis.command(['RESTORE', key, '0', payload, 'REPLACE']);
    expect(BigInt(String(await redis.command(['GET', names.idx])))).toBeLessThan(served);

    const parked = await park(b.port, `/v1/kv/lag/k?index=${served}&wait=${LONG}`);
    await writeKey(a.port, 'lag/k', 'after');
    const { res, ms } = await parked.answer;
    expect(ms).toBeLessThan(LONG_MS);
    expect(value(entries(res)[0])).toBe('after');
    expect(indexOf(res)).toBeGreaterThan(served);
    await writeKey(b.port, 'lag/other', 'x');
    expect(await modifyIndexOf(a.port, 'lag/other')).toBeGreaterThan(indexOf(res));
  });
});

describe('Redis restarted while requests are parked', () => {
  let redis: TestRedis;
  let gw: TestGateway;

  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
    gw = await startGateway(redis.url);
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.stop();
  });

  it('every parked request answers by its wait, and blocking queries work again afterwards', async () => {
    await writeKey(gw.port, 'restart/k', 'v1');
    const n = await modifyIndexOf(gw.port, 'restart/k');
    const missing = indexOf(await http(gw.port, 'GET', '/v1/kv/restart/missing'));
    const sessions = indexOf(await http(gw.port, 'GET', '/v1/session/list'));
    const WAIT_MS = 1500;
    const short = [
      await park(gw.port, `/v1/kv/restart/k?index=${n}&wait=${WAIT_MS}ms`),
      await park(gw.port, `/v1/kv/restart/missing?index=${missing}&wait=${WAIT_MS}ms`),
      await park(gw.port, `/v1/kv/restart/?recurse&index=${n}&wait=${WAIT_MS}ms`),
      await park(gw.port, `/v1/session/list?index=${sessions}&wait=${WAIT_MS}ms`),
    ];
    // Parked across the restart, to be woken by a write after it.
    const long = await park(gw.port, `/v1/kv/restart/k?index=${n}&wait=${LONG}`);
    await redis.restart();

    const answers = await Promise.all(short.map((p) => p.answer));
    for (const { ms } of answers) expect(ms).toBeLessThan(WAIT_MS + WAIT_MS / 16 + 5_000); // a hang guard
    for (const { ms } of answers) expect(ms).toBeGreaterThanOrEqual(WAIT_MS);
    const [key, miss, list, sess] = answers.map((a) => a.res);
    expect(key!.status).toBe(200);
    expect(value(entries(key!)[0])).toBe('v1'); // appendonly: nothing was lost
    expect(miss!.status).toBe(404);
    expect(list!.status).toBe(200);
    expect(sess!.status).toBe(200);

    expect(await settled(long)).toBe(false);
    await writeKey(gw.port, 'restart/k', 'v2');
    const woken = await long.answer;
    expect(woken.ms).toBeLessThan(LONG_MS);
    expect(value(entries(woken.res)[0])).toBe('v2');
    expect(indexOf(woken.res)).toBeGreaterThan(n);

    // A fresh blocking query after the restart.
    const m = indexOf(woken.res);
    const fresh = await park(gw.port, `/v1/kv/restart/?recurse&index=${m}&wait=${LONG}`);
    await writeKey(gw.port, 'restart/other', 'x');
    const after = await fresh.answer;
    expect(after.ms).toBeLessThan(LONG_MS);
    expect(indexOf(after.res)).toBeGreaterThan(m);
  });

  it('a restart that lost everything: waiters answer by their wait, the next write is indexed above all served', async () => {
    await writeKey(gw.port, 'wiped/k', 'v1');
    const n = await modifyIndexOf(gw.port, 'wiped/k');
    const served = indexOf(await http(gw.port, 'GET', '/v1/kv/?recurse'));
    const WAIT_MS = 1500;
    const parked = await park(gw.port, `/v1/kv/wiped/k?index=${n}&wait=${WAIT_MS}ms`);
    // FLUSHALL reaches the append-only file too: the restarted Redis on the same port is empty.
    await redis.command(['FLUSHALL']);
    await redis.restart();
    const { ms } = await parked.answer;
    expect(ms).toBeLessThan(WAIT_MS + WAIT_MS / 16 + 5_000);
    expect(Number(await redis.command(['DBSIZE']))).toBeLessThan(5); // really wiped (the node registration comes back)

    await writeKey(gw.port, 'wiped/k', 'v2');
    expect(await modifyIndexOf(gw.port, 'wiped/k')).toBeGreaterThan(served);
  });
});
